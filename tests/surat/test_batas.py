"""Issue 10 §6: the number lock is short, SQLite signers queue, public uploads and SOP PDFs are bounded."""

import os
import subprocess
import sys
import time
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from layanan import aksi
from layanan.models import Permohonan, Status
from surat import penerbitan
from tests.layanan.helpers import daftar
from tests.surat.test_surat import terbit, text_of

ROOT = Path(__file__).resolve().parent.parent.parent


def test_number_lock_is_held_for_milliseconds_even_with_a_long_keperluan(users, monkeypatch):
    p = daftar(users["fo"])
    keperluan = "Persyaratan berobat dan pendidikan anak. " * 500  # ~20 KB: several pages
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD, keperluan=keperluan)
    p = Permohonan.objects.get(pk=p.pk)
    moments = {}
    real_kunci = aksi._kunci

    def kunci(*args, **kwargs):  # first statement of the transaction: from here on, writers wait
        moments.setdefault("kunci", time.perf_counter())
        return real_kunci(*args, **kwargs)

    monkeypatch.setattr(aksi, "_kunci", kunci)
    real_render = penerbitan.html_ke_pdf

    def render(html):  # time spent making the PDF, wherever it happens
        before = time.perf_counter()
        try:
            return real_render(html)
        finally:
            moments["render"] = moments.get("render", 0) + time.perf_counter() - before

    monkeypatch.setattr(penerbitan, "html_ke_pdf", render)
    p = aksi.jalankan(p.pk, users["kadis"], "tandatangani", token=aksi.token_status(p), base_url="http://t/")
    held = time.perf_counter() - moments["kunci"]
    rendering = moments["render"]
    print(f"\nlock held {held * 1000:.0f} ms; rendering a {len(keperluan)} character letter: {rendering * 1000:.0f} ms")
    assert "Persyaratan berobat dan pendidikan anak." in text_of(bytes(p.surat.pdf))
    assert rendering > 0.2  # the render takes long (about 1-4 s here) ...
    assert held < rendering / 4  # ... and happens before the lock (held about 0.1-0.2 s)


def test_letter_rendered_with_a_number_taken_meanwhile_is_rendered_again(users, monkeypatch):
    first = daftar(users["fo"])
    second = daftar(users["fo"])
    Permohonan.objects.filter(pk__in=[first.pk, second.pk]).update(status=Status.TTD)
    real_siapkan = penerbitan.siapkan
    calls = []

    def siapkan(data, *args, **kwargs):
        siap = real_siapkan(data, *args, **kwargs)
        if data.referensi == first.nomor_registrasi:
            calls.append(siap.nomor)
            if len(calls) == 1:  # another signer issues a letter while this one renders
                aksi.jalankan(second.pk, users["sekretaris"], "tandatangani", base_url="http://t/")
        return siap

    monkeypatch.setattr(penerbitan, "siapkan", siapkan)
    p = aksi.jalankan(first.pk, users["kadis"], "tandatangani", base_url="http://t/")
    second.refresh_from_db()
    assert second.surat.urutan == 1 and p.surat.urutan == 2
    assert calls == [second.surat.nomor, p.surat.nomor]  # rendered with 0001, then again with 0002
    assert f"Nomor: {p.surat.nomor}" in text_of(bytes(p.surat.pdf))


SCRIPT = r"""
import io, os, sys, threading
import django
django.setup()
from django.db.backends.signals import connection_created
def no_fsync(sender, connection, **kwargs):  # a throwaway database: skip fsync to keep the test fast
    connection.cursor().execute("PRAGMA synchronous=OFF")
connection_created.connect(no_fsync)
from django.core.management import call_command
from django.db import connections
call_command("migrate", verbosity=0)
os.environ["DEMO_PASSWORD"] = "rahasia-uji-2026"
from django.test import override_settings
with override_settings(DEBUG=True):
    call_command("demo", kabupaten="oku-selatan", stdout=io.StringIO())
from django.contrib.auth import get_user_model
from layanan import aksi
from layanan.models import Permohonan, Status
from surat.models import Surat
from tests.layanan.helpers import daftar
User = get_user_model()
p = daftar(User.objects.get(username="fo"))
Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD, keperluan="Berobat " * 300)
p = Permohonan.objects.get(pk=p.pk)
token = aksi.token_status(p)
signers = [User.objects.get(username="kadis"), User.objects.get(username="sekretaris")]
barrier = threading.Barrier(2)
results = []
def run(i):
    try:
        barrier.wait()
        aksi.jalankan(p.pk, signers[i], "tandatangani", token=token, base_url="http://t/")
        results.append("ok")
    except aksi.AksiGagal as exc:
        results.append("gagal: " + str(exc))
    except Exception as exc:
        results.append("500: " + type(exc).__name__ + " " + str(exc))
    finally:
        connections.close_all()
threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
for t in threads: t.start()
for t in threads: t.join()
for r in sorted(results): print("HASIL", r)
print("SURAT", Surat.objects.count())
"""


