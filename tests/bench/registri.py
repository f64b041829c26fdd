"""Registry benchmarks: import of 1,000,000 DTKS rows, NIK look-up, sanding 10,000 rows.

Baselines in the same run: a bare PostgreSQL COPY of the same CSV into an unindexed table
(interleaved with the imports, A B A B, medians reported), and a plain in-memory dictionary
join of the same files.

Knobs: BENCH_DTKS (rows, default 1,000,000), BENCH_REGISTRI_ULANG (pairs per form, default 3),
BENCH_REGISTRI_BENTUK (forms, e.g. "y_t,xlsx"; default all), BENCH_REGISTRI_HANYA_IMPOR=1
(stop after the import forms).
"""

import csv
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

JUMLAH = int(os.environ.get("BENCH_DTKS", "1000000"))


def _copy_polos(path, delimiter=",", encoding="UTF8"):
    """A bare COPY of the file into an unindexed table of text columns (the baseline)."""
    from django.db import connection

    delim = "E'\\t'" if delimiter == "\t" else f"'{delimiter}'"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy_polos")
        cursor.execute(
            "CREATE TABLE bench_copy_polos (nik text, nama text, nomor_kk text, alamat text, desa text, "
            "kecamatan text, desil text, pkh text, bpnt text, pbi text)"
        )
        t0 = time.perf_counter()
        sql = f"COPY bench_copy_polos FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER {delim}, ENCODING '{encoding}')"
        with cursor.cursor.copy(sql) as copy:
            with open(path, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    copy.write(chunk)
        elapsed = time.perf_counter() - t0
        cursor.execute("DROP TABLE bench_copy_polos")
    return elapsed


_ANAK = (
    "import resource, runpy, sys\n"
    "sys.argv = ['manage.py', 'impor_dtks', sys.argv[1]]\n"
    "try:\n"
    "    runpy.run_path('manage.py', run_name='__main__')\n"
    "finally:\n"
    "    r = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    print('PUNCAK_KB', r.ru_maxrss, 'CPU_S', r.ru_utime + r.ru_stime, file=sys.stderr)\n"
)


CPU_PROSES = []


def _impor_subproses(path):
    """Our import in its own process: (seconds it reports, wall seconds, its own peak memory MB, summary)."""
    t0 = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _ANAK, str(path)], capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    peak_kb = int(re.search(r"PUNCAK_KB (\d+)", result.stderr).group(1))
    # CPU seconds of the import process (including starting Django): what the shared machine's
    # load does not stretch (the server's share is not in it).
    CPU_PROSES.append(float(re.search(r"CPU_S ([0-9.]+)", result.stderr).group(1)))
    summary = result.stdout.strip().splitlines()[0]
    # The command times its own work; the rest is starting Python and Django.
    match = re.search(r"\(([0-9.]+) detik\)", summary)
    return (float(match.group(1)) if match else elapsed), elapsed, peak_kb / 1024, summary


def _tulis_bentuk(path, bentuk):
    """The same 1,000,000 generated rows, written in one of the forms offices send."""
    from registri.generator import KOLOM_DTKS, baris_dtks

    ya, tidak, sep, quoting, eol, encoding, bom = "1", "0", ",", csv.QUOTE_MINIMAL, "\n", "utf-8", False
    if bentuk == "y_t":
        ya, tidak = "Y", "T"
    elif bentuk == "ya_tidak":
        ya, tidak, sep, quoting, eol, bom = "YA", "TIDAK", ";", csv.QUOTE_ALL, "\r\n", True
    elif bentuk == "latin1":
        encoding = "latin-1"
    with open(path, "w", newline="", encoding=encoding) as fh:
        if bom:
            fh.write("\ufeff")
        writer = csv.writer(fh, delimiter=sep, quoting=quoting, lineterminator=eol)
        writer.writerow([k.upper() for k in KOLOM_DTKS])
        for i, row in enumerate(baris_dtks(JUMLAH, kode_wilayah="6301", seed=1)):
            if bentuk == "latin1" and i % 10 == 0:
                row[1] = row[1].replace("e", "é", 1)
            if bentuk == "lambat":
                row[1] = " " + row[1]  # a leading space: every line needs the Python rules
            row[7:] = [ya if v == "1" else tidak for v in row[7:]]
            writer.writerow(row)
    return {"delimiter": sep, "encoding": "LATIN1" if encoding == "latin-1" else "UTF8"}


