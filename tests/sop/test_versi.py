"""Published versions are frozen; "Buat versi baru" gives an editable copy."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sop import katalog
from sop.admin import LangkahForm
from sop.models import Langkah, ParafSop, Pelaksana, Sop, VersiSop, VersiTerkunci
from sop.waktu import parse_waktu


@pytest.fixture
def sktm(kantor):
    return VersiSop.objects.terbit().get(sop__kode="sktm")


@pytest.fixture
def admin_client(client, users):
    client.force_login(users["admin"])
    return client


def test_published_version_cannot_be_saved_or_its_steps_changed(sktm):
    sktm.nama = "Diubah"
    with pytest.raises(VersiTerkunci):
        sktm.save()
    langkah = sktm.langkah.first()
    langkah.uraian = "Diubah"
    with pytest.raises(VersiTerkunci):
        langkah.save()
    with pytest.raises(VersiTerkunci):
        langkah.delete()
    assert VersiSop.objects.get(pk=sktm.pk).nama != "Diubah"


def test_admin_shows_published_version_read_only_and_refuses_a_post(admin_client, sktm):
    url = reverse("admin:sop_versisop_change", args=[sktm.pk])
    html = admin_client.get(url).content.decode()
    assert "sudah terbit dan tidak dapat diubah" in html
    assert 'name="_save"' not in html
    response = admin_client.post(url, {"nama": "Diubah lewat admin"})
    assert response.status_code == 403
    assert VersiSop.objects.get(pk=sktm.pk).nama == sktm.nama


def test_buat_versi_baru_gives_an_editable_copy(admin_client, sktm):
    response = admin_client.post(
        reverse("admin:sop_versisop_changelist"),
        {"action": "buat_versi_baru", "_selected_action": [sktm.pk]},
    )
    draft = VersiSop.objects.get(sop=sktm.sop, status=VersiSop.Status.DRAFT)
    assert response["Location"] == reverse("admin:sop_versisop_change", args=[draft.pk])
    assert draft.nomor_versi == sktm.nomor_versi + 1
    assert draft.langkah.count() == sktm.langkah.count()
    assert draft.masalah() == []
    assert [p.pelaksana_id for p in draft.paraf.all()] == [p.pelaksana_id for p in sktm.paraf.all()]
    html = admin_client.get(response["Location"]).content.decode()
    assert 'name="_save"' in html
    draft.nama = "SKTM (revisi)"
    draft.save()
    langkah = draft.langkah.first()
    langkah.uraian = "Pemohon datang membawa berkas"
    langkah.save()
    # The published version and the cases pinned to it are untouched.
    assert sktm.langkah.first().uraian != langkah.uraian


def test_publishing_a_draft_retires_the_old_version(admin_client, sktm):
    draft = sktm.buat_versi_baru()
    admin_client.post(
        reverse("admin:sop_versisop_changelist"),
        {"action": "terbitkan_versi", "_selected_action": [draft.pk], "konfirmasi": "1"},
    )
    assert VersiSop.objects.get(pk=draft.pk).status == VersiSop.Status.TERBIT
    assert VersiSop.objects.get(pk=sktm.pk).status == VersiSop.Status.PENSIUN
    assert VersiSop.objects.filter(sop=sktm.sop, status="terbit").count() == 1


def test_step_without_pelaksana_is_refused_with_a_clear_message(sktm):
    form = LangkahForm(data={"urutan": 1, "uraian": "Langkah baru", "fase": "verifikasi", "waktu_teks": "30 menit"})
    assert not form.is_valid()
    assert "Setiap langkah wajib memiliki pelaksana." in form.errors["pelaksana"]


def test_unparseable_time_is_refused_with_a_clear_message(sktm):
    langkah = Langkah(versi=sktm, urutan=9, uraian="x", waktu_teks="secepatnya")
    with pytest.raises(ValidationError) as exc:
        langkah.clean()
    assert "tidak dapat dibaca" in str(exc.value)


def test_paraf_chain_naming_a_position_the_office_lacks_blocks_publishing(sktm):
    draft = sktm.buat_versi_baru()
    luar = Pelaksana.objects.get(kabupaten="oku-selatan", kode="dinkes")
    ParafSop.objects.create(versi=draft, urutan=9, pelaksana=luar)
    with pytest.raises(ValidationError) as exc:
        draft.terbitkan()
    assert "bukan jabatan di kantor ini" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError, match="bukan jabatan"):
        ParafSop(versi=draft, urutan=10, pelaksana=luar).clean()


def test_draft_without_steps_cannot_be_published(kantor):
    sop = Sop.objects.create(kabupaten="oku-selatan", kode="baru", nama="Layanan baru")
    versi = VersiSop.objects.create(sop=sop, nama="Layanan baru")
    with pytest.raises(ValidationError, match="belum memiliki langkah"):
        versi.terbitkan()


@pytest.mark.parametrize(
    "teks,expected",
    [
        ("30 menit", (30, 30, "menit")),
        ("1 hari", (1, 1, "hari_kerja")),
        ("2 (dua) hari kerja", (2, 2, "hari_kerja")),
        ("1-3 hari", (1, 3, "hari_kerja")),
        ("1 x 24 jam", (24, 24, "jam")),
        ("960 - 1.440 menit", (960, 1440, "menit")),
        ("14 hari kalender", (14, 14, "hari_kalender")),
        ("1 Bulan", (1, 1, "bulan")),
        ("Mak. 1 Minggu", (1, 1, "minggu")),
    ],
)
def test_time_standards_parse(teks, expected):
    waktu = parse_waktu(teks)
    assert (waktu.min, waktu.max, waktu.satuan) == expected


def test_blank_and_dash_mean_no_time_standard():
    assert parse_waktu("-") is None and parse_waktu("") is None


def test_admin_can_export_and_import_the_catalog(admin_client, kantor, tmp_path):
    response = admin_client.get(reverse("admin:sop_ekspor", args=["oku-selatan"]))
    assert response["Content-Disposition"].endswith('sop-oku-selatan.json"')
    exported = response.content
    assert exported.decode() == katalog.dumps(katalog.ekspor("oku-selatan"))
    berkas = tmp_path / "k.json"
    berkas.write_bytes(exported)
    with open(berkas, "rb") as fh:
        response = admin_client.post(reverse("admin:sop_impor"), {"berkas": fh, "kabupaten": ""})
    assert response.status_code == 302
    assert VersiSop.objects.filter(sop__kabupaten="oku-selatan", status="draft").count() == 10


def test_admin_import_of_garbage_shows_a_message(admin_client, kantor, tmp_path):
    berkas = tmp_path / "rusak.json"
    berkas.write_text("{ini bukan json")
    with open(berkas, "rb") as fh:
        html = admin_client.post(reverse("admin:sop_impor"), {"berkas": fh}).content.decode()
    assert "Berkas tidak dapat dibaca" in html


def test_non_staff_cannot_reach_the_catalog_admin(client, users):
    client.force_login(users["kadis"])
    assert client.get(reverse("admin:sop_versisop_changelist")).status_code == 302


def test_buttons_on_the_version_page_copy_and_publish(admin_client, sktm):
    html = admin_client.get(reverse("admin:sop_versisop_change", args=[sktm.pk])).content.decode()
    assert "Buat versi baru" in html and "Terbitkan versi" not in html
    response = admin_client.post(reverse("admin:sop_versi_baru", args=[sktm.pk]))
    draft = VersiSop.objects.get(sop=sktm.sop, status="draft")
    assert response["Location"] == reverse("admin:sop_versisop_change", args=[draft.pk])
    admin_client.post(reverse("admin:sop_terbitkan", args=[draft.pk]), {"konfirmasi": "1"})
    assert VersiSop.objects.get(pk=draft.pk).status == "terbit"
