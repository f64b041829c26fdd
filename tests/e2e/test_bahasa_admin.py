"""#19.12 in the browser: the admin's two-box selector (filter_horizontal) reads in Indonesian."""

import re

import pytest

from tests.conftest import load_demo, masuk, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INGGRIS = re.compile(r"\b(?:Choose|Remove|Available|Chosen|Filter|Search)\b|Pindahkan")


def test_the_selector_of_jabatan_rangkap_reads_in_indonesian(page, live_server):
    load_demo("oku-selatan")
    masuk(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/admin/dinsos/pegawai/add/")
    selector = page.locator("#id_jabatan_rangkap_from")
    selector.wait_for()
    # The widget is built by JavaScript from the translation catalog: read what it shows.
    teks = page.evaluate(
        """() => [...document.querySelectorAll('.selector')].map((el) => [
            el.innerText,
            ...[...el.querySelectorAll('[title], [placeholder], [aria-label]')].map((x) =>
                [x.title, x.placeholder, x.getAttribute('aria-label')].join(' ')),
        ].join(' ')).join(' ')"""
    )
    assert "Pilih semua" in teks and "Keluarkan semua" in teks
    assert INGGRIS.findall(teks) == []
    page.locator("#id_jabatan_rangkap_from").scroll_into_view_if_needed()
    shot(page, "admin-pemilih-jabatan-rangkap")
