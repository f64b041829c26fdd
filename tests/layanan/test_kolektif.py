"""Collective letters: one Lumajang KIS PBID letter to BPJS for several cases."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

from layanan import aksi
from layanan.models import Permohonan, Status
from surat.models import Penomoran, Surat
from tests.layanan.helpers import daftar, nik

NAMA = ["Sumarni", "Slamet Riyadi", "Nur Hasanah"]


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture
def lumajang(kantor_lumajang):
    return {u.username: u for u in get_user_model().objects.select_related("pegawai__jabatan")}


def _konsep(users, n=3, kode="kis-pbid-pengajuan"):
    kasus = [daftar(users["fo"], kode=kode, nama=NAMA[i], nik=nik("3508", urut=f"{i + 1:04d}")) for i in range(n)]
    Permohonan.objects.filter(pk__in=[p.pk for p in kasus]).update(status=Status.KONSEP)
    return list(Permohonan.objects.filter(pk__in=[p.pk for p in kasus]).order_by("pk"))


def _post(client, p, nama):
    p = Permohonan.objects.get(pk=p.pk)
    return client.post(
        reverse("layanan:aksi", args=[p.nomor_registrasi, nama]), {"token": aksi.token_status(p)}, follow=True
    )


def test_one_kis_pbid_letter_for_three_cases_through_paraf_and_signature(client, lumajang):
    users = lumajang
    kasus = _konsep(users)
    client.force_login(users["fo"])
    url = reverse("layanan:kolektif", args=["kis-pbid-pengajuan"])
    html = client.get(reverse("layanan:tugas")).content.decode()
    assert "3 permohonan menunggu konsep" in html and url in html
    html = client.get(url).content.decode()
    assert all(p.nomor_registrasi in html for p in kasus)
    response = client.post(url, {"pilih": [p.nomor_registrasi for p in kasus]}, follow=True)
    assert "Surat kolektif KOL-" in response.content.decode()

    # Each step, taken on any one of the cases, moves all three together.
    for user, nama, p in [
        ("fo", "ajukan_konsep", kasus[0]),
        ("kasi", "paraf", kasus[1]),
        ("kabid", "paraf", kasus[2]),
        ("sekretaris", "paraf", kasus[0]),
        ("kadis", "tandatangani", kasus[1]),
    ]:
        client.force_login(users[user])
        html = _post(client, p, nama).content.decode()
        assert "Tindakan tersimpan." in html, (user, nama)
    kasus = list(Permohonan.objects.filter(pk__in=[p.pk for p in kasus]).order_by("pk"))
    assert {p.status for p in kasus} == {Status.TERBIT}
    assert Surat.objects.count() == 1 and Penomoran.objects.get().terakhir == 1
    surat = Surat.objects.get()
    assert all(p.surat_id == surat.pk for p in kasus)
    assert all(p.riwayat.filter(aksi="paraf").count() == 3 for p in kasus)

    text = text_of(bytes(surat.pdf))
    assert "3 orang" in text and "LAMPIRAN" in text
    for p in kasus:
        assert p.subjek.nama in text and p.subjek.nik in text and p.nomor_registrasi in text
    for p in kasus:
        html = client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()
        assert f"Unduh surat {surat.nomor}" in html
    client.logout()
    html = client.get(reverse("surat:verifikasi", args=[surat.token])).content.decode()
    assert "3 orang (daftar dalam lampiran)" in html and "Sumarni" not in html

    # A case of a collective letter is not cancelled alone once the letter is out.
    client.force_login(users["kadis"])
    html = client.get(reverse("layanan:detail", args=[kasus[0].nomor_registrasi])).content.decode()
    assert "cabut-surat" in html and "Batalkan permohonan" not in html

    # From here each case continues on its own.
    client.force_login(users["fo"])
    p = kasus[0]
    client.post(
        reverse("layanan:aksi", args=[p.nomor_registrasi, "teruskan"]),
        {"token": aksi.token_status(p), "tujuan": "BPJS Kesehatan Lumajang", "tanggal": "2026-11-26"},
    )
    # The SOP's steps 9-11 (file copy, reconciliation with BPJS, the card) follow the forwarding:
    # the first case moved on to step 9 with the forwarding recorded; the others wait at step 8.
    kasus = list(Permohonan.objects.select_related("langkah_kini").order_by("pk"))
    assert [(p.status, p.langkah_kini.urutan) for p in kasus] == [
        (Status.BERJALAN, 9),
        (Status.TERBIT, 8),
        (Status.TERBIT, 8),
    ]
    assert kasus[0].tujuan_teruskan == "BPJS Kesehatan Lumajang"


def test_send_back_returns_every_case_of_the_collective_draft(lumajang):
    users = lumajang
    kasus = _konsep(users)
    aksi.buat_kolektif(users["fo"], [p.nomor_registrasi for p in kasus])
    p = aksi.jalankan(kasus[0].pk, users["fo"], "ajukan_konsep")
    aksi.jalankan(kasus[2].pk, users["kasi"], "kembalikan_ke_konsep", catatan="Lampiran belum urut desa")
    assert set(Permohonan.objects.values_list("status", flat=True)) == {Status.KONSEP}
    assert p.riwayat.last().catatan.startswith("Lampiran belum urut desa")


def test_draft_preview_of_a_collective_letter_lists_everyone(client, lumajang):
    users = lumajang
    kasus = _konsep(users)
    aksi.buat_kolektif(users["fo"], [p.nomor_registrasi for p in kasus])
    client.force_login(users["fo"])
    text = text_of(client.get(reverse("layanan:pratinjau", args=[kasus[1].nomor_registrasi])).content)
    assert all(nama in text for nama in NAMA) and "3 orang" in text


def test_collective_needs_two_cases_the_drafter_may_draft(client, lumajang):
    users = lumajang
    kasus = _konsep(users)
    url = reverse("layanan:kolektif", args=["kis-pbid-pengajuan"])
    client.force_login(users["fo"])
    html = client.post(url, {"pilih": [kasus[0].nomor_registrasi]}).content.decode()
    assert "Pilih sedikitnya dua permohonan" in html
    client.force_login(users["kasi"])
    html = client.post(url, {"pilih": [p.nomor_registrasi for p in kasus]}).content.decode()
    assert "tidak dapat dipilih" in html
    assert not Permohonan.objects.filter(kolektif__isnull=False).exists()
    with pytest.raises(aksi.AksiGagal, match="tidak berwenang"):
        aksi.buat_kolektif(users["kasi"], [p.nomor_registrasi for p in kasus])
    client.force_login(users["admin"])
    assert client.get(url).status_code == 404
    client.force_login(users["fo"])
    assert client.get(reverse("layanan:kolektif", args=["spm"])).status_code == 404  # no collective body


def test_cases_of_another_service_or_step_cannot_join(lumajang):
    users = lumajang
    kasus = _konsep(users, n=2)
    lain = _konsep(users, n=1, kode="kis-pbid-penonaktifan")[0]
    with pytest.raises(aksi.AksiGagal, match="SOP"):
        aksi.buat_kolektif(users["fo"], [kasus[0].nomor_registrasi, lain.nomor_registrasi])
    Permohonan.objects.filter(pk=kasus[1].pk).update(status=Status.PARAF)
    with pytest.raises(aksi.AksiGagal, match="tidak lagi menunggu konsep"):
        aksi.buat_kolektif(users["fo"], [p.nomor_registrasi for p in kasus])


def test_a_case_taken_out_before_paraf_gets_its_own_letter(client, lumajang):
    users = lumajang
    kasus = _konsep(users)
    aksi.buat_kolektif(users["fo"], [p.nomor_registrasi for p in kasus])
    client.force_login(users["fo"])
    client.post(reverse("layanan:keluar_kolektif", args=[kasus[2].nomor_registrasi]))
    assert [p.kolektif_id is None for p in Permohonan.objects.order_by("pk")] == [False, False, True]
    aksi.jalankan(kasus[0].pk, users["fo"], "ajukan_konsep")
    assert list(Permohonan.objects.order_by("pk").values_list("status", flat=True)) == [
        Status.PARAF,
        Status.PARAF,
        Status.KONSEP,
    ]
    # Taking out one of the last two dissolves the collective letter.
    kasus = _konsep(users, n=2)
    kol = aksi.buat_kolektif(users["fo"], [p.nomor_registrasi for p in kasus])
    aksi.keluarkan_kolektif(kasus[0].pk, users["fo"])
    assert not kol.anggota.exists()


def test_cancelling_one_case_of_an_issued_collective_letter_is_refused_with_a_message(lumajang):
    users = lumajang
    kasus = _konsep(users, n=2)
    aksi.buat_kolektif(users["fo"], [p.nomor_registrasi for p in kasus])
    Permohonan.objects.update(status=Status.TTD)
    aksi.jalankan(kasus[0].pk, users["kadis"], "tandatangani", base_url="http://testserver/")
    with pytest.raises(aksi.AksiGagal, match="surat kolektif"):
        aksi.jalankan(kasus[0].pk, users["kadis"], "batalkan", alasan="Pindah domisili")
    assert not Surat.objects.get().dicabut


def test_revoking_a_collective_letter_for_correction_reopens_every_case(client, lumajang):
    users = lumajang
    kasus = _konsep(users, n=2)
    aksi.buat_kolektif(users["fo"], [p.nomor_registrasi for p in kasus])
    Permohonan.objects.update(status=Status.TTD)
    aksi.jalankan(kasus[0].pk, users["kadis"], "tandatangani", base_url="http://testserver/")
    lama = Surat.objects.get()
    aksi.cabut_surat(lama.pk, users["kadis"], "Satu NIK salah", aksi.TindakLanjut.PERBAIKI)
    assert set(Permohonan.objects.values_list("status", flat=True)) == {Status.KONSEP}
    for user, nama in [("fo", "ajukan_konsep"), ("kasi", "paraf"), ("kabid", "paraf"), ("sekretaris", "paraf")]:
        aksi.jalankan(kasus[1].pk, users[user], nama)
    p = aksi.jalankan(kasus[1].pk, users["kadis"], "tandatangani", base_url="http://testserver/")
    assert p.surat.menggantikan_id == lama.pk and p.surat.jumlah_subjek == 2
    assert set(Permohonan.objects.values_list("surat", flat=True)) == {p.surat_id}


def test_admin_previews_the_collective_body_and_refuses_one_without_the_count(client, lumajang):
    from django.core.exceptions import ValidationError

    from surat.models import TemplatSurat

    templat = TemplatSurat.objects.get(jenis_surat="rekomendasi-kis-pbid")
    client.force_login(lumajang["admin"])
    url = reverse("admin:surat_templat_pratinjau", args=[templat.pk])
    text = text_of(client.get(url, {"kolektif": "1"}).content)
    assert "3 orang" in text and "Slamet Riyadi" in text and "LAMPIRAN" in text
    templat.isi_kolektif = "<p>Daftar terlampir.</p>"
    with pytest.raises(ValidationError, match="jumlah orang"):
        templat.full_clean()
    templat.isi_kolektif = "{% if %}"
    with pytest.raises(ValidationError, match="Templat tidak valid"):
        templat.full_clean()


def test_cancelling_one_case_during_paraf_leaves_the_others_in_the_letter(lumajang):
    users = lumajang
    kasus = _konsep(users)
    aksi.buat_kolektif(users["fo"], [p.nomor_registrasi for p in kasus])
    aksi.jalankan(kasus[0].pk, users["fo"], "ajukan_konsep")
    aksi.jalankan(kasus[1].pk, users["fo"], "batalkan", alasan="Pemohon sudah terdaftar PBI Pusat")
    aksi.jalankan(kasus[0].pk, users["kasi"], "paraf")
    kasus = list(Permohonan.objects.order_by("pk"))
    assert [p.status for p in kasus] == [Status.PARAF, Status.DIBATALKAN, Status.PARAF]
    assert [p.paraf_ke for p in kasus] == [1, 0, 1]
    assert kasus[1].kolektif_id is None and kasus[0].kolektif_id == kasus[2].kolektif_id


def test_cases_of_a_collective_letter_out_of_step_are_refused_with_a_message(lumajang):
    users = lumajang
    kasus = _konsep(users, n=2)
    aksi.buat_kolektif(users["fo"], [p.nomor_registrasi for p in kasus])
    aksi.jalankan(kasus[0].pk, users["fo"], "ajukan_konsep")
    Permohonan.objects.filter(pk=kasus[1].pk).update(paraf_ke=1)
    with pytest.raises(aksi.AksiGagal, match="tidak lagi berada pada tahap yang sama"):
        aksi.jalankan(kasus[0].pk, users["kasi"], "paraf")
    assert list(Permohonan.objects.order_by("pk").values_list("paraf_ke", flat=True)) == [0, 1]
