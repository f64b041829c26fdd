"""XLSX of the agendas: text and dates, never formulas (the dashboard's safe-cell writer)."""

from django.http import HttpResponse
from django.utils import timezone

from persuratan.models import Sifat
from skm.ekspor import XLSX, buku_xlsx

# An export is a register, not a backup: past this many rows, narrow the filter.
BATAS_BARIS = 50_000


def unduh(isi: bytes, nama: str) -> HttpResponse:
    response = HttpResponse(isi, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _tgl(d):
    return d.strftime("%d-%m-%Y") if d else ""


def agenda_masuk(qs) -> bytes:
    kepala = ["No. agenda", "Diterima", "Pengirim", "Nomor surat", "Tanggal surat", "Hal", "Sifat", "Klasifikasi"]
    sifat = dict(Sifat.choices)
    baris = [
        [
            s.label_agenda,
            _tgl(s.tanggal_diterima),
            s.pengirim,
            s.nomor_surat,
            _tgl(s.tanggal_surat),
            s.perihal,
            sifat[s.sifat],
            s.klasifikasi.kode,
        ]
        for s in qs[:BATAS_BARIS]
    ]
    judul = f"Agenda surat masuk (diunduh {timezone.localtime():%d-%m-%Y %H.%M})"
    return buku_xlsx([("Surat masuk", judul, kepala, baris)])


def agenda_keluar(qs) -> bytes:
    kepala = ["Nomor", "Tanggal", "Jenis", "Hal/tujuan", "Penandatangan", "Status"]
    baris = []
    for s in qs[:BATAS_BARIS]:
        naskah = getattr(s, "naskah_dinas", None)
        if naskah is not None:
            hal = "(rahasia)" if naskah.sifat == Sifat.RAHASIA else naskah.hal
        else:
            hal = s.nama_subjek
        baris.append([s.nomor, _tgl(s.tanggal), s.judul, hal, s.penandatangan_nama, "Dicabut" if s.dicabut else "Berlaku"])
    judul = f"Agenda surat keluar (diunduh {timezone.localtime():%d-%m-%Y %H.%M})"
    return buku_xlsx([("Surat keluar", judul, kepala, baris)])
