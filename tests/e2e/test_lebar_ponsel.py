"""#19.10: at phone width (390 px) no page is wider than the screen, and tables read as cards;
at 1366 px the signed-in user's name shows in the bar."""

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import load_demo, masuk, shot

PONSEL = {"width": 390, "height": 844}


def _data():
    from tests.surat.test_surat import terbit

    load_demo("oku-selatan")
    users = {u.username: u for u in get_user_model().objects.select_related("pegawai__jabatan")}
    p = terbit(users, nama="Siti Ma'rufah Al-Amin binti Abdurrahman Wahid")
    from tests.layanan.helpers import daftar

    daftar(users["fo"])
    return p


def _lebar(page):
    return page.evaluate("document.documentElement.scrollWidth")


def _tidak_terpotong(page, selector):
    """Every cell of the table lies within the viewport (nothing hidden in a side scroll)."""
    return page.evaluate(
        """(sel) => [...document.querySelectorAll(sel + ' td')]
            .filter((td) => td.offsetParent !== null)
            .every((td) => td.getBoundingClientRect().right <= window.innerWidth + 1)""",
        selector,
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_fit_a_phone_screen(browser, live_server):
    p = _data()
    context = browser.new_context(viewport=PONSEL, is_mobile=True, locale="id-ID")
    page = context.new_page()
    pages = [
        ("fo", "/tugas/?semua=1", "tugas"),
        ("fo", f"/permohonan/{p.nomor_registrasi}/", "permohonan"),
        ("kasi", "/kinerja/", "kinerja"),
        ("kadis", "/surat/agenda/", "agenda"),
    ]
    masuk_sebagai = None
    for username, url, nama in pages:
        if username != masuk_sebagai:
            context.clear_cookies()
            masuk(page, live_server.url, username)
            masuk_sebagai = username
        page.goto(live_server.url + url)
        assert page.locator("table").count() >= 1, nama
        shot(page, f"ponsel-390-{nama}")
        assert _lebar(page) <= PONSEL["width"], f"{nama}: halaman lebih lebar dari layar ponsel"
        assert _tidak_terpotong(page, "main table"), f"{nama}: sel tabel terpotong di kanan"
    # The Kinerja column users missed is on screen, labelled, in every row's card.
    page.goto(live_server.url + "/kinerja/")
    sel = page.locator('td[data-label="Sedang terlambat"]').first
    kotak = sel.bounding_box()
    assert kotak["x"] >= 0 and kotak["x"] + kotak["width"] <= PONSEL["width"]
    assert sel.evaluate("(td) => getComputedStyle(td, '::before').content") == '"Sedang terlambat"'
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_wide_screen_shows_who_is_signed_in(browser, live_server):
    p = _data()
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    page = context.new_page()
    users = {u.username: u for u in get_user_model().objects.select_related("pegawai")}
    pages = {
        "fo": [("/tugas/?semua=1", "tugas"), (f"/permohonan/{p.nomor_registrasi}/", "permohonan")],
        "kadis": [("/kinerja/", "kinerja"), ("/surat/agenda/", "agenda")],
    }
    for username, urls in pages.items():
        context.clear_cookies()
        masuk(page, live_server.url, username)
        for url, name in urls:
            page.goto(live_server.url + url)
            shot(page, f"layar-1366-{name}")
            assert page.locator("nav").get_by_text(users[username].pegawai.nama).is_visible(), name
            assert _lebar(page) <= 1366, name
    context.close()
