"""500s and application errors reach stderr, as text or JSON lines, with no full NIK in them."""

import io
import json
import logging

import pytest
from django.test import Client

from operasi.log import FormatJson, samarkan

NIK = "1609014506900001"


@pytest.fixture
def stderr(settings, db):
    """The configured console handler, writing into a buffer for the test."""
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.operasi.urls_log"
    handler = logging.getLogger("django.request").handlers[0]
    buffer = io.StringIO()
    old_stream, old_formatter = handler.setStream(buffer), handler.formatter
    yield handler, buffer
    handler.setStream(old_stream)
    handler.setFormatter(old_formatter)


def test_a_500_is_logged_with_its_traceback_and_the_nik_masked(stderr):
    handler, buffer = stderr
    response = Client(raise_request_exception=False).get(f"/uji/orang/{NIK}/")
    assert response.status_code == 500
    text = buffer.getvalue()
    assert "ERROR django.request: Internal Server Error: /uji/orang/1609************/" in text
    assert "Traceback" in text and "ValueError: NIK 1609************ tidak ditemukan" in text
    assert NIK not in text


def test_json_lines_carry_path_status_and_traceback_without_the_nik(stderr):
    handler, buffer = stderr
    handler.setFormatter(FormatJson())
    Client(raise_request_exception=False).get(f"/uji/orang/{NIK}/")
    lines = [json.loads(line) for line in buffer.getvalue().splitlines() if line.startswith("{")]
    record = next(r for r in lines if r["logger"] == "django.request")
    assert record["level"] == "ERROR" and record["status"] == 500 and record["metode"] == "GET"
    assert record["path"] == "/uji/orang/1609************/"
    assert "ValueError" in record["traceback"]
    assert NIK not in buffer.getvalue()


def test_application_loggers_reach_stderr(stderr):
    handler, buffer = stderr
    logging.getLogger("registri.impor").error("Impor 7 gagal untuk %s", NIK)
    assert "ERROR registri.impor: Impor 7 gagal untuk 1609************" in buffer.getvalue()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("nik=1609014506900001&x=1", "nik=1609************&x=1"),
        ("kk 1609010101200001 dan 1609014506900001", "kk 1609************ dan 1609************"),
        ("nomor 400.9.3.3/0123/DINSOS/2026", "nomor 400.9.3.3/0123/DINSOS/2026"),
        ("17 digit 16090145069000011 tetap", "17 digit 16090145069000011 tetap"),
    ],
)
def test_masking_touches_16_digit_numbers_only(text, expected):
    assert samarkan(text) == expected
