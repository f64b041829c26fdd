"""Complaint pages at 100,000 complaints: the list and a complaint page, beside a minimal view.

Run by `make bench` after the other benches (`BENCH_PENGADUAN=0` skips it), or alone:
`DATABASE_URL=postgres://… python -m tests.bench.pengaduan`. Seeds BENCH_PENGADUAN_JUMLAH
complaints (default 100,000) once on the office's complaint SOP, each with its case, its
worklist row and its registration riwayat; later runs reuse them. The baseline is a minimal
Django view measured in the same run; the query count of each page is printed too (the
tests assert it stays equal as data grows: tests/pengaduan/test_kueri.py).
"""

import datetime
import os
import random
import sys
import time

JUMLAH = int(os.environ.get("BENCH_PENGADUAN_JUMLAH", "100000"))
ULANG = int(os.environ.get("BENCH_ULANG", "200"))
TARGET_MS = 150


def _seed():
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from layanan.models import GiliranPermohonan, Permohonan, Riwayat, Status
    from pengaduan import aksi
    from pengaduan.kategori import isi_bawaan
    from pengaduan.models import Kategori, Pengaduan, Saluran, hash_kode

    isi_bawaan()
    ada = Pengaduan.objects.count()
    if ada >= JUMLAH:
        return ada
    rng = random.Random(12)
    fo = get_user_model().objects.get(username="fo")
    versi = aksi.versi_untuk(Saluran.LOKET)
    langkah = {lk.urutan: lk for lk in versi.langkah.all()}
    peta = {row.pelaksana.kode: row.jabatan for row in versi.peta_jabatan.select_related("pelaksana", "jabatan")}
    tahap = [  # (status, step, position waiting)
        (Status.VERIFIKASI, 2, "fo"),
        (Status.SURVEI, 3, "survei"),
        (Status.BERJALAN, 4, "dinsos"),
        (Status.SELESAI, None, None),
    ]
    kategori = list(Kategori.objects.all())
    saluran = [s.value for s in Saluran]
    kode_hash = hash_kode("BENCH0000000")
    now = timezone.now()
    batch = 5000
    for start in range(ada, JUMLAH, batch):
        n = min(batch, JUMLAH - start)
        with transaction.atomic():
            kasus = []
            for i in range(start, start + n):
                status, urutan, jabatan = tahap[rng.randrange(len(tahap))]
                dibuat = now - datetime.timedelta(minutes=rng.randrange(60 * 24 * 365))
                kasus.append(
                    Permohonan(
                        nomor_registrasi=f"ADU-2025-{i + 1:06d}",
                        versi_sop=versi,
                        status=status,
                        langkah_kini=langkah.get(urutan),
                        keperluan="Uji beban pengaduan",
                        didaftarkan_oleh=fo,
                        dibuat_pada=dibuat,
                        status_sejak=dibuat,
                        batas_waktu=dibuat + datetime.timedelta(days=1) if jabatan else None,
                        selesai_pada=dibuat + datetime.timedelta(hours=rng.randrange(1, 200)) if not jabatan else None,
                        jabatan_giliran=peta.get(jabatan),
                    )
                )
            kasus = Permohonan.objects.bulk_create(kasus)
            GiliranPermohonan.objects.bulk_create(
                [GiliranPermohonan(permohonan=p, jabatan=p.jabatan_giliran) for p in kasus if p.jabatan_giliran]
            )
            Riwayat.objects.bulk_create(
                [
                    Riwayat(
                        permohonan=p,
                        aksi="daftarkan",
                        ke_status=Status.VERIFIKASI,
                        oleh=fo,
                        nama_pelaku="Petugas Front Office",
                        sebagai="Front Office",
                        waktu=p.dibuat_pada,
                    )
                    for p in kasus
                ]
            )
            Pengaduan.objects.bulk_create(
                [
                    Pengaduan(
                        permohonan=p,
                        nomor_tiket=p.nomor_registrasi,
                        kode_hash=kode_hash,
                        saluran=saluran[i % len(saluran)],
                        kategori=kategori[i % len(kategori)],
                        judul=f"Pengaduan uji {start + i}",
                        isi="Uji beban.",
                        nama_pelapor=f"Pelapor {start + i}" if i % 3 else "",
                        rahasiakan=i % 4 == 0,
                        dibuat_pada=p.dibuat_pada,
                        ditutup_pada=p.selesai_pada,
                    )
                    for i, p in enumerate(kasus)
                ]
            )
        print(f"  {start + n:,} pengaduan", file=sys.stderr)
    from django.db import connection

    with connection.cursor() as cursor:
        # Fresh planner statistics after the bulk load (autovacuum would do it later; the
        # timings are of a database that has them, as a production one does).
        cursor.execute("ANALYZE pengaduan_pengaduan, layanan_permohonan, layanan_giliranpermohonan, layanan_riwayat")
    return Pengaduan.objects.count()


