import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from dinsos.models import Desa, Instansi, Pegawai
from tests.conftest import DEMO_PASSWORD, load_demo

KANTOR = [
    ("oku-selatan", "Ogan Komering Ulu Selatan", "Zulfakar, S.Sos", "196803031988031002", "WIB"),
    ("lumajang", "Lumajang", "Dra. Dewi Susiyanti", "196406171996032002", "WIB"),
    ("kutai-kartanegara", "Kutai Kartanegara", "Drs. Yuliandris Suherdiman", "196807081994031013", "WITA"),
    ("tanah-laut", "Tanah Laut", "Eko Trianto, S.Sos", "196706011994011002", "WITA"),
]


@pytest.mark.parametrize("kabupaten,nama,kepala,nip,zona", KANTOR)
def test_each_demo_office_shows_its_name_head_and_zone(client, db, kabupaten, nama, kepala, nip, zona):
    instansi = load_demo(kabupaten)
    assert instansi.zona_waktu == zona
    kadis = Pegawai.objects.get(user__username="kadis")
    assert (kadis.nama, kadis.nip) == (kepala, nip)
    assert client.post("/masuk/", {"username": "kadis", "password": DEMO_PASSWORD}).status_code == 302
    html = client.get("/").content.decode()
    assert nama in html and kepala in html and f"Waktu {zona}" in html
    assert Desa.objects.count() > 100


def test_demo_is_idempotent_and_keeps_data(db):
    load_demo("oku-selatan")
    counts = (Desa.objects.count(), Pegawai.objects.count())
    load_demo("oku-selatan")
    assert (Desa.objects.count(), Pegawai.objects.count()) == counts


def test_no_demo_accounts_without_debug(db):
    with override_settings(DEBUG=False):
        out = io.StringIO()
        call_command("demo", kabupaten="lumajang", stdout=out)
    assert "akun demo tidak dibuat" in out.getvalue()
    assert not get_user_model().objects.filter(username="kadis").exists()
    assert Instansi.get_current().kabupaten == "lumajang"


def test_demo_can_load_a_synthetic_dtks(db):
    from registri.models import BarisDtks, Snapshot

    with override_settings(DEBUG=True):
        call_command("demo", kabupaten="tanah-laut", dtks=200, stdout=io.StringIO())
    snapshot = Snapshot.objects.get(aktif=True)
    assert BarisDtks.objects.filter(snapshot=snapshot).count() == 200
    assert all(nik.startswith("6301") for nik in BarisDtks.objects.values_list("nik", flat=True))


def test_demo_makes_its_own_ca_and_certificates_for_the_signing_officials(db, monkeypatch):
    from surat import tte
    from surat.models import AkarTepercaya, SertifikatTTE

    load_demo("oku-selatan")
    monkeypatch.setenv("DEMO_TTE", "1")
    out = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("demo", kabupaten="oku-selatan", stdout=out)
        call_command("demo", kabupaten="oku-selatan", stdout=io.StringIO())  # a re-run keeps them
    assert Instansi.get_current().tanda_tangan_elektronik
    assert "frasa sandi sertifikat tte-demo-2026" in out.getvalue()
    assert set(SertifikatTTE.objects.values_list("pegawai__user__username", flat=True)) == {"kadis", "sekretaris"}
    assert AkarTepercaya.objects.count() == 1
    kadis = SertifikatTTE.objects.get(pegawai__user__username="kadis")
    assert tte.info_p12(bytes(kadis.berkas_p12), "tte-demo-2026")["penerbit"] == AkarTepercaya.objects.get().nama
