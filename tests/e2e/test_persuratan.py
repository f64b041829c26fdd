"""Issue #14's journey in Chromium with the demo office: a BPJS letter is registered, disposed
Kadis → Kabid Linjamsos → Kasi, answered with a Surat Dinas that the Kabid and the Sekretaris
initial and the Kadis signs; the reply is numbered in its classification series, linked to
the letter, the lembar disposisi shows the chain and the reply's QR code verifies."""

import shutil
import subprocess

import pytest
from django.utils import timezone

from persuratan.models import NaskahDinas, StatusNaskah, SuratMasuk
from tests.conftest import ARTIFACTS, DEMO_PASSWORD, load_demo, masuk, shot
from tests.persuratan.conftest import PDF_KECIL, isi_daftar_baku, pdf_teks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sebagai(page, base, username):
    if page.get_by_role("button", name="Keluar").count():
        page.get_by_role("button", name="Keluar").click()
        page.wait_for_url("**/masuk/")
    masuk(page, base, username, DEMO_PASSWORD)


def klik(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_a_bpjs_letter_is_disposed_answered_initialled_signed_and_verified(page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo("oku-selatan")
    isi_daftar_baku()
    base = live_server.url
    pindaian = tmp_path / "surat-bpjs.pdf"
    pindaian.write_bytes(PDF_KECIL)

    # The Sekretariat registers the letter.
    sebagai(page, base, "sekretaris")
    page.get_by_role("link", name="Persuratan").click()
    page.get_by_role("link", name="Catat surat masuk").click()
    page.fill("#id_pengirim", "BPJS Kesehatan Kantor Cabang Baturaja")
    page.fill("#id_nomor_surat", "1234/II-05/1126")
    page.fill("#id_tanggal_surat", "2026-11-20")
    page.fill("#id_perihal", "Rekonsiliasi data PBI JK November 2026")
    page.select_option("#id_sifat", "segera")
    page.select_option("#id_klasifikasi", label="400.9.3.3 — Perlindungan dan jaminan sosial")
    page.set_input_files("#id_berkas", str(pindaian))
    shot(page, "persuratan-01-catat")
    klik(page, "Catat dan beri nomor agenda")
    surat = SuratMasuk.objects.get()
    assert f"nomor agenda {surat.label_agenda}" in page.content()

    # The Kadis disposes it to the Kabid Linjamsos: "siapkan jawaban".
    sebagai(page, base, "kadis")
    page.goto(f"{base}/surat-masuk/")
    page.get_by_role("link", name=surat.label_agenda).click()
    page.get_by_label("Kepala Bidang Perlindungan dan Jaminan Sosial").check()
    page.get_by_label("Siapkan jawaban").check()
    page.fill("#id_catatan", "Siapkan jawaban untuk BPJS minggu ini.")
    klik(page, "Kirim disposisi")
    assert "Disposisi terkirim." in page.content()
    # The Kadis often reads letters on a phone: the page fits the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "persuratan-02a-disposisi-ponsel")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The Kabid re-disposes it to the Kasi.
    sebagai(page, base, "kabid")
    page.goto(f"{base}/surat-masuk/{surat.pk}/")
    page.get_by_label("Kepala Seksi Perlindungan dan Jaminan Sosial").check()
    page.get_by_label("Tindak lanjuti").check()
    klik(page, "Kirim disposisi")
    shot(page, "persuratan-02-disposisi")

    # The Kasi drafts a Surat Dinas reply and sends it up.
    sebagai(page, base, "kasi")
    page.goto(f"{base}/surat-masuk/{surat.pk}/")
    page.get_by_role("link", name="Buat balasan").click()
    page.fill("#id_lampiran", "1 (satu) berkas")
    page.fill("#id_isi", "Menindaklanjuti surat Saudara, data PBI JK November 2026 telah kami cocokkan dengan DTKS.")
    page.fill("#id_tembusan", "Bupati Ogan Komering Ulu Selatan")
    shot(page, "persuratan-03-naskah")
    klik(page, "Simpan konsep")
    klik(page, "Ajukan untuk diparaf")
    naskah = NaskahDinas.objects.get()
    assert naskah.membalas_id == surat.pk and naskah.status == StatusNaskah.PARAF

    # The Kabid initials, then the Sekretaris (who checks every letter the Kadis signs).
    for username in ["kabid", "sekretaris"]:
        sebagai(page, base, username)
        page.goto(f"{base}/naskah/")
        page.get_by_role("link", name=naskah.hal).first.click()
        klik(page, "Paraf")
        assert "Naskah telah Anda paraf." in page.content()

    # The Kadis signs; the number comes from the 400.9.3.3 series.
    sebagai(page, base, "kadis")
    page.goto(f"{base}/naskah/{naskah.pk}/")
    klik(page, "Tandatangani dan terbitkan")
    naskah.refresh_from_db()
    nomor = f"400.9.3.3/0001/DINSOS/{timezone.localdate().year}"
    assert naskah.surat.nomor == nomor
    assert page.locator("#nomor-naskah").inner_text() == nomor
    shot(page, "persuratan-04-terbit")

    # Linked: the incoming letter lists its reply; the lembar disposisi shows the chain.
    page.goto(f"{base}/surat-masuk/{surat.pk}/")
    assert page.get_by_role("link", name=nomor).count() == 1
    shot(page, "persuratan-05-surat-masuk")
    lembar = page.request.get(f"{base}/surat-masuk/{surat.pk}/lembar-disposisi.pdf").body()
    teks = " ".join(pdf_teks(lembar).split())
    assert "LEMBAR DISPOSISI" in teks
    assert teks.index("Siapkan jawaban") < teks.index("Tindak lanjuti")
    assert "Kepala Seksi Perlindungan dan Jaminan Sosial" in teks
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "persuratan-lembar-disposisi.pdf").write_bytes(lembar)

    # The reply's QR code leads to the public verification page.
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) tidak terpasang: pemeriksaan QR dilewati.")
    try:
        from pyzbar.pyzbar import decode
    except ImportError as exc:
        pytest.skip(f"libzbar0 tidak terpasang: pemeriksaan QR dilewati ({exc}).")
    from PIL import Image

    pdf = page.request.get(f"{base}/naskah/{naskah.pk}/surat.pdf").body()
    (tmp_path / "balasan.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(tmp_path / "balasan.pdf"), str(tmp_path / "hal")],
        check=True,
    )
    url = decode(Image.open(next(tmp_path.glob("hal*.png"))))[0].data.decode()
    page.context.clear_cookies()
    page.goto(url)
    assert nomor in page.content()
    shot(page, "persuratan-06-verifikasi")