def _tulis_xlsx(path):
    """1,000,000 rows as openpyxl writes them (cached between runs: writing takes minutes)."""
    from openpyxl import Workbook

    from registri.generator import KOLOM_DTKS, baris_dtks

    cache = Path(tempfile.gettempdir()) / f"bench-registri-dtks-{JUMLAH}.xlsx"
    if not cache.exists():
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("DTKS")
        ws.append([k.upper() for k in KOLOM_DTKS])
        for row in baris_dtks(JUMLAH, kode_wilayah="6301", seed=1):
            row[7:] = ["Ya" if v == "1" else "Tidak" for v in row[7:]]
            ws.append(row)
        wb.save(cache.with_suffix(".tmp"))
        cache.with_suffix(".tmp").rename(cache)
    if not path.exists():
        path.symlink_to(cache)


BENTUK = [
    ("satu_nol", "CSV 0/1, tanpa kutip, koma (bentuk generator)"),
    ("y_t", "CSV Y/T"),
    ("ya_tidak", "CSV YA/TIDAK, berkutip, ;, CRLF, BOM"),
    ("latin1", "CSV Latin-1 (nama beraksen)"),
]


ULANG = int(os.environ.get("BENCH_REGISTRI_ULANG", "3"))  # ABAB pairs per form (medians reported)
# Forms to measure (comma-separated; default all): satu_nol,y_t,ya_tidak,latin1,xlsx,lambat
PILIHAN = [x for x in os.environ.get("BENCH_REGISTRI_BENTUK", "").split(",") if x]


def _dipilih(bentuk):
    return not PILIHAN or bentuk in PILIHAN


def _ulang_abab(path, opsi):
    """COPY and import of the same file, interleaved (A B A B …): per-pair ratios and times."""
    pairs = []
    for _ in range(ULANG):
        copy_s = _copy_polos(path, **opsi)
        impor_s, wall_s, peak_mb, summary = _impor_subproses(path)
        pairs.append((copy_s, impor_s, wall_s, peak_mb, summary))
    return pairs


def _impor_per_bentuk(folder):
    import gc

    hasil = []
    for bentuk, label in BENTUK:
        if not _dipilih(bentuk):
            continue
        path = folder / f"dtks-{bentuk}.csv"
        opsi = _tulis_bentuk(path, bentuk)
        hasil.append((label, _ulang_abab(path, opsi)))
        path.unlink()
        gc.collect()
    med = statistics.median
    jumlah = f"{JUMLAH:,}".replace(",", ".")
    print(f"\nImpor DTKS {jumlah} baris per bentuk berkas ({ULANG} pasang COPY/impor berselang-seling, median)")
    print(f"{'bentuk':<44}{'COPY s':>8}{'impor s':>9}{'/ COPY':>8}{'memori':>9}   rasio tiap pasang")
    rasio = []
    mem = []
    for label, pairs in hasil:
        ratios = [i / c for c, i, *_ in pairs]
        rasio.append(med(ratios))
        mem.append(max(p[3] for p in pairs))
        print(
            f"{label:<44}{med(p[0] for p in pairs):>8.2f}{med(p[1] for p in pairs):>9.2f}{med(ratios):>7.2f}x"
            f"{mem[-1]:>6.0f} MB   " + " ".join(f"{r:.2f}" for r in ratios)
        )
    xlsx_s = lambat_s = 0
    rate = float("inf")
    if _dipilih("xlsx"):
        xlsx = folder / "dtks.xlsx"
        _tulis_xlsx(xlsx)
        CPU_PROSES.clear()
        runs = [_impor_subproses(xlsx) for _ in range(ULANG)]
        xlsx_s = med(r[0] for r in runs)
        mem.append(max(r[2] for r in runs))
        print(
            f"{'XLSX (openpyxl), Ya/Tidak':<44}{'-':>8}{xlsx_s:>9.1f}{'-':>8}{mem[-1]:>6.0f} MB   "
            + " ".join(f"{r[0]:.1f} s" for r in runs)
            + f" (CPU proses impor {med(CPU_PROSES):.1f} s; {runs[-1][3]})"
        )
    if _dipilih("lambat"):
        lambat = folder / "dtks-lambat.csv"
        _tulis_bentuk(lambat, "lambat")
        CPU_PROSES.clear()
        runs = [_impor_subproses(lambat) for _ in range(ULANG)]
        lambat.unlink()
        lambat_s = med(r[0] for r in runs)
        mem.append(max(r[2] for r in runs))
        rate = JUMLAH / lambat_s
        print(
            f"{'Jalur lambat: setiap baris lewat Python':<44}{'-':>8}{lambat_s:>9.1f}{'-':>8}{mem[-1]:>6.0f} MB   "
            f"({rate:,.0f} baris/detik; CPU proses impor {med(CPU_PROSES):.1f} s)".replace(",", ".")
        )
    ok = all(r <= 3 for r in rasio) and xlsx_s < 60 and max(mem, default=0) < 500 and rate >= 100000
    print(
        f"Target impor (CSV ≤ 3× COPY, XLSX < 60 s, memori < 500 MB, jalur lambat ≥ 100.000 baris/detik): "
        f"{'tercapai' if ok else 'TIDAK tercapai'}"
    )
    return ok


