"""Complaint journey (b) in Chromium (issue 12): a counter complaint answered with a reply letter.

Kukar's "Penanganan pengaduan langsung": FO records it at the counter and forwards it, the
Sekretaris (Ketua Tim Pengaduan) disposes to the Kabid, the Kabid answers with a Surat Dinas
(his paraf on submitting), the Sekretaris initials, the Kadis signs; the complaint closes
after the reporting step and the complainant reads and downloads the letter with ticket + code.
"""

import re
import shutil
import subprocess

import pytest
from django.contrib.auth import get_user_model

from layanan.models import Status
from pengaduan.kategori import isi_bawaan
from pengaduan.models import Pengaduan
from persuratan.models import KodeKlasifikasi, NaskahDinas, StatusNaskah
from tests.conftest import ARTIFACTS, load_demo
from tests.e2e.test_pengaduan import cek, lebar_pas, tindak
from tests.e2e.test_perjalanan import sebagai
from tests.persuratan.conftest import isi_daftar_baku, pdf_teks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JAWABAN = "Bantuan PKH keluarga Saudara telah dicairkan kembali melalui bank penyalur pada 20 November 2026."


def naskah_aksi(page, tombol, pesan):
    page.get_by_role("button", name=tombol).click()
    page.wait_for_load_state()
    assert page.get_by_text(pesan).first.is_visible(), page.locator("main").inner_text()


def test_b_counter_complaint_answered_with_a_reply_letter(page, browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo("kutai-kartanegara")
    isi_bawaan()  # an earlier browser test flushed the migrations' rows
    isi_daftar_baku()
    KodeKlasifikasi.objects.get_or_create(kode="400.9", defaults={"nama": "Sosial"})
    base = live_server.url

    # FO records the complaint at the counter and hands over the ticket and code.
    sebagai(page, base, "fo")
    page.goto(f"{base}/pengaduan/baru/")
    page.select_option("#id_saluran", label="Loket (datang langsung)")
    page.select_option("#id_kategori", label="Bansos/PKH")
    page.fill("#id_judul", "Bantuan PKH tidak cair tiga bulan")
    page.fill("#id_isi", "Sejak Agustus bantuan PKH keluarga kami tidak masuk rekening.")
    page.fill("#id_nama_pelapor", "Siti Aminah")
    page.get_by_role("button", name="Simpan pengaduan").click()
    page.wait_for_url("**/pengaduan/tanda-terima/")
    tiket = page.locator("#tiket").inner_text().strip()
    kode = page.locator("#kode").inner_text().strip()
    assert re.fullmatch(r"ADU-\d{4}-\d{6}", tiket)

    # Steps 2–3 (FO), 4 (the Sekretaris disposes to the Kabid of the subject).
    tindak(page, base, tiket, catatan="Materi aduan jelas.")
    tindak(page, base, tiket, catatan="Diteruskan kepada Ketua Tim Pengaduan.")
    sebagai(page, base, "sekretaris")
    tindak(page, base, tiket, tujuan="Kepala Bidang (bidang terkait materi pengaduan)", catatan="Jawab dengan surat.")

    # Step 5: the Kabid answers with a letter.
    sebagai(page, base, "kabid")
    page.goto(f"{base}/pengaduan/{tiket}/")
    blok = page.locator("#surat-balasan")
    assert blok.get_by_role("heading", name="Jawab dengan surat").is_visible()
    blok.get_by_role("button", name="Buat konsep surat balasan").click()
    page.wait_for_load_state()
    assert page.get_by_text("Tulis isi jawaban untuk surat balasan.").is_visible()
    lebar_pas(page, "surat-balasan-gagal")
    page.fill("#form-surat #id_teks", JAWABAN)
    lebar_pas(page, "surat-balasan")
    page.locator("#form-surat").get_by_role("button", name="Buat konsep surat balasan").click()
    page.wait_for_url("**/naskah/*/")
    assert page.get_by_text("Konsep surat balasan tersimpan.").is_visible()
    naskah = NaskahDinas.objects.get(pengaduan__nomor_tiket=tiket)
    assert naskah.hal == f"Jawaban atas pengaduan {tiket}" and naskah.tujuan.startswith("Sdr. Siti Aminah")
    naskah_aksi(page, "Ajukan untuk diparaf", "Naskah diajukan untuk diparaf.")
    page.goto(f"{base}/pengaduan/{tiket}/")
    assert "Surat balasan sedang diproses" in page.locator("#surat-balasan").inner_text()

    sebagai(page, base, "sekretaris")
    page.goto(f"{base}/naskah/{naskah.pk}/")
    naskah_aksi(page, "Paraf", "Naskah telah Anda paraf.")
    sebagai(page, base, "kadis")
    page.goto(f"{base}/naskah/{naskah.pk}/")
    naskah_aksi(page, "Tandatangani dan terbitkan", "terbit dengan nomor")
    naskah.refresh_from_db()
    assert naskah.status == StatusNaskah.TERBIT
    nomor = naskah.surat.nomor
    paraf = list(naskah.paraf.values_list("pegawai__user__username", flat=True))
    kadis = get_user_model().objects.get(username="kadis").pegawai
    assert paraf == ["kabid", "sekretaris"] and naskah.surat.penandatangan_nama == kadis.nama

    # The complaint now carries the reply: the Kabid completes his step, the reporting step closes it.
    sebagai(page, base, "kabid")
    page.goto(f"{base}/pengaduan/{tiket}/")
    assert f"Dijawab dengan surat nomor {nomor}" in page.locator("#tanggapan").inner_text()
    lebar_pas(page, "surat-balasan-terbit")
    tindak(page, base, tiket, catatan="Dijawab dengan surat.")
    sebagai(page, base, "fo")
    tindak(page, base, tiket)
    for user in ("sekretaris", "kadis"):
        sebagai(page, base, user)
        tindak(page, base, tiket)
    assert Pengaduan.objects.get(nomor_tiket=tiket).permohonan.status == Status.SELESAI

    # The complainant, with ticket and code, reads the number and downloads the letter.
    warga = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    publik = warga.new_page()
    cek(publik, base, tiket, kode)
    assert publik.locator("#status-publik").inner_text() == "Selesai"
    kartu = publik.locator("#surat-jawaban").inner_text()
    assert nomor in kartu and f"Jawaban atas pengaduan {tiket}" in kartu
    halaman = publik.locator("main").inner_text()
    for user in ("kabid", "sekretaris", "kadis"):
        assert get_user_model().objects.get(username=user).pegawai.nama not in halaman
    lebar_pas(publik, "status-surat")
    with publik.expect_download() as unduhan:
        publik.evaluate(
            "href => { const a = document.createElement('a'); a.href = href; a.download = 'x.pdf'; a.click(); }",
            publik.get_by_role("link", name="Unduh surat (PDF)").get_attribute("href"),
        )
    berkas = tmp_path / "jawaban.pdf"
    unduhan.value.save_as(berkas)
    isi = berkas.read_bytes()
    assert isi.startswith(b"%PDF") and nomor in pdf_teks(isi)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(berkas, ARTIFACTS / "pengaduan-surat-jawaban.pdf")
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(berkas), str(ARTIFACTS / "pengaduan-surat-jawaban")],
            check=True,
        )
    # Its QR opens the existing verification page.
    publik.goto(f"{base}/v/{naskah.surat.token}/")
    assert nomor in publik.locator("main").inner_text()
    warga.close()
