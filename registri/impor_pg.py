"""The PostgreSQL path of registry imports: one partition per snapshot, filled with COPY.

Registry rows live in tables partitioned by snapshot (migration 0002). An import writes a
fresh, unindexed table (created with its partition CHECK, so attaching needs no scan),
indexes it (on `nik` alone, "C" collation: migration 0008) and attaches it as the
snapshot's partition; an old snapshot is detached and dropped in an instant.

Every common CSV form is written once, by one COPY straight into the partition (the file's
own separator and encoding; PostgreSQL parses the CSV). One regular expression per file,
built from its header, separator and quoting, recognises the lines the row rules
(`registri.berkas.bersihkan`) accept unchanged (the usual case):

- *direct* (every file column is a kept one and flags are 0/1): the bytes go to COPY as
  they are, after one full match of the block;
- *translating* (Y/T, YA/TIDAK, true/false, blank flags, extra or repeated columns): when the
  flags are the file's last columns, plain byte replacements rewrite each combination of
  their spellings to 1/0 and one full match checks the result; otherwise one substitution
  per block keeps the known columns and maps the flags.

Every other line (bad NIK, stray spaces, a NIK with a leading apostrophe, blank lines,
names with quotes, …) goes through the Python rules, which report rejects with their line
numbers and write the accepted rows, normalised, into the same COPY stream.

XLSX sheets of the usual form (inline strings, whole numbers, no missing cells) are
rewritten into such lines by a few substitutions on the sheet XML (`impor_xlsx`); other rows
are read cell by cell (`berkas.baris_dari`).

An import holds a session advisory lock on its snapshot id: a process that died lost it,
which is how `pulihkan` tells a dead import from a running one, on any server. Staging
tables (`registri_muat_<id>`) are no longer made; recovery still removes any left over.
"""

import csv
import functools
import io
import itertools
import operator
import re
import zipfile

from django.db import connection, transaction
from psycopg import sql
from psycopg.copy import QueuedLibpqWriter

from registri import berkas
from registri.models import BarisDtks, BarisPbi, Jenis, Snapshot

BLOK = 4 << 20  # bytes recognised at once
SEGMEN = 16 << 20  # bytes per COPY statement (progress is written between them)
KUNCI = 0x5245  # advisory lock class of registry imports
CONTOH = 500  # lines that choose the way of a CSV (direct or translating)


# -- tables and locks ---------------------------------------------------------------


def tabel_induk(jenis):
    return (BarisDtks if jenis == Jenis.DTKS else BarisPbi)._meta.db_table


def tabel_anak(snapshot):
    return f"{tabel_induk(snapshot.jenis)}_p{int(snapshot.pk)}"


def tabel_muat(snapshot):
    return f"registri_muat_{int(snapshot.pk)}"


def buat_anak(cursor, snapshot):
    """A fresh, unindexed table for the snapshot's rows (attached when complete)."""
    anak = tabel_anak(snapshot)
    cursor.execute(f"DROP TABLE IF EXISTS {anak}")
    cursor.execute(
        f"CREATE TABLE {anak} (LIKE {tabel_induk(snapshot.jenis)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS, "
        f"CHECK (snapshot_id = {int(snapshot.pk)}))"
    )
    cursor.execute(f"ALTER TABLE {anak} ALTER snapshot_id SET DEFAULT {int(snapshot.pk)}")


def pasang_anak(cursor, snapshot):
    anak = tabel_anak(snapshot)
    cursor.execute(f"ALTER TABLE {anak} ALTER snapshot_id DROP DEFAULT")
    with transaction.atomic():
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute(f"CREATE INDEX ON {anak} (nik)")  # matches the parent index (migration 0008)
    cursor.execute(f"ALTER TABLE {tabel_induk(snapshot.jenis)} ATTACH PARTITION {anak} FOR VALUES IN ({int(snapshot.pk)})")


