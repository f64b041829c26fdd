import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import DEMO_PASSWORD


def _kode(device, geser=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=geser):06d}"


def _masuk(client, username, tujuan=None):
    url = reverse("masuk") + (f"?next={tujuan}" if tujuan else "")
    return client.post(url, {"username": username, "password": DEMO_PASSWORD})


@pytest.fixture
def wajib(settings):
    settings.WAJIB_2FA = True


@pytest.fixture
def perangkat_kadis(users):
    return TOTPDevice.objects.create(user=users["kadis"], name="Ponsel", confirmed=True)


def test_without_the_setting_the_kadis_signs_in_with_the_password_alone(client, users):
    response = _masuk(client, "kadis")
    assert response.status_code == 302 and response["Location"] == reverse("beranda")
    assert client.get(reverse("layanan:tugas")).status_code == 200


def test_when_required_the_kadis_must_enrol_before_any_page(client, users, wajib):
    response = _masuk(client, "kadis")
    assert response["Location"].startswith(reverse("akun_dua_faktor"))
    for url in [reverse("layanan:tugas"), reverse("beranda"), "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("akun_dua_faktor")), url
    html = client.get(reverse("akun_dua_faktor")).content.decode()
    assert "wajib memakai verifikasi dua langkah" in html
    assert "<svg" in html and re.search(r"<code[^>]*>[A-Z2-7 ]{20,}</code>", html)


def test_enrolment_with_a_valid_code_opens_the_app(client, users, wajib):
    _masuk(client, "kadis")
    client.get(reverse("akun_dua_faktor"))
    device = TOTPDevice.objects.get(user=users["kadis"])
    assert not device.confirmed
    response = client.post(reverse("akun_dua_faktor"), {"kode": _kode(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("layanan:tugas")).status_code == 200


def test_enrolment_with_a_wrong_code_keeps_the_message_and_the_lock(client, users, wajib):
    _masuk(client, "kadis")
    client.get(reverse("akun_dua_faktor"))
    device = TOTPDevice.objects.get(user=users["kadis"])
    salah = f"{(int(_kode(device)) + 1) % 1000000:06d}"
    html = client.post(reverse("akun_dua_faktor"), {"kode": salah}).content.decode()
    assert "Kode tidak cocok" in html
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(reverse("layanan:tugas")).status_code == 302


def test_enrolled_kadis_passes_the_verify_step_with_a_valid_code(client, users, wajib, perangkat_kadis):
    response = _masuk(client, "kadis", tujuan=reverse("layanan:tugas"))
    assert response["Location"].startswith(reverse("masuk_verifikasi"))
    assert client.get(reverse("layanan:tugas"))["Location"].startswith(reverse("masuk_verifikasi"))
    response = client.post(response["Location"], {"kode": _kode(perangkat_kadis)})
    assert response.status_code == 302 and response["Location"] == reverse("layanan:tugas")
    assert client.get(reverse("layanan:tugas")).status_code == 200


def test_a_wrong_code_on_the_verify_step_is_refused(client, users, perangkat_kadis):
    # An enrolled device is used even when the setting is off.
    _masuk(client, "kadis")
    html = client.post(reverse("masuk_verifikasi"), {"kode": "12345x"}).content.decode()
    assert "Kode terdiri atas enam angka." in html
    kode_lama = _kode(perangkat_kadis, geser=-10)
    html = client.post(reverse("masuk_verifikasi"), {"kode": kode_lama}).content.decode()
    assert "Kode salah atau sudah kedaluwarsa" in html
    assert client.get(reverse("layanan:tugas")).status_code == 302


def test_the_admin_login_path_also_asks_for_the_code(client, users, wajib):
    device = TOTPDevice.objects.create(user=users["admin"], name="Ponsel", confirmed=True)
    client.post("/admin/login/?next=/admin/", {"username": "admin", "password": DEMO_PASSWORD, "next": "/admin/"})
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("masuk_verifikasi"))
    response = client.post(response["Location"], {"kode": _kode(device)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_other_roles_are_not_held_when_required(client, users, wajib):
    assert _masuk(client, "fo")["Location"] == reverse("beranda")
    assert client.get(reverse("layanan:tugas")).status_code == 200


def test_enrolment_is_offered_to_kadis_sekretaris_and_admin_only(client, users):
    client.force_login(users["fo"])
    assert client.get(reverse("akun_dua_faktor")).status_code == 403
    assert "Disediakan untuk akun Kepala Dinas" in client.get(reverse("akun")).content.decode()
    client.force_login(users["sekretaris"])
    assert client.get(reverse("akun_dua_faktor")).status_code == 200


def test_admin_can_remove_a_lost_device_but_never_sees_its_secret(client, users, perangkat_kadis):
    client.force_login(users["admin"])
    html = client.get(reverse("admin:otp_totp_totpdevice_change", args=[perangkat_kadis.pk])).content.decode()
    assert perangkat_kadis.key not in html and "otpauth://" not in html
    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[perangkat_kadis.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=perangkat_kadis.pk).exists()
    # The Kadis then signs in with the password alone (the setting is off).
    kadis = Client()
    assert _masuk(kadis, "kadis")["Location"] == reverse("beranda")
    assert kadis.get(reverse("layanan:tugas")).status_code == 200
