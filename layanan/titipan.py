"""Scans kept across a failed submit of the registration form.

A browser cannot re-fill a file input, so when any field of the registration form is wrong
the scans chosen with it would be lost. Each scan that passed its own checks (content,
size) is stored through the storage API under `titipan/<form key>/<random>.<ext>` and
listed in the session under the form's key (`kunci`, one per rendered form). The next
submit of the same form uses the kept file for that requirement unless a new one is
chosen or "lepas" is ticked. Only the session that stored a file can use it; the files are
deleted when the case is registered, and `python manage.py bersihkan_titipan` removes what
abandoned forms left (older than `TITIPAN_JAM` hours).
"""

import datetime
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from dinsos.unggahan import jenis_berkas
from layanan.validators import validate_unggahan

FOLDER = "titipan"
SESI = "titipan_berkas"
_KUNCI = re.compile(r"^[0-9a-f]{32}$")


def _daftar(request, kunci):
    if not _KUNCI.match(kunci or ""):
        return None
    return request.session.get(SESI, {}).get(kunci, {})


def simpan(request, kunci, berkas: dict) -> None:
    """Keep the valid uploads `{field name: UploadedFile}` of a failed submit for this form."""
    daftar = _daftar(request, kunci)
    if daftar is None:
        return
    for field, upload in berkas.items():
        kind = jenis_berkas(upload)
        nama = default_storage.save(f"{FOLDER}/{kunci}/{uuid.uuid4().hex}.{kind.extension if kind else 'bin'}", upload)
        lama = daftar.get(field)
        if lama:
            default_storage.delete(lama["nama"])
        daftar[field] = {"nama": nama, "asli": upload.name[:120], "ukuran": upload.size}
    if berkas:
        semua = request.session.get(SESI, {})
        semua[kunci] = daftar
        request.session[SESI] = semua


def lepas(request, kunci, fields) -> None:
    """Forget (and delete) the kept files of these fields."""
    daftar = _daftar(request, kunci)
    if not daftar:
        return
    for field in fields:
        lama = daftar.pop(field, None)
        if lama:
            default_storage.delete(lama["nama"])
    semua = request.session.get(SESI, {})
    semua[kunci] = daftar
    request.session[SESI] = semua


def info(request, kunci) -> dict:
    """{field name: {"asli": original name, "ukuran": bytes}} kept for this form."""
    return dict(_daftar(request, kunci) or {})


def buka(request, kunci) -> dict:
    """{field name: open File} of the kept scans, checked by content again; gone ones dropped."""
    hasil = {}
    for field, item in (_daftar(request, kunci) or {}).items():
        if not default_storage.exists(item["nama"]):
            continue
        berkas = default_storage.open(item["nama"], "rb")
        berkas.name = item["asli"]
        try:
            validate_unggahan(berkas)
        except ValidationError:
            berkas.close()
            continue
        hasil[field] = berkas
    return hasil


def selesai(request, kunci) -> None:
    """The case is registered (its scans copied under their own names): drop the kept files."""
    daftar = _daftar(request, kunci)
    if daftar is None:
        return
    for item in daftar.values():
        default_storage.delete(item["nama"])
    semua = request.session.get(SESI, {})
    if semua.pop(kunci, None) is not None:
        request.session[SESI] = semua


def bersihkan(sebelum: datetime.datetime | None = None) -> int:
    """Delete kept files of abandoned forms older than `TITIPAN_JAM` hours; the number deleted."""
    sebelum = sebelum or timezone.now() - datetime.timedelta(hours=settings.TITIPAN_JAM)
    jumlah = 0
    try:
        folders, _ = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    for folder in folders:
        _, files = default_storage.listdir(f"{FOLDER}/{folder}")
        for nama in files:
            path = f"{FOLDER}/{folder}/{nama}"
            if default_storage.get_modified_time(path) < sebelum:
                default_storage.delete(path)
                jumlah += 1
    return jumlah