def _buang_tabel(cursor, induk, anak):
    cursor.execute("SELECT to_regclass(%s)", [anak])
    if cursor.fetchone()[0] is None:
        return
    cursor.execute("SELECT 1 FROM pg_inherits WHERE inhrelid = %s::regclass", [anak])
    if cursor.fetchone():
        cursor.execute(f"ALTER TABLE {induk} DETACH PARTITION {anak}")
    cursor.execute(f"DROP TABLE {anak}")


def buang(jenis, snapshot_ids):
    """Detach and drop snapshots' partitions and staging tables (instant, whatever their size)."""
    induk = tabel_induk(jenis)
    with connection.cursor() as cursor:
        for pk in snapshot_ids:
            _buang_tabel(cursor, induk, f"{induk}_p{int(pk)}")
            cursor.execute(f"DROP TABLE IF EXISTS registri_muat_{int(pk)}")


def kunci(pk) -> bool:
    """Take the import lock of a snapshot for this session (False: another process holds it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [KUNCI, int(pk)])
        return cursor.fetchone()[0]


def lepas(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [KUNCI, int(pk)])


def tabel_tersisa():
    """(table name, snapshot id) of every registry partition and staging table that exists."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace "
            "AND (relname ~ '^registri_baris(dtks|pbi)_p[0-9]+$' OR relname ~ '^registri_muat_[0-9]+$')"
        )
        names = [row[0] for row in cursor.fetchall()]
    return [(name, int(re.search(r"([0-9]+)$", name).group(1))) for name in names]


def buang_tabel(name):
    induk = name.rsplit("_p", 1)[0] if name.startswith("registri_baris") else None
    with connection.cursor() as cursor:
        if induk:
            _buang_tabel(cursor, induk, name)
        else:
            cursor.execute(f"DROP TABLE IF EXISTS {name}")


# -- recognising clean lines ---------------------------------------------------------

NIK_LAZIM = berkas.NIK_LAZIM


# Program flags the translating pattern accepts as they are (every other spelling goes
# through the Python rules): raw token (unquoted or quoted) → what COPY reads, 1 or 0.
_KATA_PROGRAM = [
    *("1", "Y", "y", "YA", "Ya", "ya", "true", "TRUE", "True", "yes", "YES", "Yes"),
    *("0", "T", "t", "TIDAK", "Tidak", "tidak", "false", "FALSE", "False", "N", "n", "no", "NO", "No", ""),
]
PETA_PROGRAM = {}
for _kata in _KATA_PROGRAM:
    _nilai = b"1" if berkas.ya(_kata) else b"0"
    PETA_PROGRAM[_kata.encode()] = PETA_PROGRAM[b'"' + _kata.encode() + b'"'] = _nilai
_POLA_PROGRAM = b"|".join(re.escape(k) for k in sorted((k for k in PETA_PROGRAM if k), key=len, reverse=True))


_POLA_PROGRAM_POLOS = b"|".join(
    re.escape(k.encode()) for k in sorted((k for k in _KATA_PROGRAM if k), key=len, reverse=True)
)


def _pola_kolom(key, sep, langsung, xml=False):
    """Pattern of one clean field (unquoted or quoted) of column `key`.

    `langsung`: program flags only as 0/1 (the bytes go to COPY as they are); otherwise the
    flags of `_KATA_PROGRAM`, which the translating pass maps to 1/0.
    `xml`: a line made from XLSX cells (`impor_xlsx`): never quoted, and no `<`, `>` or `&`
    (a cell with an XML entity or one the conversion did not turn into text goes to Python).
    """
    lain = b"<>&\x1e" if xml else b""
    t = b'[^"' + lain + sep + b"\\r\\n]"  # any byte of an unquoted field
    e = b'[^"\\s' + lain + sep + b"]"  # its first and last byte: no whitespace (the rules strip it)
    tq, eq = b'[^"\\r\\n]', b'[^"\\s]'  # the same inside quotes, where the separator may appear

    def pilih(unq, qu):
        return unq if xml else unq + b'|"' + qu + b'"'

    def teks(n, wajib):
        unq = e + b"(?:" + t + b"{0,%d}" % (n - 2) + e + b")?"
        qu = eq + b"(?:" + tq + b"{0,%d}" % (n - 2) + eq + b")?"
        if not wajib:
            unq, qu = b"(?:" + unq + b")?", b"(?:" + qu + b")?"
        return pilih(unq, qu)

    if key == "nik":
        return pilih(NIK_LAZIM, NIK_LAZIM)
    if key == "nama":
        return teks(150, True)
    if key == "nomor_kk":
        return pilih(b"(?:[0-9]{16})?", b"(?:[0-9]{16})?")
    if key in ("alamat", "desa", "kecamatan"):
        return teks(berkas.KOLOM_TEKS[key], False)
    if key == "desil":
        return pilih(b"(?:[1-9]|10)?", b"(?:[1-9]|10)?")
    if key in berkas.KOLOM_PROGRAM:
        if langsung:
            return pilih(b"[01]", b"[01]")
        return (_POLA_PROGRAM_POLOS if xml else _POLA_PROGRAM) + b"|"  # the empty field last
    return t + b"*" if xml else t + b'*|"(?:' + tq + b'|"")*"'  # a column the registry does not keep


