"""Scripts, htmx and Bootstrap still work under the Content-Security-Policy; the account,
two-factor and lockout pages as a person sees them."""

import pytest
from django.conf import settings as django_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import load_demo, masuk, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _awasi(page):
    """Collects what the browser refused (CSP reports) and script errors."""
    ditolak = []
    page.on("console", lambda m: ditolak.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: ditolak.append(str(e)))
    return ditolak


def test_scripts_htmx_and_bootstrap_work_under_the_policy(browser, live_server):
    load_demo("oku-selatan")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    context.add_init_script("window.print = function () { window.__dicetak = true; };")
    page = context.new_page()
    page.set_default_timeout(15000)
    ditolak = _awasi(page)
    base = live_server.url

    page.goto(f"{base}/standar-pelayanan/")
    page.locator("main a[href^='/standar-pelayanan/']").first.click()
    page.get_by_role("button", name="Cetak").click()
    assert page.evaluate("window.__dicetak === true"), "tombol Cetak tidak memanggil window.print"

    masuk(page, base, "fo")
    page.goto(f"{base}/permohonan/baru/")
    page.locator("a[href^='/permohonan/baru/']").nth(1).click()
    page.wait_for_load_state()
    blok = page.locator("#termohon-blok")
    assert not blok.is_visible()  # the static script hides it at load
    page.check("#id_termohon_beda")
    assert blok.is_visible()
    page.fill("#id_pemohon-nik", "1608011506850002")
    page.get_by_role("button", name="Periksa DTKS/PBI").click()
    page.locator("#registri-pemohon").get_by_text("DTKS").first.wait_for()
    shot(page, "csp-permohonan-baru-htmx")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    hp = phone.new_page()
    ditolak += _awasi(hp)
    hp.goto(f"{base}/standar-pelayanan/")
    menu = hp.get_by_role("link", name="Lacak permohonan")
    assert not menu.is_visible()
    hp.get_by_role("button", name="Buka menu").click()
    menu.wait_for(state="visible")  # Bootstrap's collapse runs
    phone.close()
    context.close()
    assert ditolak == []


def test_kadis_enrols_two_factor_and_signs_in_with_a_code(page, live_server, settings):
    load_demo("oku-selatan")
    settings.WAJIB_2FA = True
    ditolak = _awasi(page)
    base = live_server.url
    masuk(page, base, "kadis")
    page.wait_for_url("**/akun/dua-faktor/**")
    assert page.locator(".qr-2fa svg").is_visible()
    shot(page, "2fa-pendaftaran")
    device = TOTPDevice.objects.get(user__username="kadis")
    page.get_by_label("Kode dari aplikasi autentikator").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Aktifkan").click()
    page.get_by_text("Verifikasi dua langkah aktif").wait_for()

    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/masuk/")
    masuk(page, base, "kadis")
    page.wait_for_url("**/masuk/verifikasi/**")
    page.get_by_label("Kode dari aplikasi autentikator").fill("000000")
    page.get_by_role("button", name="Verifikasi").click()
    page.get_by_text("Kode salah atau sudah kedaluwarsa").wait_for()
    shot(page, "2fa-verifikasi-salah")

    assert page.get_by_role("link", name="Tugas saya").count() == 0  # held here: no menu yet
    assert ditolak == []


def test_account_page_and_lockout_page(page, live_server):
    load_demo("oku-selatan")
    ditolak = _awasi(page)
    base = live_server.url
    masuk(page, base, "kasi")
    page.get_by_role("link", name="Akun").click()
    page.fill("#id_old_password", "salah-sandi")
    page.fill("#id_new_password1", "dinsos-oku-selatan")
    page.fill("#id_new_password2", "dinsos-oku-selatan")
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    page.get_by_text("terlalu mirip dengan nama pengguna, nama kantor atau daerah").wait_for()
    shot(page, "akun-ganti-sandi-ditolak")
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/masuk/")
    for _ in range(django_settings.LOGIN_MAX_GAGAL):
        masuk(page, base, "kasi", "tebakan-salah")
    page.get_by_text("Masuk dikunci sementara").first.wait_for()
    shot(page, "masuk-dikunci")
    assert ditolak == []