def test_the_drafter_attaches_a_pdf_and_a_disguised_file_is_refused(page, live_server, settings, tmp_path):
    """The naskah form with a PDF attachment, the naskah page listing it, and a .pdf that is not one."""
    from dinsos.pdf import html_ke_pdf
    from tests.persuratan.conftest import buat_kantor

    settings.MEDIA_ROOT = tmp_path
    buat_kantor()
    isi_daftar_baku()
    base = live_server.url
    asli = tmp_path / "rekonsiliasi-pbi.pdf"
    asli.write_bytes(html_ke_pdf("<p>Daftar rekonsiliasi</p><p style='break-before: page'>Halaman dua</p>"))
    palsu = tmp_path / "foto-samaran.pdf"
    palsu.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)

    sebagai(page, base, "kasi")
    page.goto(f"{base}/naskah/baru/")
    page.select_option("#id_klasifikasi", label="400.9.3.3 — Perlindungan dan jaminan sosial")
    page.fill("#id_hal", "Penyampaian hasil rekonsiliasi PBI JK")
    page.fill("#id_tujuan", "Kepala BPJS Kesehatan Cabang Baturaja\ndi\nBaturaja")
    page.set_input_files("#id_berkas_baru", str(palsu))
    klik(page, "Simpan konsep")
    assert "bukan PDF" in page.content()
    assert page.input_value("#id_hal") == "Penyampaian hasil rekonsiliasi PBI JK"
    shot(page, "persuratan-lampiran-01-ditolak")

    page.set_input_files("#id_berkas_baru", str(asli))
    klik(page, "Simpan konsep")
    daftar = page.locator("#daftar-lampiran")
    assert "rekonsiliasi-pbi.pdf" in daftar.inner_text() and "2 halaman" in daftar.inner_text()
    assert "1 (satu) berkas" in page.content()
    shot(page, "persuratan-lampiran-02-naskah")
    naskah = NaskahDinas.objects.get()
    page.goto(f"{base}/naskah/{naskah.pk}/ubah/")
    shot(page, "persuratan-lampiran-03-ubah")
