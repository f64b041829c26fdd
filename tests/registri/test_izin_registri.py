"""Registry uploads and the rejected-rows report need their own permissions."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from registri.generator import tulis_csv
from registri.models import Jenis, Snapshot


def staf(client, username, *codenames):
    user = get_user_model().objects.create_user(username, password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return user


@pytest.fixture
def snapshot(kantor, tmp_path):
    return Snapshot.objects.create(
        jenis=Jenis.DTKS,
        nama_berkas="dtks.csv",
        status="selesai",
        ditolak=1,
        laporan="baris,nik,alasan\n3,1609,NIK tidak valid\n",
    )


def test_view_only_staff_cannot_upload_registry_data(client, kantor, tmp_path):
    staf(client, "lihat", "view_snapshot")
    assert "Unggah data" not in client.get(reverse("admin:registri_snapshot_changelist")).content.decode()
    path = tmp_path / "dtks.csv"
    tulis_csv(path, 5, kode_wilayah="1609", seed=1)
    with open(path, "rb") as fh:
        response = client.post(reverse("admin:registri_unggah"), {"jenis": "dtks", "berkas": fh}, follow=True)
    assert "Anda tidak berwenang mengunggah data registri." in response.content.decode()
    assert not Snapshot.objects.exists()


def test_staff_with_the_upload_permission_can_upload(client, kantor, tmp_path, settings):
    settings.IMPOR_DI_LATAR = False
    settings.MEDIA_ROOT = tmp_path / "media"
    staf(client, "pengunggah", "view_snapshot", "unggah_snapshot")
    path = tmp_path / "dtks.csv"
    tulis_csv(path, 5, kode_wilayah="1609", seed=1)
    with open(path, "rb") as fh:
        response = client.post(reverse("admin:registri_unggah"), {"jenis": "dtks", "berkas": fh})
    snapshot = Snapshot.objects.get()
    assert response["Location"] == reverse("admin:registri_progres", args=[snapshot.pk])
    # Stored under a generated name; the client's name is kept only as a label.
    assert re.fullmatch(r"impor/\d{4}/\d{2}/[0-9a-f]{32}\.csv", snapshot.berkas.name)
    assert snapshot.nama_berkas == "dtks.csv"


def test_upload_whose_content_is_not_its_kind_is_refused(client, kantor, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    staf(client, "pengunggah", "view_snapshot", "unggah_snapshot")
    path = tmp_path / "dtks.xlsx"
    path.write_text("nik,nama\n")
    with open(path, "rb") as fh:
        html = client.post(reverse("admin:registri_unggah"), {"jenis": "dtks", "berkas": fh}).content.decode()
    assert "Isi berkas bukan CSV atau XLSX yang sah." in html
    assert not Snapshot.objects.exists()


def test_rejected_rows_report_needs_its_permission(client, snapshot):
    staf(client, "lihat", "view_snapshot")
    response = client.get(reverse("admin:registri_laporan", args=[snapshot.pk]), follow=True)
    body = response.content.decode()
    assert "Anda tidak berwenang mengunduh laporan baris ditolak." in body
    assert "NIK tidak valid" not in body
    html = client.get(reverse("admin:registri_progres", args=[snapshot.pk])).content.decode()
    assert "Unduh laporan baris ditolak" not in html


def test_staff_with_the_report_permission_downloads_it(client, snapshot):
    staf(client, "analis", "view_snapshot", "unduh_laporan_snapshot")
    response = client.get(reverse("admin:registri_laporan", args=[snapshot.pk]))
    assert "NIK tidak valid" in response.content.decode()


def test_staff_without_any_registry_permission_sees_no_progress(client, snapshot):
    staf(client, "lain")
    response = client.get(reverse("admin:registri_progres_bagian", args=[snapshot.pk]))
    assert response.status_code == 403