def _pola_baris(keys, pemisah, langsung, crlf, xml=False):
    """The pattern of one clean line, anchored at line start and end (re.M).

    A clean line ends as the file's first line does (CRLF or LF): COPY wants one style.
    The translating pattern (`langsung` false) captures each kept column (key not None).
    """
    sep = re.escape(pemisah.encode())
    fields = []
    for key in keys:
        pola = _pola_kolom(key, sep, langsung, xml)
        fields.append((b"(" if key and not langsung else b"(?:") + pola + b")")
    cr = b"\\r" if crlf else b""
    return re.compile(b"^" + sep.join(fields) + cr + b"$", re.M)


def _pola_blok(pola):
    """A pattern whose full match is a block (ending in a newline) of lines `pola` accepts.

    One match over the block, no search per line: the usual, all-clean block costs least.
    """
    body = pola.pattern[1:-1]  # without the ^ and $ anchors
    return re.compile(b"(?:" + body + b"\\n)*+")


def _baris_kotor(pola, data):
    """Indexes of the lines of a block (ending in a newline) that the pattern does not accept.

    One C-speed pass: every clean line becomes a NUL byte, the other lines stay as they are.
    """
    rest, clean = pola.subn(b"\x00", data)
    if clean == rest.count(b"\n"):
        return []
    parts = rest.split(b"\n")[:-1]
    kotor = [i for i, text in enumerate(parts) if text != b"\x00"]
    if len(parts) - len(kotor) != clean:  # a line that is just a NUL byte: check line by line
        kotor = [i for i, line in enumerate(data.split(b"\n")[:-1]) if not pola.fullmatch(line)]
    return kotor


# -- the CSV import -------------------------------------------------------------------


def _penerjemah(sep: bytes, program: list):
    """The replacement of a clean line matched by the translating pattern: its kept columns,
    program flags as 1/0, joined by the file's separator (what COPY reads)."""
    join = sep.join
    peta = PETA_PROGRAM
    if not program:
        return lambda m: join(m.groups())
    if len(program) == 3:
        a, b, c = program

        def terjemah3(m):
            g = list(m.groups())
            g[a], g[b], g[c] = peta[g[a]], peta[g[b]], peta[g[c]]
            return join(g)

        return terjemah3

    def terjemah(m):
        g = list(m.groups())
        for j in program:
            g[j] = peta[g[j]]
        return join(g)

    return terjemah


