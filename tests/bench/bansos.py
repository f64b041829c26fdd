"""Bansos benchmark: import and check 20,000 candidates against a 1,000,000-row DTKS.

Baseline in the same run, on the same file and registry: the least any import must do —
read the XLSX with the registry's reader, look every NIK up in the active DTKS in one
batch (the same look-up the checks use), and write the rows bare with the same COPY writer. Ours adds the per-row
report, every eligibility rule, overlap by NIK and KK, the access log and the results.

Run alone: `DATABASE_URL=postgres://... python -m tests.bench.bansos` (loads the demo office
and a synthetic DTKS when missing), or from `make bench` (`BENCH_BANSOS=0` skips it).
"""

import datetime
import os
import random
import tempfile
import time
from pathlib import Path

JUMLAH_DTKS = int(os.environ.get("BENCH_DTKS", "1000000"))
JUMLAH_CALON = int(os.environ.get("BENCH_CALON", "20000"))
TARGET_DETIK = 15


def _dtks_aktif():
    """The active DTKS snapshot, loading JUMLAH_DTKS synthetic rows first when it has fewer."""
    from registri.models import BarisDtks, Jenis, Snapshot

    snap = Snapshot.objects.filter(jenis=Jenis.DTKS, aktif=True).first()
    if snap is not None and BarisDtks.objects.filter(snapshot=snap).count() >= JUMLAH_DTKS:
        return snap
    from dinsos.models import Instansi
    from registri.generator import tulis_csv
    from registri.impor import impor_berkas

    path = Path(tempfile.mkdtemp(prefix="bench-bansos-")) / "dtks.csv"
    t0 = time.perf_counter()
    tulis_csv(path, JUMLAH_DTKS, kode_wilayah=Instansi.get_current().kode_wilayah, seed=11)
    snap = impor_berkas(path, Jenis.DTKS)
    print(f"DTKS sintetis {JUMLAH_DTKS:,} baris dimuat ({time.perf_counter() - t0:.0f} s)")
    path.unlink()
    return snap


def _tulis_usulan(path, snap):
    """20,000 rows: three in four from DTKS, the rest unknown NIKs, a few duplicates and bad rows."""
    from django.db import connection
    from openpyxl import Workbook

    from registri.models import BarisDtks

    rng = random.Random(5)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT nik, nama, nomor_kk, alamat, desa, kecamatan FROM {BarisDtks._meta.db_table} "
            "WHERE snapshot_id = %s ORDER BY md5(nik) LIMIT %s",
            [snap.pk, JUMLAH_CALON],
        )
        rows = cursor.fetchall()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Usulan")
    ws.append(["NIK", "Nama", "No. KK", "Alamat", "Desa", "Kecamatan", "Tanggal lahir", "Kategori", "Jenis disabilitas"])
    for i in range(JUMLAH_CALON):
        nik, nama, kk, alamat, desa, kecamatan = rows[i % len(rows)]
        if i % 4 == 3:
            nik = nik[:-4] + f"{(int(nik[-4:]) + 5000) % 9999 + 1:04d}"  # probably not in DTKS
        if i % 500 == 499:
            nik = rows[(i - 1) % len(rows)][0]  # a duplicate inside the list
        if i % 1000 == 999:
            nik = nik[:10]  # a bad row
        lahir = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 60))
        ws.append([nik, nama, kk, alamat, desa, kecamatan, lahir.strftime("%d-%m-%Y"), "disabilitas", "Fisik"])
    wb.save(path)


def _program(versi):
    from bansos.models import Program

    return Program.objects.create(
        nama="Uji beban bansos",
        versi_sop=versi,
        tahun_anggaran=2026,
        sumber_dana="apbd",
        bentuk="uang",
        nilai_uang=300_000,
        kuota=JUMLAH_CALON,
        anggaran=300_000 * JUMLAH_CALON,
        mulai=datetime.date(2026, 1, 1),
        selesai=datetime.date(2026, 12, 31),
        syarat_domisili=True,
        desil_maks=4,
        umur_min=18,
        umur_maks=90,
        kategori="disabilitas",
        jeda_bulan=12,
        satu_per_kk=True,
    )


def _dasar(path, program, snap):
    """Baseline: read the XLSX, one batch DTKS look-up, bare bulk insert."""
    from bansos.cek import _cari_dtks
    from bansos.models import Calon
    from bansos.salin import salin
    from registri import berkas

    t0 = time.perf_counter()
    rows = [(n, berkas.normalisasi_nik(r.get("nik")), str(r.get("nama") or "")) for n, r in berkas.baca(path)]
    found = _cari_dtks(snap, sorted({nik for _, nik, _ in rows if len(nik) == 16}))
    desil = {nik: row[1] for nik, row in found.items()}
    salin(Calon, [Calon(program=program, nik=nik[:16], nama=nama[:150], desil=desil.get(nik)) for _, nik, nama in rows])
    return time.perf_counter() - t0


def _bersihkan(program):
    from bansos.models import Calon, ImporCalon

    Calon.objects.filter(program=program).delete()
    ImporCalon.objects.filter(program=program).delete()
    program.delete()


def main():
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from bansos.impor import impor_baris
    from registri import berkas
    from sop.models import VersiSop

    snap = _dtks_aktif()
    folder = Path(tempfile.mkdtemp(prefix="bench-bansos-"))
    usulan = folder / "usulan.xlsx"
    _tulis_usulan(usulan, snap)
    user = get_user_model().objects.get(username="fo")
    versi = VersiSop.objects.terbit().first()
    hasil = []
    for _ in range(2):  # two rounds, the baseline first in each; the better of each is reported
        program = _program(versi)
        dasar = _dasar(usulan, program, snap)
        _bersihkan(program)
        program = _program(versi)
        t0 = time.perf_counter()
        impor = impor_baris(program, "desa", berkas.baca(usulan), user, usulan.name)
        kita = time.perf_counter() - t0
        status = dict(program.calon.values_list("status").annotate(n=Count("pk")).order_by())
        _bersihkan(program)
        hasil.append((dasar, kita, impor.dimuat, impor.ditolak, status))
    dasar = min(h[0] for h in hasil)
    kita = min(h[1] for h in hasil)
    _, _, dimuat, ditolak, status = hasil[-1]
    print(f"\n{f'Impor + periksa {JUMLAH_CALON:,} calon terhadap DTKS {JUMLAH_DTKS:,} baris':<60}{'detik':>8}{'/ dasar':>9}")
    print(f"{'dasar: baca XLSX + cari NIK sekaligus + simpan polos':<60}{dasar:>8.2f}{1:>8.1f}x")
    print(f"{'impor calon (laporan per baris, semua syarat, tumpang tindih)':<60}{kita:>8.2f}{kita / dasar:>8.1f}x")
    print(f"  {dimuat:,} dimuat, {ditolak:,} ditolak; status: {status}")
    ok = kita < TARGET_DETIK
    print(f"Target bansos (impor + periksa < {TARGET_DETIK} s): {'tercapai' if ok else 'TIDAK tercapai'}")
    usulan.unlink()
    return ok


if __name__ == "__main__":
    from tests.bench.run import _setup_django

    _setup_django()
    main()
