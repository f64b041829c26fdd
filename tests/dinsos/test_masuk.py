import datetime
import re

from django.conf import settings
from django.urls import reverse

from dinsos.models import GagalMasuk
from tests.conftest import DEMO_PASSWORD


def _masuk(client, username, password):
    return client.post(reverse("masuk"), {"username": username, "password": password})


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
    assert "dikunci sementara" in html
    assert "_auth_user_id" not in client.session


def test_lockout_ends_after_the_window(client, users):
    for _ in range(settings.LOGIN_MAX_GAGAL):
        _masuk(client, "kadis", "tebakan")
    lama = datetime.timedelta(minutes=settings.LOGIN_KUNCI_MENIT + 1)
    for row in GagalMasuk.objects.all():
        GagalMasuk.objects.filter(pk=row.pk).update(waktu=row.waktu - lama)
    assert _masuk(client, "kadis", DEMO_PASSWORD).status_code == 302


def test_one_user_lockout_does_not_lock_another(client, users):
    for _ in range(settings.LOGIN_MAX_GAGAL):
        _masuk(client, "kadis", "tebakan")
    assert _masuk(client, "kabid", DEMO_PASSWORD).status_code == 302


def test_pages_need_login(client, kantor):
    response = client.get(reverse("layanan:tugas"))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_logout_is_post_only(client, users):
    client.force_login(users["fo"])
    assert client.get(reverse("keluar")).status_code == 405
    assert client.post(reverse("keluar")).status_code == 302
    assert "_auth_user_id" not in client.session