class _Tata:
    """The layout of one CSV import: what each file column is and where its bytes go.

    Two ways to the partition, both one COPY of every row:

    - *direct* (every file column is a kept one, flags 0/1): clean lines go to COPY as they are;
    - *translating* (Y/T, YA/TIDAK, true/false, blank flags, extra or repeated columns): one
      regular-expression substitution per block rewrites each clean line to its kept columns
      with flags as 1/0 (LF line ends).
    """

    def __init__(self, snapshot, bentuk, xml=False):
        self.xml = xml
        self.dtks = snapshot.jenis == Jenis.DTKS
        kolom = berkas.KOLOM_DTKS if self.dtks else berkas.KOLOM_PBI
        pertama = berkas._kolom_pertama(bentuk.kolom)
        # Per file column: its key when it is the first column of a kept key, else None.
        self.keys = [key if key in kolom and pertama[key] == i else None for i, key in enumerate(bentuk.kolom)]
        self.index = {key: i for i, key in enumerate(self.keys) if key}
        self.cols = [key for key in self.keys if key]  # COPY columns, in file order
        self.bentuk = bentuk
        self.anak = tabel_anak(snapshot)
        self.kolom = kolom
        self.bisa_langsung = all(self.keys)
        crlf = bentuk.akhir_baris == b"\r\n"
        self.pola_langsung = _pola_baris(self.keys, bentuk.pemisah, True, crlf, xml) if self.bisa_langsung else None
        self.pola_terjemah = _pola_baris(self.keys, bentuk.pemisah, False, crlf, xml)
        sep = bentuk.pemisah.encode()
        self.terjemah = _penerjemah(sep, [j for j, key in enumerate(self.cols) if key in berkas.KOLOM_PROGRAM])
        self.langsung = False
        self.pola = None
        self.ganti = []
        k = len([key for key in self.keys if key in berkas.KOLOM_PROGRAM])
        # Flags in the last k columns of a file of kept columns only (the usual extract).
        self.program_akhir = self.bisa_langsung and k and all(key in berkas.KOLOM_PROGRAM for key in self.keys[-k:])
        # Position in the values of `bersihkan` of each COPY column.
        self._tempat = [kolom.index(key) for key in self.cols]
        self.ambil = list(self.index.items())
        # The kept cells of a full row, by C-level getters.
        self.keys_ambil = [key for key, _ in self.ambil]
        self.ambil_sel = _pengambil([i for _, i in self.ambil])
        self.lebar = max(i for _, i in self.ambil) + 1
        # A row accepted by the rules as its COPY columns; `csv.writer` writes True/False as
        # COPY reads booleans, and None (no desil) as an unquoted empty field, NULL.
        self.kanonik = _pengambil(self._tempat)

    def pilih(self, contoh: bytes):
        """Direct when the first lines are (nearly all) clean for the direct pattern, else translating.

        Translating a file whose flags are its last columns: the flag spellings of the first
        lines give every combination of the last k fields (|spellings|^k ≤ 27), each rewritten
        by a plain byte replacement (`ganti`), and one match of the 0/1 pattern over the block
        checks the result; a block it does not fit goes line by line through the pattern.
        """
        end = 0
        for _ in range(CONTOH):
            end = contoh.find(b"\n", end) + 1
            if not end:
                break
        contoh = contoh[: end or len(contoh)]
        lines = contoh.count(b"\n")
        if self.bisa_langsung:
            kotor = len(_baris_kotor(self.pola_langsung, contoh))
            self.langsung = lines > 0 and kotor <= 0.01 * lines
        if self.langsung:
            self.pola = self.pola_langsung
            self.pola_blok = _pola_blok(self.pola)
            self.eol = self.bentuk.akhir_baris.decode()
            return
        self.pola = self.pola_terjemah
        self.eol = "\n"
        if self.program_akhir:
            k = len([key for key in self.cols if key in berkas.KOLOM_PROGRAM])
            kata = sorted({m.groups()[-k:][j] for m in self.pola.finditer(contoh) for j in range(k)})
            if kata and len(kata) ** k <= 27:
                sep = self.bentuk.pemisah.encode()
                ganti = []
                for combo in itertools.product(kata, repeat=k):
                    src = sep + sep.join(combo) + self.bentuk.akhir_baris
                    dst = sep + sep.join(PETA_PROGRAM[t] for t in combo) + b"\n"
                    if src != dst:
                        ganti.append((src, dst))
                self.ganti = ganti
                self.pola_blok = _pola_blok(_pola_baris(self.keys, self.bentuk.pemisah, True, False, self.xml))

    def copy_sql(self):
        b = self.bentuk
        delimiter = "E'\\t'" if b.pemisah == "\t" else f"'{b.pemisah}'"
        teks = [k for k in self.cols if k in berkas.KOLOM_TEKS]
        force_null = ", FORCE_NULL (desil)" if "desil" in self.cols else ""  # a quoted "" desil
        return (
            f"COPY {self.anak} ({', '.join(self.cols)}) FROM STDIN WITH (FORMAT csv, DELIMITER {delimiter}, "
            f"ENCODING '{b.pengodean_pg}', FORCE_NOT_NULL ({', '.join(teks)}){force_null})"
        )

    def blok(self, data, n_lines):
        """(bytes for COPY, indexes of lines the pattern does not accept, their kept lines)."""
        if self.langsung:
            if self.pola_blok.fullmatch(data):
                return data, [], None
            return None, _baris_kotor(self.pola, data), None
        if self.ganti:
            out = data
            for src, dst in self.ganti:
                out = out.replace(src, dst)
            if self.pola_blok.fullmatch(out):
                return out, [], None
        out, n = self.pola.subn(self.terjemah, data)
        if n == n_lines:
            return out, [], None
        if n == 0:  # no clean line at all (e.g. every name starts with a space)
            return None, list(range(n_lines)), []
        kotor, kept = [], []
        fullmatch, terjemah = self.pola.fullmatch, self.terjemah
        for i, line in enumerate(data.split(b"\n")[:-1]):
            m = fullmatch(line)
            if m is None:
                kotor.append(i)
            else:
                kept.append(terjemah(m))
        return None, kotor, kept


