"""Reading registry spreadsheets (CSV or XLSX) row by row, whatever their size.

Headers are matched loosely ("No. KK", "nomor_kk", "KK" are the same column). NIKs come
back as 16-character strings even when a spreadsheet stored them as numbers
("1.609011204850001E15" cannot be recovered and is reported as invalid).
"""

import csv
import datetime
import io
import re
from pathlib import Path

ALIAS = {
    "nik": "nik",
    "no_nik": "nik",
    "nomor_induk_kependudukan": "nik",
    "nama": "nama",
    "nama_lengkap": "nama",
    "nama_art": "nama",
    "nomor_kk": "nomor_kk",
    "no_kk": "nomor_kk",
    "kk": "nomor_kk",
    "nokk": "nomor_kk",
    "alamat": "alamat",
    "desa": "desa",
    "kelurahan": "desa",
    "desa_kelurahan": "desa",
    "desa/kelurahan": "desa",
    "kecamatan": "kecamatan",
    "desil": "desil",
    "pkh": "pkh",
    "bpnt": "bpnt",
    "sembako": "bpnt",
    "bpnt_sembako": "bpnt",
    "bpnt/sembako": "bpnt",
    "pbi": "pbi",
}
YA = {"1", "y", "ya", "yes", "true", "v", "√", "x"}


def kunci_kolom(header) -> str:
    text = str(header or "").strip().lower()
    text = re.sub(r"[.\s-]+", "_", text).strip("_")
    return ALIAS.get(text, text)


def normalisasi_nik(value) -> str:
    """A NIK as 16 digits where that can be recovered; otherwise the cleaned text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() and value < 1e16 else repr(value)
    else:
        text = str(value).strip().lstrip("'").replace(" ", "")
        if re.fullmatch(r"\d+\.0+", text):
            text = text.split(".")[0]
    return text


def nik_valid(nik: str) -> str | None:
    """None if the NIK is structurally valid, else the reason (Indonesian)."""
    if len(nik) != 16 or not nik.isdigit():
        return "NIK harus 16 angka"
    if nik[:2] < "11" or nik[2:4] == "00" or nik[4:6] == "00":
        return "kode wilayah NIK tidak valid"
    day = int(nik[6:8])
    if day > 40:
        day -= 40
    try:
        datetime.date(2000 + int(nik[10:12]), int(nik[8:10]), day)
    except ValueError:
        return "tanggal lahir di NIK tidak valid"
    if nik[12:] == "0000":
        return "nomor urut NIK 0000"
    return None


def ya(value) -> bool:
    return str(value if value is not None else "").strip().lower() in YA


def hitung_baris(path) -> int:
    """Number of data rows, cheaply (for the progress bar)."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        rows = wb.active.max_row or 0
        wb.close()
        return max(rows - 1, 0)
    count = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            count += chunk.count(b"\n")
    return max(count - 1, 0)


def baca(path):
    """Yield (line number, dict of normalised columns) for every data row."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        yield from _baca_xlsx(path)
    else:
        yield from _baca_csv(path)


def _baca_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        sample = fh.read(4096)
        fh.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        reader = csv.reader(fh, delimiter=delimiter)
        header = [kunci_kolom(h) for h in next(reader, [])]
        for lineno, row in enumerate(reader, start=2):
            if row:
                yield lineno, dict(zip(header, row, strict=False))


def _baca_xlsx(path):
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = wb.active.iter_rows(values_only=True)
        header = [kunci_kolom(h) for h in next(rows, [])]
        for lineno, row in enumerate(rows, start=2):
            if row and any(v is not None for v in row):
                yield lineno, dict(zip(header, row, strict=False))
    finally:
        wb.close()


def csv_text(rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()
