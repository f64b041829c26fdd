"""`cadangkan` then `pulihkan` gives back the database and the stored files as they were."""

import io
import json
import os
import tarfile
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from operasi.cadangan import pangkas
from operasi.models import DetakPekerja
from registri.models import Jenis, Snapshot


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _arsip(folder):
    return sorted(folder.glob("dinsos-*.tar"))[-1]


@pytest.mark.django_db(transaction=True)
def test_round_trip_restores_rows_and_files_and_drops_later_changes(media, tmp_path):
    snapshot = Snapshot.objects.create(
        jenis=Jenis.DTKS, nama_berkas="dtks.csv", berkas=ContentFile(b"nik,nama\n1609014506900001,Siti\n", "dtks.csv")
    )
    DetakPekerja.objects.create(worker_id="sebelum", host="a", pid=1)
    out = io.StringIO()
    call_command("cadangkan", ke=str(tmp_path / "cadangan"), stdout=out)
    assert "Cadangan dibuat:" in out.getvalue()
    arsip = _arsip(tmp_path / "cadangan")

    # Life goes on: a row removed, one added, the file lost.
    name = snapshot.berkas.name
    Snapshot.objects.all().delete()
    DetakPekerja.objects.create(worker_id="sesudah", host="b", pid=2)
    default_storage.delete(name)

    out = io.StringIO()
    call_command("pulihkan", str(arsip), ya=True, stdout=out)
    assert "basis data dan 1 berkas" in out.getvalue()
    restored = Snapshot.objects.get()
    assert restored.berkas.name == name and restored.nama_berkas == "dtks.csv"
    with default_storage.open(name) as fh:
        assert fh.read() == b"nik,nama\n1609014506900001,Siti\n"
    assert list(DetakPekerja.objects.values_list("worker_id", flat=True)) == ["sebelum"]


@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_is_refused_before_anything_changes(media, tmp_path):
    Snapshot.objects.create(jenis=Jenis.DTKS, nama_berkas="a.csv", berkas=ContentFile(b"isi asli", "a.csv"))
    call_command("cadangkan", ke=str(tmp_path / "cadangan"), stdout=io.StringIO())
    arsip = _arsip(tmp_path / "cadangan")
    rusak = tmp_path / "rusak.tar"
    with tarfile.open(arsip) as src, tarfile.open(rusak, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.startswith("media/"):
                data = b"isi palsu"
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    DetakPekerja.objects.create(worker_id="tetap", host="a", pid=1)
    with pytest.raises(CommandError, match="Isi arsip rusak: media/.* tidak cocok dengan manifest"):
        call_command("pulihkan", str(rusak), ya=True)
    assert DetakPekerja.objects.filter(worker_id="tetap").exists()


def test_an_archive_of_another_database_engine_is_refused(db, tmp_path):
    path = tmp_path / "lain.tar"
    manifest = json.dumps({"basis_data": "mysql", "db": {"nama": "db.x", "sha256": ""}, "berkas": {}}).encode()
    with tarfile.open(path, "w") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
    with pytest.raises(CommandError, match="Cadangan ini dari basis data mysql"):
        call_command("pulihkan", str(path), ya=True)


def test_restore_asks_before_overwriting(db, tmp_path, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "tidak")
    with pytest.raises(CommandError, match="Dibatalkan"):
        call_command("pulihkan", str(tmp_path / "apa-saja.tar"))


def test_old_archives_are_pruned_but_the_newest_is_kept(tmp_path):
    old = time.time() - 40 * 86400
    for i, name in enumerate(["dinsos-20260101-010000.tar", "dinsos-20260102-010000.tar", "dinsos-20261126-010000.tar"]):
        (tmp_path / name).write_bytes(b"x")
        if i < 2:
            os.utime(tmp_path / name, (old, old))
    assert [p.name for p in pangkas(tmp_path, 30)] == ["dinsos-20260101-010000.tar", "dinsos-20260102-010000.tar"]
    for name in ["dinsos-20261126-010000.tar"]:
        os.utime(tmp_path / name, (old, old))
    assert pangkas(tmp_path, 30) == [] and (tmp_path / "dinsos-20261126-010000.tar").exists()
