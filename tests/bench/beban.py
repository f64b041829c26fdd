"""Load run: 50 simulated staff for 60 s against gunicorn on loopback (part of `make bench`).

Starts gunicorn (the repository's gunicorn.conf.py, production settings: DEBUG=0, static
files collected into a temporary folder) on a free 127.0.0.1 port against the bench
database, logs in the demo staff, and runs BEBAN_STAF threads for BEBAN_DETIK seconds. Each
staff member repeats: think, then one of worklist, case page, registration (form + submit),
signing a letter, or the minimal view (the baseline, measured under the same load).

Think time: uniform between half and one and a half times BEBAN_JEDA, 5 s by default (so
2.5–7.5 s). A clerk reads a case page or fills in a form between clicks; 5 s is already
brisk for that (50 staff then make about 10 requests a second). BEBAN_JEDA=1 gives the
stress run of earlier sessions (each staff member clicking every second).

Bounded: the run stops at its deadline and after BEBAN_MAKS requests per staff member;
loopback only. Reports p50/p95 per kind as the client saw it, the error count (any status
>= 400 or an unexpected one) and the machine's load average before and after (the machine
is shared). Beside them, from headers the load settings add: the CPU time of the gunicorn
process for the request ("CPU web") and the wall time inside it ("di server"; the rest of
the client's time was spent queued for a free worker); and the CPU the web processes and
their PostgreSQL backends used over the run, as cores on average.
"""

import datetime
import os
import queue
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

STAF = int(os.environ.get("BEBAN_STAF", "50"))
DETIK = float(os.environ.get("BEBAN_DETIK", "60"))
MAKS = int(os.environ.get("BEBAN_MAKS", "1000"))
JEDA = float(os.environ.get("BEBAN_JEDA", "5"))  # mean think time of a staff member, seconds
ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CAMPURAN = [("Tugas saya", 35), ("Halaman permohonan", 35), ("Pendaftaran", 10), ("Tanda tangan", 10), ("minimal", 10)]


def _port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _siapkan(n_ttd, n_daftar):
    """Cases to sign (at TTD, with their tokens) and registration forms with fresh NIKs."""
    from django.contrib.auth import get_user_model

    from layanan import aksi, halaman
    from layanan.models import Permohonan, Status
    from sop.models import VersiSop
    from tests.layanan.helpers import daftar, form_post, kk, nik

    fo = get_user_model().objects.get(username="fo")
    rng = random.Random(int(time.time()))
    ttd = []
    for _ in range(n_ttd):
        urut = f"{rng.randrange(1, 9999):04d}"
        lahir = datetime.date(1960 + rng.randrange(40), 1 + rng.randrange(12), 1 + rng.randrange(28))
        p = daftar(fo, nik=nik(lahir=lahir, urut=urut), nomor_kk=kk(urut=urut), tanggal_lahir=lahir)
        Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
        p = Permohonan.objects.get(pk=p.pk)
        ttd.append((p.nomor_registrasi, aksi.token_status(p)))
    versi = VersiSop.objects.terbit().get(sop__kode="sktm")
    forms = []
    for _ in range(n_daftar):
        urut = f"{rng.randrange(1, 9999):04d}"
        lahir = datetime.date(1960 + rng.randrange(40), 1 + rng.randrange(12), 1 + rng.randrange(28))
        forms.append(
            form_post(
                versi,
                **{
                    "pemohon-nik": nik(lahir=lahir, urut=urut),
                    "pemohon-nomor_kk": kk(urut=urut),
                    "pemohon-tanggal_lahir": lahir.isoformat(),
                },
            )
        )
    # Service cases only: a complaint's number redirects to its own page (layanan.halaman).
    layanan_saja = Permohonan.objects.all()
    for awalan in halaman.awalan_terdaftar():
        layanan_saja = layanan_saja.exclude(nomor_registrasi__startswith=awalan)
    nomor = list(layanan_saja.order_by("?").values_list("nomor_registrasi", flat=True)[:500])
    return ttd, forms, nomor


