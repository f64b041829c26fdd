import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import DEMO_PASSWORD

SANDI_BARU = "kopi-pagi-hujan-deras"


def _ganti(client, lama, baru, ulang=None):
    data = {"old_password": lama, "new_password1": baru, "new_password2": baru if ulang is None else ulang}
    return client.post(reverse("akun"), data)


def test_navbar_links_to_the_account_page(client, users):
    client.force_login(users["kasi"])
    html = client.get(reverse("beranda"), follow=True).content.decode()
    assert f'href="{reverse("akun")}"' in html


def test_account_page_needs_login(client, kantor):
    response = client.get(reverse("akun"))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_staff_change_their_own_password_and_stay_signed_in(client, users):
    client.force_login(users["kasi"])
    response = _ganti(client, DEMO_PASSWORD, SANDI_BARU)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Kata sandi sudah diganti." in html
    assert client.get(reverse("layanan:tugas")).status_code == 200
    users["kasi"].refresh_from_db()
    assert users["kasi"].check_password(SANDI_BARU)


def test_wrong_old_password_is_refused_with_a_message(client, users):
    client.force_login(users["kasi"])
    response = _ganti(client, "bukan-sandi-lama", SANDI_BARU)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kata sandi lama salah. Coba lagi." in html
    users["kasi"].refresh_from_db()
    assert users["kasi"].check_password(DEMO_PASSWORD)


def test_mismatched_new_passwords_are_refused(client, users):
    client.force_login(users["kasi"])
    html = _ganti(client, DEMO_PASSWORD, SANDI_BARU, ulang=SANDI_BARU + "x").content.decode()
    assert "Kedua isian kata sandi baru tidak cocok." in html
    users["kasi"].refresh_from_db()
    assert users["kasi"].check_password(DEMO_PASSWORD)


@pytest.mark.parametrize(
    "sandi",
    ["dinsos-oku-selatan", "DinsosOkuSelatan2026!", "d1ns0s-0ku-s3latan", "dinas-sosial-muaradua", "ogan-komering-ulu-2026"],
)
def test_office_words_are_refused_on_the_page(client, users, sandi):
    client.force_login(users["kasi"])
    html = _ganti(client, DEMO_PASSWORD, sandi).content.decode()
    assert "terlalu mirip dengan nama pengguna, nama kantor atau daerah" in html
    users["kasi"].refresh_from_db()
    assert users["kasi"].check_password(DEMO_PASSWORD)


def test_the_username_with_digits_is_refused(users):
    with pytest.raises(ValidationError) as info:
        validate_password("kadis-20262026", users["kadis"])
    assert "kata_kantor" in [e.code for e in info.value.error_list]


def test_short_and_numeric_passwords_are_refused_in_indonesian(users):
    with pytest.raises(ValidationError) as info:
        validate_password("8731", users["kasi"])
    pesan = " ".join(info.value.messages)
    assert "terlalu pendek" in pesan and "seluruhnya terdiri dari angka" in pesan


@pytest.mark.parametrize("sandi", [SANDI_BARU, "Xq9#kT2$mZ8!", "kucing-dinsos-meja-hijau"])
def test_passwords_with_enough_of_their_own_are_accepted(users, sandi):
    validate_password(sandi, users["kasi"])
