"""Collective candidate lists (XLSX or CSV from desa, kecamatan or pendamping), row by row.

Files are read with the registry's readers (`registri.berkas.baca`: loose headers, NIKs
stored as numbers recovered, streaming XLSX). Every row ends in the report as `dimuat` or
`ditolak` with its reason; a bad row never stops the file. Accepted rows are checked
(`bansos.cek.periksa_semua`) in memory and written in one bulk insert, so a 20,000-row list
costs a fixed number of queries.
"""

import datetime
import re
import tempfile
from pathlib import Path

from django.db import transaction

from bansos.cek import periksa_semua
from bansos.models import Calon, ImporCalon, Kategori
from bansos.salin import salin
from registri import berkas

BATAS_BARIS = 50000
STATUS = dict(Calon.Status.choices)
_KATEGORI = {k.value: k.value for k in Kategori} | {k.label.lower(): k.value for k in Kategori}
_KATEGORI |= {"disabilitas": "disabilitas", "lansia": "lansia", "bencana": "korban_bencana", "fakir miskin": "fakir_miskin"}
_ALIAS = {
    "tanggal_lahir": "tanggal_lahir",
    "tgl_lahir": "tanggal_lahir",
    "tgl._lahir": "tanggal_lahir",
    "kategori": "kategori",
    "jenis_disabilitas": "jenis_disabilitas",
    "ragam_disabilitas": "jenis_disabilitas",
}


class ImporGagal(Exception):
    """The file as a whole cannot be read; the message says why, in Indonesian."""


def _tanggal(value) -> datetime.date | None:
    """Dates as offices type them: 17-08-1950, 17/08/1950, 1950-08-17, or an Excel serial."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and 1 <= value < 80000:
        return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))
    text = str(value).strip()
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    try:
        if m:
            return datetime.date(int(m[3]), int(m[2]), int(m[1]))
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if m:
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        pass
    raise ValueError(f"tanggal lahir “{text}” tidak dikenali (tulis 17-08-1950)")


def _teks(value, limit) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()[:limit]


def baris_ke_calon(program, asal, lineno, raw) -> Calon:
    """One row as an unsaved Calon; ValueError with the reason when the row is unusable."""
    raw = {_ALIAS.get(k, k): v for k, v in raw.items()}
    nik = berkas.normalisasi_nik(raw.get("nik"))
    pesan = berkas.nik_valid(nik)
    if pesan:
        raise ValueError(pesan)
    nama = _teks(raw.get("nama"), 150)
    if not nama:
        raise ValueError("nama kosong")
    kk = berkas.normalisasi_nik(raw.get("nomor_kk"))
    if kk and (len(kk) != 16 or not kk.isdigit()):
        raise ValueError("nomor KK harus 16 angka")
    kategori_teks = _teks(raw.get("kategori"), 60).lower()
    kategori = _KATEGORI.get(kategori_teks, "")
    if kategori_teks and not kategori:
        raise ValueError(f"kategori “{kategori_teks}” tidak dikenali")
    return Calon(
        program=program,
        asal=asal,
        baris=lineno,
        nik=nik,
        nomor_kk=kk,
        nama=nama,
        tanggal_lahir=_tanggal(raw.get("tanggal_lahir")),
        alamat=_teks(raw.get("alamat"), 250),
        desa=_teks(raw.get("desa"), 100),
        kecamatan=_teks(raw.get("kecamatan"), 100),
        kategori=kategori,
        jenis_disabilitas=_teks(raw.get("jenis_disabilitas"), 60),
    )


def impor_baris(program, asal, rows, user, nama_berkas, pelaku="") -> ImporCalon:
    """Import (line number, dict) rows; returns the saved ImporCalon with its report."""
    sudah = dict(program.calon.values_list("nik", "baris"))
    laporan, calon, pertama = [], [], {}
    for lineno, raw in rows:
        if len(laporan) >= BATAS_BARIS:
            raise ImporGagal(f"Berkas lebih dari {BATAS_BARIS:,} baris.".replace(",", "."))
        entry = {"baris": lineno, "nik": berkas.normalisasi_nik(raw.get("nik")), "nama": _teks(raw.get("nama"), 150)}
        try:
            c = baris_ke_calon(program, asal, lineno, raw)
        except ValueError as exc:
            laporan.append({**entry, "status": "ditolak", "pesan": str(exc)})
            continue
        if c.nik in pertama:
            laporan.append({**entry, "status": "ditolak", "pesan": f"duplikat: NIK sama dengan baris {pertama[c.nik]}"})
            continue
        pertama[c.nik] = lineno
        if c.nik in sudah:
            laporan.append({**entry, "status": "ditolak", "pesan": "NIK sudah menjadi calon program ini"})
            continue
        laporan.append({**entry, "status": "dimuat", "pesan": ""})
        calon.append(c)
    periksa_semua(program, calon, user=user, pelaku=pelaku)
    by_line = {c.baris: c for c in calon}
    for entry in laporan:
        c = by_line.get(entry["baris"]) if entry["status"] == "dimuat" else None
        if c is not None:
            gagal = "; ".join(f"{h['aturan']}: {h['alasan']}" for h in c.gagal)
            entry["pesan"] = f"{STATUS[c.status]}{': ' + gagal if gagal else ''}"
    with transaction.atomic():
        impor = ImporCalon.objects.create(
            program=program,
            asal=asal,
            nama_berkas=nama_berkas[:255],
            jumlah=len(laporan),
            dimuat=len(calon),
            ditolak=len(laporan) - len(calon),
            laporan=laporan,
            diunggah_oleh=user,
        )
        for c in calon:
            c.impor = impor
        salin(Calon, calon)
    return impor


def impor_berkas(program, asal, berkas_unggah, user) -> ImporCalon:
    """An uploaded XLSX/CSV (Django UploadedFile) → ImporCalon; ImporGagal if unreadable."""
    nama = Path(berkas_unggah.name).name
    suffix = ".xlsx" if nama.lower().endswith(".xlsx") else ".csv"
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in berkas_unggah.chunks():
            tmp.write(chunk)
        tmp.flush()
        try:
            return impor_baris(program, asal, berkas.baca(tmp.name), user, nama)
        except berkas.BerkasTidakTerbaca as exc:
            raise ImporGagal(str(exc)) from None
