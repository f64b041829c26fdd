"""The Kepala Dinas reads the dashboard on a phone; a citizen answers the survey at the kiosk."""

import random
import subprocess

import pytest

from layanan.models import Status
from sop.models import Sop
from tests.conftest import ARTIFACTS, masuk, shot
from tests.skm.helpers import kasus, riwayat_terlambat, saat, tanggapan

LAYANAN = ["sktm", "rekomendasi-biaya-kesehatan", "pendaftaran-dtks", "kis-pbid-penonaktifan", "bansos-stimulan"]


def _isi_bulan():
    """A plausible November 2026: about sixty cases over five services, some late, some open."""
    rng = random.Random(18)
    for i in range(60):
        kode = LAYANAN[i % len(LAYANAN)]
        hari = 2 + rng.randrange(22)
        mulai = saat(2026, 11, hari, 8 + rng.randrange(7))
        if rng.random() < 0.75:
            durasi = rng.choice([1, 1, 2, 2, 3, 5])
            selesai = saat(2026, 11, min(25, hari + durasi), 9 + rng.randrange(6))
            p = kasus(kode, mulai, selesai, status=Status.DITOLAK if rng.random() < 0.1 else None)
            if durasi > 3:
                riwayat_terlambat(p, selesai, dari=rng.choice([Status.VERIFIKASI, Status.KONSEP, Status.TTD]))
        else:
            kasus(kode, mulai, batas=saat(2026, 11, min(25, hari + 2), 9))
    for i in range(34):
        nilai = [rng.choice([3, 3, 4, 4, 4, 2]) for _ in range(9)]
        nilai[7] = rng.choice([2, 3, 3])
        tanggapan(
            Sop.objects.get(kode=LAYANAN[i % 3]),
            nilai,
            pada=saat(2026, 11, 2 + i % 23),
            jenis_kelamin="LP"[i % 2],
            kelompok_umur=["20-29", "30-39", "40-49", "50-59"][i % 4],
            saran="Mohon ruang tunggu diperluas." if i % 9 == 0 else "",
        )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_head_of_office_reads_the_month_on_a_phone(page, live_server, kantor):
    _isi_bulan()
    page.set_viewport_size({"width": 390, "height": 844})
    masuk(page, live_server.url, "kadis")
    page.get_by_role("link", name="Buka dasbor").click()
    assert page.get_by_role("heading", name="Dasbor pimpinan").first.is_visible()
    page.goto(f"{live_server.url}/dasbor/?periode=2026-11")
    assert page.get_by_role("heading", name="Dasbor pimpinan — November 2026").is_visible()
    assert page.locator("#angka-masuk").inner_text() == "60"
    # Nothing wider than the phone: the page does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "dasbor-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    shot(page, "dasbor-1366")

    page.goto(f"{live_server.url}/skm/laporan/?periode=2026-11")
    assert page.get_by_role("heading", name="Hasil per unsur").is_visible()
    shot(page, "laporan-skm-1366")
    for nama, url in (
        ("laporan-skm", "/skm/laporan.pdf?periode=2026-11"),
        ("laporan-bulanan", "/dasbor/laporan.pdf?periode=2026-11"),
    ):
        response = page.request.get(live_server.url + url)
        assert response.headers["content-type"] == "application/pdf"
        pdf = ARTIFACTS / f"{nama}.pdf"
        pdf.write_bytes(response.body())
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(ARTIFACTS / nama)], check=False)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_citizen_answers_at_the_kiosk(page, live_server, kantor):
    masuk(page, live_server.url, "fo")
    page.goto(f"{live_server.url}/survei/kiosk/aktifkan/")
    page.get_by_role("button", name="Aktifkan dan buka kiosk").click()
    page.get_by_role("button", name="Keluar").click()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/survei/kiosk/")
    page.get_by_label("Layanan yang Anda terima hari ini").select_option(label="Surat Keterangan Tidak Mampu (SKTM)")
    page.get_by_label("Jenis kelamin").select_option("P")
    page.get_by_label("Umur").select_option("30-39")
    page.get_by_label("Pendidikan terakhir").select_option("sma")
    page.get_by_label("Pekerjaan utama").select_option("wirausaha")
    shot(page, "kiosk-390")
    for i in range(1, 10):
        page.locator(f"#unsur-{i} label").nth(2 + i % 2).click()
    page.get_by_label("Saran dan masukan (boleh dikosongkan)").fill("Pelayanan cepat.")
    page.get_by_role("button", name="Kirim tanggapan").click()
    assert page.get_by_text("Tanggapan Anda sudah tercatat.").is_visible()
    from skm.models import Tanggapan

    t = Tanggapan.objects.get()
    assert (t.u1, t.u2, t.saran) == (4, 3, "Pelayanan cepat.")