def _pengambil(positions):
    """A function returning the items at `positions` of a sequence, always as a tuple."""
    if len(positions) == 1:
        (i,) = positions
        return lambda row: (row[i],)
    return operator.itemgetter(*positions)


def _potong(data: bytes) -> int:
    """Where a block may end: after the last newline outside a quoted field (0: none)."""
    cut = data.rfind(b"\n") + 1
    if b'"' in data:
        while cut and data.count(b'"', 0, cut) % 2:
            cut = data.rfind(b"\n", 0, cut - 1) + 1
    return cut


def _periksa_pengodean(data, bentuk, line_no):
    if data.isascii() or bentuk.pengodean == "latin-1":
        return
    try:
        data.decode(bentuk.pengodean)
    except UnicodeDecodeError as exc:
        baris = line_no + data.count(b"\n", 0, exc.start)
        raise berkas.BerkasTidakTerbaca(berkas._pesan_pengodean(bentuk.pengodean, baris)) from exc


def impor_csv(snapshot: Snapshot, path, bentuk, on_progress):
    """Load a CSV into the snapshot's partition; returns (processed, loaded, rejected rows)."""
    tata = _Tata(snapshot, bentuk)
    processed = loaded = 0
    rejected = []
    with open(path, "rb") as fh, connection.cursor() as cursor:
        fh.seek(bentuk.bom)
        fh.readline()  # the header
        line_no = 2
        rest = fh.read(BLOK)
        tata.pilih(rest[: _potong(rest)])
        copy_sql = tata.copy_sql()
        eof = False
        while not eof:
            written = 0
            with cursor.cursor.copy(copy_sql, writer=QueuedLibpqWriter(cursor.cursor)) as copy:
                while written < SEGMEN:
                    piece = fh.read(BLOK)
                    data = rest + piece
                    if piece:
                        cut = _potong(data)
                        data, rest = data[:cut], data[cut:]
                        if not data:
                            continue
                    else:
                        eof = True
                        rest = b""
                        if data and not data.endswith(b"\n"):
                            data += bentuk.akhir_baris
                        if not data:
                            break
                    _periksa_pengodean(data, bentuk, line_no)
                    n_lines = data.count(b"\n")
                    out, kotor, kept = tata.blok(data, n_lines)
                    if not kotor:
                        copy.write(out)
                        loaded += n_lines
                    else:
                        good, more, why = _blok_campuran(tata, data, line_no, kotor, kept)
                        copy.write(good)
                        loaded += more
                        rejected.extend(why)
                    processed += n_lines
                    line_no += n_lines
                    written += len(data)
                    if eof:
                        break
            on_progress(processed)
    return processed, loaded, rejected