def _jumlah_kueri(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _pages():
    from django.contrib.auth import get_user_model
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.urls import include, path

    from pengaduan.models import Pengaduan
    from tests.bench.run import _timings

    module = type(sys)("bench_urls_pengaduan")
    module.urlpatterns = [
        path("bench/minimal/", lambda request: HttpResponse("ok")),
        path("", include("dinsos.urls")),
    ]
    sys.modules["bench_urls_pengaduan"] = module
    User = get_user_model()
    results, kueri = {}, {}
    with override_settings(ROOT_URLCONF="bench_urls_pengaduan", ALLOWED_HOSTS=["testserver"]):
        fo, kasi = Client(), Client()
        fo.force_login(User.objects.get(username="fo"))
        kasi.force_login(User.objects.get(username="kasi"))
        tiket = list(Pengaduan.objects.order_by("?").values_list("nomor_tiket", flat=True)[:ULANG])
        it = iter(tiket * 2)

        def ok(response):
            assert response.status_code == 200, response.status_code
            return response

        results["minimal Django view"] = _timings(lambda: ok(fo.get("/bench/minimal/")), ULANG)
        results["Daftar pengaduan (fo, belum selesai)"] = _timings(lambda: ok(fo.get("/pengaduan/")), ULANG)
        results["Daftar pengaduan (kasi, atasan)"] = _timings(lambda: ok(kasi.get("/pengaduan/")), ULANG)
        results["Halaman pengaduan (fo)"] = _timings(lambda: ok(fo.get(f"/pengaduan/{next(it)}/")), ULANG)
        kueri["Daftar pengaduan (fo, belum selesai)"] = _jumlah_kueri(fo, "/pengaduan/")
        kueri["Daftar pengaduan (kasi, atasan)"] = _jumlah_kueri(kasi, "/pengaduan/")
        kueri["Halaman pengaduan (fo)"] = _jumlah_kueri(fo, f"/pengaduan/{tiket[0]}/")
    return results, kueri


def main():
    t0 = time.perf_counter()
    jumlah = _seed()
    print(f"\nPengaduan: {jumlah:,} pengaduan (penyiapan {time.perf_counter() - t0:.0f} s)")
    pages, kueri = _pages()
    base = pages["minimal Django view"]
    print(f"{'Halaman':<42}{'p50 ms':>9}{'p95 ms':>9}{'p95 / dasar':>13}{'kueri':>7}")
    for name, (p50, p95) in pages.items():
        print(f"{name:<42}{p50:>9.1f}{p95:>9.1f}{p95 / base[1]:>12.1f}x{kueri.get(name, ''):>7}")
    ok = all(p95 < TARGET_MS for name, (_, p95) in pages.items() if name != "minimal Django view")
    print(f"Target p95 < {TARGET_MS} ms (daftar dan halaman pengaduan): {'tercapai' if ok else 'TIDAK tercapai'}")
    sys.stdout.flush()


if __name__ == "__main__":
    from tests.bench.run import _setup_django

    _setup_django()
    main()
