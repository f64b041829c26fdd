"""Sanding data: match a spreadsheet of NIKs (names optional) against the active DTKS.

Each row is classified: ditemukan, tidak ditemukan, NIK tidak valid, or duplikat (the same
NIK earlier in the file); found rows get desil and program flags, and a flag when the name
in the file differs from the registry's. The result is an XLSX in the same row order.
"""

import difflib
import re
from dataclasses import dataclass, field

from openpyxl import Workbook

from dinsos.zona import label_waktu
from registri import berkas
from registri.cari import cari_banyak, snapshot_aktif
from registri.models import Jenis

BATAS_BARIS = 50000
STATUS_DITEMUKAN = "ditemukan"
STATUS_TIDAK = "tidak ditemukan"
STATUS_INVALID = "NIK tidak valid"
STATUS_DUPLIKAT = "duplikat"


class SandingGagal(Exception):
    pass


@dataclass
class Ringkasan:
    jumlah: int = 0
    ditemukan: int = 0
    tidak_ditemukan: int = 0
    invalid: int = 0
    duplikat: int = 0
    nama_berbeda: int = 0
    snapshot: object = None
    baris: list = field(default_factory=list)


def _nama_sama(a: str, b: str) -> bool:
    def norm(s):
        return re.sub(r"[^a-z]", "", s.lower())

    a, b = norm(a), norm(b)
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def klasifikasi(rows) -> Ringkasan:
    """rows: iterable of (line number, dict with 'nik' and optional 'nama')."""
    snapshot = snapshot_aktif()[Jenis.DTKS]
    if snapshot is None:
        raise SandingGagal("Belum ada data DTKS yang dimuat.")
    parsed = []
    for lineno, raw in rows:
        if len(parsed) >= BATAS_BARIS:
            raise SandingGagal(f"Berkas lebih dari {BATAS_BARIS:,} baris.".replace(",", "."))
        parsed.append(
            (
                lineno,
                str(raw.get("nik") or "").strip(),
                berkas.normalisasi_nik(raw.get("nik")),
                str(raw.get("nama") or "").strip(),
            )
        )
    valid = sorted({nik for _, _, nik, _ in parsed if berkas.nik_valid(nik) is None})
    found = cari_banyak(snapshot, valid)
    hasil = Ringkasan(snapshot=snapshot)
    first_line = {}
    for lineno, asli, nik, nama in parsed:
        hasil.jumlah += 1
        row = {
            "baris": lineno,
            "nik": nik or asli,
            "nama": nama,
            "status": "",
            "keterangan": "",
            "nama_dtks": "",
            "desil": None,
            "pkh": "",
            "bpnt": "",
            "pbi": "",
            "nama_berbeda": "",
        }
        if berkas.nik_valid(nik):
            row["status"] = STATUS_INVALID
            row["keterangan"] = berkas.nik_valid(nik)
            hasil.invalid += 1
        elif nik in first_line:
            row["status"] = STATUS_DUPLIKAT
            row["keterangan"] = f"sama dengan baris {first_line[nik]}"
            hasil.duplikat += 1
        elif nik in found:
            nama_dtks, desil, pkh, bpnt, pbi = found[nik]
            row.update(
                status=STATUS_DITEMUKAN,
                nama_dtks=nama_dtks,
                desil=desil,
                pkh="ya" if pkh else "tidak",
                bpnt="ya" if bpnt else "tidak",
                pbi="ya" if pbi else "tidak",
            )
            if nama and not _nama_sama(nama, nama_dtks):
                row["nama_berbeda"] = "ya"
                hasil.nama_berbeda += 1
            hasil.ditemukan += 1
        else:
            row["status"] = STATUS_TIDAK
            hasil.tidak_ditemukan += 1
        if nik and berkas.nik_valid(nik) is None:
            first_line.setdefault(nik, lineno)
        hasil.baris.append(row)
    return hasil


KOLOM = [
    ("baris", "Baris"),
    ("nik", "NIK"),
    ("nama", "Nama (berkas)"),
    ("status", "Hasil"),
    ("keterangan", "Keterangan"),
    ("nama_dtks", "Nama di DTKS"),
    ("nama_berbeda", "Nama berbeda"),
    ("desil", "Desil"),
    ("pkh", "PKH"),
    ("bpnt", "BPNT/Sembako"),
    ("pbi", "PBI"),
]


def tulis_xlsx(hasil: Ringkasan, out):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Hasil sanding")
    tanggal = hasil.snapshot.selesai_pada or hasil.snapshot.dibuat_pada
    ws.append([f"Hasil sanding data terhadap DTKS per {label_waktu(tanggal)}"])
    ws.append([label for _, label in KOLOM])
    for row in hasil.baris:
        ws.append([row[key] for key, _ in KOLOM])
    wb.save(out)


def sanding_berkas(path_in, out):
    hasil = klasifikasi(berkas.baca(path_in))
    tulis_xlsx(hasil, out)
    return hasil
