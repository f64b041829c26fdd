"""Correspondence benchmark: the agenda surat masuk with 100,000 letters, beside the minimal view.

Seeds (once) BENCH_SURAT_MASUK letters (default 100,000): 1,000 in the previous year and the
rest this year, one in twenty rahasia, a third disposed Kadis → Kabid Linjamsos and a tenth
further to the Kasi. Measures the agenda as the Sekretaris (every letter), the front office
(agenda keeper: every letter not rahasia, plus its chain), the Kasi (its chain only) and a
search; the baseline is a minimal Django view measured in the same run. Query counts are
compared between the 1,000-letter year and the whole agenda.

Run alone: `DATABASE_URL=postgres://... python -m tests.bench.persuratan`; `make bench` runs
it after the others unless BENCH_PERSURATAN=0.
"""

import os
import sys

JUMLAH = int(os.environ.get("BENCH_SURAT_MASUK", "100000"))
ULANG = int(os.environ.get("BENCH_ULANG", "200"))
TARGET_P95_MS = 150


def _seed():
    import datetime
    import random

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from dinsos.models import Jabatan, Pegawai
    from persuratan.models import Disposisi, KodeKlasifikasi, PenerimaDisposisi, Sifat, SuratMasuk

    ada = SuratMasuk.objects.count()
    if ada >= JUMLAH and not os.environ.get("BENCH_ANALYZE"):
        return ada
    rng = random.Random(14)
    tahun = timezone.localdate().year
    kode, _ = KodeKlasifikasi.objects.get_or_create(kode="400.9.3.3", defaults={"nama": "Perlindungan dan jaminan sosial"})
    jabatan = {j.kode: j for j in Jabatan.objects.all()}
    kadis = Pegawai.objects.get(user__username="kadis")
    kabid = Pegawai.objects.get(user__username="kabid")
    sekretaris = get_user_model().objects.get(username="sekretaris")
    pengirim = [
        "BPJS Kesehatan Cabang Baturaja",
        "Bupati OKU Selatan",
        "Kementerian Sosial RI",
        "Kepala Desa Pulau Beringin",
    ]
    batch = 5000
    for start in range(ada, JUMLAH, batch):
        n = min(batch, JUMLAH - start)
        with transaction.atomic():
            letters = []
            for i in range(start, start + n):
                th = tahun - 1 if i < 1000 else tahun
                nomor = i + 1 if i < 1000 else i - 999
                tanggal = datetime.date(th, 1 + i % 12, 1 + i % 28)
                letters.append(
                    SuratMasuk(
                        tahun=th,
                        nomor_agenda=nomor,
                        tanggal_diterima=tanggal,
                        pengirim=pengirim[i % len(pengirim)],
                        nomor_surat=f"{i + 1}/UJI/{th}",
                        tanggal_surat=tanggal,
                        perihal=f"Surat uji beban nomor {i + 1}",
                        sifat=Sifat.RAHASIA if i % 20 == 0 else rng.choice([Sifat.BIASA, Sifat.BIASA, Sifat.SEGERA]),
                        klasifikasi=kode,
                        berkas=f"surat-masuk/bench/{i + 1}.pdf",
                        jenis_konten="application/pdf",
                        dicatat_oleh=sekretaris,
                        dicatat_jabatan=jabatan["sekretaris"],
                    )
                )
            letters = SuratMasuk.objects.bulk_create(letters)
            pertama = Disposisi.objects.bulk_create(
                [
                    Disposisi(surat_masuk=s, dari_jabatan=jabatan["kadis"], oleh=kadis, catatan="Tindak lanjuti")
                    for s in letters[::3]
                ]
            )
            ke_kabid = PenerimaDisposisi.objects.bulk_create(
                [PenerimaDisposisi(disposisi=d, jabatan=jabatan["kabid-linjamsos"]) for d in pertama]
            )
            lanjut = Disposisi.objects.bulk_create(
                [
                    Disposisi(
                        surat_masuk_id=p.disposisi.surat_masuk_id,
                        asal=p,
                        dari_jabatan=jabatan["kabid-linjamsos"],
                        oleh=kabid,
                    )
                    for p in ke_kabid[::3]
                ]
            )
            PenerimaDisposisi.objects.bulk_create(
                [PenerimaDisposisi(disposisi=d, jabatan=jabatan["kasi-linjamsos"]) for d in lanjut]
            )
        print(f"  {start + n:,} surat masuk", file=sys.stderr)
    from django.db import connection

    with connection.cursor() as cursor:  # what autovacuum does after a bulk load, without waiting for it
        for model in (SuratMasuk, Disposisi, PenerimaDisposisi):
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')
    return SuratMasuk.objects.count()


