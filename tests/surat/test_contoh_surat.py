"""Letters of three offices rendered to images for review (test-artifacts/surat-*.png)."""

import shutil
import subprocess

import pytest

from layanan import aksi
from layanan.models import Permohonan, Status
from tests.conftest import ARTIFACTS, load_demo
from tests.layanan.helpers import daftar

CONTOH = [("oku-selatan", "sktm", "1609"), ("lumajang", "spm", "3508"), ("tanah-laut", "bpnt-kks", "6301")]


@pytest.mark.parametrize("kabupaten,kode,wilayah", CONTOH)
def test_letter_of_each_office_renders_on_its_paper(db, kabupaten, kode, wilayah):
    from django.contrib.auth import get_user_model
    from pypdf import PdfReader

    load_demo(kabupaten)
    users = {u.username: u for u in get_user_model().objects.all()}
    from dinsos.models import Desa
    from tests.layanan.helpers import kk, nik

    p = daftar(
        users["fo"],
        kode=kode,
        nik=nik(kode_wilayah=wilayah),
        nomor_kk=kk(kode_wilayah=wilayah),
        desa=Desa.objects.order_by("pk").first(),
    )
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
    p = aksi.jalankan(p.pk, users["kadis"], "tandatangani", base_url="http://127.0.0.1:8000/")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / f"surat-{kabupaten}-{kode}.pdf"
    pdf.write_bytes(bytes(p.surat.pdf))
    page = PdfReader(str(pdf)).pages[0]
    width_mm, height_mm = float(page.mediabox.width) * 25.4 / 72, float(page.mediabox.height) * 25.4 / 72
    # OKU Selatan, Lumajang and Tanah Laut print on F4 (215 × 330 mm).
    assert round(width_mm) == 215 and round(height_mm) == 330
    assert len(PdfReader(str(pdf)).pages) == 1
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(pdf.with_suffix(""))], check=True)
