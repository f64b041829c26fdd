"""Two app servers (gunicorn) and one worker on loopback ports, sharing one PostgreSQL database.

Staff work through both servers at once: registrations, signatures and a registry import.
Letter numbers stay gapless and unique, every job runs exactly once, no response is an error.
"""

import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.conf import global_settings
from django.contrib.auth import get_user_model
from django.db import connection
from django_tasks_db.models import DBTaskResult

from layanan import aksi
from layanan.models import Permohonan, Status
from registri.generator import tulis_csv
from registri.models import Snapshot
from sop.models import VersiSop
from surat.models import Surat
from tests.conftest import DEMO_PASSWORD, load_demo
from tests.layanan.helpers import daftar, form_post, kk, nik
from tests.operasi.klien import Staf
from tests.operasi.proses import BasisBersama, hentikan, tunggu

pytestmark = pytest.mark.django_db(transaction=True)
TANDA_TANGAN = 12
PENDAFTARAN = 10
BARIS_IMPOR = 5000


def _alamat(log_path):
    """The address gunicorn bound, read from its log ("Listening at: http://127.0.0.1:PORT").

    Gunicorn binds port 0 and the kernel picks a free port. Choosing a free port here and
    passing it on is racy: another test process's outgoing connections (to PostgreSQL, say)
    take ephemeral ports from the same range and can grab it in between.
    """
    m = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", log_path.read_text())
    return m.group(1) if m else None


def _sehat(url):
    try:
        return requests.get(url + "/sehat/", timeout=2).json()["pekerja"]["status"] == "ok"
    except (requests.RequestException, ValueError, KeyError):
        return False


