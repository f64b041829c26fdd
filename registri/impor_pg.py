"""The PostgreSQL path of registry imports: one partition per snapshot, filled with COPY.

Registry rows live in tables partitioned by snapshot (migration 0002). An import writes a
fresh, unindexed table, indexes it and attaches it as the snapshot's partition; an old
snapshot is detached and dropped in an instant.

For a CSV whose columns are all known, one regular expression per 4 MB block recognises
the clean lines (the usual case) and they go to PostgreSQL untouched with COPY (FORMAT
csv). Every other line goes through the full Python validation (`registri.impor`), which
also reports it when it is rejected.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.db import connection, transaction

from registri.berkas import kunci_kolom
from registri.models import BarisDtks, BarisPbi, Jenis, Snapshot

PIECE = 4 << 20


# -- partitions -------------------------------------------------------------------


def tabel_induk(jenis):
    return (BarisDtks if jenis == Jenis.DTKS else BarisPbi)._meta.db_table


def tabel_anak(snapshot):
    return f"{tabel_induk(snapshot.jenis)}_p{int(snapshot.pk)}"


def buat_anak(cursor, snapshot):
    """A fresh, unindexed table for the snapshot's rows (attached when complete)."""
    cursor.execute(f"DROP TABLE IF EXISTS {tabel_anak(snapshot)}")
    cursor.execute(
        f"CREATE TABLE {tabel_anak(snapshot)} (LIKE {tabel_induk(snapshot.jenis)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
    )


def pasang_anak(cursor, snapshot):
    anak = tabel_anak(snapshot)
    with transaction.atomic():
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute(f"CREATE INDEX ON {anak} (snapshot_id, nik)")
    cursor.execute(f"ALTER TABLE {anak} ADD CHECK (snapshot_id = {int(snapshot.pk)})")
    cursor.execute(f"ALTER TABLE {tabel_induk(snapshot.jenis)} ATTACH PARTITION {anak} FOR VALUES IN ({int(snapshot.pk)})")


def buang(jenis, snapshot_ids):
    """Detach and drop old snapshots' partitions (instant, whatever their size)."""
    induk = tabel_induk(jenis)
    with connection.cursor() as cursor:
        for pk in snapshot_ids:
            anak = f"{induk}_p{int(pk)}"
            cursor.execute("SELECT to_regclass(%s)", [anak])
            if cursor.fetchone()[0] is None:
                continue
            cursor.execute("SELECT 1 FROM pg_inherits WHERE inhrelid = %s::regclass", [anak])
            if cursor.fetchone():
                cursor.execute(f"ALTER TABLE {induk} DETACH PARTITION {anak}")
            cursor.execute(f"DROP TABLE {anak}")


# -- the import -------------------------------------------------------------------

# A well-formed NIK that needs no further check: province 11-99, district and subdistrict not
# 00, a real day of the month (women: day + 40; 29 February goes through the exact check),
# serial not 0000.
_HARI_BULAN = (
    rb"(?:(?:0[1-9]|1\d|2[0-8])(?:0[1-9]|1[0-2])|(?:29|30)(?:0[13-9]|1[0-2])|31(?:0[13578]|1[02])"
    rb"|(?:4[1-9]|5\d|6[0-8])(?:0[1-9]|1[0-2])|(?:69|70)(?:0[13-9]|1[0-2])|71(?:0[13578]|1[02]))"
)
NIK_LAZIM = rb"(?:1[1-9]|[2-9]\d)(?!00)\d\d(?!00)\d\d" + _HARI_BULAN + rb"\d\d(?!0000)\d{4}"
POLA_KOLOM = {
    "nik": NIK_LAZIM,
    "nama": rb"[^,;\"\n\r\s][^,;\"\n\r]{0,149}",
    "nomor_kk": rb"(?:\d{16})?",
    "alamat": rb"[^,;\"\n\r]{0,250}",
    "desa": rb"[^,;\"\n\r]{0,100}",
    "kecamatan": rb"[^,;\"\n\r]{0,100}",
    "desil": rb"(?:[1-9]|10)?",
    "pkh": rb"[01]",
    "bpnt": rb"[01]",
    "pbi": rb"[01]",
}


