"""Browser: the Kadis signs an SK with a long list; the page shows the job, then the finished lampiran."""

import io
import subprocess

import pytest
from pypdf import PdfReader

from bansos import aksi
from bansos.models import Calon
from tests.bansos import helpers as h
from tests.conftest import ARTIFACTS, masuk, shot
from tests.e2e.test_perjalanan import klik
from tests.operasi.helpers import jalankan_antrean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_long_sk_lampiran_progress_then_download(page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BANSOS_LAMPIRAN_LATAR = 5
    program = h.program(kuota=40, anggaran=40 * 1_500_000)
    for i in range(1, 41):
        h.calon(program, i, status=Calon.Status.LAYAK, desa="Air Rupik", kecamatan="Banding Agung").save()
    penetapan = aksi.tetapkan(program.pk, h.pegawai("kasi"))
    h.pegawai("kadis")
    base = live_server.url

    masuk(page, base, "kadis", "x")
    page.goto(f"{base}/bansos/penetapan/{penetapan.pk}/")
    # The sign button asks once (static/js/dinsos.js); the Kadis confirms.
    page.once("dialog", lambda d: d.accept() if "Tandatangani dan terbitkan SK ini?" in d.message else d.dismiss())
    klik(page, "Tandatangani dan terbitkan SK")
    status = page.locator(".lampiran-status")
    assert "Menunggu" in status.inner_text() and "menunggu pekerja" in status.inner_text()
    assert page.get_by_role("link", name="Unduh lampiran SK (PDF)").count() == 0
    shot(page, "bansos-lampiran-latar-antre")

    jalankan_antrean()
    # htmx polls the partial: the finished state appears without a reload.
    page.get_by_text("Lampiran selesai").wait_for(timeout=10_000)
    shot(page, "bansos-lampiran-latar-selesai")
    href = page.get_by_role("link", name="Unduh lampiran (PDF)").get_attribute("href")
    body = page.request.get(base + href).body()
    pages = PdfReader(io.BytesIO(body)).pages
    penetapan.refresh_from_db()
    for i, p in enumerate(pages, start=1):
        teks = " ".join(p.extract_text().split())
        assert penetapan.surat.nomor in teks and f"Halaman {i} dari {len(pages)}" in teks
    assert "Jumlah: 40 orang, Rp 60.000.000" in " ".join(pages[-1].extract_text().split())
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "bansos-lampiran-latar.pdf"
    pdf.write_bytes(body)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "bansos-lampiran-latar")], check=False)
