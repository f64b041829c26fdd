"""Collective lists: a per-row report, bad rows never stop the file, duplicates inside a list."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from bansos.impor import impor_berkas
from bansos.models import Calon
from tests.bansos import helpers as h

pytestmark = pytest.mark.django_db


def _xlsx(rows, header=("NIK", "Nama", "No. KK", "Alamat", "Desa", "Kecamatan", "Tanggal lahir", "Kategori")):
    import io

    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("usulan-desa.xlsx", out.getvalue())


def test_every_row_is_reported_and_bad_rows_do_not_stop_the_file():
    program = h.program(desil_maks=4, kategori="disabilitas")
    h.dtks([(h.nik(1), 2), (h.nik(2), 7)])
    ada = h.calon(program, 5)
    ada.save()
    berkas = _xlsx(
        [
            (h.nik(1), "Siti", h.kk(1), "Jl. A", "Air Rupik", "Banding Agung", "17-08-1960", "Penyandang disabilitas"),
            ("12345", "NIK pendek", "", "", "", "", "", ""),
            (h.nik(2), "Budi", h.kk(2), "Jl. B", "Air Rupik", "Banding Agung", datetime.date(1962, 1, 1), "disabilitas"),
            (h.nik(1), "Siti lagi", h.kk(1), "", "", "", "", "disabilitas"),
            (h.nik(3), "", h.kk(3), "", "", "", "", "disabilitas"),
            (h.nik(4), "Ani", "12", "", "", "", "", "disabilitas"),
            (h.nik(6), "Dedi", h.kk(6), "", "", "", "31-02-1960", "disabilitas"),
            (h.nik(7), "Eka", h.kk(7), "", "", "", "", "pejabat"),
            (h.nik(5), "Sudah ada", h.kk(5), "", "", "", "", "disabilitas"),
            (int(h.nik(8)), "NIK sebagai angka", h.kk(8), "", "", "", "", "disabilitas"),
        ]
    )
    impor = impor_berkas(program, "desa", berkas, h.pegawai("fo"))
    laporan = {r["baris"]: (r["status"], r["pesan"]) for r in impor.laporan}
    assert (impor.jumlah, impor.dimuat, impor.ditolak) == (10, 3, 7)
    assert laporan[2] == ("dimuat", "Memenuhi syarat")
    assert laporan[3] == ("ditolak", "NIK harus 16 angka")
    assert laporan[4] == ("dimuat", "Tidak memenuhi syarat: Desil DTKS paling tinggi 4: desil 7 di atas 4")
    assert laporan[5] == ("ditolak", "duplikat: NIK sama dengan baris 2")
    assert laporan[6] == ("ditolak", "nama kosong")
    assert laporan[7] == ("ditolak", "nomor KK harus 16 angka")
    assert laporan[8][0] == "ditolak" and "tanggal lahir" in laporan[8][1]
    assert laporan[9] == ("ditolak", "kategori “pejabat” tidak dikenali")
    assert laporan[10] == ("ditolak", "NIK sudah menjadi calon program ini")
    assert laporan[11][0] == "dimuat"
    siti = Calon.objects.get(nik=h.nik(1))
    assert (siti.tanggal_lahir, siti.kategori, siti.asal, siti.baris) == (
        datetime.date(1960, 8, 17),
        "disabilitas",
        "desa",
        2,
    )
    assert program.calon.count() == 4


def test_a_file_without_a_nik_column_is_refused_whole(client):
    from bansos.impor import ImporGagal

    program = h.program()
    with pytest.raises(ImporGagal, match="Kolom NIK"):
        impor_berkas(program, "desa", _xlsx([("Siti",)], header=("Nama",)), h.pegawai("fo"))
    assert not program.impor.exists()


def test_import_page_shows_the_report_and_masks_nik_for_roles_without_registry_access(client):
    program = h.program()
    staf = h.pegawai("staf")
    client.force_login(staf)
    r = client.post(
        f"/bansos/{program.pk}/impor/", {"asal": "kecamatan", "berkas": _xlsx([(h.nik(1), "Siti", h.kk(1))])}, follow=True
    )
    assert "1 baris dimuat, 0 baris ditolak." in r.content.decode()
    assert "1609********0001" in r.content.decode() and h.nik(1) not in r.content.decode()


def test_import_page_refuses_a_non_spreadsheet_with_a_message(client):
    program = h.program()
    client.force_login(h.pegawai("fo"))
    r = client.post(
        f"/bansos/{program.pk}/impor/",
        {"asal": "desa", "berkas": SimpleUploadedFile("daftar.pdf", b"%PDF-1.4")},
        follow=True,
    )
    assert "Unggah berkas XLSX atau CSV." in r.content.decode()
    assert not program.calon.exists()
