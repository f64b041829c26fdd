"""Reading registry spreadsheets (CSV or XLSX) row by row, whatever their size and form.

CSV files come as offices save them: `,`, `;` or tab separators, quoted or not, CRLF or LF,
UTF-8 with or without BOM, or Windows-1252/Latin-1 (detected, or chosen in the upload form).
Headers are matched loosely ("No. KK", "nomor_kk", "KK" are the same column), in any order,
extra columns ignored; the first of two columns with the same meaning wins. XLSX sheets are
read by a streaming reader of the sheet's XML (constant memory, ~10× openpyxl's speed).

NIKs come back as 16-character strings even when a spreadsheet stored them as numbers
("1.609011204850001E15" cannot be recovered and is reported as invalid).

Row numbers (`baris`) are the file's line (CSV: the line a record starts on, the header
being line 1) or the sheet's row number (XLSX): what the user sees in an editor or Excel.

The row rules (`bersihkan`) live here too: the PostgreSQL fast path recognises exactly the
rows these rules accept unchanged (`registri.impor_pg`), so every path agrees.
"""

import codecs
import csv
import datetime
import html
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

ALIAS = {
    "nik": "nik",
    "no_nik": "nik",
    "nomor_nik": "nik",
    "nomor_induk_kependudukan": "nik",
    "nama": "nama",
    "nama_lengkap": "nama",
    "nama_art": "nama",
    "nama_penerima": "nama",
    "nomor_kk": "nomor_kk",
    "no_kk": "nomor_kk",
    "kk": "nomor_kk",
    "nokk": "nomor_kk",
    "nomor_kartu_keluarga": "nomor_kk",
    "alamat": "alamat",
    "alamat_lengkap": "alamat",
    "desa": "desa",
    "kelurahan": "desa",
    "desa_kelurahan": "desa",
    "desa/kelurahan": "desa",
    "desa_kel": "desa",
    "kecamatan": "kecamatan",
    "kec": "kecamatan",
    "desil": "desil",
    "desil_nasional": "desil",
    "pkh": "pkh",
    "status_pkh": "pkh",
    "bpnt": "bpnt",
    "sembako": "bpnt",
    "bpnt_sembako": "bpnt",
    "bpnt/sembako": "bpnt",
    "status_bpnt": "bpnt",
    "pbi": "pbi",
    "pbi_jk": "pbi",
    "pbi_jkn": "pbi",
    "status_pbi": "pbi",
}
KOLOM_DTKS = ["nik", "nama", "nomor_kk", "alamat", "desa", "kecamatan", "desil", "pkh", "bpnt", "pbi"]
KOLOM_PBI = ["nik", "nama", "nomor_kk", "alamat", "desa", "kecamatan"]
KOLOM_TEKS = {"nik": 16, "nama": 150, "nomor_kk": 16, "alamat": 250, "desa": 100, "kecamatan": 100}
KOLOM_PROGRAM = ("pkh", "bpnt", "pbi")
YA = {"1", "y", "ya", "yes", "true", "v", "√", "x"}
# Whitespace stripped from cells; the same set on every path (SQL, regular expressions, Python).
SPASI = " \t\n\r\x0b\x0c"

# Python codec → PostgreSQL COPY encoding, and the labels of the upload form.
PENGODEAN = {
    "utf-8": ("UTF8", "UTF-8"),
    "cp1252": ("WIN1252", "Windows-1252 (ANSI, Excel Windows)"),
    "latin-1": ("LATIN1", "Latin-1 (ISO-8859-1)"),
}


class BerkasTidakTerbaca(Exception):
    """A file that cannot be read as a registry list; the message says why, in Indonesian."""


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
        text = str(value).strip(SPASI).lstrip("'").replace(" ", "")
        if text.endswith("0") and re.fullmatch(r"[0-9]+\.0+", text):
            text = text.split(".")[0]
    return text


