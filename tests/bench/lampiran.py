"""Lampiran benchmark: 20,000 rows through `surat.lampiran.render_lampiran` beside WeasyPrint in one pass.

Baseline in the same run: WeasyPrint rendering the same list as one HTML table (the way
`templates/surat/_lampiran.html` prints a collective letter's list). One pass over 20,000
rows takes many minutes, so the baseline renders the first `BENCH_LAMPIRAN_SEKALI` rows
(2,000 by default) and is compared per row; its cost grows faster than linearly with the
row count, so the per-row comparison flatters the baseline.

Each side runs in its own process. Wall time is measured around the process; memory is the
peak of the summed RSS of the process and all its descendants (the pool processes),
sampled every 50 ms from /proc; CPU is user+system of the process tree (from /proc, since the
pool processes are grandchildren that getrusage does not see), including starting Django.

    BENCH_LAMPIRAN_BARIS=20000 BENCH_LAMPIRAN_SEKALI=2000 python -m tests.bench.lampiran
"""

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

BARIS = int(os.environ.get("BENCH_LAMPIRAN_BARIS", "20000"))
SEKALI = int(os.environ.get("BENCH_LAMPIRAN_SEKALI", "2000"))
KOLOM = ["Nama", "NIK", "Alamat", "Desa", "Kecamatan", "Nilai"]
ROOT = Path(__file__).resolve().parents[2]

_DATA = """
import random
def data(n):
    rng = random.Random(13)
    depan = ["Siti", "Ahmad", "Nur", "Muhammad", "Sri", "Budi", "Dewi", "Rahmat", "Yusuf", "Ani", "Hj. Aminah", "Suparman"]
    belakang = ["Aminah", "Hidayat", "Saputra", "Wulandari", "Lestari", "Santoso", "Binti Abdullah", "Kurniawan", "Rahayu"]
    desa = [("Muara Dua", "Bumi Agung"), ("Muara Dua", "Pasar Muara Dua"), ("Buay Rawan", "Sukabumi"),
            ("Simpang", "Simpang Agung"), ("Banding Agung", "Pematang Danau"), ("Warkuk Ranau Selatan", "Sipin")]
    rows = []
    for i in range(n):
        kec, ds = desa[i % len(desa)]
        alamat = f"Dusun {rng.randint(1, 6)} RT {rng.randint(1, 20):03d} RW {rng.randint(1, 8):03d}"
        if rng.random() < 0.1:
            alamat += " Jalan Lintas Sumatera Kilometer " + str(rng.randint(1, 60)) + " dekat Pasar Kalangan"
        nama = f"{rng.choice(depan)} {rng.choice(belakang)}"
        rows.append([nama, f"1609{rng.randint(10**11, 10**12 - 1)}", alamat, ds, kec, "Rp 300.000"])
    return rows
"""

_KITA = (
    _DATA
    + """
import os, sys, time, resource
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dinsos.settings")
import django
django.setup()
from surat.lampiran import render_lampiran
rows = data(int(sys.argv[1]))
t0 = time.perf_counter()
pdf = render_lampiran(judul="Keputusan Kepala Dinas Sosial", nomor="400.9.3.3/0001/DINSOS/2026", kolom=KOLOM,
                      baris=rows, judul_daftar="DAFTAR PENERIMA BANTUAN", total=300000 * len(rows))
elapsed = time.perf_counter() - t0
from pypdf import PdfReader
import io, json
halaman = len(PdfReader(io.BytesIO(pdf)).pages)
s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"detik": elapsed, "halaman": halaman, "kb": len(pdf) // 1024,
                  "cpu": s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime}))
"""
)

_SEKALI = (
    _DATA
    + """
import html, os, sys, time, resource, json
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dinsos.settings")
import django
django.setup()
from dinsos.pdf import html_ke_pdf
rows = data(int(sys.argv[1]))
t0 = time.perf_counter()
sel = lambda r: "".join(f"<td>{html.escape(c)}</td>" for c in r)
body = "".join(f"<tr><td>{i + 1}</td>{sel(r)}</tr>" for i, r in enumerate(rows))
head = "".join(f"<th>{h}</th>" for h in ["No."] + KOLOM)
doc = (
    "<html><head><style>@page { size: A4 landscape; margin: 18mm 15mm 16mm; "
    "@bottom-right { content: 'Halaman ' counter(page) ' dari ' counter(pages) } } "
    "body { font-family: 'DejaVu Sans'; font-size: 8.5pt } table { width: 100%; border-collapse: collapse } "
    "th, td { border: .5pt solid #000; padding: 1.5pt 3pt; vertical-align: top; text-align: left } th { background: #eee }"
    f"</style></head><body><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>"
)
pdf = html_ke_pdf(doc)
elapsed = time.perf_counter() - t0
s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"detik": elapsed, "halaman": 0, "kb": len(pdf) // 1024,
                  "cpu": s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime}))
"""
)


