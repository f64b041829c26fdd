"""Each demo role signs in through a real Chromium and sees its own home page."""

import pytest

from tests.conftest import load_demo, masuk, shot

PERAN = [
    ("fo", "Permohonan baru"),
    ("survei", "Tugas menunggu Anda"),
    ("kasi", "Kinerja layanan"),
    ("kabid", "Kinerja layanan"),
    ("sekretaris", "Surat keluar"),
    ("kadis", "Selamat datang, Zulfakar, S.Sos"),
    ("admin", "Beranda admin"),
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_demo_role_signs_in_and_sees_its_home(page, live_server):
    load_demo("oku-selatan")
    for username, expected in PERAN:
        masuk(page, live_server.url, username)
        assert page.get_by_text(expected).first.is_visible(), username
        shot(page, f"beranda-{username}")
        page.get_by_role("button", name="Keluar").click()
        page.wait_for_url("**/masuk/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_kadis_home_is_usable_on_a_phone(browser, live_server):
    load_demo("oku-selatan")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    masuk(page, live_server.url, "kadis")
    assert page.get_by_role("link", name="Buka tugas saya").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "halaman melebar melewati layar ponsel"
    shot(page, "beranda-kadis-ponsel")
    context.close()
