"""Shared fixtures: demo offices, named demo users, a Chromium browser."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

# Playwright's sync API runs an event loop in the test thread; Django's ORM is fine there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
DEMO_PASSWORD = "rahasia-uji-2026"


def load_demo(kabupaten="oku-selatan"):
    """Load a demo office (profile, area, SOPs, templates, demo accounts).

    The demo command runs once per starting state and kabupaten in a test process; later
    loads from the same state restore its rows (tests/salinan_demo.py).
    """
    from django.conf import settings

    from dinsos.models import Instansi
    from tests import salinan_demo

    Instansi.objects.exclude(kabupaten=kabupaten).delete()
    os.environ["DEMO_PASSWORD"] = DEMO_PASSWORD
    os.environ["DEMO_TTE"] = "0"  # wet signatures unless a test turns TTE on (tests/surat/tte_helpers.py)

    def jalankan():
        with override_settings(DEBUG=True):
            call_command("demo", kabupaten=kabupaten, stdout=io.StringIO())

    # The stored password hashes depend on the hasher a test runs with.
    salinan_demo.muat(kabupaten, tuple(settings.PASSWORD_HASHERS), jalankan)
    return Instansi.get_current()


@pytest.fixture
def kantor(db):
    return load_demo("oku-selatan")


@pytest.fixture
def kantor_lumajang(db):
    return load_demo("lumajang")


@pytest.fixture
def users(kantor):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return {u.username: u for u in User.objects.select_related("pegawai__jabatan")}


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium tidak ada di {CHROMIUM} (apt-get install chromium): uji browser dilewati.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    # Irreversible actions ask with confirm(); the journeys answer OK (tests of the question
    # itself register their own handler first).
    pg.on("dialog", lambda dialog: dialog.accept())
    yield pg
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"GAGAL-{request.node.name}.png"), full_page=True)
    context.close()


def masuk(page, base_url, username, password=DEMO_PASSWORD):
    page.goto(f"{base_url}/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()


def shot(page, name):
    """Screenshots of what a user sees, kept for review in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="session", autouse=True)
def _media_per_proses(tmp_path_factory):
    # Files stored by a test that sets no MEDIA_ROOT of its own land in this process's temp
    # folder: not in the repository's media/, and not shared by the pytest-xdist workers.
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    # Per-address limits and cached PDFs live in Django's cache: every test starts clean.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # PBKDF2 is deliberately slow; tests create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