def _lookup(niks):
    from django.contrib.auth import get_user_model

    from registri.cari import cek_nik

    user = get_user_model().objects.get(username="fo")
    samples = []
    for nik in niks:
        t0 = time.perf_counter()
        cek_nik(nik, user)
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def _dict_join(dtks_path, sanding_path):
    t0 = time.perf_counter()
    with open(dtks_path, encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        registry = {row[0]: row for row in reader}
    with open(sanding_path, encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        result = [(row[0], registry.get(row[0])) for row in reader]
    assert result
    return time.perf_counter() - t0


def main():
    from registri.generator import baris_dtks, tulis_csv
    from registri.sanding import sanding_berkas

    folder = Path(tempfile.mkdtemp(prefix="bench-registri-"))
    impor_ok = _impor_per_bentuk(folder)
    if os.environ.get("BENCH_REGISTRI_HANYA_IMPOR") == "1":
        return

    dtks = folder / "dtks.csv"
    t0 = time.perf_counter()
    tulis_csv(dtks, JUMLAH, kode_wilayah="6301", seed=1)
    size = dtks.stat().st_size / 1e6
    print(f"\nData DTKS sintetis: {JUMLAH:,} baris, {size:.0f} MB (dibuat dalam {time.perf_counter() - t0:.0f} s)")
    impor_s, proses_s, peak_mb, summary = _impor_subproses(dtks)
    print(f"  {summary}; proses lengkap (termasuk memulai Django) {proses_s:.1f} s; memori puncak {peak_mb:.0f} MB")

    rng = random.Random(3)
    rows = list(baris_dtks(JUMLAH, kode_wilayah="6301", seed=1))
    sample = [rows[rng.randrange(len(rows))][0] for _ in range(1000)]
    p50, p95 = _lookup(sample)
    print(f"\nCek NIK (DTKS + PBI + catat akses): p50 {p50:.2f} ms, p95 {p95:.2f} ms")

    sanding_csv = folder / "sanding.csv"
    with open(sanding_csv, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["nik", "nama"])
        for i in range(10000):
            row = rows[rng.randrange(len(rows))]
            nik = row[0] if i % 4 else row[0][:-4] + f"{(int(row[0][-4:]) + 5000) % 9999 + 1:04d}"
            writer.writerow([nik, row[1]])
    del rows
    join_s = _dict_join(dtks, sanding_csv)
    t0 = time.perf_counter()
    hasil = sanding_berkas(sanding_csv, folder / "hasil.xlsx")
    sanding_s = time.perf_counter() - t0
    print(f"\n{'Sanding 10.000 baris terhadap DTKS':<46}{'detik':>8}{'/ dict':>9}")
    print(f"{'join dict di memori (dasar, termasuk membaca)':<46}{join_s:>8.2f}{1:>8.1f}x")
    print(f"{'sanding (klasifikasi + XLSX)':<46}{sanding_s:>8.2f}{sanding_s / join_s:>8.1f}x")
    print(f"  {hasil.ditemukan} ditemukan, {hasil.tidak_ditemukan} tidak ditemukan, {hasil.duplikat} duplikat")
    ok = impor_ok and p95 < 5 and sanding_s < 5
    print(f"\nTarget registri (impor per bentuk, cek p95 < 5 ms, sanding < 5 s): {'tercapai' if ok else 'TIDAK tercapai'}")


if __name__ == "__main__":
    from tests.bench.run import _setup_django

    _setup_django()
    main()
