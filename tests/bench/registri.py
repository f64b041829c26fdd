"""Registry benchmarks: import of 1,000,000 DTKS rows, NIK look-up, sanding 10,000 rows.

Baselines in the same run: a bare PostgreSQL COPY of the same CSV into an unindexed table,
and a plain in-memory dictionary join of the same files.
"""

import csv
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

JUMLAH = int(os.environ.get("BENCH_DTKS", "1000000"))


def _copy_polos(path):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy_polos")
        cursor.execute(
            "CREATE TABLE bench_copy_polos (nik text, nama text, nomor_kk text, alamat text, desa text, "
            "kecamatan text, desil text, pkh text, bpnt text, pbi text)"
        )
        t0 = time.perf_counter()
        with cursor.cursor.copy("COPY bench_copy_polos FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            with open(path, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    copy.write(chunk)
        elapsed = time.perf_counter() - t0
        cursor.execute("DROP TABLE bench_copy_polos")
    return elapsed


def _impor_subproses(path):
    """Our import in its own process, so its peak memory can be read."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    result = subprocess.run([sys.executable, "manage.py", "impor_dtks", str(path)], capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    summary = result.stdout.strip().splitlines()[0]
    # The command times its own work; the rest is starting Python and Django.
    match = re.search(r"\(([0-9.]+) detik\)", summary)
    return (float(match.group(1)) if match else elapsed), elapsed, max(peak_kb, before) / 1024, summary


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
    dtks = folder / "dtks.csv"
    t0 = time.perf_counter()
    tulis_csv(dtks, JUMLAH, kode_wilayah="6301", seed=1)
    size = dtks.stat().st_size / 1e6
    print(f"\nData DTKS sintetis: {JUMLAH:,} baris, {size:.0f} MB (dibuat dalam {time.perf_counter() - t0:.0f} s)")

    copy_s = _copy_polos(dtks)
    impor_s, proses_s, peak_mb, summary = _impor_subproses(dtks)
    print(f"\n{'Impor DTKS':<46}{'detik':>8}{'/ COPY':>9}")
    print(f"{'COPY polos ke tabel tanpa indeks (dasar)':<46}{copy_s:>8.1f}{1:>8.1f}x")
    print(f"{'impor_dtks (validasi, COPY, indeks, aktivasi)':<46}{impor_s:>8.1f}{impor_s / copy_s:>8.1f}x")
    print(
        f"  {summary}; proses lengkap (termasuk memulai Django) {proses_s:.1f} s; "
        f"memori puncak proses impor {peak_mb:.0f} MB"
    )

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
    ok = impor_s < 30 and impor_s / copy_s <= 8 and peak_mb < 500 and p95 < 5 and sanding_s < 5
    print(
        f"\nTarget registri (impor < 30 s dan ≤ 8× COPY, memori < 500 MB, cek p95 < 5 ms, sanding < 5 s): "
        f"{'tercapai' if ok else 'TIDAK tercapai'}"
    )