def _blok_campuran(tata, data, line_no, kotor, kept=None):
    """A block with lines the pattern does not accept (indexes `kotor`): (bytes, loaded, rejected).

    `kept`: the other lines as COPY reads them (translating); None: as they are (direct).
    """
    b = tata.bentuk
    out = io.StringIO()
    writer = csv.writer(out, delimiter=b.pemisah, lineterminator=tata.eol)
    lines = data.split(b"\n")[:-1]
    bad = [(line_no + i, lines[i]) for i in kotor]
    if kept is None:
        skip = set(kotor)
        kept = [line for i, line in enumerate(lines) if i not in skip]
    good = [b"\n".join(kept) + b"\n"] if kept else []
    loaded = len(kept)
    if any(text.count(b'"') % 2 for _, text in bad):
        # A quoted field spans lines: read the whole block as CSV records.
        good, loaded, rows = [], 0, _rekaman(data.decode(b.pengodean), line_no, b.pemisah)
    else:
        # One record per line: one reader over all of them.
        reader = csv.reader([text.decode(b.pengodean) for _, text in bad], delimiter=b.pemisah)
        rows = zip((n for n, _ in bad), reader, strict=True)
    rejected = []
    spasi, bersihkan, dtks = berkas.SPASI, berkas.bersihkan, tata.dtks
    keys, ambil, lebar = tata.keys_ambil, tata.ambil_sel, tata.lebar
    writerow, kanonik = writer.writerow, tata.kanonik
    for n, row in rows:
        if not "".join(row).strip(spasi):  # a blank line
            continue
        if len(row) >= lebar:
            raw = dict(zip(keys, ambil(row), strict=True))
        else:
            raw = {key: row[i] for key, i in tata.ambil if i < len(row)}
        values, alasan = bersihkan(dtks, raw)
        if alasan:
            rejected.append((n, str(raw.get("nik") or ""), alasan))
        else:
            writerow(kanonik(values))
            loaded += 1
    return b"".join(good) + out.getvalue().encode(b.pengodean), loaded, rejected


def _rekaman(text, line_no, pemisah):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=pemisah)
    line = 0
    for row in reader:
        start = line + line_no
        line = reader.line_num
        yield start, row


# -- rows from Python (XLSX) ---------------------------------------------------------


def impor_baris(snapshot: Snapshot, rows, on_progress, per_segmen=50000):
    """Validate (row number, dict) rows in Python and COPY the accepted ones; like impor_csv."""
    dtks = snapshot.jenis == Jenis.DTKS
    kolom = berkas.KOLOM_DTKS if dtks else berkas.KOLOM_PBI
    teks = [k for k in kolom if k in berkas.KOLOM_TEKS]
    copy_sql = sql.SQL(
        f"COPY {tabel_anak(snapshot)} ({', '.join(kolom)}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL ({', '.join(teks)}))"
    )
    processed = loaded = 0
    rejected = []
    rows = iter(rows)
    eof = False
    with connection.cursor() as cursor:
        while not eof:
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            n = 0
            for row_no, raw in rows:
                n += 1
                values, alasan = berkas.bersihkan(dtks, raw)
                if alasan:
                    rejected.append((row_no, str(raw.get("nik") if raw.get("nik") is not None else ""), alasan))
                else:
                    if dtks:
                        values[7:] = ["1" if v else "0" for v in values[7:]]
                    writer.writerow(values)
                    loaded += 1
                if n >= per_segmen:
                    break
            else:
                eof = True
            if out.tell():
                with cursor.cursor.copy(copy_sql) as copy:
                    copy.write(out.getvalue())
            processed += n
            on_progress(processed)
    return processed, loaded, rejected


# -- XLSX: the sheet's XML rewritten to lines, then the CSV way ---------------------

SEL_XLSX = "\x1f"  # the separator of the lines made from cells (never in XML text)
AKHIR_SEL = b"\x1e"  # a cell's end while rewriting (never in XML text either)