@dataclass(frozen=True)
class Csv:
    """What the fast path needs to know of a CSV file."""

    names: list
    delimiter: str
    pola: re.Pattern


def siapkan(path, jenis) -> Csv | None:
    """The file's columns and clean-line pattern, or None when the columns need the slow path."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        first = fh.readline()
    delimiter = ";" if first.count(";") > first.count(",") else ","
    names = [kunci_kolom(h) for h in next(csv.reader(io.StringIO(first), delimiter=delimiter))]
    pola = _pola_baris(names, delimiter, jenis)
    return Csv(names, delimiter, pola) if pola is not None else None


def _pola_baris(names, delimiter, jenis):
    allowed = set(POLA_KOLOM) if jenis == Jenis.DTKS else {"nik", "nama", "nomor_kk", "alamat", "desa", "kecamatan"}
    if "nik" not in names or "nama" not in names or len(set(names)) != len(names) or not set(names) <= allowed:
        return None
    sep = re.escape(delimiter.encode())
    body = sep.join(b"(?:" + POLA_KOLOM[name] + b")" for name in names)
    return re.compile(rb"^" + body + rb"\r?$", re.M)


def impor_csv(snapshot: Snapshot, path, siap: Csv, on_progress, tulis_lambat):
    """Load a CSV into the snapshot's partition; returns (processed, loaded, rejected rows).

    Clean lines (the usual case) are recognised by one regular expression per block and
    sent to PostgreSQL untouched with COPY (FORMAT csv). Any other line goes through
    `tulis_lambat([(line number, line), ...])`, the full Python validation, which returns
    (loaded, rejected) for those lines (once per block).
    """
    names, delimiter, pola = siap.names, siap.delimiter, siap.pola
    anak = tabel_anak(snapshot)
    # Empty text cells are '' (the columns are NOT NULL); an empty desil stays NULL.
    teks = [n for n in names if n in {"nik", "nama", "nomor_kk", "alamat", "desa", "kecamatan"}]
    copy_sql = (
        f"COPY {anak} ({', '.join(names)}) FROM STDIN WITH (FORMAT csv, DELIMITER '{delimiter}', "
        f"ENCODING 'UTF8', FORCE_NOT_NULL ({', '.join(teks)}))"
    )
    processed = loaded = 0
    rejected = []
    line_no = 1
    rest = b""
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {anak} ALTER snapshot_id SET DEFAULT {int(snapshot.pk)}")
        with open(path, "rb") as fh:
            fh.readline()
            while True:
                piece = fh.read(PIECE)
                data = rest + piece
                if piece:
                    cut = data.rfind(b"\n") + 1
                    data, rest = data[:cut], data[cut:]
                elif data and not data.endswith(b"\n"):
                    data += b"\n"
                if data:
                    n_lines = data.count(b"\n")
                    clean = pola.findall(data)
                    if len(clean) == n_lines:
                        with cursor.cursor.copy(copy_sql) as copy:
                            copy.write(data)
                        loaded += n_lines
                    else:
                        good, bad = _pisahkan(data, pola)
                        if good:
                            with cursor.cursor.copy(copy_sql) as copy:
                                copy.write(b"".join(good))
                            loaded += len(good)
                        more, why = tulis_lambat([(line_no + offset, line) for offset, line in bad])
                        loaded += more
                        rejected.extend(why)
                    processed += n_lines
                    line_no += n_lines
                    on_progress(processed)
                if not piece:
                    break
        cursor.execute(f"ALTER TABLE {anak} ALTER snapshot_id DROP DEFAULT")
    return processed, loaded, rejected


def _pisahkan(data, pola):
    """(clean lines, [(1-based offset, other line), ...]) of a block."""
    good, bad = [], []
    for i, line in enumerate(data.split(b"\n")[:-1], start=1):
        if pola.fullmatch(line.rstrip(b"\r")):
            good.append(line + b"\n")
        elif line.strip():
            bad.append((i, line))
    return good, bad
