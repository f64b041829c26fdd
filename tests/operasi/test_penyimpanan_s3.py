"""With S3_BUCKET set, every stored file lives in S3-compatible object storage, none on local disk.

The test starts its own S3-compatible server (moto in server mode) on a loopback port.
"""

import io
import socket

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from layanan import aksi
from registri.generator import tulis_csv
from registri.models import Snapshot
from sop.models import VersiSop
from tests.layanan.helpers import orang
from tests.operasi.helpers import jalankan_antrean

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BUCKET = "dinsos-uji"


def _port_bebas():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server_s3():
    from moto.server import ThreadedMotoServer

    port = _port_bebas()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(server_s3, settings, tmp_path):
    client = boto3.client(
        "s3", endpoint_url=server_s3, region_name="us-east-1", aws_access_key_id="uji", aws_secret_access_key="uji"
    )
    client.create_bucket(Bucket=BUCKET)
    settings.MEDIA_ROOT = tmp_path / "media-lokal"  # must stay empty
    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": server_s3,
                "region_name": "us-east-1",
                "access_key": "uji",
                "secret_key": "uji",
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    with override_settings(STORAGES=storages):
        yield client
    for obj in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=obj["Key"])
    client.delete_bucket(Bucket=BUCKET)
    assert not (tmp_path / "media-lokal").exists() or not any((tmp_path / "media-lokal").rglob("*"))


def kunci(client):
    return sorted(obj["Key"] for obj in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_a_scan_goes_to_the_bucket_and_comes_back_through_the_checked_view(s3, users, client):
    versi = VersiSop.objects.terbit().get(sop__kode="sktm")
    scan = SimpleUploadedFile("ktp.pdf", PDF, content_type="application/pdf")
    dokumen = [(p.nama, scan if i == 0 else None) for i, p in enumerate(versi.persyaratan.all())]
    p = aksi.daftarkan(users["fo"], versi, orang(), None, "", "Berobat", {}, dokumen, "1609")
    doc = p.dokumen.exclude(berkas="").get()
    assert kunci(s3) == [doc.berkas.name]
    client.force_login(users["fo"])
    response = client.get(reverse("layanan:dokumen", args=[p.nomor_registrasi, doc.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_a_registry_upload_is_imported_from_the_bucket(s3, users, client, tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "dtks.csv"
    tulis_csv(path, 40, kode_wilayah="1609", seed=3)
    client.force_login(users["admin"])
    with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as fh:
        client.post(reverse("admin:registri_unggah"), {"jenis": "dtks", "berkas": fh})
    snapshot = Snapshot.objects.get()
    assert kunci(s3) == [snapshot.berkas.name]
    jalankan_antrean()
    snapshot.refresh_from_db()
    assert snapshot.status == "selesai" and snapshot.dimuat == 40


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_carry_the_bucket_objects(s3, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("berkas/2026/11/pindaian.pdf", ContentFile(PDF))
    call_command("cadangkan", ke=str(tmp_path / "cadangan"), stdout=io.StringIO())
    default_storage.delete(name)
    assert kunci(s3) == []
    arsip = sorted((tmp_path / "cadangan").glob("dinsos-*.tar"))[-1]
    call_command("pulihkan", str(arsip), ya=True, stdout=io.StringIO())
    assert kunci(s3) == [name]
    with default_storage.open(name) as fh:
        assert fh.read() == PDF


def test_a_queued_upload_is_imported_from_the_bucket_without_the_worker(s3, users, tmp_path):
    """`manage.py proses_impor` (proses_antrean) reads the upload through the storage API too."""
    from django.core.files.base import ContentFile

    from registri.impor import proses_antrean

    path = tmp_path / "dtks.csv"
    tulis_csv(path, 25, kode_wilayah="1609", seed=5)
    snapshot = Snapshot.objects.create(
        jenis="dtks", nama_berkas="dtks.csv", berkas=ContentFile(path.read_bytes(), name="dtks.csv")
    )
    assert kunci(s3) == [snapshot.berkas.name]
    proses_antrean()
    snapshot.refresh_from_db()
    assert snapshot.status == "selesai" and snapshot.dimuat == 25 and snapshot.aktif


def test_sanding_saves_its_result_in_the_bucket_and_serves_it_back(s3, users, client, tmp_path):
    import openpyxl

    from registri.impor import impor_berkas

    path = tmp_path / "dtks.csv"
    tulis_csv(path, 30, kode_wilayah="1609", seed=9)
    impor_berkas(path, "dtks")
    with open(path, encoding="utf-8") as fh:
        niks = [line.split(",")[0] for line in fh.read().splitlines()[1:4]]
    daftar = tmp_path / "sanding.csv"
    daftar.write_text("nik\n" + "\n".join(niks) + "\n1609010101900099\n", encoding="utf-8")
    client.force_login(users["fo"])
    with open(daftar, "rb") as fh:
        response = client.post(
            reverse("registri:sanding"), {"berkas": fh, "pemohon": "Dinas Kesehatan", "keperluan": "Verifikasi JKN"}
        )
    assert "Ditemukan: <strong>3</strong>" in response.content.decode()
    kode = response.context["kode"]
    assert kunci(s3) == [f"sanding/{kode}.xlsx"]  # nothing of the uploaded list is kept
    xlsx = client.get(reverse("registri:sanding_unduh", args=[kode]))
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert {cell for row in sheet.iter_rows(values_only=True) for cell in row} >= set(niks)