@functools.cache
def _pola_xlsx(width):
    """(row start, cell boundary) patterns for a sheet of `width` columns (A to its last).

    The start of a cell holding text, or a whole number as COPY reads it; a cell further
    right, or of another kind, is left as XML and its line goes to Python.
    """
    awal = (
        rb'<c r="[A-' + _huruf(width - 1) + rb'][0-9]+"(?: s="[0-9]+")?'
        rb'(?: t="inlineStr"><is><t>|(?: t="n")?><v>(?=(?:0|[1-9][0-9]{0,15})' + AKHIR_SEL + rb"))"
    )
    return re.compile(rb"<row\b[^>]*>(?=<c r=\"A)" + awal), re.compile(AKHIR_SEL + awal)


_BARIS_TUTUP_SENDIRI = re.compile(rb"<row\b[^>]*/>")


def _huruf(n):
    """The column letter of 0-based column n (n < 26)."""
    return chr(65 + n).encode()


def impor_xlsx(snapshot: Snapshot, path, on_progress):
    """Load an XLSX into the snapshot's partition; returns (processed, loaded, rejected rows).

    The usual sheet (openpyxl and most exports: text as inline strings, whole numbers, every
    cell present, header in row 1) is rewritten piece by piece into lines of its cells by a
    few C-speed substitutions, checked by the same line patterns as a CSV, and sent to COPY.
    A piece that is not of that form (shared strings, missing cells, XML entities, formulas,
    numbers with decimals) is read by `berkas.baris_dari` and the Python rules, so every row
    gets exactly the value and the verdict of `berkas.baca_xlsx` + `bersihkan`.
    """
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise berkas.BerkasTidakTerbaca("Berkas XLSX rusak atau bukan XLSX.") from exc
    with zf:
        sheet, shared_member = berkas._xlsx_bagian(zf)
        try:
            shared = berkas._shared_strings(zf, shared_member)
            with zf.open(sheet) as fh:
                try:
                    return _impor_lembar(snapshot, fh, shared, on_progress)
                except _TanpaNomorBaris:
                    pass
        except (zipfile.BadZipFile, KeyError, ValueError, IndexError, EOFError) as exc:
            raise berkas.BerkasTidakTerbaca("Berkas XLSX rusak atau tidak dapat dibaca.") from exc
    return impor_baris(snapshot, berkas.baca_xlsx(path), on_progress)


class _TanpaNomorBaris(Exception):
    """A sheet whose header row has no row number (before anything is written)."""


def _potongan(fh):
    """Pieces of sheet XML that end at a row end."""
    rest = b""
    while True:
        piece = fh.read(BLOK)
        data = rest + piece
        if not piece:
            if data:
                yield data
            return
        cut = data.rfind(b"</row>")
        if cut < 0:
            rest = data
            continue
        data, rest = data[: cut + 6], data[cut + 6 :]
        yield data


def _impor_lembar(snapshot, fh, shared, on_progress):
    pieces = _potongan(fh)
    tata = None
    header = None
    processed = loaded = 0
    rejected = []
    with connection.cursor() as cursor:
        eof = False
        pending = []
        while not eof:
            # The header: the first row with a value (as baca_xlsx).
            while header is None:
                data = next(pieces, None)
                if data is None:
                    return processed, loaded, rejected
                rows = list(berkas.baris_dari(data, shared))
                for row_no, cells in rows:
                    if any(v is not None and str(v).strip(berkas.SPASI) for v in cells):
                        header = [berkas.kunci_kolom(h) for h in cells]
                        if "nik" not in header:
                            raise berkas.BerkasTidakTerbaca(
                                "Kolom NIK tidak ditemukan di baris judul. Beri judul “NIK” pada kolom NIK."
                            )
                        bentuk = berkas.BentukCsv("utf-8", 0, SEL_XLSX, header, b"\n")
                        tata = _Tata(snapshot, bentuk, xml=True)  # its way: chosen on the first rows
                        # The rest of this piece: after the header row's end.
                        m = re.search(rb'<row r="%d"' % row_no, data)
                        if m is None:  # rows without numbers: nothing written yet, read it all in Python
                            raise _TanpaNomorBaris
                        pending = [data[data.find(b"</row>", m.end()) + 6 :]]
                        break
            with cursor.cursor.copy(tata.copy_sql(), writer=QueuedLibpqWriter(cursor.cursor)) as copy:
                written = 0
                while written < SEGMEN:
                    data = pending.pop() if pending else next(pieces, None)
                    if data is None:
                        eof = True
                        break
                    out, n_rows, more, why = _potongan_xlsx(tata, data, shared)
                    if out:
                        copy.write(out)
                    processed += n_rows
                    loaded += more
                    rejected.extend(why)
                    written += len(data)
            on_progress(processed)
    return processed, loaded, rejected


