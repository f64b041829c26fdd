"""The case page's timeline: each SOP step with its standard, the real time, who acted."""

import datetime

from django.utils import timezone

from dinsos.kalender import Kalender
from layanan.models import STATUS_KE_FASE
from sop.models import Fase, Pelaksana

FASE_KE_STATUS = {fase: status for status, fase in STATUS_KE_FASE.items()}


def durasi_label(td: datetime.timedelta, panjang_hari: datetime.timedelta) -> str:
    minutes = int(td.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} menit"
    if td < panjang_hari:
        return f"{minutes // 60} jam {minutes % 60} menit"
    days = td / panjang_hari
    return f"{days:.1f} hari kerja".replace(".", ",")


def standar_timedelta(waktu, panjang_hari):
    amount, satuan = waktu.untuk_batas()
    return {
        "menit": datetime.timedelta(minutes=amount),
        "jam": datetime.timedelta(hours=amount),
        "hari_kerja": panjang_hari * amount,
        "hari_kalender": datetime.timedelta(days=amount),
        "minggu": datetime.timedelta(days=7 * amount),
        "bulan": datetime.timedelta(days=30 * amount),
    }[satuan]


def _intervals(riwayat):
    """status → (entered at, left at or None, the row that left it)."""
    result = {}
    for i, row in enumerate(riwayat):
        if row.ke_status == row.dari_status:
            continue
        keluar = next(
            (r for r in riwayat[i + 1 :] if r.dari_status == row.ke_status and r.ke_status != r.dari_status),
            None,
        )
        result.setdefault(row.ke_status, (row.waktu, keluar.waktu if keluar else None, keluar))
    return result


def linimasa(permohonan):
    kalender = Kalender.untuk_kantor()
    panjang_hari = kalender.panjang_hari_kerja
    riwayat = list(permohonan.riwayat.all())
    intervals = _intervals(riwayat)
    seen_status = set()
    rows = []
    for langkah in permohonan.versi_sop.langkah.prefetch_related("pelaksana").order_by("urutan"):
        pelaksana = list(langkah.pelaksana.all())
        row = {
            "langkah": langkah,
            "pelaksana": ", ".join(p.nama for p in pelaksana),
            "standar": langkah.waktu_label,
            "aktual": "",
            "oleh": "",
            "catatan": "",
            "status": "belum",
        }
        internal = any(p.jenis == Pelaksana.Jenis.JABATAN for p in pelaksana)
        if langkah.fase == Fase.TERIMA:
            row.update(aktual="—", oleh=riwayat[0].nama_pelaku if riwayat else "", status="selesai")
        status = FASE_KE_STATUS.get(langkah.fase)
        if status and internal and status in intervals and status not in seen_status:
            seen_status.add(status)
            masuk, keluar, row_keluar = intervals[status]
            akhir = keluar or timezone.now()
            aktual = kalender.hitung_waktu_kerja(masuk, akhir)
            row["aktual"] = durasi_label(aktual, panjang_hari) + ("" if keluar else " (berjalan)")
            if row_keluar:
                row["oleh"] = f"{row_keluar.nama_pelaku} ({row_keluar.sebagai})"
                row["catatan"] = row_keluar.catatan
            row["status"] = "selesai" if keluar else "berjalan"
            if langkah.waktu:
                row["terlambat"] = aktual > standar_timedelta(langkah.waktu, panjang_hari)
        elif status in seen_status:
            row["aktual"] = "(termasuk langkah sebelumnya)"
        elif not internal:
            row["aktual"] = "dicatat, tidak diukur"
        rows.append(row)
    return rows
