"""Every common form of the same registry rows loads the same rows and rejects the same ones.

The same 40 rows (a few deliberately bad) are written as offices write them: 1/0 or Y/T or
YA/TIDAK flags, quoted or not, `,` `;` or tab, CRLF, BOM, Windows-1252/Latin-1, aliased
headers in another order with extra columns, XLSX. Whatever path the database uses (the
PostgreSQL COPY fast path or the Python rules), the outcome is the same.
"""

import codecs
import csv
import io

import pytest
from django.db import connection
from openpyxl import Workbook

from registri import berkas
from registri.generator import baris_dtks
from registri.impor import impor_berkas
from registri.models import BarisDtks, Jenis

HEADER = ["nik", "nama", "nomor_kk", "alamat", "desa", "kecamatan", "desil", "pkh", "bpnt", "pbi"]


def _rows():
    """(rows as dicts with real booleans; the expected rejects as (line, nik, reason))."""
    rows = []
    for i, r in enumerate(baris_dtks(36, kode_wilayah="1609", seed=21)):
        rows.append(dict(zip(HEADER[:7], r[:7], strict=True)) | {"pkh": r[7] == "1", "bpnt": r[8] == "1", "pbi": i % 3 == 0})
    rows[2]["nama"] = "Andi, S.Pd."  # a comma: quoted in every CSV form
    rows[3]["nama"] = "Ma'ruf Amin"
    rows[4]["nama"] = "Renée Siregar"  # not ASCII: each encoding writes it its own way
    rows[5]["desil"] = ""  # no desil
    rows[6]["alamat"] = ""
    rows[7]["nik"] = "1609012902000001"  # 29 February 2000: valid
    # Text that looks like a flag, next to the flags: rewriting the flags must not touch it.
    rows[12]["alamat"] = "Y"
    rows[13]["kecamatan"] = "T"
    rows[13]["desil"] = ""
    rows += [
        {**rows[8], "nik": "160901120485001"},  # 15 digits
        {**rows[9], "nik": "1609011204850002", "nama": ""},  # no name
        {**rows[10], "nik": "1609011204850003", "desil": 11},
        {**rows[11], "nik": "1609012902010004"},  # 29 February 2001
    ]
    # Header is line 1; a blank line follows row 20 (line 22), so the bad rows are lines 39-42.
    rejects = [
        (39, "160901120485001", "NIK harus 16 angka"),
        (40, "1609011204850002", "nama kosong"),
        (41, "1609011204850003", "desil “11” bukan 1–10"),
        (42, "1609012902010004", "tanggal lahir di NIK tidak valid"),
    ]
    return rows, rejects


def _csv(rows, *, ya, tidak, sep=",", quote=csv.QUOTE_MINIMAL, eol="\n", header=HEADER, extra=False):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, quoting=quote, lineterminator=eol)
    names = list(header) + (["KETERANGAN"] if extra else [])
    writer.writerow(names)
    keys = [berkas.kunci_kolom(h) for h in header]
    for i, row in enumerate(rows):
        if i == 20:
            out.write(eol)  # a blank line
        values = [(ya if row[k] else tidak) if k in berkas.KOLOM_PROGRAM else row[k] for k in keys]
        writer.writerow(values + (['catatan; bebas, "kutip"'] if extra else []))
    return out.getvalue()


def _form(name, rows, tmp_path):
    path = tmp_path / f"{name}.csv"
    if name == "satu_nol":
        path.write_text(_csv(rows, ya="1", tidak="0"), encoding="utf-8")
    elif name == "y_t":
        path.write_text(_csv(rows, ya="Y", tidak="T"), encoding="utf-8")
    elif name == "ya_tidak_kutip_titik_koma_crlf_bom":
        text = _csv(rows, ya="YA", tidak="TIDAK", sep=";", quote=csv.QUOTE_ALL, eol="\r\n")
        path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    elif name == "latin1":
        path.write_bytes(_csv(rows, ya="Ya", tidak="Tidak", sep=";", eol="\r\n").encode("latin-1"))
    elif name == "tab_true_false_alias_urutan_lain":
        header = ["PBI", "NO_NIK", "DESIL_NASIONAL", "NAMA_LENGKAP", "NOKK", "Alamat", "Desa/Kelurahan", "KEC"]
        header += ["PKH", "BPNT"]
        path.write_text(_csv(rows, ya="true", tidak="false", sep="\t", header=header, extra=True), encoding="utf-8")
    elif name == "program_kosong":
        path.write_text(_csv(rows, ya="1", tidak=""), encoding="utf-8")
    elif name in ("xlsx", "xlsx_teks_sebaris"):
        # xlsx: shared strings (as Excel and openpyxl's normal mode write them); xlsx_teks_sebaris:
        # inline strings (openpyxl's write-only mode, many exports), the PostgreSQL fast path.
        path = tmp_path / f"{name}.xlsx"
        wb = Workbook(write_only=name == "xlsx_teks_sebaris")
        ws = wb.create_sheet("DTKS") if name == "xlsx_teks_sebaris" else wb.active
        ws.append([h.upper() for h in HEADER])
        for i, row in enumerate(rows):
            if i == 20:
                ws.append([])
            values = [("YA" if row[k] else "TIDAK") if k in berkas.KOLOM_PROGRAM else row[k] for k in HEADER]
            values[0] = int(values[0]) if len(values[0]) == 16 else values[0]  # NIKs stored as numbers
            ws.append(values)
        wb.save(path)
    return path


