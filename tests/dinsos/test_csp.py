"""Content-Security-Policy: scripts only from our own static files, none inline."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _policy(response):
    return dict(
        (bagian.split()[0], bagian.split()[1:])
        for bagian in response["Content-Security-Policy"].split(";")
        if bagian.strip()
    )


@pytest.mark.parametrize("url", ["/masuk/", "/standar-pelayanan/", "/admin/login/"])
def test_every_page_sends_a_policy_without_inline_scripts(client, kantor, url):
    response = client.get(url, follow=True)
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy.get("style-src", [])


def test_signed_in_pages_send_it_too(client, users):
    client.force_login(users["fo"])
    response = client.get(reverse("layanan:tugas"))
    assert _policy(response)["script-src"] == ["'self'"]


def test_no_template_has_an_inline_script_or_event_handler():
    masalah = []
    for berkas in TEMPLATES.rglob("*.html"):
        teks = berkas.read_text()
        for tag in re.findall(r"<script\b[^>]*>", teks):
            if "src=" not in tag:
                masalah.append(f"{berkas.relative_to(TEMPLATES)}: {tag}")
        for attr in re.findall(r"\son[a-z]+\s*=", teks):
            masalah.append(f"{berkas.relative_to(TEMPLATES)}: {attr.strip()}")
        if "javascript:" in teks:
            masalah.append(f"{berkas.relative_to(TEMPLATES)}: javascript: URL")
    assert masalah == []
