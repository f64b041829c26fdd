"""Survey assignment, the survey form, and the Kasi's review of a tidak layak result."""

import datetime
import io

from django.urls import reverse
from pypdf import PdfReader

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


def _tidak_layak(users, catatan="Rumah permanen dan memiliki mobil"):
    p = _di_survei(users)
    aksi.catat_survei(p.pk, users["survei"], aksi.token_status(p), datetime.date(2026, 11, 26), False, catatan)
    return Permohonan.objects.get(pk=p.pk)


def test_tidak_layak_goes_to_the_kasi_who_confirms_and_a_surat_penolakan_is_produced(client, users):
    p = _tidak_layak(users)
    assert p.status == Status.TINJAU and p.jabatan_giliran.peran == "kasi"
    # The surveyor can no longer reject on their own.
    client.force_login(users["survei"])
    html = client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()
    assert "Setujui hasil survei" not in html and "Tolak permohonan" not in html
    client.force_login(users["kasi"])
    assert p.nomor_registrasi in client.get(reverse("layanan:tugas")).content.decode()
    html = client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()
    assert "Setujui hasil survei: tolak permohonan" in html and "Tidak setuju: lanjutkan permohonan" in html
    assert "Rumah permanen dan memiliki mobil" in html  # the survey note is the proposed reason
    response = client.post(
        reverse("layanan:aksi", args=[p.nomor_registrasi, "tetapkan_tolak"]),
        {"token": aksi.token_status(p), "alasan": "Rumah permanen dan memiliki mobil; tidak tergolong tidak mampu."},
        follow=True,
    )
    html = response.content.decode()
    p = Permohonan.objects.get(pk=p.pk)
    assert p.status == Status.DITOLAK and "tidak tergolong tidak mampu" in p.alasan
    assert list(Riwayat.objects.filter(permohonan=p).values_list("aksi", flat=True))[-2:] == [
        "survei_tidak_layak",
        "tetapkan_tolak",
    ]
    assert "Surat penolakan (PDF)" in html and "Pratinjau konsep surat" not in html
    pdf = client.get(reverse("layanan:penolakan", args=[p.nomor_registrasi]))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "SURAT PEMBERITAHUAN PENOLAKAN PERMOHONAN" in text
    assert "tidak tergolong tidak mampu" in text and p.nomor_registrasi in text
    assert users["kasi"].pegawai.nama in text
    # No draft of a letter that will never be issued.
    assert client.get(reverse("layanan:pratinjau", args=[p.nomor_registrasi])).status_code == 404


def test_kasi_may_override_a_tidak_layak_survey_with_a_reason(client, users):
    p = _tidak_layak(users)
    client.force_login(users["kasi"])
    url = reverse("layanan:aksi", args=[p.nomor_registrasi, "tetapkan_layak"])
    response = client.post(url, {"token": aksi.token_status(p)}, follow=True)
    assert "Tulis alasan permohonan tetap dilanjutkan." in response.content.decode()
    assert Permohonan.objects.get(pk=p.pk).status == Status.TINJAU
    client.post(url, {"token": aksi.token_status(p), "catatan": "Mobil milik majikan, bukan milik pemohon."})
    p = Permohonan.objects.get(pk=p.pk)
    assert p.status == Status.KONSEP
    assert Riwayat.objects.get(permohonan=p, aksi="tetapkan_layak").catatan == "Mobil milik majikan, bukan milik pemohon."
    # The letter does not cite a survey that found the case tidak layak.
    client.force_login(users["fo"])
    draft = client.get(reverse("layanan:pratinjau", args=[p.nomor_registrasi]))
    assert "survei" not in " ".join(PdfReader(io.BytesIO(draft.content)).pages[0].extract_text().split())


def test_confirming_without_a_reason_changes_nothing(client, users):
    p = _tidak_layak(users)
    client.force_login(users["kasi"])
    response = client.post(
        reverse("layanan:aksi", args=[p.nomor_registrasi, "tetapkan_tolak"]),
        {"token": aksi.token_status(p), "alasan": ""},
        follow=True,
    )
    assert "Alasan wajib diisi." in response.content.decode()
    assert Permohonan.objects.get(pk=p.pk).status == Status.TINJAU


def test_surat_penolakan_only_for_rejected_cases(client, users):
    p = _di_survei(users)
    client.force_login(users["fo"])
    assert client.get(reverse("layanan:penolakan", args=[p.nomor_registrasi])).status_code == 404


def test_only_the_confirmation_form_proposes_the_survey_note(client, users):
    p = _tidak_layak(users, catatan="Catatan survei khusus")
    client.force_login(users["kasi"])
    html = client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()
    assert html.count("Catatan survei khusus</textarea>") == 1


def test_survey_photos_show_with_the_survey_to_whoever_may_see_the_case(client, users, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from audit.models import LogAkses
    from tests.layanan.test_pendaftaran import PNG

    settings.MEDIA_ROOT = tmp_path
    p = _di_survei(users)
    foto = SimpleUploadedFile("rumah.png", PNG, content_type="image/png")
    aksi.catat_survei(p.pk, users["survei"], aksi.token_status(p), datetime.date(2026, 11, 26), True, "Layak", [foto])
    foto_pk = Survei.objects.get().foto.get().pk
    link = reverse("layanan:foto_survei", args=[p.nomor_registrasi, foto_pk])
    client.force_login(users["kasi"])
    html = client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()
    assert f'<img src="{link}" alt="Foto kunjungan 1, survei 26 November 2026"' in html
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    log = LogAkses.objects.filter(aksi="lihat_dokumen").latest("pk")
    assert (log.user, log.objek, log.diizinkan) == (users["kasi"], f"foto survei {foto_pk}", True)


def test_survey_photos_are_refused_to_staff_who_may_not_see_the_case_and_to_the_public(client, users, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from audit.models import LogAkses
    from dinsos.models import Jabatan, Pegawai
    from tests.layanan.test_pendaftaran import PNG

    settings.MEDIA_ROOT = tmp_path
    p = _di_survei(users)
    foto = SimpleUploadedFile("rumah.png", PNG, content_type="image/png")
    aksi.catat_survei(p.pk, users["survei"], aksi.token_status(p), datetime.date(2026, 11, 26), True, "Layak", [foto])
    link = reverse("layanan:foto_survei", args=[p.nomor_registrasi, Survei.objects.get().foto.get().pk])
    assert client.get(link).status_code == 302  # anonymous: to the login page
    lain = Jabatan.objects.create(kode="kasi-lain", nama="Kasi Lain", peran="kasi")
    Pegawai.objects.filter(user=users["kasi"]).update(jabatan=lain)
    users["kasi"].pegawai.jabatan_rangkap.clear()
    client.force_login(users["kasi"])
    assert client.get(link).status_code == 404
    assert LogAkses.objects.filter(aksi="lihat_dokumen", diizinkan=False).exists()
