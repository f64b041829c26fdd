"""Front-office registration: validation in Indonesian, nothing lost, nothing half-saved."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from audit.models import LogAkses
from layanan.models import Dokumen, Orang, Permohonan, Status
from sop.models import VersiSop
from tests.layanan.helpers import daftar, form_post, nik

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def fo(client, users):
    client.force_login(users["fo"])
    return client


@pytest.fixture
def sktm(kantor):
    return VersiSop.objects.terbit().get(sop__kode="sktm")


def url(kode="sktm"):
    return reverse("layanan:baru_form", args=[kode])


def test_form_has_the_labels_the_counter_uses(fo, sktm):
    html = fo.get(url()).content.decode()
    for label in [
        "NIK",
        "Nama lengkap",
        "Tempat lahir",
        "Tanggal lahir",
        "Jenis kelamin",
        "Alamat",
        "Desa/Kelurahan",
        "Kecamatan",
        "Nomor KK",
        "Nomor HP",
        "Keperluan",
    ]:
        assert f"{label}<span" in html or f">{label}<" in html or f"{label}\n" in html, label
    for syarat in sktm.persyaratan.all():
        assert syarat.nama in html


def test_complete_registration_creates_the_case_and_receipt(fo, sktm):
    response = fo.post(url(), form_post(sktm))
    p = Permohonan.objects.get()
    assert response["Location"] == reverse("layanan:detail", args=[p.nomor_registrasi])
    assert p.status == Status.VERIFIKASI and p.dokumen.count() == sktm.persyaratan.count()
    pdf = fo.get(reverse("layanan:tanda_terima", args=[p.nomor_registrasi])).content
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert p.nomor_registrasi in text and "TANDA TERIMA" in text and "/lacak/" in text


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("pemohon-nik", "123", "NIK harus 16 angka."),
        ("pemohon-nik", "1609014104850000", "Nomor urut NIK tidak boleh 0000."),
        ("pemohon-nik", "1609013204850001", "Tanggal lahir di dalam NIK"),
        ("pemohon-tanggal_lahir", "1985-04-13", "Tanggal lahir tidak sesuai NIK"),
        ("pemohon-jenis_kelamin", "P", "Jenis kelamin tidak sesuai NIK"),
        ("pemohon-nomor_kk", "16090115062", "Nomor KK harus 16 angka."),
        ("pemohon-nomor_hp", "12345", "Nomor HP tidak valid"),
        ("keperluan", "", "This field is required"),
    ],
)
def test_bad_input_gets_a_message_and_keeps_what_was_typed(fo, sktm, field, value, message):
    data = form_post(sktm, **{field: value})
    response = fo.post(url(), data)
    html = response.content.decode()
    assert response.status_code == 200
    if message == "This field is required":
        message = "Bidang ini tidak boleh kosong."
    assert message in html
    assert 'value="Siti Aminah"' in html and 'value="Jl. Merdeka No. 5"' in html
    assert Permohonan.objects.count() == 0 and Orang.objects.count() == 0


def test_women_nik_day_plus_40_is_accepted(fo, sktm):
    data = form_post(sktm, **{"pemohon-nik": nik(perempuan=True), "pemohon-jenis_kelamin": "P"})
    assert fo.post(url(), data).status_code == 302


def test_nik_from_outside_the_regency_is_flagged(fo, sktm):
    data = form_post(sktm, **{"pemohon-nik": nik(kode_wilayah="3508")})
    fo.post(url(), data)
    p = Permohonan.objects.get()
    assert p.pemohon.luar_daerah
    assert "luar daerah" in fo.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()


def test_oversize_upload_is_refused(fo, sktm):
    big = SimpleUploadedFile("ktp.png", PNG + b"\0" * (5 * 1024 * 1024), content_type="image/png")
    response = fo.post(url(), {**form_post(sktm), "berkas_0": big})
    assert "lebih dari 5 MB" in response.content.decode()
    assert Permohonan.objects.count() == 0 and Dokumen.objects.count() == 0


def test_fake_upload_is_refused_by_content(fo, sktm):
    fake = SimpleUploadedFile("ktp.pdf", b"MZ\x90\x00 ini program, bukan PDF", content_type="application/pdf")
    response = fo.post(url(), {**form_post(sktm), "berkas_0": fake})
    assert "bukan PDF, JPG atau PNG yang sah" in response.content.decode()
    assert Permohonan.objects.count() == 0


def test_scan_is_served_only_through_the_checked_view_and_logged(fo, client, sktm, users):
    scan = SimpleUploadedFile("ktp.png", PNG, content_type="image/png")
    fo.post(url(), {**form_post(sktm), "berkas_0": scan})
    p = Permohonan.objects.get()
    doc = p.dokumen.exclude(berkas="").get()
    link = reverse("layanan:dokumen", args=[p.nomor_registrasi, doc.pk])
    response = fo.get(link)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    log = LogAkses.objects.get(aksi="lihat_dokumen")
    assert (log.user, log.nomor_permohonan, log.diizinkan) == (users["fo"], p.nomor_registrasi, True)
    assert log.objek == f"dokumen {doc.pk}: {doc.nama}"
    client.logout()
    assert client.get(link).status_code == 302


def test_double_submit_creates_one_case(fo, sktm):
    data = form_post(sktm, kunci="a" * 32)
    first = fo.post(url(), data)
    second = fo.post(url(), data)
    assert Permohonan.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_incomplete_documents_return_the_case_with_a_printable_notice(fo, sktm):
    data = form_post(sktm)
    del data["ada_0"]
    fo.post(url(), data)
    p = Permohonan.objects.get()
    assert p.status == Status.DIKEMBALIKAN
    assert p.berkas_kurang == [sktm.persyaratan.first().nama]
    pdf = fo.get(reverse("layanan:kekurangan", args=[p.nomor_registrasi])).content
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "PEMBERITAHUAN KEKURANGAN BERKAS" in text and sktm.persyaratan.first().nama in text


def test_returning_applicant_is_found_by_nik_and_prefilled(fo, users, sktm):
    daftar(users["fo"])
    html = fo.post(url(), {"cari_nik": nik()}).content.decode()
    assert "Data pemohon terakhir ditemukan" in html
    assert 'value="Siti Aminah"' in html and 'value="081234567890"' in html


def test_only_front_office_registers(client, users, sktm):
    client.force_login(users["kasi"])
    assert client.get(url()).status_code == 404


def test_staff_of_another_service_cannot_open_the_case(client, users, db):
    p = daftar(users["fo"])
    from dinsos.models import Jabatan, Pegawai

    lain = Jabatan.objects.create(kode="kasi-lain", nama="Kasi Lain", peran="kasi")
    user = users["kasi"]
    Pegawai.objects.filter(user=user).update(jabatan=lain)
    user.pegawai.jabatan_rangkap.clear()
    client.force_login(user)
    assert client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).status_code == 404
    client.force_login(users["kabid"])
    assert client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).status_code == 200


def test_future_birth_date_in_form_is_refused(fo, sktm):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    html = fo.post(url(), form_post(sktm, **{"pemohon-tanggal_lahir": tomorrow})).content.decode()
    assert "Tanggal lahir tidak sesuai NIK" in html