def _potongan_xlsx(tata, data, shared):
    """One piece of sheet XML: (bytes for COPY, rows processed, rows loaded, rejected rows)."""
    n_rows = data.count(b"</row>")
    if not n_rows:
        return b"", 0, 0, []
    if data.count(b"<row ") != n_rows:
        data = _BARIS_TUTUP_SENDIRI.sub(b"", data)  # <row r="5"/>: a blank row
    n_isi = n_rows - data.count(b'"></row>')  # <row r="5"></row>: a blank row too
    if b't="inlineStr"></c>' in data:  # an empty text cell, as openpyxl writes ""
        data = data.replace(b't="inlineStr"></c>', b't="inlineStr"><is><t></t></is></c>')
    width = len(tata.keys)
    # Every row that has cells has all of them, A to the header's last column: each has one
    # A cell and one last-column cell, there are rows × width cells, and a cell further right
    # is not rewritten (its line keeps XML and goes to Python).
    bisa = (
        1 <= width <= 26
        and data.count(b"<row ") == n_rows
        and b"\n" not in data
        and b"\r" not in data
        and data.count(b"<c ") == data.count(b'<c r="') == n_isi * width
        and data.count(b'<c r="' + _huruf(width - 1)) == n_isi
        and data.count(b'<c r="A') == n_isi
    )
    if bisa:
        awal, antara = _pola_xlsx(width)
        lines = data.replace(b"</t></is></c>", AKHIR_SEL).replace(b"</v></c>", AKHIR_SEL)
        lines = lines.replace(AKHIR_SEL + b"</row>", b"\n").replace(b"</row>", b"\n")
        lines = antara.sub(SEL_XLSX.encode(), awal.sub(b"", lines))
        if lines.count(b"\n") == n_rows:
            if tata.pola is None:
                tata.pilih(lines)
            out, kotor, kept = tata.blok(lines, n_rows)
            if not kotor:
                return out, n_rows, n_rows, []
            # Rows the lines do not fit: their own XML, read as baca_xlsx reads it.
            if kept is None:
                skip = set(kotor)
                kept = [line for i, line in enumerate(lines.split(b"\n")[:-1]) if i not in skip]
            xml_rows = data.split(b"</row>")
            bad = b"".join(xml_rows[i] + b"</row>" for i in kotor)
            good = b"\n".join(kept) + b"\n" if kept else b""
            processed, more, why, extra = _baris_python(tata, bad, shared)
            return good + extra, len(kept) + processed, len(kept) + more, why
    processed, more, why, extra = _baris_python(tata, data, shared)
    return extra, processed, more, why


def _baris_python(tata, data, shared):
    """Rows of a piece of sheet XML through the Python rules: (processed, loaded, rejected, bytes)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=SEL_XLSX, lineterminator="\n")
    ambil = tata.ambil
    processed = loaded = 0
    rejected = []
    for row_no, cells in berkas.baris_dari(data, shared):
        if not any(v is not None and str(v).strip(berkas.SPASI) for v in cells):
            continue
        processed += 1
        raw = {key: cells[i] for key, i in ambil if i < len(cells)}
        values, alasan = berkas.bersihkan(tata.dtks, raw)
        if alasan:
            nik = raw.get("nik")
            rejected.append((row_no, str(nik if nik is not None else ""), alasan))
        else:
            writer.writerow(tata.kanonik(values))
            loaded += 1
    return processed, loaded, rejected, out.getvalue().encode("utf-8")
