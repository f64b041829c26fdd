"""A rahasia letter answers 404 to every position outside its chain: lists, search, URLs, files."""

import pytest
from django.urls import reverse

from persuratan import aksi
from persuratan.models import Sifat
from tests.persuratan.conftest import catat_surat, instruksi


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def rahasia(org):
    """Registered by the Sekretaris, disposed Kadis → Kabid Linjamsos; a plain letter beside it."""
    j = org.jabatan
    surat = catat_surat(org, sifat=Sifat.RAHASIA, perihal="Laporan dugaan penyimpangan bansos", oleh="sekretaris")
    aksi.disposisikan(surat.pk, org.users["kadis"], j["kadis"].pk, [j["kabid-linjamsos"]], instruksi("Tindak lanjuti"))
    catat_surat(org, perihal="Undangan rapat koordinasi PKH", oleh="sekretaris")
    return surat


def _urls(surat):
    return [
        reverse("persuratan:surat_masuk", args=[surat.pk]),
        reverse("persuratan:surat_masuk_berkas", args=[surat.pk]),
        reverse("persuratan:lembar_disposisi", args=[surat.pk]),
        reverse("persuratan:naskah_baru") + f"?membalas={surat.pk}",
    ]


@pytest.mark.parametrize("username", ["umum", "kabid_rehsos", "kasi", "staf"])
def test_positions_outside_the_chain_get_404_everywhere(client, org, rahasia, username):
    client.force_login(org.users[username])
    for url in _urls(rahasia):
        assert client.get(url).status_code == 404, url
    agenda = reverse("persuratan:agenda_masuk")
    detail = reverse("persuratan:surat_masuk", args=[rahasia.pk])
    for params in ({}, {"q": "penyimpangan"}, {"sifat": "rahasia"}):
        html = client.get(agenda, params).content.decode()
        assert "dugaan penyimpangan bansos" not in html and f'href="{detail}"' not in html
    xlsx = client.get(reverse("persuratan:agenda_masuk_xlsx"), {"q": "penyimpangan"}).content
    assert b"penyimpangan" not in xlsx
    r = client.post(
        reverse("persuratan:disposisikan", args=[rahasia.pk]), {"dari": org.jabatan["kasi-jaminan"].pk, "catatan": "x"}
    )
    assert r.status_code == 404


def test_the_agenda_keeper_still_sees_the_plain_letters(client, org, rahasia):
    client.force_login(org.users["umum"])
    html = client.get(reverse("persuratan:agenda_masuk")).content.decode()
    assert "Undangan rapat koordinasi PKH" in html


@pytest.mark.parametrize("username", ["kadis", "sekretaris", "kabid"])
def test_positions_on_the_chain_see_it(client, org, rahasia, username):
    client.force_login(org.users[username])
    html = client.get(reverse("persuratan:agenda_masuk"), {"q": "penyimpangan"}).content.decode()
    assert "dugaan penyimpangan bansos" in html
    for url in _urls(rahasia):
        assert client.get(url).status_code == 200, url


def test_a_position_disposed_to_later_joins_the_chain(client, org, rahasia):
    j = org.jabatan
    client.force_login(org.users["kasi"])
    assert client.get(reverse("persuratan:surat_masuk", args=[rahasia.pk])).status_code == 404
    aksi.disposisikan(
        rahasia.pk, org.users["kabid"], j["kabid-linjamsos"].pk, [j["kasi-jaminan"]], instruksi("Tindak lanjuti")
    )
    assert client.get(reverse("persuratan:surat_masuk", args=[rahasia.pk])).status_code == 200
    client.force_login(org.users["kasi_rehsos"])
    assert client.get(reverse("persuratan:surat_masuk", args=[rahasia.pk])).status_code == 404


def test_an_it_admin_without_a_position_sees_no_letter(client, org, rahasia, django_user_model):
    admin = django_user_model.objects.create_superuser("admin-it", password="x")
    client.force_login(admin)
    assert client.get(reverse("persuratan:surat_masuk", args=[rahasia.pk])).status_code == 404
    assert client.get(reverse("persuratan:agenda_masuk")).status_code == 404
