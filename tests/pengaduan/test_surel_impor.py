"""The answer e-mail (queued after commit, sent by the worker) and the SP4N-LAPOR! XLSX import."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from pengaduan import aksi
from pengaduan.models import Pengaduan, Saluran
from tests.operasi.helpers import jalankan_antrean
from tests.pengaduan.helpers import adukan


@pytest.mark.django_db
def test_the_complainant_gets_one_email_when_answered_after_commit(users, django_capture_on_commit_callbacks):
    fo = users["fo"]
    a, _ = adukan(fo, email="pelapor@contoh.id")
    tanpa, _ = adukan(fo, email="")
    with django_capture_on_commit_callbacks(execute=True):
        aksi.catat(tanpa.pk, fo, "jawaban", "Sudah kami terima.")
        aksi.catat(a.pk, fo, "internal", "Cek ke bank.")
    jalankan_antrean()
    assert mail.outbox == []  # no address, and an internal note is not an answer
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        aksi.catat(a.pk, fo, "jawaban", "Rekening sudah aktif kembali.")
        assert mail.outbox == []  # nothing leaves before commit
    assert len(callbacks) == 1
    jalankan_antrean()
    assert len(mail.outbox) == 1
    pesan = mail.outbox[0]
    assert pesan.to == ["pelapor@contoh.id"] and a.nomor_tiket in pesan.subject
    assert "Rekening sudah aktif kembali." in pesan.body


@pytest.mark.django_db
def test_a_failed_step_sends_no_email(users, django_capture_on_commit_callbacks):
    fo = users["fo"]
    a, _ = adukan(fo, email="pelapor@contoh.id")
    # The reply is written first, then the move fails on a stale page: both roll back, no e-mail.
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(aksi.AksiGagal, match="baru saja"):
        aksi.tindak(a.pk, fo, "token-lama", jawaban="Jawaban")
    assert callbacks == [] and not a.tanggapan.exists()
    assert Pengaduan.objects.get(pk=a.pk).dijawab_pada is None


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("lapor.xlsx", out.getvalue())


@pytest.mark.django_db
def test_the_lapor_import_reports_each_row(client, users):
    adukan(users["fo"], Saluran.LAPOR, nomor_lapor="LAP-0001")
    client.force_login(users["fo"])
    berkas = _xlsx(
        [
            ["Nomor Tiket", "Judul", "Isi Laporan", "Kategori", "Nama Pelapor", "Rahasia"],
            ["LAP-0002", "PKH tidak cair", "Sudah 3 bulan", "Bansos/PKH", "Ani", "ya"],
            ["", "Tanpa nomor", "x", "", "", ""],
            ["LAP-0001", "Sudah ada", "x", "", "", ""],
            ["LAP-0003", "", "Petugas kasar di loket", "pelayanan petugas", "", ""],
            ["LAP-0004", "x" * 10, "y" * 4000, "", "", ""],
        ]
    )
    resp = client.post("/pengaduan/impor-lapor/", {"berkas": berkas})
    html = resp.content.decode()
    laporan = resp.context["laporan"]
    assert [(b.nomor_baris, b.berhasil) for b in laporan] == [(2, True), (3, False), (4, False), (5, True), (6, False)]
    assert "Nomor tiket kosong." in html and "LAP-0001 sudah tercatat" in html and "paling banyak 3.000" in html
    baru = Pengaduan.objects.get(nomor_lapor="LAP-0002")
    assert baru.rahasiakan and baru.kategori.kode == "bansos-pkh" and baru.cocok_kode(laporan[0].kode)
    assert Pengaduan.objects.get(nomor_lapor="LAP-0003").kategori.kode == "pelayanan-petugas"
    assert not Pengaduan.objects.filter(nomor_lapor="LAP-0004").exists()
    # Not a spreadsheet: a clear message, nothing saved.
    resp = client.post("/pengaduan/impor-lapor/", {"berkas": SimpleUploadedFile("x.xlsx", b"bukan xlsx")})
    assert "Berkas bukan XLSX yang dapat dibaca." in resp.content.decode()
    assert Pengaduan.objects.count() == 3