@pytest.fixture
def dua_server(tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("Uji dua server butuh PostgreSQL (set DATABASE_URL); SQLite tidak dipakai bersama beberapa server.")
    # The servers check passwords with the production hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    load_demo("oku-selatan")
    db = BasisBersama(tmp_path)
    env = {"DEMO_PASSWORD": DEMO_PASSWORD, "WEB_CONCURRENCY": 2, "PEKERJA_DETAK_DETIK": 1}
    urls, procs = [], []
    try:
        for name in ("a", "b"):
            procs.append(
                db.mulai(
                    ["-m", "gunicorn", "-c", "gunicorn.conf.py", "dinsos.wsgi"],
                    f"web-{name}.log",
                    GUNICORN_BIND="127.0.0.1:0",
                    **env,
                )
            )
        procs.append(db.mulai(["manage.py", "pekerja", "--no-startup-delay", "--interval", "0.2"], "pekerja.log", **env))
        for name in ("a", "b"):
            log_path = tmp_path / f"web-{name}.log"
            tunggu(lambda log_path=log_path: _alamat(log_path), 60, jeda=0.3, pesan=f"web-{name} tidak mendengarkan")
            urls.append(_alamat(log_path))
        for url in urls:
            tunggu(lambda url=url: _sehat(url), 60, jeda=0.3, pesan=f"{url} tidak sehat")
        yield urls, tmp_path
    finally:
        for proc in procs:
            hentikan(proc)
    for name in ("web-a.log", "web-b.log", "pekerja.log"):
        log = (tmp_path / name).read_text()
        assert "ERROR" not in log and "Traceback" not in log, log[-3000:]


def test_registrations_signatures_and_an_import_through_two_servers(dua_server):
    (a, b), tmp_path = dua_server
    User = get_user_model()
    fo = User.objects.get(username="fo")
    ttd = []
    for i in range(TANDA_TANGAN):
        p = daftar(fo, nik=nik(urut=f"{i + 1:04d}"), nomor_kk=kk(urut=f"{i + 1:04d}"))
        Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
        ttd.append(Permohonan.objects.get(pk=p.pk))
    sebelum = set(Permohonan.objects.values_list("pk", flat=True))
    versi = VersiSop.objects.terbit().get(sop__kode="sktm")
    pendaftaran = [
        form_post(versi, **{"pemohon-nik": nik(urut=f"{i + 101:04d}"), "pemohon-nomor_kk": kk(urut=f"{i + 101:04d}")})
        for i in range(PENDAFTARAN)
    ]
    tulis_csv(tmp_path / "dtks.csv", BARIS_IMPOR, kode_wilayah="1609", seed=5)

    servers = [a, b]
    staf = {(u, url): Staf(url, u, DEMO_PASSWORD) for u in ("fo", "kadis", "admin") for url in servers}

    def tanda_tangan(i):
        p = ttd[i]
        klien = staf[("kadis", servers[i % 2])]
        path = f"/permohonan/{p.nomor_registrasi}/"
        page = klien.get(path)
        return klien.post(path + "aksi/tandatangani/", {"token": aksi.token_status(p)}, csrf_dari=page)

    def daftar_http(i):
        klien = Staf(servers[i % 2], "fo", DEMO_PASSWORD)  # one session per clerk at the counter
        staf[(f"fo-{i}", servers[i % 2])] = klien
        return klien.post("/permohonan/baru/sktm/", pendaftaran[i])

    def impor():
        klien = staf[("admin", b)]
        with open(tmp_path / "dtks.csv", "rb") as fh:
            return klien.post("/admin/registri/snapshot/unggah/", {"jenis": "dtks"}, files={"berkas": fh})

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(impor)]
        futures += [pool.submit(tanda_tangan, i) for i in range(TANDA_TANGAN)]
        futures += [pool.submit(daftar_http, i) for i in range(PENDAFTARAN)]
        hasil = [f.result() for f in futures]
    assert all(r.status_code == 302 for r in hasil), [(r.url, r.status_code) for r in hasil if r.status_code != 302]

    # The import finishes in the worker; the upload page follows it through server A.
    snapshot = Snapshot.objects.get()
    tunggu(lambda: Snapshot.objects.get().status in {"selesai", "gagal"}, 120, jeda=0.3)
    progres = staf[("admin", a)].get(f"/admin/registri/snapshot/{snapshot.pk}/progres/bagian/")
    assert f"<strong>{BARIS_IMPOR}</strong> baris dimuat" in progres.text
    durasi = time.monotonic() - started

    # Every signature issued exactly one letter; numbers 1..n in their series, no gap, no repeat.
    surat = list(Surat.objects.order_by("urutan").values_list("seri_id", "tahun", "urutan", "nomor"))
    assert len(surat) == TANDA_TANGAN
    assert len({s[:2] for s in surat}) == 1
    assert [s[2] for s in surat] == list(range(1, TANDA_TANGAN + 1))
    assert len({s[3] for s in surat}) == TANDA_TANGAN
    assert Surat.objects.filter(referensi__in=[p.nomor_registrasi for p in ttd]).count() == TANDA_TANGAN

    # Every registration made one case with its own registration number.
    baru = Permohonan.objects.exclude(pk__in=sebelum)
    assert baru.count() == PENDAFTARAN
    assert len(set(baru.values_list("nomor_registrasi", flat=True))) == PENDAFTARAN

    # Every job ran exactly once, by one worker.
    jobs = list(DBTaskResult.objects.values_list("task_path", "status", "worker_ids"))
    for path, status, worker_ids in jobs:
        if status != "READY":  # periodic jobs enqueued a moment ago may still wait
            assert status == "SUCCESSFUL" and len(worker_ids) == 1, (path, status, worker_ids)
    assert sum(1 for j in jobs if j[0] == "registri.tugas.impor_snapshot") == 1

    # No response anywhere was an error.
    errors = [r for klien in staf.values() for r in klien.responses if r[2] >= 400]
    assert errors == []
    # Both servers took their share.
    for url in servers:
        assert sum(1 for klien in staf.values() for r in klien.responses if r[1].startswith(url)) > TANDA_TANGAN
    print(f"dua server: {TANDA_TANGAN} tanda tangan, {PENDAFTARAN} pendaftaran, impor {BARIS_IMPOR} baris: {durasi:.1f} s")
