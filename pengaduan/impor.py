"""SP4N-LAPOR! tickets from an XLSX export: one complaint per row, each row on its own.

Columns are found by their header (case and spacing do not matter): nomor tiket (required),
judul, isi (at least one of the two), kategori, nama pelapor, rahasia. A row that fails (no
ticket number, a ticket already registered, text too long) is reported with its reason and
nothing of it is saved; the other rows are kept. Every row gets its own ticket and secret
code, listed once in the report for the counter to pass on through LAPOR!.
"""

from dataclasses import dataclass

from openpyxl import load_workbook

from pengaduan import aksi
from pengaduan.models import Kategori, Saluran

BATAS_BARIS = 500
KOLOM = {
    "nomor": ("nomor tiket", "no tiket", "no. tiket", "tiket", "nomor laporan", "id laporan"),
    "judul": ("judul", "judul laporan", "pokok"),
    "isi": ("isi", "isi laporan", "uraian", "laporan"),
    "kategori": ("kategori",),
    "nama": ("nama pelapor", "pelapor", "nama"),
    "rahasia": ("rahasia", "anonim", "rahasiakan"),
}


@dataclass
class Baris:
    nomor_baris: int
    nomor_lapor: str
    hasil: str
    tiket: str = ""
    kode: str = ""

    @property
    def berhasil(self):
        return bool(self.tiket)


def _norm(teks):
    return " ".join(str(teks or "").lower().replace("_", " ").split())


def _kategori(nama, semua, lainnya):
    nama = _norm(nama)
    if nama:
        for k in semua:
            if _norm(k.nama) == nama or nama in _norm(k.nama) or _norm(k.nama) in nama:
                return k
    return lainnya


def impor_xlsx(user, berkas, kabupaten=None) -> list[Baris]:
    try:
        wb = load_workbook(berkas, read_only=True, data_only=True)
    except Exception:
        raise aksi.AksiGagal("Berkas bukan XLSX yang dapat dibaca.") from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    kepala = [_norm(h) for h in next(rows, [])]
    posisi = {}
    for kunci, nama in KOLOM.items():
        posisi[kunci] = next((i for i, h in enumerate(kepala) if h in nama), None)
    if posisi["nomor"] is None or (posisi["judul"] is None and posisi["isi"] is None):
        raise aksi.AksiGagal("Kolom “Nomor tiket” dan “Judul” atau “Isi” tidak ditemukan pada baris pertama.")
    semua = list(Kategori.objects.filter(aktif=True))
    lainnya = next((k for k in semua if k.kode == "lainnya"), semua[-1] if semua else None)
    if lainnya is None:
        raise aksi.AksiGagal("Belum ada kategori pengaduan; tambahkan di admin.")
    laporan = []
    for n, row in enumerate(rows, start=2):
        if n - 1 > BATAS_BARIS:
            laporan.append(Baris(n, "", f"Berhenti: paling banyak {BATAS_BARIS} baris per berkas."))
            break

        def sel(kunci, row=row):
            i = posisi[kunci]
            return str(row[i]).strip() if i is not None and i < len(row) and row[i] is not None else ""

        if not any(v not in (None, "") for v in row):
            continue
        nomor = sel("nomor")
        judul, isi = sel("judul"), sel("isi")
        if not nomor:
            laporan.append(Baris(n, "", "Nomor tiket kosong."))
            continue
        if not (judul or isi):
            laporan.append(Baris(n, nomor, "Judul dan isi laporan kosong."))
            continue
        data = {
            "kategori": _kategori(sel("kategori"), semua, lainnya),
            "judul": (judul or isi)[:150],
            "isi": isi or judul,
            "nama_pelapor": sel("nama")[:150],
            "rahasiakan": _norm(sel("rahasia")) in ("ya", "y", "1", "true", "rahasia"),
            "nomor_lapor": nomor[:40],
        }
        try:
            pengaduan, kode = aksi.buat(user, Saluran.LAPOR, data, kabupaten=kabupaten)
        except aksi.AksiGagal as exc:
            laporan.append(Baris(n, nomor, str(exc)))
        else:
            laporan.append(Baris(n, nomor, "Tercatat.", pengaduan.nomor_tiket, kode))
    return laporan