# A well-formed NIK that needs no further check: province 11-99, district and subdistrict not
# 00, a real date of birth (ddmmyy; women: day + 40; 29 February only in leap years, which for
# 2000-2099 are the years divisible by 4), serial not 0000.
_HARI_BULAN = (
    rb"(?:(?:0[1-9]|1[0-9]|2[0-8])(?:0[1-9]|1[0-2])|(?:29|30)(?:0[13-9]|1[0-2])|31(?:0[13578]|1[02])"
    rb"|(?:4[1-9]|5[0-9]|6[0-8])(?:0[1-9]|1[0-2])|(?:69|70)(?:0[13-9]|1[0-2])|71(?:0[13578]|1[02]))"
)
_TANGGAL = _HARI_BULAN + rb"[0-9][0-9]|(?:29|69)02(?:[02468][048]|[13579][26])"
NIK_LAZIM = rb"(?:1[1-9]|[2-9][0-9])(?!00)[0-9][0-9](?!00)[0-9][0-9](?:" + _TANGGAL + rb")(?!0000)[0-9]{4}"


_NIK_LAZIM = re.compile(NIK_LAZIM.decode())
_DIGIT16 = re.compile(r"[0-9]{16}")


def nik_valid(nik: str) -> str | None:
    """None if the NIK is structurally valid, else the reason (Indonesian)."""
    if len(nik) != 16 or not _DIGIT16.fullmatch(nik):
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
    return str(value if value is not None else "").strip(SPASI).lower() in YA


