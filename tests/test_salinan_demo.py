"""The demo office restored from the per-process copy is the office the demo command builds."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from dinsos.models import Instansi, Pegawai
from tests import salinan_demo
from tests.conftest import DEMO_PASSWORD, load_demo


def _isi_semua():
    with connection.cursor() as cursor:
        return {t: salinan_demo._isi(cursor, t)[1] for t in salinan_demo._daftar_tabel() if t not in salinan_demo.META}


def _rekam(kabupaten, key):
    """Run the real command through the copy (recording it), give back the database content after it."""
    from io import StringIO

    from django.core.management import call_command
    from django.test import override_settings

    salinan_demo._salinan.pop((*salinan_demo._kunci_basis(), kabupaten, key), None)
    dipanggil = []

    def jalankan():
        dipanggil.append(1)
        with override_settings(DEBUG=True):
            call_command("demo", kabupaten=kabupaten, stdout=StringIO())

    sid = transaction.savepoint()
    salinan_demo.muat(kabupaten, key, jalankan)
    content = _isi_semua()
    transaction.savepoint_rollback(sid)
    assert dipanggil == [1]
    return content


@pytest.mark.parametrize("kabupaten", ["oku-selatan", "tanah-laut"])
def test_restored_office_equals_the_command_result_row_for_row(db, kabupaten, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    monkeypatch.setenv("DEMO_TTE", "0")
    key = ("uji-salinan",)
    expected = _rekam(kabupaten, key)

    def jangan():
        raise AssertionError("perintah demo dijalankan padahal keadaan awal sama")

    salinan_demo.muat(kabupaten, key, jangan)
    assert _isi_semua() == expected
    assert Instansi.get_current().kabupaten == kabupaten
    assert Pegawai.objects.get(user__username="kadis").jabatan.peran == "kadis"
    # The restored rows behave like any others: a new row gets a fresh id.
    user = get_user_model().objects.create_user("baru", password="x")
    assert user.pk > max(get_user_model().objects.exclude(pk=user.pk).values_list("pk", flat=True))


def test_another_starting_state_runs_the_command(db):
    get_user_model().objects.create_user("sudah-ada", password="x")
    instansi = load_demo("oku-selatan")
    assert instansi.kabupaten == "oku-selatan"
    assert get_user_model().objects.filter(username__in=["sudah-ada", "kadis", "admin"]).count() == 3


def test_a_second_load_in_one_test_runs_the_command_on_what_the_test_made(db, client):
    load_demo("oku-selatan")
    nama = Pegawai.objects.get(user__username="fo").nama
    Pegawai.objects.filter(user__username="fo").update(nama="Nama Diubah")
    get_user_model().objects.create_user("buatan-uji", password="x")
    load_demo("oku-selatan")  # not a clean start: the (idempotent) command runs over it
    assert Pegawai.objects.get(user__username="fo").nama == nama
    assert get_user_model().objects.filter(username="buatan-uji").exists()
    assert client.post("/masuk/", {"username": "fo", "password": DEMO_PASSWORD}).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_gets_the_office_after_a_flush():
    instansi = load_demo("lumajang")
    assert instansi.kabupaten == "lumajang"
    assert Pegawai.objects.filter(user__username__in=["kadis", "fo"]).count() == 2
