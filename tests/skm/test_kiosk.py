"""The counter kiosk: activated by an officer, no login for citizens, a few responses a minute."""

import pytest
from django.urls import reverse

from skm.models import Tanggapan
from sop.models import Sop
from tests.skm.test_survei import JAWABAN


@pytest.fixture
def kiosk(client, users):
    """A browser an FO officer turned into a kiosk, then signed out of."""
    return _aktifkan(client, users["fo"])


def _aktifkan(client, petugas):
    client.force_login(petugas)
    tanda = client.post(reverse("skm:aktifkan_kiosk")).cookies["skm_kiosk"].value
    client.logout()  # the test client drops every cookie here; a real browser keeps the kiosk cookie
    client.cookies["skm_kiosk"] = tanda
    return client


def _isi(sop):
    return {**JAWABAN, "layanan": sop.pk}


@pytest.mark.django_db
def test_a_browser_that_is_not_a_kiosk_is_refused(client, kantor):
    response = client.get(reverse("skm:kiosk"))
    assert response.status_code == 403
    assert "belum diaktifkan sebagai kiosk" in response.content.decode()
    assert client.post(reverse("skm:kiosk"), _isi(Sop.objects.get(kode="sktm"))).status_code == 403
    assert not Tanggapan.objects.exists()


@pytest.mark.django_db
def test_only_officers_activate_a_kiosk(client, kantor):
    response = client.post(reverse("skm:aktifkan_kiosk"))
    assert response.status_code == 302 and "/masuk/" in response["Location"]
    assert "skm_kiosk" not in response.cookies


@pytest.mark.django_db
def test_a_citizen_picks_the_service_and_answers(kiosk):
    sktm = Sop.objects.get(kode="sktm")
    response = kiosk.get(reverse("skm:kiosk"))
    assert "Layanan yang Anda terima hari ini" in response.content.decode()
    response = kiosk.post(reverse("skm:kiosk"), _isi(sktm), follow=True)
    assert "Tanggapan Anda sudah tercatat" in response.content.decode()
    t = Tanggapan.objects.get()
    assert (t.sop, t.saluran, t.permohonan) == (sktm, "kiosk", None)
    assert len(t.perangkat) == 16


@pytest.mark.django_db
def test_a_response_without_a_service_is_refused(kiosk):
    response = kiosk.post(reverse("skm:kiosk"), JAWABAN)
    assert response.status_code == 400
    assert "Pilih layanan yang Anda terima." in response.content.decode()
    assert not Tanggapan.objects.exists()


@pytest.mark.django_db
def test_it_refuses_more_than_a_few_per_minute_from_one_device(kiosk, settings):
    settings.SKM_KIOSK_BATAS = 3
    sktm = Sop.objects.get(kode="sktm")
    for _ in range(3):
        assert kiosk.post(reverse("skm:kiosk"), _isi(sktm)).status_code == 302
    response = kiosk.post(reverse("skm:kiosk"), {**_isi(sktm), "saran": "Antrean lama."})
    html = response.content.decode()
    assert response.status_code == 429
    assert "Terlalu banyak survei terkirim dari perangkat atau alamat ini" in html
    assert "Antrean lama." in html  # what was typed is still there
    assert Tanggapan.objects.count() == 3


@pytest.mark.django_db
def test_it_refuses_too_many_from_one_address_across_devices(client, users, settings):
    settings.SKM_KIOSK_BATAS, settings.SKM_KIOSK_BATAS_ALAMAT = 3, 4
    sktm = Sop.objects.get(kode="sktm")
    kode = []
    for _ in range(2):  # two tablets behind one address
        kode.append(_aktifkan(client, users["fo"]).cookies["skm_kiosk"].value)
    hasil = []
    for i in range(6):
        client.cookies["skm_kiosk"] = kode[i % 2]
        hasil.append(client.post(reverse("skm:kiosk"), _isi(sktm)).status_code)
    assert hasil == [302, 302, 302, 302, 429, 429]
    assert Tanggapan.objects.count() == 4


@pytest.mark.django_db
def test_a_forged_device_cookie_is_not_a_kiosk(client, kantor):
    client.cookies["skm_kiosk"] = "abcdef0123456789:palsu"
    assert client.get(reverse("skm:kiosk")).status_code == 403


@pytest.mark.django_db
def test_field_officers_cannot_turn_a_browser_into_a_kiosk(client, users):
    client.force_login(users["survei"])
    response = client.post(reverse("skm:aktifkan_kiosk"))
    assert response.status_code == 404
    assert "skm_kiosk" not in response.cookies
