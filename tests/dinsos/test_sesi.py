import time

from django.conf import settings
from django.urls import reverse

from dinsos.middleware import SESI_AKTIF, SESI_MULAI


def _geser(client, kunci, detik_lalu):
    session = client.session
    session[kunci] = int(time.time()) - detik_lalu
    session.save()


def _masuk_dan_buka(client, user):
    client.force_login(user)
    assert client.get(reverse("layanan:tugas")).status_code == 200


def test_an_idle_session_ends_with_a_message(client, users):
    _masuk_dan_buka(client, users["kasi"])
    _geser(client, SESI_AKTIF, settings.SESI_DIAM_MENIT * 60 + 5)
    response = client.get(reverse("layanan:tugas"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("masuk"))
    assert "_auth_user_id" not in client.session
    html = client.get(response["Location"]).content.decode()
    assert f"tidak ada aktivitas selama {settings.SESI_DIAM_MENIT} menit" in html


def test_activity_slides_the_idle_limit(client, users):
    _masuk_dan_buka(client, users["kasi"])
    _geser(client, SESI_AKTIF, settings.SESI_DIAM_MENIT * 60 - 60)
    assert client.get(reverse("layanan:tugas")).status_code == 200
    assert int(time.time()) - client.session[SESI_AKTIF] < 5
    _geser(client, SESI_AKTIF, settings.SESI_DIAM_MENIT * 60 - 60)
    assert client.get(reverse("layanan:tugas")).status_code == 200


def test_an_active_session_still_ends_at_the_absolute_age(client, users):
    _masuk_dan_buka(client, users["kasi"])
    _geser(client, SESI_MULAI, settings.SESSION_COOKIE_AGE + 5)
    response = client.get(reverse("layanan:tugas"))
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_htmx_requests_get_a_full_page_redirect(client, users):
    _masuk_dan_buka(client, users["kasi"])
    _geser(client, SESI_AKTIF, settings.SESI_DIAM_MENIT * 60 + 5)
    response = client.get(reverse("layanan:tugas"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"].startswith(reverse("masuk"))
