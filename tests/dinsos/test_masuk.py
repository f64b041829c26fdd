import datetime
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.test import Client
from django.urls import reverse

from dinsos.auth import alamat_klien
from tests.conftest import DEMO_PASSWORD

KANTOR = "10.20.0.5"  # the Kadis's own desk
ORANG_LAIN = "203.0.113.66"  # a stranger on the internet


def _masuk(client, username, password, alamat=KANTOR):
    return client.post(reverse("masuk"), {"username": username, "password": password}, REMOTE_ADDR=alamat)


def _masuk_admin(client, username, password, alamat=KANTOR):
    data = {"username": username, "password": password, "next": "/admin/"}
    return client.post("/admin/login/", data, REMOTE_ADDR=alamat)


def _signed_in(client):
    return "_auth_user_id" in client.session


def test_login_page_has_indonesian_labels(client, kantor):
    html = client.get(reverse("masuk")).content.decode()
    assert "Nama pengguna" in html and "Kata sandi" in html and ">Masuk</button>" in html
    assert re.search(r'<label\s+for="id_username"', html)
    assert re.search(r'<label\s+for="id_password"', html)


def test_wrong_password_gives_a_clear_message_and_keeps_the_username(client, users):
    response = _masuk(client, "fo", "salah")
    html = response.content.decode()
    assert "Nama pengguna atau kata sandi salah." in html
    assert 'value="fo"' in html


def test_correct_login_goes_to_the_role_home(client, users):
    response = _masuk(client, "fo", DEMO_PASSWORD)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Tugas menunggu Anda" in html and "Permohonan baru" in html


def test_lockout_after_repeated_failures_even_with_the_right_password(client, users):
    for _ in range(settings.LOGIN_MAX_GAGAL):
        _masuk(client, "kadis", "tebakan")
    response = _masuk(client, "kadis", DEMO_PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert "Masuk dikunci sementara" in html and f"Coba lagi dalam {settings.LOGIN_KUNCI_MENIT} menit" in html
    assert not _signed_in(client)


def test_lockout_is_a_cooldown_that_ends_after_the_window(client, users):
    for _ in range(settings.LOGIN_MAX_GAGAL):
        _masuk(client, "kadis", "tebakan")
    lama = datetime.timedelta(minutes=settings.LOGIN_KUNCI_MENIT + 1)
    for row in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=row.pk).update(attempt_time=row.attempt_time - lama)
    assert _masuk(client, "kadis", DEMO_PASSWORD).status_code == 302


def test_username_case_does_not_give_fresh_guesses(client, users):
    for nama in ["KADIS", "Kadis", "kAdis", "kadiS", "KADIs"]:
        _masuk(client, nama, "tebakan")
    assert _masuk(client, "kadis", DEMO_PASSWORD).status_code == 429


def test_one_user_lockout_does_not_lock_another_at_the_same_address(client, users):
    for _ in range(settings.LOGIN_MAX_GAGAL):
        _masuk(client, "kadis", "tebakan")
    assert _masuk(client, "kabid", DEMO_PASSWORD).status_code == 302


def test_admin_login_is_throttled_and_recorded(client, users):
    for _ in range(settings.LOGIN_MAX_GAGAL - 1):
        assert _masuk_admin(client, "admin", "tebakan").status_code == 200
    # The failure that reaches the limit is answered with the lockout already.
    assert _masuk_admin(client, "admin", "tebakan").status_code == 429
    response = _masuk_admin(client, "admin", DEMO_PASSWORD)
    assert response.status_code == 429
    assert "Masuk dikunci sementara" in response.content.decode()
    assert not _signed_in(client)
    dicatat = AccessFailureLog.objects.filter(username="admin", path_info="/admin/login/")
    assert dicatat.count() == settings.LOGIN_MAX_GAGAL + 1


def test_a_user_locked_on_the_app_page_is_locked_on_the_admin_login_too(client, users):
    for _ in range(settings.LOGIN_MAX_GAGAL):
        _masuk(client, "admin", "tebakan")
    assert _masuk_admin(client, "admin", DEMO_PASSWORD).status_code == 429
    assert not _signed_in(client)