BENTUK = [
    "satu_nol",
    "y_t",
    "ya_tidak_kutip_titik_koma_crlf_bom",
    "latin1",
    "tab_true_false_alias_urutan_lain",
    "program_kosong",
    "xlsx",
    "xlsx_teks_sebaris",
]


@pytest.mark.parametrize("bentuk", BENTUK)
def test_every_form_loads_the_same_rows_and_rejects_the_same_ones(kantor, tmp_path, bentuk):
    rows, rejects = _rows()
    snapshot = impor_berkas(_form(bentuk, rows, tmp_path), Jenis.DTKS)
    assert snapshot.status == "selesai", snapshot.pesan
    expected = {
        (
            r["nik"],
            r["nama"],
            r["nomor_kk"],
            r["alamat"],
            r["desa"],
            r["kecamatan"],
            r["desil"] or None,
            r["pkh"],
            r["bpnt"],
            r["pbi"],
        )
        for r in rows[:36]
    }
    loaded = set(
        BarisDtks.objects.filter(snapshot=snapshot).values_list(
            "nik", "nama", "nomor_kk", "alamat", "desa", "kecamatan", "desil", "pkh", "bpnt", "pbi"
        )
    )
    assert loaded == expected
    report = [tuple(row) for row in csv.reader(io.StringIO(snapshot.laporan))][1:]
    assert report == [(str(n), nik, why) for n, nik, why in rejects]
    assert (snapshot.dimuat, snapshot.ditolak) == (36, 4)


@pytest.mark.parametrize("bentuk", ["y_t", "ya_tidak_kutip_titik_koma_crlf_bom", "latin1", "xlsx_teks_sebaris"])
def test_clean_lines_of_every_csv_form_skip_the_python_rules_on_postgresql(kantor, tmp_path, monkeypatch, bentuk):
    if connection.vendor != "postgresql":
        pytest.skip("Jalur cepat COPY hanya ada di PostgreSQL (set DATABASE_URL).")
    rows, rejects = _rows()
    calls = []
    original = berkas.bersihkan
    monkeypatch.setattr(berkas, "bersihkan", lambda *a: calls.append(a) or original(*a))
    snapshot = impor_berkas(_form(bentuk, rows, tmp_path), Jenis.DTKS)
    assert snapshot.dimuat == 36
    # Only the 4 bad rows, the 29 February NIK and the quoted names need the Python rules.
    assert len(calls) <= 8, len(calls)


def test_the_encoding_chosen_in_the_form_wins_over_detection(kantor, tmp_path):
    rows, _ = _rows()
    path = tmp_path / "cp1252.csv"
    rows[4]["nama"] = "Renée O’Neil"  # ’ exists in Windows-1252, not in Latin-1
    path.write_bytes(_csv(rows, ya="1", tidak="0").encode("cp1252"))
    snapshot = impor_berkas(path, Jenis.DTKS)
    assert BarisDtks.objects.filter(snapshot=snapshot, nama="Renée O’Neil").exists()
    assert snapshot.pengodean == "cp1252"
    chosen = impor_berkas(path, Jenis.DTKS, pengodean="latin-1")
    assert BarisDtks.objects.filter(snapshot=chosen, nama="Renée O\x92Neil").exists()


def test_a_utf16_file_is_refused_with_a_message_that_says_so(kantor, tmp_path):
    path = tmp_path / "unicode.csv"
    path.write_bytes("NIK\tNama\n1609011204850002\tSiti\n".encode("utf-16"))
    snapshot = impor_berkas(path, Jenis.DTKS)
    assert snapshot.status == "gagal" and not snapshot.aktif
    assert "UTF-16" in snapshot.pesan and "CSV UTF-8" in snapshot.pesan


def test_a_file_that_stops_being_utf8_half_way_fails_with_the_line(kantor, tmp_path):
    rows, _ = _rows()
    text = _csv(rows[:30], ya="1", tidak="0").encode("utf-8")
    path = tmp_path / "campur.csv"
    # 1 MB of clean lines first, so detection sees UTF-8; then a Latin-1 "é".
    filler = b"".join(text.split(b"\n", 1)[1] for _ in range(400))
    path.write_bytes(text + filler + b"1609011204850002,Ren\xe9e,,,,,,,,\n")
    snapshot = impor_berkas(path, Jenis.DTKS)
    assert snapshot.status == "gagal"
    assert "tidak dapat dibaca sebagai UTF-8" in snapshot.pesan and "Pilih pengodean" in snapshot.pesan
    assert BarisDtks.objects.filter(snapshot=snapshot).count() == 0