def _analisis():
    """Fresh planner statistics, as autovacuum keeps them in production.

    A development server may run with autovacuum off; after the bulk seed the planner would
    then guess a few hundred rows where there are thousands and pick slow plans.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class Sesi:
    """One logged-in role; threads copy its cookies into their own requests.Session."""

    def __init__(self, base, username, password):
        s = requests.Session()
        page = s.get(f"{base}/masuk/", timeout=30)
        s.post(
            f"{base}/masuk/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": CSRF.search(page.text).group(1)},
            headers={"Referer": f"{base}/masuk/"},
            timeout=60,
        )
        if "sessionid" not in s.cookies:
            raise SystemExit(f"{username} gagal masuk")
        form = (
            s.get(f"{base}/permohonan/baru/sktm/", timeout=30).text
            if username == "fo"
            else s.get(base + "/", timeout=30).text
        )
        match = CSRF.search(form)
        self.cookies = s.cookies.get_dict()
        self.csrf = match.group(1) if match else s.cookies.get("csrftoken")

    def klien(self):
        s = requests.Session()
        s.cookies.update(self.cookies)
        return s


def main():
    from tests.bench import run

    run._setup_django()
    run._seed()
    password = os.environ.get("DEMO_PASSWORD", "dinsos-demo-2026")
    kebutuhan = int(STAF * DETIK / JEDA * 0.15) + 20  # ~10% of requests each (with a margin)
    print(
        f"\nUji beban: {STAF} staf × {DETIK:.0f} s terhadap gunicorn (menyiapkan {kebutuhan} kasus TTD) ...", file=sys.stderr
    )
    ttd, forms, nomor = _siapkan(kebutuhan, kebutuhan)
    _analisis()
    ttd_q, forms_q = queue.Queue(), queue.Queue()
    for item in ttd:
        ttd_q.put(item)
    for item in forms:
        forms_q.put(item)

    port = _port()
    base = f"http://127.0.0.1:{port}"
    statik = tempfile.mkdtemp(prefix="beban-statik-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings_beban",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        # Production settings (plain http on loopback: see settings_beban).
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "beban-" + "x" * 50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": statik,
        "DEMO_PASSWORD": password,
        # Longer than the run, so each web process keeps one PostgreSQL backend throughout
        # (its CPU is read at the start and the end; production's 60 s differs by one reconnect).
        "CONN_MAX_AGE": "600",
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    log = open(ROOT / "test-artifacts-beban-gunicorn.log", "w")
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "dinsos.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(base + "/bench/minimal/", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.3)
        sesi = {u: Sesi(base, u, password) for u in ("fo", "kasi", "kadis")}
        _pemanasan(base, sesi, nomor)
        beban_awal = os.getloadavg()[0]
        hasil = _jalankan(base, sesi, ttd_q, forms_q, nomor)
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        web.wait(30)
        log.close()
        shutil.rmtree(statik, ignore_errors=True)
    return _lapor(hasil, beban_awal)


def _pemanasan(base, sesi, nomor):
    """A few requests of each read kind per gunicorn process before anything is measured."""
    kasi, fo = sesi["kasi"].klien(), sesi["fo"].klien()
    for i in range(3 * int(os.environ.get("WEB_CONCURRENCY", "5"))):
        kasi.get(base + "/bench/minimal/", timeout=60)
        kasi.get(base + "/tugas/", timeout=60)
        fo.get(f"{base}/permohonan/{nomor[i % len(nomor)]}/", timeout=60)
        fo.get(f"{base}/permohonan/baru/sktm/", timeout=60)


def _jalankan(base, sesi, ttd_q, forms_q, nomor):
    samples = defaultdict(list)
    cpu = defaultdict(list)
    server = defaultdict(list)
    errors = defaultdict(int)
    lock = threading.Lock()
    names, weights = zip(*CAMPURAN, strict=True)
    stop_at = time.monotonic() + DETIK

    def ukur(name, expect, fn, *args, **kwargs):
        t0 = time.perf_counter()
        cpu_ms = server_ms = None
        try:
            response = fn(*args, timeout=60, allow_redirects=False, **kwargs)
            ok = response.status_code in expect
            cpu_ms = float(response.headers.get("X-Waktu-CPU", "nan"))
            server_ms = float(response.headers.get("X-Waktu-Server", "nan"))
        except requests.RequestException:
            ok = False
        ms = (time.perf_counter() - t0) * 1000
        with lock:
            samples[name].append(ms)
            if cpu_ms is not None:
                cpu[name].append(cpu_ms)
                server[name].append(server_ms)
            if not ok:
                errors[name] += 1

    def staf(i):
        rng = random.Random(i)
        klien = {role: s.klien() for role, s in sesi.items()}
        for _ in range(MAKS):
            time.sleep(rng.uniform(JEDA / 2, JEDA * 1.5))
            if time.monotonic() >= stop_at:
                return
            kind = rng.choices(names, weights)[0]
            if kind == "Tugas saya":
                ukur(kind, {200}, klien["kasi"].get, base + "/tugas/")
            elif kind == "Halaman permohonan":
                ukur(kind, {200}, klien["fo"].get, f"{base}/permohonan/{rng.choice(nomor)}/")
            elif kind == "minimal":
                ukur("minimal Django view", {200}, klien["kasi"].get, base + "/bench/minimal/")
            elif kind == "Pendaftaran":
                try:
                    data = forms_q.get_nowait()
                except queue.Empty:
                    continue
                url = f"{base}/permohonan/baru/sktm/"
                ukur("Formulir pendaftaran", {200}, klien["fo"].get, url)
                post = {**data, "csrfmiddlewaretoken": sesi["fo"].csrf}
                ukur("Pendaftaran (kirim)", {302}, klien["fo"].post, url, data=post, headers={"Referer": url})
            elif kind == "Tanda tangan":
                try:
                    nomor_ttd, token = ttd_q.get_nowait()
                except queue.Empty:
                    continue
                url = f"{base}/permohonan/{nomor_ttd}/aksi/tandatangani/"
                post = {"token": token, "csrfmiddlewaretoken": sesi["kadis"].csrf}
                ukur("Tanda tangan (nomor+PDF)", {302}, klien["kadis"].post, url, data=post, headers={"Referer": url})

    threads = [threading.Thread(target=staf, args=(i,)) for i in range(STAF)]
    pg_awal = _cpu_basis_data()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    pg_akhir = _cpu_basis_data()
    cpu_pg = sum(pg_akhir[pid] - pg_awal.get(pid, 0.0) for pid in pg_akhir)
    return samples, errors, cpu, server, cpu_pg


def _cpu_basis_data():
    """CPU seconds used so far by the PostgreSQL backends serving the web processes (local server).

    The web processes keep their connections (CONN_MAX_AGE), so the same backends serve the
    whole run; read from /proc, so only for a server on this machine ({} elsewhere).
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        pids = [row[0] for row in cursor.fetchall()]
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return used


