"""Backups: the database (pg_dump, or SQLite's backup API) plus every stored file, in one archive.

An archive `dinsos-YYYYMMDD-HHMMSS.tar` holds `manifest.json` (time, engine, each file's
size and SHA-256), `db.dump` (PostgreSQL custom format) or `db.sqlite3`, and `media/<name>`
for every file in the default storage (local or S3, read through the storage API).
Restoring replaces the database and writes every file back; files not in the archive are
left alone (they belong to no row of the restored database).
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import timedelta
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

POLA = "dinsos-*.tar"


class CadanganGagal(Exception):
    pass


def _semua_berkas(folder=""):
    dirs, files = default_storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in dirs:
        yield from _semua_berkas(f"{folder}/{sub}" if folder else sub)


def _pg_env(settings_dict):
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def _pg_args(settings_dict):
    args = []
    if settings_dict.get("HOST"):
        args += ["-h", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["-p", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["-U", settings_dict["USER"]]
    return args + ["-d", settings_dict["NAME"]]


def _dump_db(folder: Path) -> Path:
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        target = folder / "db.dump"
        cmd = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", str(target), *_pg_args(settings_dict)]
        done = subprocess.run(cmd, env=_pg_env(settings_dict), capture_output=True, text=True)
        if done.returncode:
            raise CadanganGagal(f"pg_dump gagal: {done.stderr.strip()}")
        return target
    if connection.vendor == "sqlite":
        target = folder / "db.sqlite3"
        connection.ensure_connection()
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)  # a consistent copy while others keep writing
        finally:
            dest.close()
        return target
    raise CadanganGagal(f"Basis data {connection.vendor} tidak didukung.")


def _sha256(fileobj):
    digest = hashlib.sha256()
    for chunk in iter(lambda: fileobj.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def cadangkan(folder) -> Path:
    """Write a new archive into `folder`; returns its path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    target = folder / f"dinsos-{now:%Y%m%d-%H%M%S}.tar"
    manifest = {"dibuat": now.isoformat(), "basis_data": connection.vendor, "berkas": {}}
    partial = target.with_suffix(".tar.sebagian")
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(partial, "w") as tar:
        db_file = _dump_db(Path(tmp))
        with open(db_file, "rb") as fh:
            manifest["db"] = {"nama": db_file.name, "sha256": _sha256(fh), "ukuran": db_file.stat().st_size}
        tar.add(db_file, arcname=db_file.name)
        for name in sorted(_semua_berkas()):
            with default_storage.open(name, "rb") as fh:
                size = fh.size
                manifest["berkas"][name] = {"sha256": _sha256(fh), "ukuran": size}
            with default_storage.open(name, "rb") as fh:
                info = tarfile.TarInfo(f"media/{name}")
                info.size = size
                tar.addfile(info, fh)
        data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    partial.rename(target)  # only a complete archive carries the final name
    return target


def pangkas(folder, hari) -> list[Path]:
    """Delete archives older than `hari` days (keeping at least the newest); returns those deleted."""
    arsip = sorted(Path(folder).glob(POLA))
    batas = timezone.now() - timedelta(days=hari)
    hapus = [p for p in arsip[:-1] if p.stat().st_mtime < batas.timestamp()]
    for path in hapus:
        path.unlink()
    return hapus


def _periksa(tar):
    try:
        manifest = json.load(tar.extractfile("manifest.json"))
    except KeyError as exc:
        raise CadanganGagal("Arsip tidak berisi manifest.json: bukan cadangan Dinsos Layanan.") from exc
    if manifest["basis_data"] != connection.vendor:
        raise CadanganGagal(
            f"Cadangan ini dari basis data {manifest['basis_data']}, sedangkan yang dipakai {connection.vendor}."
        )
    for name, meta in [(manifest["db"]["nama"], manifest["db"])] + [
        (f"media/{n}", m) for n, m in manifest["berkas"].items()
    ]:
        member = tar.extractfile(name)
        if member is None or _sha256(member) != meta["sha256"]:
            raise CadanganGagal(f"Isi arsip rusak: {name} tidak cocok dengan manifest.")
    return manifest


def pulihkan(path) -> dict:
    """Replace the database and write back the files of an archive; returns its manifest."""
    with tarfile.open(path, "r") as tar:
        manifest = _periksa(tar)  # every checksum before anything is touched
        with tempfile.TemporaryDirectory() as tmp:
            db_file = Path(tmp) / manifest["db"]["nama"]
            with open(db_file, "wb") as out:
                out.write(tar.extractfile(manifest["db"]["nama"]).read())
            _pulihkan_db(db_file)
        for name in manifest["berkas"]:
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, File(tar.extractfile(f"media/{name}"), name=name))
            if saved != name:
                raise CadanganGagal(f"Berkas {name} tersimpan sebagai {saved}.")
    return manifest


def _pulihkan_db(db_file: Path):
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        connection.close()
        cmd = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
        done = subprocess.run(
            [*cmd, *_pg_args(settings_dict), str(db_file)], env=_pg_env(settings_dict), capture_output=True, text=True
        )
        if done.returncode:
            raise CadanganGagal(f"pg_restore gagal: {done.stderr.strip()[:2000]}")
        return
    connection.ensure_connection()
    src = sqlite3.connect(db_file)
    try:
        src.backup(connection.connection)
    finally:
        src.close()