def _teks(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip(SPASI)


_DESIL = re.compile(r"0*(?:[1-9]|10)")


def _sel(value, limit):
    if type(value) is str:
        return value.strip(SPASI)[:limit]
    return _teks(value)[:limit]


# Flag cells as they usually come, looked up before the general rule of `ya` (same answer).
_YA_CEPAT = {
    v: ya(v)
    for v in ("1", "0", "", "Y", "T", "y", "t", "YA", "Ya", "ya", "TIDAK", "Tidak", "tidak", "true", "false", "N", "n")
    + ("TRUE", "FALSE", "True", "False")
}
_DESIL_CEPAT = {str(i): i for i in range(1, 11)} | {"": None}


def bersihkan(jenis_dtks: bool, raw: dict):
    """(values in column order, None) or (None, reason): the rules of every import path."""
    get = raw.get
    value = get("nik")
    nik = value.strip(SPASI) if type(value) is str else ""
    if not _NIK_LAZIM.fullmatch(nik):  # the usual case needs no further work
        nik = normalisasi_nik(value)
        alasan = nik_valid(nik)
        if alasan:
            return None, alasan
    nama = get("nama")
    nama = nama.strip(SPASI)[:150] if type(nama) is str else _teks(nama)[:150]
    if not nama:
        return None, "nama kosong"
    kk = get("nomor_kk")
    kk = kk if type(kk) is str and len(kk) == 16 and _DIGIT16.fullmatch(kk) else normalisasi_nik(kk)[:16]
    values = [nik, nama, kk, _sel(get("alamat"), 250), _sel(get("desa"), 100), _sel(get("kecamatan"), 100)]
    if jenis_dtks:
        desil = get("desil")
        if type(desil) is str and desil in _DESIL_CEPAT:
            desil = _DESIL_CEPAT[desil]
        else:
            desil = _sel(desil, 1000)
            if desil and not _DESIL.fullmatch(desil):
                return None, f"desil “{desil}” bukan 1–10"
            desil = int(desil) if desil else None
        cepat = _YA_CEPAT.get
        flags = []
        for key in KOLOM_PROGRAM:
            v = get(key)
            f = cepat(v) if type(v) is str else None
            flags.append(ya(v) if f is None else f)
        values += [desil, *flags]
    return values, None


# -- CSV: form of the file ---------------------------------------------------------


@dataclass(frozen=True)
class BentukCsv:
    """How a CSV file is written: encoding, BOM, separator, header."""

    pengodean: str  # Python codec: utf-8, cp1252, latin-1
    bom: int  # bytes to skip at the start
    pemisah: str
    kolom: list  # normalised header keys, in file order
    akhir_baris: bytes  # b"\r\n" or b"\n"

    @property
    def pengodean_pg(self):
        return PENGODEAN[self.pengodean][0]


def kenali_pengodean(sample: bytes, pilihan: str = "") -> tuple[str, int]:
    """(Python codec, BOM length) of a CSV file from its first bytes, or the user's choice."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or sample[:200].count(b"\x00") > 10:
        raise BerkasTidakTerbaca(
            "Berkas berpengodean UTF-16 (mis. “Teks Unicode” dari Excel). Simpan ulang sebagai "
            "“CSV UTF-8 (dipisah koma)” atau XLSX, lalu unggah lagi."
        )
    if sample.startswith(b"\xd0\xcf\x11\xe0"):
        raise BerkasTidakTerbaca("Berkas adalah XLS lama. Simpan ulang sebagai XLSX atau CSV, lalu unggah lagi.")
    if sample.startswith(b"PK\x03\x04"):
        raise BerkasTidakTerbaca("Berkas ini XLSX, bukan CSV. Unggah dengan ekstensi .xlsx.")
    bom = 3 if sample.startswith(codecs.BOM_UTF8) else 0
    if pilihan:
        if pilihan not in PENGODEAN:
            raise BerkasTidakTerbaca(f"Pengodean “{pilihan}” tidak dikenal.")
        return pilihan, bom if pilihan == "utf-8" else 0
    if bom:
        return "utf-8", 3
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8", 0
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("cp1252")
        return "cp1252", 0
    except UnicodeDecodeError:
        return "latin-1", 0


def kenali_csv(path, pilihan: str = "") -> BentukCsv:
    with open(path, "rb") as fh:
        sample = fh.read(1 << 20)
    pengodean, bom = kenali_pengodean(sample, pilihan)
    first = sample[bom:].split(b"\n", 1)[0]
    try:
        header_text = first.decode(pengodean).rstrip("\r")
    except UnicodeDecodeError as exc:
        raise BerkasTidakTerbaca(_pesan_pengodean(pengodean, 1)) from exc
    counts = {sep: header_text.count(sep) for sep in (";", ",", "\t")}
    pemisah = max(counts, key=lambda sep: (counts[sep], sep == ","))
    names = next(csv.reader([header_text], delimiter=pemisah), [])
    kolom = [kunci_kolom(h) for h in names]
    if "nik" not in kolom:
        raise BerkasTidakTerbaca(_pesan_tanpa_nik(header_text, pengodean))
    return BentukCsv(pengodean, bom, pemisah, kolom, b"\r\n" if first.endswith(b"\r") else b"\n")


def _pesan_pengodean(pengodean, baris):
    nama = PENGODEAN[pengodean][1]
    return (
        f"Berkas tidak dapat dibaca sebagai {nama} (baris {baris}). Pilih pengodean berkas di formulir "
        "unggah, atau simpan ulang sebagai “CSV UTF-8”."
    )


def _pesan_tanpa_nik(header_text, pengodean):
    if "\ufffd" in header_text or any(ord(ch) < 32 and ch not in "\t" for ch in header_text):
        return "Judul kolom tidak terbaca: pengodean berkas tidak dikenali. Simpan ulang sebagai “CSV UTF-8”."
    return "Kolom NIK tidak ditemukan di baris judul (baris pertama). Beri judul “NIK” pada kolom NIK."


def _kolom_pertama(kolom):
    """For each known key, the index of its first column (later duplicates are ignored)."""
    index = {}
    for i, key in enumerate(kolom):
        index.setdefault(key, i)
    return index


def baca(path, pengodean: str = ""):
    """Yield (row number, dict of normalised columns) for every non-blank data row."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        yield from baca_xlsx(path)
    else:
        yield from baca_csv(path, kenali_csv(path, pengodean))


def baca_csv(path, bentuk: BentukCsv, start=0, stop=None, first_line=None):
    """Rows of a CSV (or of its byte range [start, stop) that begins at a record)."""
    index = _kolom_pertama(bentuk.kolom)
    with open(path, "rb") as raw:
        raw.seek(start or bentuk.bom)
        data = raw.read(stop - start) if stop is not None else None
    source = io.BytesIO(data) if data is not None else open(path, "rb")  # noqa: SIM115 - closed below
    try:
        if data is None:
            source.seek(bentuk.bom)
        text = io.TextIOWrapper(source, encoding=bentuk.pengodean, newline="")
        reader = csv.reader(text, delimiter=bentuk.pemisah)
        offset = 0
        if first_line is None:
            next(reader, None)
            first_line = 1
        else:
            offset = first_line - 1
        line = reader.line_num
        try:
            for row in reader:
                start_line = line + 1 + offset
                line = reader.line_num
                if not any(cell.strip(SPASI) for cell in row):
                    continue
                yield start_line, {key: row[i] for key, i in index.items() if i < len(row)}
        except UnicodeDecodeError as exc:
            raise BerkasTidakTerbaca(_pesan_pengodean(bentuk.pengodean, line + 1 + offset)) from exc
    finally:
        source.close()


# -- XLSX: a streaming reader of the sheet's XML ----------------------------------

# One match per row start, row end or cell; a cell's column, type and value in groups.
_SEL = re.compile(
    rb"(<(?:\w+:)?row\b)([^>]*?)(/?)>|(</(?:\w+:)?row>)"
    rb"|<(?:\w+:)?c(?:\s+r=\"([A-Z]+)[0-9]+\"|\s+t=\"(\w+)\"|\s+[\w:]+=\"[^\"]*\")*\s*"
    rb"(?:/>|>(?:<(?:\w+:)?f\b[^>]*/>|<(?:\w+:)?f\b[^>]*>[^<]*</(?:\w+:)?f>)?"
    rb"(?:<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>|<(?:\w+:)?is><(?:\w+:)?t(?:\s[^>]*)?>([^<]*)</(?:\w+:)?t></(?:\w+:)?is>|(.*?))"
    rb"</(?:\w+:)?c>)",
    re.S,
)
_ATRIBUT = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_TEKS = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)</(?:\w+:)?t>|<(?:\w+:)?t\s*/>")
_SI = re.compile(rb"<(?:\w+:)?si>(.*?)</(?:\w+:)?si>|<(?:\w+:)?si\s*/>", re.S)
_RPH = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)
_ANGKA_BULAT = re.compile(r"-?[0-9]+")


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8")
    return html.unescape(text) if "&" in text else text


