"""Electronic signature in Chromium at phone width: the Kadis signs with a passphrase."""

import io
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from dinsos.management.commands.demo import DEFAULT_FRASA_TTE
from layanan.models import Permohonan, Status
from surat import tte
from surat.models import Surat
from tests.conftest import ARTIFACTS, load_demo, masuk, shot
from tests.layanan.helpers import daftar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _demo_dengan_tte():
    """The demo office as `make run` sets it up: its own CA, Kadis and Sekretaris with certificates."""
    load_demo("oku-selatan")
    os.environ["DEMO_TTE"] = "1"
    try:
        with override_settings(DEBUG=True):
            call_command("demo", kabupaten="oku-selatan", stdout=io.StringIO())
    finally:
        os.environ["DEMO_TTE"] = "0"


def _qr_url(pdf: bytes, name: str) -> str:
    from pyzbar.pyzbar import decode

    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(path), str(ARTIFACTS / name)], check=True)
    [code] = decode(Image.open(next(ARTIFACTS.glob(f"{name}*.png"))))
    return code.data.decode()


def test_kadis_signs_with_a_passphrase_at_phone_width_and_the_qr_page_shows_the_signer(browser, live_server):
    _demo_dengan_tte()
    users = {u.username: u for u in get_user_model().objects.select_related("pegawai")}
    p = daftar(users["fo"], kode="sktm")
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD, langkah_kini=p.langkah_untuk(Status.TTD))
    base = live_server.url
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "Tanda tangani dan terbitkan surat ini?"
    page.set_default_timeout(20000)
    try:
        masuk(page, base, "kadis")
        page.goto(f"{base}/permohonan/{p.nomor_registrasi}/")
        frasa = page.get_by_label("Frasa sandi sertifikat elektronik")
        frasa.fill("bukan-frasanya")
        page.get_by_role("button", name="Tanda tangani dan terbitkan").click()
        page.wait_for_load_state()
        assert "Frasa sandi sertifikat elektronik salah" in page.content()
        assert not Surat.objects.exists()
        shot(page, "tte-frasa-salah-390")
        page.set_viewport_size({"width": 1366, "height": 900})
        shot(page, "tte-frasa-salah-1366")
        page.set_viewport_size({"width": 390, "height": 844})

        page.get_by_label("Frasa sandi sertifikat elektronik").fill(DEFAULT_FRASA_TTE)
        page.get_by_role("button", name="Tanda tangani dan terbitkan").click()
        page.wait_for_load_state()
        surat = Surat.objects.get()
        assert surat.cara_ttd == "elektronik"
        shot(page, "tte-terbit-390")

        pdf = page.request.get(base + page.locator("#unduh-surat").get_attribute("href")).body()
        assert pdf == bytes(surat.pdf)
        # pyHanko's own validator, against the demo office's trusted root (in a thread of its own:
        # pyHanko runs an event loop, and Playwright's sync API already runs one in this thread).
        [sig] = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
        roots = tte.akar_tepercaya()
        with ThreadPoolExecutor(1) as pool:
            status = pool.submit(validate_pdf_signature, sig, ValidationContext(trust_roots=roots)).result()
        assert status.bottom_line and status.signing_cert.subject.native["common_name"] == users["kadis"].pegawai.nama

        # The QR code printed on the letter leads to the page that names the signer.
        url = _qr_url(pdf, "tte-surat")
        assert url.endswith(f"/v/{surat.token}/")
        page.goto(url)
        assert users["kadis"].pegawai.nama in page.locator("#penandatangan").inner_text()
        assert "Ditandatangani secara elektronik" in page.locator("#cara-ttd").inner_text()
        page.locator("input[type=file]").set_input_files(str(ARTIFACTS / "tte-surat.pdf"))
        page.get_by_role("button", name="Cocokkan").click()
        page.wait_for_load_state()
        assert "SAH dan berkas UTUH" in page.locator("#hasil-tte").inner_text()
        assert users["kadis"].pegawai.nama in page.locator("#tte-penanda").inner_text()
        shot(page, "tte-verifikasi-390")
        page.set_viewport_size({"width": 1366, "height": 900})
        shot(page, "tte-verifikasi-1366")

        # Without the QR code: the same PDF is found in the archive by its bytes.
        page.set_viewport_size({"width": 390, "height": 844})
        page.get_by_role("link", name="Periksa berkas PDF lain tanpa kode QR").click()
        page.locator("input[type=file]").set_input_files(str(ARTIFACTS / "tte-surat.pdf"))
        page.get_by_role("button", name="Periksa").click()
        page.wait_for_load_state()
        assert f"surat Nomor {surat.nomor}" in page.locator("#hasil-arsip").inner_text()
        assert "SAH dan berkas UTUH" in page.locator("#hasil-tte").inner_text()
        shot(page, "tte-periksa-berkas-390")
        page.set_viewport_size({"width": 1366, "height": 900})
        shot(page, "tte-periksa-berkas-1366")
    finally:
        context.close()
