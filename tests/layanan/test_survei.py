"""Survey assignment and the survey form through the case page."""

from django.urls import reverse

from layanan import aksi
from layanan.models import Permohonan, Riwayat, Status, Survei
from tests.layanan.helpers import daftar, maju


def _di_survei(users):
    p = daftar(users["fo"])
    return maju(p, users["fo"], "verifikasi_berkas")


def test_kasi_assigns_the_suggested_surveyor_and_it_reaches_their_worklist(client, users):
    p = _di_survei(users)
    client.force_login(users["kasi"])
    html = client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()
    assert "Disarankan:" in html
    response = client.post(
        reverse("layanan:tugaskan", args=[p.nomor_registrasi]), {"petugas": users["survei"].pegawai.pk}, follow=True
    )
    assert "Petugas survei ditugaskan." in response.content.decode()
    assert Permohonan.objects.get(pk=p.pk).petugas_survei == users["survei"].pegawai
    assert Riwayat.objects.filter(permohonan=p, aksi="tugaskan_survei").exists()
    client.force_login(users["survei"])
    assert p.nomor_registrasi in client.get(reverse("layanan:tugas")).content.decode()


def test_assignment_without_a_surveyor_gets_a_message(client, users):
    p = _di_survei(users)
    client.force_login(users["kasi"])
    response = client.post(reverse("layanan:tugaskan", args=[p.nomor_registrasi]), {}, follow=True)
    assert "Pilih petugas survei." in response.content.decode()
    assert Permohonan.objects.get(pk=p.pk).petugas_survei is None


def test_survey_form_without_notes_changes_nothing(client, users):
    p = _di_survei(users)
    client.force_login(users["survei"])
    token = aksi.token_status(Permohonan.objects.get(pk=p.pk))
    response = client.post(
        reverse("layanan:survei", args=[p.nomor_registrasi]),
        {"token": token, "tanggal_kunjungan": "2026-11-26", "hasil": "layak"},
        follow=True,
    )
    assert "Catatan survei wajib diisi." in response.content.decode()
    assert Permohonan.objects.get(pk=p.pk).status == Status.SURVEI and not Survei.objects.exists()
