"""/sehat/ tells a load balancer whether this server can serve, and monitoring whether the worker lives."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from operasi.models import DetakPekerja
from registri.tugas import hapus_berkas_kedaluwarsa


def test_healthy_server_with_a_live_worker(client, db):
    DetakPekerja.objects.create(worker_id="w1", host="app1", pid=10, terakhir=timezone.now() - timedelta(seconds=3))
    hapus_berkas_kedaluwarsa.enqueue()
    response = client.get("/sehat/")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["basis_data"]["status"] == "ok"
    assert data["pekerja"]["status"] == "ok" and data["pekerja"]["jumlah_hidup"] == 1
    assert 2 <= data["pekerja"]["detak_terakhir_detik"] < 30
    assert data["pekerja"]["antrean"] == 1
    assert data["disk"]["status"] == "ok" and data["disk"]["bebas_mb"] > 0
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_dead_worker_warns_but_keeps_the_server_in_the_pool_unless_strict(client, db):
    DetakPekerja.objects.create(worker_id="w1", host="app1", pid=10, terakhir=timezone.now() - timedelta(minutes=5))
    response = client.get("/sehat/")
    assert response.status_code == 200
    assert response.json()["status"] == "peringatan" and response.json()["pekerja"]["status"] == "mati"
    assert client.get("/sehat/?ketat=1").status_code == 503


def test_no_worker_ever_started(client, db):
    data = client.get("/sehat/").json()
    assert data["pekerja"]["status"] == "tidak ada"


def test_a_full_disk_takes_the_server_out_of_the_pool(client, db, settings):
    settings.SEHAT_MIN_DISK_MB = 10**12
    response = client.get("/sehat/")
    assert response.status_code == 503
    assert response.json()["disk"]["status"] == "penuh" and response.json()["status"] == "gagal"


def test_a_database_that_does_not_answer_fails_the_check(client, db, monkeypatch):
    class Putus:
        vendor = connection.vendor

        def cursor(self):
            raise RuntimeError("koneksi putus")

    # Only the health query is cut: the session and login middleware still have their database.
    monkeypatch.setattr("operasi.views.connection", Putus())
    response = client.get("/sehat/")
    assert response.status_code == 503
    assert response.json()["basis_data"]["status"] == "gagal"


@pytest.mark.parametrize("method", ["post", "put"])
def test_only_get(client, db, method):
    assert getattr(client, method)("/sehat/").status_code == 405


def test_admin_lists_worker_heartbeats_read_only(admin_client):
    DetakPekerja.objects.create(worker_id="app1-77-abc", host="app1", pid=77)
    html = admin_client.get("/admin/operasi/detakpekerja/").content.decode()
    assert "app1-77-abc" in html and "Tambah detak pekerja" not in html
