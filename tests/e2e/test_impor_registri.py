"""The registry upload in Chromium: the encoding choice, and a failed import says why."""

import pytest

from registri.impor import jalankan_impor
from registri.models import Snapshot
from tests.conftest import DEMO_PASSWORD, load_demo, masuk, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_uploads_a_utf16_file_and_reads_why_it_failed(page, live_server, settings, tmp_path):
    settings.IMPOR_DI_LATAR = False
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    load_demo("oku-selatan")
    masuk(page, base, "admin", DEMO_PASSWORD)
    path = tmp_path / "dtks-unicode.csv"
    path.write_bytes("NIK\tNama\n1609011204850002\tSiti Aminah\n".encode("utf-16"))
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/admin/registri/snapshot/unggah/")
        shot(page, f"registri-unggah-{width}")
    assert page.get_by_label("Pengodean berkas CSV").input_value() == ""
    page.get_by_label("Jenis data").select_option("dtks")
    page.get_by_label("Berkas (CSV atau XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan muat").click()
    page.wait_for_load_state()
    snapshot = Snapshot.objects.get()
    jalankan_impor(snapshot.pk)  # what the worker does
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/admin/registri/snapshot/{snapshot.pk}/progres/")
        shot(page, f"registri-gagal-{width}")
    assert page.locator("#status-impor").inner_text() == "Gagal"
    assert "UTF-16" in page.locator(".errornote").inner_text()
    page.goto(f"{base}/admin/registri/snapshot/")
    shot(page, "registri-daftar-impor-1366")
    assert "Simpan ulang" in page.locator("#result_list").inner_text()
