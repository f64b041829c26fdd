"""Registry upload in Chromium: the page waits for the background worker, then shows the result."""

import pytest

from registri.generator import tulis_csv
from tests.conftest import DEMO_PASSWORD, load_demo, masuk, shot
from tests.operasi.helpers import jalankan_antrean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_waits_for_the_worker_then_reports_the_counts(page, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo("oku-selatan")
    path = tmp_path / "dtks-mei.csv"
    tulis_csv(path, 120, kode_wilayah="1609", seed=6)
    masuk(page, live_server.url, "admin", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/registri/snapshot/unggah/")
    page.get_by_label("Jenis data").select_option("dtks")
    page.get_by_label("Berkas (CSV atau XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Unggah").click()
    page.wait_for_load_state()

    assert page.locator("#status-impor").inner_text() == "Menunggu"
    assert page.locator("#tugas-impor").inner_text() == "menunggu pekerja"
    assert "Belum ada pekerja latar yang aktif" in page.locator("#tanpa-pekerja").inner_text()
    for lebar in (1366, 390):
        page.set_viewport_size({"width": lebar, "height": 900})
        shot(page, f"impor-latar-menunggu-{lebar}")

    jalankan_antrean()  # what `manage.py pekerja` does; the page polls every second
    page.locator("#ringkasan").wait_for(timeout=15000)
    assert "120 baris dimuat, 0 baris ditolak" in page.locator("#ringkasan").inner_text()
    assert page.locator("#tugas-impor").inner_text() == "selesai"
    shot(page, "impor-latar-selesai-390")