def _teks_sel(raw: bytes) -> str:
    if b"<rPh" in raw:
        raw = _RPH.sub(b"", raw)
    return "".join(_unescape(m.group(1) or b"") for m in _TEKS.finditer(raw))


_ROW_R = re.compile(rb'\br="([0-9]+)"')


def _kolom_huruf(ref: bytes) -> int:
    n = 0
    for ch in ref:
        if 65 <= ch <= 90:
            n = n * 26 + ch - 64
        else:
            break
    return n - 1


_KOLOM = {}
for _i in range(26 * 27):
    _name = (chr(64 + _i // 26) if _i >= 26 else "") + chr(65 + _i % 26)
    _KOLOM[_name.encode()] = _i


def _angka(text: str):
    if _ANGKA_BULAT.fullmatch(text):
        return int(text)
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() and abs(value) < 1e16 else value


def _xlsx_bagian(zf):
    """(sheet member name, shared strings member or None) of the first worksheet."""
    names = set(zf.namelist())
    sheet = "xl/worksheets/sheet1.xml"
    try:
        workbook = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
        first = re.search(rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"", workbook) or re.search(
            rb"<(?:\w+:)?sheet\b[^>]*?\bid=\"([^\"]+)\"", workbook
        )
        if first:
            for rel in re.finditer(rb"<Relationship\b[^>]*>", rels):
                attrs = dict(_ATRIBUT.findall(rel.group(0)))
                if attrs.get(b"Id") == first.group(1):
                    target = attrs[b"Target"].decode()
                    sheet = target.lstrip("/") if target.startswith("/") else "xl/" + target
    except KeyError:
        pass
    if sheet not in names:
        candidates = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
        if not candidates:
            raise BerkasTidakTerbaca("Berkas XLSX tidak berisi lembar kerja.")
        sheet = candidates[0]
    shared = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in names else None
    return sheet, shared


def _shared_strings(zf, member):
    if member is None:
        return []
    out = []
    rest = b""
    with zf.open(member) as fh:
        while True:
            piece = fh.read(8 << 20)
            data = rest + piece
            cut = data.rfind(b"</si>") + 5 if piece else len(data)
            if piece and cut < 5:
                rest = data
                continue
            block, rest = data[:cut], data[cut:]
            for m in _SI.finditer(block):
                out.append(_teks_sel(m.group(1) or b""))
            if not piece:
                break
    return out


def baris_dari(data: bytes, shared, row_no=0):
    """Yield (row number, list of cell values) of the complete rows in a piece of sheet XML."""
    cells = None
    col = 0
    for row_open, row_attrs, empty, row_close, ref, t, v, inline, other in _SEL.findall(data):
        if row_open:
            r = _ROW_R.search(row_attrs)
            row_no = int(r.group(1)) if r else row_no + 1
            cells = None if empty else []
            col = 0
            continue
        if row_close:
            if cells:
                yield row_no, cells
            cells = None
            continue
        if cells is None:
            cells = []
        if ref:
            col = _KOLOM.get(ref) or _kolom_huruf(ref)
        if v:
            if t == b"s":
                value = shared[int(v)]
            elif not t or t == b"n":
                value = _angka(v.decode())
            elif t == b"b":
                value = v == b"1"
            else:  # str, e, inlineStr with a cached value
                value = _unescape(v)
        elif inline:
            value = _unescape(inline)
        elif other:
            value = _teks_sel(other) if t == b"inlineStr" else None
        else:
            value = None
        if value is not None and value != "":
            if col >= len(cells):
                cells.extend([None] * (col + 1 - len(cells)))
            cells[col] = value
        col += 1


def _baris_xlsx(path):
    """Yield (row number, list of cell values) of the first sheet, streaming."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BerkasTidakTerbaca("Berkas XLSX rusak atau bukan XLSX.") from exc
    with zf:
        sheet, shared_member = _xlsx_bagian(zf)
        try:
            shared = _shared_strings(zf, shared_member)
            with zf.open(sheet) as fh:
                rest = b""
                row_no = 0
                while True:
                    piece = fh.read(8 << 20)
                    data = rest + piece
                    if piece:
                        cut = data.rfind(b"</row>")
                        if cut < 0:
                            rest = data
                            continue
                        cut += 6
                        data, rest = data[:cut], data[cut:]
                    for row in baris_dari(data, shared, row_no):
                        row_no = row[0]
                        yield row
                    if not piece:
                        break
        except (zipfile.BadZipFile, KeyError, ValueError, IndexError, EOFError) as exc:
            raise BerkasTidakTerbaca("Berkas XLSX rusak atau tidak dapat dibaca.") from exc


def baca_xlsx(path):
    """Yield (row number, dict of normalised columns) of the first sheet's data rows."""
    rows = _baris_xlsx(path)
    header = None
    for row_no, cells in rows:
        if not any(v is not None and str(v).strip(SPASI) for v in cells):
            continue
        if header is None:
            header = _kolom_pertama([kunci_kolom(h) for h in cells])
            if "nik" not in header:
                raise BerkasTidakTerbaca("Kolom NIK tidak ditemukan di baris judul. Beri judul “NIK” pada kolom NIK.")
            continue
        yield row_no, {key: cells[i] for key, i in header.items() if i < len(cells)}


def hitung_baris(path) -> int:
    """Number of data rows, cheaply (for the progress bar; XLSX: from the sheet's dimension)."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        try:
            with zipfile.ZipFile(path) as zf:
                sheet, _ = _xlsx_bagian(zf)
                with zf.open(sheet) as fh:
                    head = fh.read(4096)
        except (zipfile.BadZipFile, KeyError, OSError) as exc:
            raise BerkasTidakTerbaca("Berkas XLSX rusak atau bukan XLSX.") from exc
        m = re.search(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+:[A-Z]+(\d+)"', head)
        return max(int(m.group(1)) - 1, 0) if m else 0
    count = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            count += chunk.count(b"\n")
    return max(count - 1, 0)


# -- exports: text, never formulas --------------------------------------------------

_AWAL_RUMUS = ("=", "+", "-", "@", "\t", "\r")


def teks_aman(value):
    """A cell for CSV: text starting like a formula gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(_AWAL_RUMUS):
        return "'" + value
    return value


def csv_text(rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([teks_aman(v) for v in row] for row in rows)
    return buffer.getvalue()


def sel_xlsx(ws, value):
    """A write-only XLSX cell: strings are stored as text (never a formula), shown as typed."""
    from openpyxl.cell import WriteOnlyCell

    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(ws, value=None)
    cell._value = value
    cell.data_type = "s"
    if value.startswith(_AWAL_RUMUS):
        cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    return cell
