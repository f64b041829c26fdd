"""XLSX exports of the dashboard's tables and of the SKM report: text and numbers, never formulas.

openpyxl writes a string that starts with "=" as a formula, and spreadsheet programs read
"+", "-" and "@" the same way; such text (a respondent's comment can be anything) gets a
leading apostrophe so it stays text.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RUMUS = ("=", "+", "-", "@", "\t", "\r")


def _sel(nilai):
    if isinstance(nilai, str) and nilai.startswith(RUMUS):
        return "'" + nilai
    if hasattr(nilai, "as_tuple"):  # Decimal → float so the cell is a number
        return float(nilai)
    return nilai


def buku_xlsx(lembar: list[tuple[str, str, list, list]]) -> bytes:
    """lembar: (sheet name, title, header, rows)."""
    wb = Workbook()
    wb.remove(wb.active)
    for nama, judul, kepala, baris in lembar:
        ws = wb.create_sheet(nama[:31])
        ws.append([_sel(judul)])
        ws["A1"].font = Font(bold=True)
        ws.append([])
        ws.append(kepala)
        for sel in ws[3]:
            sel.font = Font(bold=True)
        for row in baris:
            ws.append([_sel(v) for v in row])
        for i, _ in enumerate(kepala):
            ws.column_dimensions[chr(65 + i)].width = 14 if i else 42
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _lembar_layanan(d):
    return (
        "Layanan",
        f"Kinerja layanan — {d.periode.label}",
        [
            "Layanan",
            "Masuk",
            "Selesai",
            "Diukur",
            "Tepat waktu",
            "% tepat waktu",
            "Rata-rata (hari kerja)",
            "Standar",
            "IKM",
            "Mutu",
        ],
        [
            [
                b.nama,
                b.dimulai,
                b.selesai,
                b.diukur,
                b.tepat,
                b.persen_tepat,
                b.rata_hari,
                b.standar,
                b.ikm.ikm if b.ikm else None,
                b.ikm.mutu if b.ikm else "",
            ]
            for b in d.layanan
        ],
    )


def _lembar_terlambat(d):
    return (
        "Tahap terlambat",
        f"Tahap yang paling sering terlambat — {d.periode.label}",
        ["Layanan", "Tahap", "Jumlah terlambat"],
        [[r["layanan"], r["tahap"], r["jumlah"]] for r in d.langkah_terlambat],
    )


def _lembar_tunggakan(d, kunci, judul):
    rows = getattr(d, kunci)
    return (
        judul,
        f"{judul} (saat ini)",
        [judul.split(" per ")[-1].capitalize(), "Tunggakan", "Lewat batas waktu"],
        [[r["nama"], r["jumlah"], r["terlambat"]] for r in rows],
    )


TABEL = {
    "layanan": _lembar_layanan,
    "terlambat": _lembar_terlambat,
    "tunggakan-bidang": lambda d: _lembar_tunggakan(d, "tunggakan_bidang", "Tunggakan per bidang"),
    "tunggakan-tahap": lambda d: _lembar_tunggakan(d, "tunggakan_tahap", "Tunggakan per tahap"),
    "tren": lambda d: (
        "Tren",
        "Permohonan masuk dan selesai per bulan",
        ["Bulan", "Masuk", "Selesai"],
        [[t["label"], t["dimulai"], t["selesai"]] for t in d.tren],
    ),
}


def tabel_dasbor(d, nama) -> bytes | None:
    """One table ("layanan.xlsx", …) or all of them ("semua.xlsx"); None for an unknown name."""
    if not nama.endswith(".xlsx"):
        return None
    nama = nama.removesuffix(".xlsx")
    if nama == "semua":
        return buku_xlsx([fn(d) for fn in TABEL.values()])
    fn = TABEL.get(nama)
    return buku_xlsx([fn(d)]) if fn else None


def laporan_skm(data) -> bytes:
    h = data.hasil
    lembar = [
        (
            "Hasil per unsur",
            f"{data.judul}{' — ' + data.layanan.nama if data.layanan else ''}",
            ["Unsur", "Jumlah nilai", "NRR", "NRR tertimbang", "Nilai konversi", "Mutu", "Kinerja"],
            [
                [u.nama, u.jumlah_nilai, float(u.nrr), float(u.nrr_tertimbang), u.nilai_konversi, u.mutu, u.kinerja]
                for u in h.unsur
            ]
            + [["IKM", None, None, float(h.ikm_tertimbang) if h.ada else None, h.ikm, h.mutu, h.kinerja]]
            + [[], ["Jumlah responden", h.responden], ["Populasi (permohonan selesai)", data.populasi]]
            + [["Sampel minimal (Krejcie-Morgan)", data.sampel_minimal]],
        ),
        (
            "Per layanan",
            "IKM per layanan",
            ["Layanan", "Responden", "Populasi", "Sampel minimal", "IKM", "Mutu", "Kinerja"],
            [
                [r["nama"], r["hasil"].responden, r["populasi"], r["sampel_minimal"], r["hasil"].ikm, r["hasil"].mutu]
                + [r["hasil"].kinerja]
                for r in data.per_layanan
            ],
        ),
        (
            "Profil responden",
            "Profil responden",
            ["Karakteristik", "Kategori", "Jumlah", "%"],
            [[p["label"], b["nama"], b["jumlah"], b["persen"]] for p in data.profil for b in p["baris"]],
        ),
        (
            "Unsur terendah",
            "Unsur dengan nilai terendah (prioritas perbaikan)",
            ["Unsur", "NRR", "Nilai konversi", "Mutu"],
            [[u.nama, float(u.nrr), u.nilai_konversi, u.mutu] for u in h.terendah(3)],
        ),
        (
            "Saran",
            "Saran dan masukan responden",
            ["Tanggal", "Layanan", "Saran"],
            [[s["dibuat_pada"].strftime("%d-%m-%Y"), s["sop__nama"], s["saran"]] for s in data.semua_saran()],
        ),
    ]
    if data.per_bulan:
        lembar.insert(
            2,
            (
                "Per bulan",
                "IKM per bulan",
                ["Bulan", "Responden", "IKM", "Mutu"],
                [
                    [b["label"], b["hasil"].responden if b["hasil"] else 0, b["hasil"].ikm if b["hasil"] else None]
                    + [b["hasil"].mutu if b["hasil"] else ""]
                    for b in data.per_bulan
                ],
            ),
        )
    return buku_xlsx(lembar)
