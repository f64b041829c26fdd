"""The SOP admin, as an admin uses it: a new SOP from nothing (steps with kinds, turns,
pelaksana, waktu, persyaratan), and publishing through a confirmation page that shows what
changes against the published version (issues #11, #19.13)."""

import pytest
from django.urls import reverse

from sop.models import JenisLangkah, Pelaksana, Sop, VersiSop

INLINE = ["persyaratan", "langkah", "paraf", "isian_tambahan", "standar_pelayanan"]


@pytest.fixture
def admin_client(client, users):
    client.force_login(users["admin"])
    return client


@pytest.fixture
def sktm(kantor):
    return VersiSop.objects.terbit().get(sop__kode="sktm")


def kode_pk(*kode):
    return [Pelaksana.objects.get(kabupaten="oku-selatan", kode=k).pk for k in kode]


def versi_post(sop, langkah, persyaratan, **extra):
    data = {"sop": sop.pk, "nomor_versi": 1, "nama": sop.nama, "boleh_an": "on", **extra}
    rows = {"langkah": langkah, "persyaratan": persyaratan}
    for prefix in INLINE:
        items = rows.get(prefix, [])
        data |= {
            f"{prefix}-TOTAL_FORMS": len(items),
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
        for i, item in enumerate(items):
            data |= {f"{prefix}-{i}-{name}": value for name, value in item.items()}
    return data


def langkah(urutan, uraian, jenis, pelaksana, waktu="-", giliran="", **extra):
    return {
        "urutan": urutan,
        "uraian": uraian,
        "jenis": jenis,
        "fase": "lainnya",
        "pelaksana": kode_pk(*pelaksana),
        "giliran": giliran,
        "waktu_teks": waktu,
        **extra,
    }


def langkah_baru():
    return [
        langkah(1, "Berkas diterima dan diperiksa petugas", "verifikasi", ["pemohon", "fo"], "30 menit"),
        langkah(2, "Apakah pemohon layak dibantu?", "keputusan", ["kasi-linjamsos"], "1 hari", jika_ya=3),
        langkah(
            3,
            "Kepala Dinas mendisposisi, Kabid menugaskan",
            "disposisi",
            ["kabid-linjamsos", "kadis"],
            "2 jam",
            giliran="kadis, kabid-linjamsos",
        ),
        langkah(4, "Bantuan diserahkan kepada pemohon", "serah", ["fo"], "1 hari kerja"),
    ]


def test_admin_creates_a_new_sop_and_publishes_it_after_confirming(admin_client, kantor):
    response = admin_client.post(
        reverse("admin:sop_sop_add"),
        {
            "kabupaten": "oku-selatan",
            "kode": "bantuan-pangan-darurat",
            "nama": "Bantuan Pangan Darurat",
            "urutan": 99,
            "versi-TOTAL_FORMS": 0,
            "versi-INITIAL_FORMS": 0,
            "versi-MIN_NUM_FORMS": 0,
            "versi-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 302
    sop = Sop.objects.get(kabupaten="oku-selatan", kode="bantuan-pangan-darurat")

    persyaratan = [{"urutan": 1, "nama": "Fotokopi KTP"}, {"urutan": 2, "nama": "Surat keterangan desa"}]
    response = admin_client.post(
        reverse("admin:sop_versisop_add"),
        versi_post(sop, langkah_baru(), persyaratan, bidang="Bidang Linjamsos"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    versi = VersiSop.objects.get(sop=sop)
    assert versi.status == VersiSop.Status.DRAFT
    steps = list(versi.langkah.order_by("urutan"))
    assert [s.jenis for s in steps] == ["verifikasi", "keputusan", "disposisi", "serah"]
    assert steps[2].giliran == ["kadis", "kabid-linjamsos"]
    assert (steps[1].jika_ya, steps[1].jika_tidak) == (3, None)
    assert (steps[3].waktu_min, steps[3].waktu_satuan) == (1, "hari_kerja")
    assert list(versi.persyaratan.values_list("nama", flat=True)) == ["Fotokopi KTP", "Surat keterangan desa"]

    # The publish button leads to a confirmation page; looking at it changes nothing.
    url = reverse("admin:sop_terbitkan", args=[versi.pk])
    html = admin_client.get(url).content.decode()
    assert "Belum ada versi yang terbit: ini versi pertama SOP ini (4 langkah, 2 persyaratan)." in html
    assert "Ya, terbitkan" in html
    assert VersiSop.objects.get(pk=versi.pk).status == VersiSop.Status.DRAFT

    response = admin_client.post(url, {"konfirmasi": "1"}, follow=True)
    assert "Bantuan Pangan Darurat versi 1 terbit." in response.content.decode()
    assert VersiSop.objects.get(pk=versi.pk).status == VersiSop.Status.TERBIT


def test_a_turn_naming_someone_not_on_the_step_is_refused_and_nothing_is_saved(admin_client, kantor):
    sop = Sop.objects.create(kabupaten="oku-selatan", kode="uji", nama="Uji")
    salah = [langkah(1, "Disposisi", "disposisi", ["kabid-linjamsos", "kadis"], giliran="kadis, sekretaris, kadis")]
    response = admin_client.post(reverse("admin:sop_versisop_add"), versi_post(sop, salah, []))
    assert response.status_code == 200
    assert "Giliran menyebut “kadis” lebih dari sekali." in response.content.decode()
    salah = [langkah(1, "Disposisi", "disposisi", ["kabid-linjamsos", "kadis"], giliran="kadis, sekretaris")]
    html = admin_client.post(reverse("admin:sop_versisop_add"), versi_post(sop, salah, [])).content.decode()
    assert "“sekretaris” bukan pelaksana langkah ini. Pilih dari: kabid-linjamsos, kadis." in html
    assert not VersiSop.objects.filter(sop=sop).exists()


def test_step_form_lists_the_step_pelaksana_codes_for_the_turn_order(admin_client, sktm):
    draft = sktm.buat_versi_baru()
    html = admin_client.get(reverse("admin:sop_versisop_change", args=[draft.pk])).content.decode()
    langkah = draft.langkah.get(urutan=1)
    kode = "; ".join(f"{p.kode} ({p.nama})" for p in langkah.pelaksana.all())
    assert {p.kode for p in langkah.pelaksana.all()} == {"pemohon", "fo"}
    assert f"Pelaksana langkah ini: {kode}." in html
    assert 'name="langkah-0-jenis"' in html and 'name="internal"' in html


def test_confirmation_lists_what_changes_against_the_published_version(admin_client, sktm):
    draft = sktm.buat_versi_baru()
    survei = draft.langkah.get(urutan=3)
    survei.waktu_teks = "2 hari"
    survei.clean()
    survei.save()
    survei.pelaksana.add(*kode_pk("kasi-linjamsos"))
    draft.persyaratan.order_by("urutan").first().delete()
    VersiSop.objects.filter(pk=draft.pk).update(jenis_surat="sktm-baru", internal=True)
    hapus = sktm.persyaratan.order_by("urutan").first().nama

    url = reverse("admin:sop_terbitkan", args=[draft.pk])
    html = admin_client.get(url).content.decode()
    assert f"Dibandingkan dengan versi {sktm.nomor_versi} yang sekarang terbit" in html
    assert "Langkah 3: waktu 1 hari → 2 hari" in html
    survei_nama = Pelaksana.objects.get(kabupaten="oku-selatan", kode="survei").nama
    kasi_nama = Pelaksana.objects.get(kabupaten="oku-selatan", kode="kasi-linjamsos").nama
    assert f"Langkah 3: pelaksana {survei_nama} → {', '.join(sorted([kasi_nama, survei_nama]))}" in html
    assert f"Dihapus: {hapus}" in html
    assert "Templat surat: sktm → sktm-baru" in html
    assert "Menjadi prosedur internal" in html
    assert VersiSop.objects.get(pk=draft.pk).status == VersiSop.Status.DRAFT


def test_unchanged_copy_says_so(admin_client, sktm):
    draft = sktm.buat_versi_baru()
    html = admin_client.get(reverse("admin:sop_terbitkan", args=[draft.pk])).content.decode()
    assert f"Tidak ada perubahan isi dibandingkan versi {sktm.nomor_versi}." in html


def test_confirmation_shows_the_problems_and_offers_no_publish_button(admin_client, sktm):
    draft = sktm.buat_versi_baru()
    draft.langkah.filter(jenis=JenisLangkah.TTD).update(jenis=JenisLangkah.KEGIATAN)
    html = admin_client.get(reverse("admin:sop_terbitkan", args=[draft.pk])).content.decode()
    assert "Versi ini belum dapat diterbitkan" in html
    assert "tidak ada langkah konsep surat, paraf, atau tanda tangan" in html
    assert "Ya, terbitkan" not in html


def test_list_action_asks_first_then_publishes_on_confirmation(admin_client, sktm):
    draft = sktm.buat_versi_baru()
    changelist = reverse("admin:sop_versisop_changelist")
    response = admin_client.post(changelist, {"action": "terbitkan_versi", "_selected_action": [draft.pk]})
    html = response.content.decode()
    assert response.status_code == 200 and "Terbitkan versi SOP?" in html
    assert f'name="_selected_action" value="{draft.pk}"' in html
    assert VersiSop.objects.get(pk=draft.pk).status == VersiSop.Status.DRAFT
    admin_client.post(changelist, {"action": "terbitkan_versi", "_selected_action": [draft.pk], "konfirmasi": "1"})
    assert VersiSop.objects.get(pk=draft.pk).status == VersiSop.Status.TERBIT
    assert VersiSop.objects.get(pk=sktm.pk).status == VersiSop.Status.PENSIUN


def test_version_list_query_count_does_not_grow_with_the_catalog(admin_client, django_assert_max_num_queries):
    import json

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sop import katalog

    with CaptureQueriesContext(connection) as sedikit:
        admin_client.get(reverse("admin:sop_versisop_changelist"))
    katalog.impor(json.loads(katalog.fixture_path("lumajang").read_text(encoding="utf-8")))
    assert VersiSop.objects.count() >= 30
    with django_assert_max_num_queries(len(sedikit)):
        html = admin_client.get(reverse("admin:sop_versisop_changelist")).content.decode()
    assert "Rekomendasi Undian Gratis Berhadiah" in html