def _jumlah_kueri(client, url, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


def _pages():
    from django.contrib.auth import get_user_model
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.urls import include, path
    from django.utils import timezone

    from tests.bench.run import _timings

    module = type(sys)("bench_urls_persuratan")
    module.urlpatterns = [
        path("bench/minimal/", lambda request: HttpResponse("ok")),
        path("", include("dinsos.urls")),
    ]
    sys.modules["bench_urls_persuratan"] = module
    User = get_user_model()
    klien = {}
    hasil, kueri = {}, {}
    lalu = timezone.localdate().year - 1
    with override_settings(ROOT_URLCONF="bench_urls_persuratan", ALLOWED_HOSTS=["testserver"]):
        for username in ["sekretaris", "fo", "kasi"]:
            klien[username] = Client()
            klien[username].force_login(User.objects.get(username=username))

        def ok(response):
            assert response.status_code == 200, response.status_code
            return response

        url = "/surat-masuk/"
        hasil["minimal Django view"] = _timings(lambda: ok(klien["kasi"].get("/bench/minimal/")), ULANG)
        halaman = [
            ("Agenda surat masuk (sekretaris, semua)", "sekretaris", {}),
            ("Agenda surat masuk (fo, bukan rahasia)", "fo", {}),
            ("Agenda surat masuk (kasi, rantainya saja)", "kasi", {}),
            ("Cari di agenda (sekretaris, q=pengirim)", "sekretaris", {"q": "Bupati"}),
        ]
        for label, username, params in halaman:
            c = klien[username]
            hasil[label] = _timings(lambda c=c, params=params: ok(c.get(url, params)), ULANG)
            kueri[label] = (_jumlah_kueri(c, url, {**params, "tahun": lalu}), _jumlah_kueri(c, url, params))
    return hasil, kueri


def main():
    import time

    t0 = time.perf_counter()
    jumlah = _seed()
    print(f"\nPersuratan: {jumlah:,} surat masuk (penyiapan {time.perf_counter() - t0:.0f} s)")
    hasil, kueri = _pages()
    base = hasil["minimal Django view"]
    print(f"{'Halaman':<44}{'p50 ms':>9}{'p95 ms':>9}{'p95 / dasar':>13}{'kueri 1.000 / semua':>22}")
    for name, (p50, p95) in hasil.items():
        k = kueri.get(name)
        kolom = f"{k[0]:>10} / {k[1]:<9}" if k else ""
        print(f"{name:<44}{p50:>9.1f}{p95:>9.1f}{p95 / base[1]:>12.1f}x{kolom:>22}")
    agenda = [n for n in hasil if n.startswith("Agenda")]
    target_ok = all(hasil[n][1] < TARGET_P95_MS for n in agenda)
    kueri_ok = all(a == b for a, b in kueri.values())
    print(
        f"Target agenda p95 < {TARGET_P95_MS} ms: {'tercapai' if target_ok else 'TIDAK tercapai'}; "
        f"jumlah kueri sama pada 1.000 dan {jumlah:,} surat: {'ya' if kueri_ok else 'TIDAK'}"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    from tests.bench.run import _setup_django

    _setup_django()
    main()