def test_two_signers_at_once_on_sqlite_the_loser_gets_the_message_not_a_500(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serentak.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "dinsos.settings",
        "DEBUG": "1",
        "DEMO_TTE": "0",  # wet signatures: this test is about the numbering lock
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": str(ROOT),
    }
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    lines = [line for line in out.stdout.splitlines() if line.startswith(("HASIL", "SURAT"))]
    assert lines[0].startswith("HASIL gagal: Permohonan ini baru saja diproses oleh petugas lain"), lines
    assert lines[1] == "HASIL ok" and lines[2] == "SURAT 1", lines


def _upload(size, name="surat.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.7\n" + b"0" * (size - 9), content_type="application/pdf")


def test_verification_upload_over_the_cap_is_refused_before_it_is_read(client, users):
    surat = terbit(users).surat
    url = reverse("surat:verifikasi", args=[surat.token])
    response = client.post(url, {"berkas": _upload(6 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Berkas terlalu besar: paling besar 5 MB" in response.content.decode()


def test_verification_upload_just_over_the_cap_is_refused_by_the_form(client, users, settings):
    settings.VERIFIKASI_MAKS_MB = 1
    surat = terbit(users).surat
    url = reverse("surat:verifikasi", args=[surat.token])
    response = client.post(url, {"berkas": _upload(1024 * 1024 + 10_000)})
    html = response.content.decode()
    assert response.status_code == 200 and "Berkas terlalu besar: paling besar 1 MB" in html
    assert "IDENTIK" not in html


def test_verification_uploads_are_limited_per_address(client, users, settings):
    settings.VERIFIKASI_MAKS_UNGGAH = 3
    surat = terbit(users).surat
    url = reverse("surat:verifikasi", args=[surat.token])
    pdf = bytes(surat.pdf)
    for _ in range(3):
        response = client.post(url, {"berkas": SimpleUploadedFile("s.pdf", pdf)}, REMOTE_ADDR="10.0.0.7")
        assert "Berkas IDENTIK" in response.content.decode()
    response = client.post(url, {"berkas": SimpleUploadedFile("s.pdf", pdf)}, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 429 and "Terlalu banyak pencocokan" in response.content.decode()
    # Another address is not affected; reading the page is never limited.
    other = client.post(url, {"berkas": SimpleUploadedFile("s.pdf", pdf)}, REMOTE_ADDR="10.0.0.8")
    assert "Berkas IDENTIK" in other.content.decode()
    assert client.get(url, REMOTE_ADDR="10.0.0.7").status_code == 200


def test_verification_upload_still_checks_csrf(users):
    from django.test import Client

    surat = terbit(users).surat
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("surat:verifikasi", args=[surat.token]), {"berkas": _upload(1000)})
    assert response.status_code == 403


def test_public_sop_pdf_is_rendered_once_per_published_version(client, kantor, monkeypatch):
    from dinsos import pdf as pdf_module
    from sop import views

    renders = []
    real = pdf_module.html_ke_pdf

    def counting(html):
        renders.append(1)
        return real(html)

    monkeypatch.setattr(views, "html_ke_pdf", counting)
    url = reverse("sop:sop_pdf", args=["sktm"])
    start = time.perf_counter()
    first = client.get(url).content
    cold = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(5):
        assert client.get(url).content == first
    warm = (time.perf_counter() - start) / 5
    print(f"\nSOP sheet: first request {cold * 1000:.0f} ms, cached {warm * 1000:.0f} ms")
    assert len(renders) == 1
    # The sheet shows the office: a changed profile is a new sheet, not a stale one.
    kantor.nama_dinas = "Dinas Sosial dan Pemberdayaan"
    kantor.save()
    assert "DINAS SOSIAL DAN PEMBERDAYAAN" in text_of(client.get(url).content).upper()
    assert len(renders) == 2