def _lapor(hasil, beban_awal):
    samples, errors, cpu, server, cpu_pg = hasil
    base = samples.get("minimal Django view") or [float("nan")]
    base_p95 = _p(base, 0.95)
    jumlah = sum(len(s) for s in samples.values())
    print(
        f"\nUji beban: {STAF} staf serentak × {DETIK:.0f} s, jeda berpikir {JEDA / 2:g}–{JEDA * 1.5:g} s "
        f"({jumlah / DETIK:.1f} permintaan/s), {_gunicorn()}; "
        f"beban mesin (load average 1 menit) {beban_awal:.1f} sebelum, {os.getloadavg()[0]:.1f} sesudah"
    )
    print(
        f"{'Permintaan':<30}{'jumlah':>8}{'galat':>7}{'p50 ms':>9}{'p95 ms':>9}{'p95 / dasar':>13}"
        f"{'CPU web p50':>13}{'p95':>7}{'di server p95':>15}"
    )
    order = ["minimal Django view", "Tugas saya", "Halaman permohonan", "Formulir pendaftaran", "Pendaftaran (kirim)"]
    order += ["Tanda tangan (nomor+PDF)"]
    for name in order:
        s = samples.get(name, [])
        if not s:
            continue
        p50, p95 = statistics.median(s), _p(s, 0.95)
        c = cpu.get(name) or [float("nan")]
        print(
            f"{name:<30}{len(s):>8}{errors.get(name, 0):>7}{p50:>9.1f}{p95:>9.1f}{p95 / base_p95:>12.1f}x"
            f"{statistics.median(c):>13.1f}{_p(c, 0.95):>7.1f}{_p(server.get(name) or [float('nan')], 0.95):>15.1f}"
        )
    cpu_web = sum(sum(c) for c in cpu.values()) / 1000
    print(
        f"CPU selama putaran: proses web {cpu_web:.1f} s + PostgreSQL {cpu_pg:.1f} s dalam {DETIK:.0f} s "
        f"= {(cpu_web + cpu_pg) / DETIK:.2f} inti rata-rata (mesin ini {os.cpu_count()} inti)"
    )
    total_errors = sum(errors.values())
    ok = (
        total_errors == 0
        and _p(samples.get("Tugas saya", [1e9]), 0.95) < 300
        and _p(samples.get("Halaman permohonan", [1e9]), 0.95) < 300
    )
    print(
        f"Galat: {total_errors}. Target 0 galat dan p95 tugas saya & halaman permohonan < 300 ms: "
        f"{'tercapai' if ok else 'TIDAK tercapai'}"
    )
    return ok


def _gunicorn():
    """The gunicorn setup of the run, as gunicorn.conf.py resolves it from the environment."""
    conf = {}
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), conf)  # noqa: S102
    threads = f" × {conf['threads']} thread" if conf.get("threads", 1) > 1 else ""
    return f"gunicorn {conf['workers']} proses {conf['worker_class']}{threads}"


def _p(values, q):
    values = sorted(values)
    return values[int(q * (len(values) - 1))]


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
