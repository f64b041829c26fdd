"""`make bench`: server time of the busiest pages and of issuing a letter, beside baselines.

Every figure is reported next to a baseline measured in the same run on the same machine
(these machines are noisy): a minimal Django view for the pages, WeasyPrint rendering the
same HTML for the letter. Uses PostgreSQL: DATABASE_URL if set, else the local server's
`dinsos_bench` database (created when missing). Seeds 100,000 cases once; later runs
reuse them.
"""

import os
import statistics
import sys
import time

BENCH_URL = "postgres://postgres@127.0.0.1:5432/dinsos_bench"
JUMLAH = int(os.environ.get("BENCH_KASUS", "100000"))
ULANG = int(os.environ.get("BENCH_ULANG", "200"))


def _setup_django():
    os.environ.setdefault("DATABASE_URL", BENCH_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dinsos.settings")
    os.environ["DEBUG"] = "1"  # demo accounts; timings are of the same code either way
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        sys.exit("make bench butuh PostgreSQL: set DATABASE_URL=postgres://...")
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from dinsos.models import Instansi

    if Instansi.get_current() is None:
        call_command("demo", kabupaten="oku-selatan", stdout=open(os.devnull, "w"))


def _seed():
    import datetime
    import random

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from dinsos.models import Desa, Jabatan
    from layanan.models import GiliranPermohonan, Orang, Permohonan, Riwayat, Status
    from sop.models import VersiSop

    ada = Permohonan.objects.count()
    if ada >= JUMLAH:
        return ada
    rng = random.Random(7)
    fo = get_user_model().objects.get(username="fo")
    versi = list(VersiSop.objects.terbit().exclude(jenis_surat=""))
    desa = list(Desa.objects.select_related("kecamatan"))
    jabatan = {j.kode: j for j in Jabatan.objects.all()}
    giliran = [
        (Status.VERIFIKASI, "fo"),
        (Status.SURVEI, "survei"),
        (Status.KONSEP, "dinsos"),
        (Status.PARAF, "kasi-linjamsos"),
        (Status.PARAF, "kabid-linjamsos"),
        (Status.TTD, "kadis"),
        (Status.DISERAHKAN, None),
        (Status.DITOLAK, None),
    ]
    now = timezone.now()
    batch = 5000
    for start in range(ada, JUMLAH, batch):
        n = min(batch, JUMLAH - start)
        with transaction.atomic():
            people = []
            for i in range(start, start + n):
                d = desa[i % len(desa)]
                day = 1 + i % 28
                people.append(
                    Orang(
                        nik=f"160901{day:02d}0485{i % 9999 + 1:04d}",
                        nama=f"Warga Uji {i}",
                        tempat_lahir="Muaradua",
                        tanggal_lahir=datetime.date(1985, 4, day),
                        jenis_kelamin="L",
                        alamat=f"Jl. Uji No. {i}",
                        desa=d,
                        nomor_kk="1609011506200002",
                    )
                )
            people = Orang.objects.bulk_create(people)
            cases = []
            for i, person in zip(range(start, start + n), people, strict=True):
                status, kode = giliran[rng.randrange(len(giliran))]
                dibuat = now - datetime.timedelta(minutes=rng.randrange(60 * 24 * 365))
                cases.append(
                    Permohonan(
                        nomor_registrasi=f"REG-2025-{i + 1:06d}",
                        versi_sop=versi[i % len(versi)],
                        status=status,
                        pemohon=person,
                        keperluan="Uji beban",
                        desa=person.desa,
                        kecamatan=person.desa.kecamatan,
                        didaftarkan_oleh=fo,
                        dibuat_pada=dibuat,
                        status_sejak=dibuat,
                        batas_waktu=dibuat + datetime.timedelta(days=2),
                        selesai_pada=dibuat + datetime.timedelta(minutes=rng.randrange(60 * 24 * 8))
                        if kode is None
                        else None,
                        jabatan_giliran=jabatan.get(kode),
                        paraf_ke=1 if kode == "kabid-linjamsos" else 0,
                    )
                )
            cases = Permohonan.objects.bulk_create(cases)
            GiliranPermohonan.objects.bulk_create(
                [GiliranPermohonan(permohonan=c, jabatan=c.jabatan_giliran) for c in cases if c.jabatan_giliran]
            )
            Riwayat.objects.bulk_create(
                [
                    Riwayat(
                        permohonan=c,
                        aksi="daftarkan",
                        ke_status=Status.VERIFIKASI,
                        oleh=fo,
                        nama_pelaku="Petugas Front Office",
                        sebagai="Front Office",
                        waktu=c.dibuat_pada,
                    )
                    for c in cases
                ]
            )
        print(f"  {start + n:,} permohonan", file=sys.stderr)
    return Permohonan.objects.count()


def _seed_dasbor():
    """Dashboard data on top of the cases: finish times (older bench databases lack them),
    late steps on one finished case in ten, and survey responses (idempotent)."""
    import datetime
    import random

    from django.contrib.auth import get_user_model
    from django.db.models import F

    from layanan.models import SELESAI, Permohonan, Riwayat, Status
    from skm.models import Tanggapan

    Permohonan.objects.filter(status__in=SELESAI, selesai_pada__isnull=True).update(
        selesai_pada=F("dibuat_pada") + datetime.timedelta(days=2, hours=3)
    )
    if not Riwayat.objects.filter(tepat_waktu=False).exists():
        fo = get_user_model().objects.get(username="fo")
        selesai = Permohonan.objects.filter(status=Status.DISERAHKAN).values_list("pk", "selesai_pada")[::10]
        Riwayat.objects.bulk_create(
            [
                Riwayat(
                    permohonan_id=pk,
                    aksi="serahkan",
                    dari_status=Status.TERBIT,
                    ke_status=Status.DISERAHKAN,
                    oleh=fo,
                    nama_pelaku="Petugas Front Office",
                    waktu=waktu,
                    tepat_waktu=False,
                )
                for pk, waktu in selesai
            ],
            batch_size=5000,
        )
    if Tanggapan.objects.count() < 10000:
        rng = random.Random(14)
        kasus = list(
            Permohonan.objects.filter(status=Status.DISERAHKAN, tanggapan_skm__isnull=True).values_list(
                "pk", "versi_sop__sop_id", "selesai_pada"
            )[:10000]
        )
        Tanggapan.objects.bulk_create(
            [
                Tanggapan(
                    sop_id=sop_id,
                    permohonan_id=pk,
                    saluran="tautan",
                    jenis_kelamin=rng.choice("LP"),
                    kelompok_umur="30-39",
                    pendidikan="sma",
                    pekerjaan="lainnya",
                    dibuat_pada=waktu,
                    **{f"u{i}": rng.choice([2, 3, 3, 4, 4]) for i in range(1, 10)},
                )
                for pk, sop_id, waktu in kasus
            ],
            batch_size=5000,
        )


def _timings(fn, n):
    for _ in range(5):
        fn()
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def _pages():
    from django.contrib.auth import get_user_model
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.urls import include, path

    from layanan.models import Permohonan

    urlpatterns = [
        path("bench/minimal/", lambda request: HttpResponse("ok")),
        path("", include("dinsos.urls")),
    ]
    module = type(sys)("bench_urls")
    module.urlpatterns = urlpatterns
    sys.modules["bench_urls"] = module
    User = get_user_model()
    results = {}
    with override_settings(ROOT_URLCONF="bench_urls", ALLOWED_HOSTS=["testserver"]):
        kasi = Client()
        kasi.force_login(User.objects.get(username="kasi"))
        fo = Client()
        fo.force_login(User.objects.get(username="fo"))
        nomor = list(Permohonan.objects.order_by("?").values_list("nomor_registrasi", flat=True)[:ULANG])
        it = iter(nomor * 2)

        def check(response):
            assert response.status_code == 200, response.status_code
            return response

        results["minimal Django view"] = _timings(lambda: check(kasi.get("/bench/minimal/")), ULANG)
        results["Tugas saya (kasi, 50 per halaman)"] = _timings(lambda: check(kasi.get("/tugas/")), ULANG)
        results["Cari di tugas (semua, q=NIK)"] = _timings(
            lambda: check(fo.get("/tugas/", {"semua": "1", "q": "1609010104850001"})), ULANG
        )
        results["Halaman permohonan"] = _timings(lambda: check(fo.get(f"/permohonan/{next(it)}/")), ULANG)
        kadis = Client()
        kadis.force_login(User.objects.get(username="kadis"))
        results["Dasbor pimpinan (kadis, bulan ini)"] = _timings(lambda: check(kadis.get("/dasbor/")), ULANG)
    return results


def _letter():
    from django.contrib.auth import get_user_model

    from dinsos.pdf import html_ke_pdf
    from layanan import aksi
    from layanan.models import Permohonan
    from surat import penerbitan
    from surat.models import TemplatSurat

    p = Permohonan.objects.filter(versi_sop__jenis_surat="sktm").select_related("pemohon__desa__kecamatan").first()
    data = aksi.data_surat(p)
    ttd = aksi.penandatangan_rencana(p)
    templat = TemplatSurat.objects.get(jenis_surat=data.jenis_surat)
    html = penerbitan.render_html(
        templat,
        data,
        "400.9.3.3/0001/DINSOS/2026",
        p.dibuat_pada.date(),
        ttd,
        "http://127.0.0.1:8000/",
        "x" * 32,
    )
    n = int(os.environ.get("BENCH_SURAT", "40"))
    user = get_user_model().objects.get(username="kadis")
    base = _timings(lambda: html_ke_pdf(html), n)
    issued = _timings(lambda: penerbitan.terbitkan(data, ttd, "http://127.0.0.1:8000/", user), n)
    results = {"WeasyPrint merender HTML yang sama": base, "Menerbitkan satu surat (nomor+PDF+arsip)": issued}
    results.update(_letter_tte(data, ttd, user, n))
    return results


def _letter_tte(data, ttd, user, n):
    """Issuing signed with PAdES, each issue paired with an unsigned one run right before it.

    Pairs keep a loaded machine's swings out of the difference; each signed issue opens the
    official's PKCS#12 with the passphrase, as a signer does.
    """
    import dataclasses

    from surat import otoritas_demo, penerbitan, tte

    otoritas = otoritas_demo.buat_otoritas("Otoritas Bench")
    results = {}
    for label, jenis in [("ECDSA P-256, sertifikat demo", "ec"), ("RSA 2048", "rsa")]:
        p12 = otoritas_demo.buat_sertifikat(otoritas, ttd.nama, "frasa-bench", jenis_kunci=jenis)

        def signed(p12=p12):
            ttd_tte = dataclasses.replace(ttd, penanda=tte.PenandaP12(p12, "frasa-bench"))
            return penerbitan.terbitkan(data, ttd_tte, "http://127.0.0.1:8000/", user)

        def unsigned():
            return penerbitan.terbitkan(data, ttd, "http://127.0.0.1:8000/", user)

        for _ in range(3):
            signed()
        pairs = []
        for _ in range(n):
            t0 = time.perf_counter()
            unsigned()
            t1 = time.perf_counter()
            signed()
            t2 = time.perf_counter()
            pairs.append(((t1 - t0) * 1000, (t2 - t1) * 1000))
        tanpa = sorted(a for a, _ in pairs)
        dengan = sorted(b for _, b in pairs)
        selisih = statistics.median(b - a for a, b in pairs)
        results[f"Menerbitkan + TTE PAdES ({label})"] = (
            statistics.median(dengan),
            dengan[int(0.95 * (n - 1))],
            statistics.median(tanpa),
            selisih,
        )
    return results


def main():
    _setup_django()
    t0 = time.perf_counter()
    jumlah = _seed()
    _seed_dasbor()
    print(f"Data: {jumlah:,} permohonan (penyiapan {time.perf_counter() - t0:.0f} s)")
    pages = _pages()
    base = pages["minimal Django view"]
    print(f"\n{'Halaman':<42}{'p50 ms':>9}{'p95 ms':>9}{'p95 / dasar':>13}")
    for name, (p50, p95) in pages.items():
        print(f"{name:<42}{p50:>9.1f}{p95:>9.1f}{p95 / base[1]:>12.1f}x")
    letter = _letter()
    base_pdf = letter["WeasyPrint merender HTML yang sama"]
    print(f"\n{'Surat':<42}{'p50 ms':>9}{'p95 ms':>9}{'p50 / dasar':>13}")
    for name, (p50, p95, *_) in letter.items():
        print(f"{name:<42}{p50:>9.1f}{p95:>9.1f}{p50 / base_pdf[0]:>12.2f}x")
    for name, hasil in letter.items():
        if len(hasil) == 4:
            tanpa, tambah = hasil[2], hasil[3]
            print(
                f"  {name}: +{tambah:.0f} ms (median selisih berpasangan; tanpa TTE p50 {tanpa:.0f} ms) "
                f"— target < 150 ms: {'tercapai' if tambah < 150 else 'TIDAK tercapai'}"
            )
    target_ok = all(pages[name][1] < 150 for name in ("Tugas saya (kasi, 50 per halaman)", "Halaman permohonan"))
    dasbor_ok = pages["Dasbor pimpinan (kadis, bulan ini)"][1] < 300
    letter_ok = letter["Menerbitkan satu surat (nomor+PDF+arsip)"][0] <= 1.3 * base_pdf[0]
    print(
        f"\nTarget p95 < 150 ms (tugas saya, halaman permohonan): {'tercapai' if target_ok else 'TIDAK tercapai'}; "
        f"dasbor p95 < 300 ms: {'tercapai' if dasbor_ok else 'TIDAK tercapai'}; "
        f"surat ≤ 1,3× WeasyPrint: {'tercapai' if letter_ok else 'TIDAK tercapai'}"
    )
    sys.stdout.flush()
    if os.environ.get("BENCH_REGISTRI", "1") != "0":
        from tests.bench import registri

        registri.main()
    if os.environ.get("BENCH_BANSOS", "1") != "0":
        from tests.bench import bansos

        bansos.main()
    if os.environ.get("BENCH_LAMPIRAN", "1") != "0":
        from tests.bench import lampiran

        lampiran.main()
    if os.environ.get("BENCH_PENGADUAN", "1") != "0":
        from tests.bench import pengaduan

        pengaduan.main()
    if os.environ.get("BENCH_BEBAN", "1") != "0":
        from tests.bench import beban

        beban.main()
    if os.environ.get("BENCH_PERSURATAN", "1") != "0":
        from tests.bench import persuratan

        persuratan.main()


if __name__ == "__main__":
    main()