def _rss_pohon(root_pid: int, cpu: dict) -> int:
    """Summed RSS (bytes) of `root_pid` and all its descendants, from /proc; their CPU ticks into `cpu`."""
    anak, rss, ticks = {}, {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        anak.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        # utime + stime only: every descendant is sampled itself, and a parent's cutime would
        # count a reaped child a second time.
        ticks[pid] = int(fields[11]) + int(fields[12])
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        if pid in ticks:
            cpu[pid] = ticks[pid]
        stack.extend(anak.get(pid, []))
    return total


def _jalankan(kode: str, n: int) -> dict:
    """Run `kode` in a fresh process; its own report plus wall seconds and peak tree RSS (MB)."""
    header = f"KOLOM = {KOLOM!r}\n"
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", header + kode, str(n)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    puncak, cpu = [0], {}

    def sampel():
        while proc.poll() is None:
            puncak[0] = max(puncak[0], _rss_pohon(proc.pid, cpu))
            time.sleep(0.05)

    thread = threading.Thread(target=sampel, daemon=True)
    thread.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    thread.join()
    if proc.returncode != 0:
        raise SystemExit(err)
    hasil = json.loads(out.strip().splitlines()[-1])
    # CPU of the whole tree as last sampled (pool processes are grandchildren: getrusage misses them).
    cpu_pohon = sum(cpu.values()) / os.sysconf("SC_CLK_TCK")
    hasil.update({"wall": wall, "mb": puncak[0] / 1024 / 1024, "baris": n, "cpu_sendiri": hasil["cpu"], "cpu": cpu_pohon})
    return hasil


def main():
    beban = os.getloadavg()[0]
    print(f"\nLampiran {BARIS:,} baris (A4 mendatar, 7 kolom), beban mesin {beban:.1f}", flush=True)
    dasar = _jalankan(_SEKALI, SEKALI)
    kita = _jalankan(_KITA, BARIS)
    per_dasar = 1000 * dasar["detik"] / SEKALI
    per_kita = 1000 * kita["detik"] / BARIS
    print(f"{'Cara':<52}{'baris':>8}{'detik':>8}{'ms/baris':>10}{'CPU s':>8}{'memori MB':>11}")
    print(
        f"{'WeasyPrint satu kali, tabel HTML (dasar)':<52}{SEKALI:>8,}{dasar['detik']:>8.1f}{per_dasar:>10.2f}"
        f"{dasar['cpu']:>8.1f}{dasar['mb']:>11.0f}"
    )
    print(
        f"{'render_lampiran (rencana + 2 proses + gabung)':<52}{BARIS:>8,}{kita['detik']:>8.1f}{per_kita:>10.2f}"
        f"{kita['cpu']:>8.1f}{kita['mb']:>11.0f}"
    )
    print(
        f"  {kita['halaman']} halaman, {kita['kb']:,} KB; per baris {per_kita / per_dasar:.2f}× dasar; "
        f"dasar diperkirakan ≥ {per_dasar * BARIS / 1000:.0f} s untuk {BARIS:,} baris (perkiraan linear, "
        "nyatanya lebih lambat); proses lengkap termasuk memulai Django "
        f"{kita['wall']:.1f} s"
    )
    print(
        f"  CPU seluruh proses {kita['cpu']:.1f} s (dasar {dasar['cpu'] / SEKALI * 1000:.2f} ms/baris, kita "
        f"{kita['cpu'] / BARIS * 1000:.2f} ms/baris); pada 2 inti yang bebas: ≈ {kita['cpu'] / 2:.0f} s; "
        f"beban mesin di akhir {os.getloadavg()[0]:.1f}"
    )
    ok = kita["detik"] < 30 and kita["mb"] < 1024
    print(f"Target lampiran {BARIS:,} baris < 30 s dan < 1 GB: {'tercapai' if ok else 'TIDAK tercapai'}", flush=True)
    return {"dasar": dasar, "kita": kita}


if __name__ == "__main__":
    main()