def test_spraying_across_usernames_from_one_address_is_limited(client, users):
    # Four guesses per name stays under the pair limit; the address limit stops the run.
    names = ["fo", "survei", "kasi", "kabid", "sekretaris", "kadis"]
    tebakan = 0
    for _ in range(settings.LOGIN_MAX_GAGAL - 1):
        for name in names:
            if tebakan < settings.LOGIN_MAX_GAGAL_ALAMAT:
                _masuk(client, name, "tebakan-umum", alamat=ORANG_LAIN)
                tebakan += 1
    assert tebakan == settings.LOGIN_MAX_GAGAL_ALAMAT
    # From that address even a right password is refused now ...
    assert _masuk(client, "admin", DEMO_PASSWORD, alamat=ORANG_LAIN).status_code == 429
    # ... while the office, at its own address, keeps working.
    assert _masuk(Client(), "kadis", DEMO_PASSWORD, alamat=KANTOR).status_code == 302


def test_a_few_typos_by_several_staff_behind_one_address_lock_nobody(client, users):
    for name in ["fo", "survei", "kasi", "kabid", "sekretaris"]:
        for _ in range(2):
            _masuk(client, name, "salah-ketik")
    assert _masuk(client, "kadis", DEMO_PASSWORD).status_code == 302


def test_a_stranger_cannot_lock_the_kadis_out_of_his_own_address(client, users):
    for _ in range(3 * settings.LOGIN_MAX_GAGAL):
        _masuk(client, "kadis", "tebakan", alamat=ORANG_LAIN)
    # The stranger's address is locked for kadis, even with the right password ...
    assert _masuk(client, "kadis", DEMO_PASSWORD, alamat=ORANG_LAIN).status_code == 429
    # ... but the Kadis at his desk signs in.
    kadis = Client()
    assert _masuk(kadis, "kadis", DEMO_PASSWORD, alamat=KANTOR).status_code == 302
    assert _signed_in(kadis)


def test_failures_are_kept_after_a_successful_login(client, users):
    for _ in range(3):
        _masuk(client, "kasi", "tebakan")
    assert _masuk(client, "kasi", DEMO_PASSWORD).status_code == 302
    gagal = AccessFailureLog.objects.filter(username="kasi")
    assert gagal.count() == 3
    assert {g.ip_address for g in gagal} == {KANTOR}
    attempt = AccessAttempt.objects.get(username="kasi", failures_since_start=3)
    assert "tebakan" not in attempt.post_data  # the typed password is never stored
    assert AccessLog.objects.filter(username="kasi", ip_address=KANTOR).count() == 1


def test_failure_records_cannot_be_deleted_in_the_admin(client, users):
    _masuk(Client(), "kasi", "tebakan")
    client.force_login(users["admin"])
    record = AccessFailureLog.objects.get()
    response = client.post(reverse("admin:axes_accessfailurelog_delete", args=[record.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert AccessFailureLog.objects.count() == 1
    assert client.get(reverse("admin:axes_accessfailurelog_changelist")).status_code == 200


def test_a_forged_forwarded_for_header_does_not_give_a_fresh_address(client, users, settings):
    settings.JUMLAH_PROXY = 0
    for i in range(settings.LOGIN_MAX_GAGAL):
        data = {"username": "kadis", "password": "x"}
        client.post(reverse("masuk"), data, REMOTE_ADDR=ORANG_LAIN, HTTP_X_FORWARDED_FOR=f"10.9.9.{i}")
    assert _masuk(client, "kadis", DEMO_PASSWORD, alamat=ORANG_LAIN).status_code == 429


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [(0, "1.1.1.1", "127.0.0.1"), (1, "6.6.6.6, 1.1.1.1", "1.1.1.1"), (2, "6.6.6.6, 1.1.1.1, 10.0.0.2", "1.1.1.1")],
)
def test_client_address_trusts_only_our_own_proxies(rf, settings, proxies, forwarded, expected):
    settings.JUMLAH_PROXY = proxies
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert alamat_klien(request) == expected


def test_pages_need_login(client, kantor):
    response = client.get(reverse("layanan:tugas"))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_logout_is_post_only(client, users):
    client.force_login(users["fo"])
    assert client.get(reverse("keluar")).status_code == 405
    assert client.post(reverse("keluar")).status_code == 302
    assert "_auth_user_id" not in client.session
