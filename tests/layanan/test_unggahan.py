"""Uploads are stored under generated names and never outlive a rolled-back transaction."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse

from dinsos.models import Pegawai
from layanan import aksi
from layanan.models import Dokumen, FotoSurvei, Permohonan, Survei
from sop.models import VersiSop
from tests.layanan.helpers import daftar, form_post, maju, orang
from tests.layanan.test_pendaftaran import PNG

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def berkas_di(media):
    return sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file())


@pytest.fixture
def sktm(kantor):
    return VersiSop.objects.terbit().get(sop__kode="sktm")


def _daftar_dengan_scan(user, versi, scan):
    dokumen = [(p.nama, scan if i == 0 else None) for i, p in enumerate(versi.persyaratan.all())]
    return aksi.daftarkan(user, versi, orang(), None, "", "Berobat", {}, dokumen, "1609")


def test_a_registration_that_fails_after_the_upload_leaves_no_file(users, sktm, media, monkeypatch):
    def gagal(*args, **kwargs):
        raise DatabaseError("disk penuh")

    monkeypatch.setattr(aksi, "_catat", gagal)
    scan = SimpleUploadedFile("ktp-orang-lain.pdf", PDF, content_type="application/pdf")
    with pytest.raises(DatabaseError):
        _daftar_dengan_scan(users["fo"], sktm, scan)
    assert not Permohonan.objects.exists() and not Dokumen.objects.exists()
    assert berkas_di(media) == []


def test_a_successful_registration_keeps_its_file(users, sktm, media):
    scan = SimpleUploadedFile("ktp.pdf", PDF, content_type="application/pdf")
    p = _daftar_dengan_scan(users["fo"], sktm, scan)
    doc = p.dokumen.exclude(berkas="").get()
    assert berkas_di(media) == [doc.berkas.name]


def test_stored_name_is_generated_with_the_sniffed_extension(fo_client, sktm, media):
    scan = SimpleUploadedFile("x.pdf\x00.html", PDF, content_type="text/html")
    fo_client.post(reverse("layanan:baru_form", args=["sktm"]), {**form_post(sktm), "berkas_0": scan})
    doc = Dokumen.objects.exclude(berkas="").get()
    assert re.fullmatch(r"berkas/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", doc.berkas.name), doc.berkas.name
    assert doc.jenis_konten == "application/pdf"
    assert berkas_di(media) == [doc.berkas.name]


def test_a_png_named_pdf_is_stored_as_png(users, sktm, media):
    p = _daftar_dengan_scan(users["fo"], sktm, SimpleUploadedFile("ktp.pdf", PNG, content_type="application/pdf"))
    name = p.dokumen.exclude(berkas="").get().berkas.name
    assert name.endswith(".png") and "ktp" not in name


def test_a_survey_that_fails_after_the_photo_leaves_no_file(users, media, monkeypatch):
    p = maju(daftar(users["fo"]), users["fo"], "verifikasi_berkas")
    token = aksi.token_status(Permohonan.objects.get(pk=p.pk))

    def gagal(*args, **kwargs):
        raise aksi.AksiGagal("Permohonan baru saja diproses oleh petugas lain.")

    monkeypatch.setattr(aksi, "_jalankan", gagal)
    foto = SimpleUploadedFile("rumah-bu-siti.jpg", PNG, content_type="image/jpeg")
    with pytest.raises(aksi.AksiGagal):
        aksi.catat_survei(p.pk, users["survei"], token, "2026-11-26", True, "Rumah semi permanen", [foto])
    assert not Survei.objects.exists() and not FotoSurvei.objects.exists()
    assert berkas_di(media) == []


def test_survey_photo_is_stored_under_a_generated_name(users, media):
    p = maju(daftar(users["fo"]), users["fo"], "verifikasi_berkas")
    token = aksi.token_status(Permohonan.objects.get(pk=p.pk))
    foto = SimpleUploadedFile("rumah-bu-siti.jpg", PNG, content_type="image/jpeg")
    aksi.catat_survei(p.pk, users["survei"], token, "2026-11-26", True, "Rumah semi permanen", [foto])
    name = FotoSurvei.objects.get().berkas.name
    assert re.fullmatch(r"survei/\d{4}/\d{2}/[0-9a-f]{32}\.png", name)


def test_signature_specimen_is_stored_under_a_generated_name(users, media):
    pegawai = Pegawai.objects.get(user=users["kadis"])
    pegawai.spesimen_ttd = SimpleUploadedFile("ttd pak kadis.png", PNG, content_type="image/png")
    pegawai.save()
    assert re.fullmatch(r"spesimen/[0-9a-f]{32}\.png", pegawai.spesimen_ttd.name)


@pytest.fixture
def fo_client(client, users):
    client.force_login(users["fo"])
    return client
