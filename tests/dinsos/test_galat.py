"""Error pages in Bahasa Indonesia, in the base layout, with DEBUG off; 500s are logged."""

import io
import logging

import pytest
from django.test import Client


@pytest.fixture
def produksi(settings, kantor):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.dinsos.urls_galat"


@pytest.mark.parametrize(
    "url, status, judul",
    [
        ("/uji/400/", 400, "Permintaan tidak dapat diproses"),
        ("/uji/403/", 403, "Akses ditolak"),
        ("/tidak-ada-halaman-ini/", 404, "Halaman tidak ditemukan"),
        ("/uji/500/", 500, "Terjadi kesalahan pada server"),
    ],
)
def test_error_pages_speak_indonesian_in_the_base_layout(produksi, url, status, judul):
    response = Client(raise_request_exception=False).get(url)
    html = response.content.decode()
    assert response.status_code == status
    assert f'<h1 class="h4">{judul}</h1>' in html
    assert "navbar" in html and "Dinsos Layanan" in html  # the base layout
    assert "Traceback" not in html and "uji galat" not in html


def test_a_forged_form_gets_the_indonesian_csrf_page(produksi, users):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/masuk/", {"username": "fo", "password": "x"})
    assert response.status_code == 403
    assert "Formulir kedaluwarsa" in response.content.decode()


def test_a_500_is_written_to_the_log_on_stderr(produksi):
    handlers = [h for h in logging.getLogger("django.request").handlers if isinstance(h, logging.StreamHandler)]
    assert handlers, "django.request has no stream handler"
    tangkap = io.StringIO()
    lama = handlers[0].setStream(tangkap)
    try:
        Client(raise_request_exception=False).get("/uji/500/")
    finally:
        handlers[0].setStream(lama)
    log = tangkap.getvalue()
    assert "ERROR django.request: Internal Server Error: /uji/500/" in log
    assert "RuntimeError: uji galat 500" in log
