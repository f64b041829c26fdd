"""The case page's timeline: each SOP step with its standard, the real time, who acted."""

import datetime

from django.utils import timezone

from dinsos.kalender import Kalender
from layanan import langkah as mesin
from sop.models import JenisLangkah


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


def _intervals(permohonan, riwayat):
    """step id → [entered at, left at or None, the row that left it].

    A row acts on the step it names; the case left that step when the next row names another
    step (or, for the last row, when the case is no longer on it).
    """
    result = {}
    if not riwayat:
        return result
    masuk = riwayat[0].waktu
    for i, row in enumerate(riwayat[1:], start=1):
        if row.langkah_id is None:
            continue
        item = result.setdefault(row.langkah_id, [masuk, None, None])
        nxt = next((r for r in riwayat[i + 1 :] if r.langkah_id is not None), None)
        kiri = nxt.langkah_id != row.langkah_id if nxt is not None else permohonan.langkah_kini_id != row.langkah_id
        if kiri:
            item[1], item[2] = row.waktu, row
            masuk = row.waktu
    if permohonan.langkah_kini_id and permohonan.langkah_kini_id not in result:
        result[permohonan.langkah_kini_id] = [masuk, None, None]
    return result


def linimasa(permohonan, riwayat=None):
    """One row per SOP step: standard, actual time (working time), who acted; waits shown as waits."""
    kalender = Kalender.untuk_kantor()
    panjang_hari = kalender.panjang_hari_kerja
    riwayat = list(permohonan.riwayat.all()) if riwayat is None else list(riwayat)
    intervals = _intervals(permohonan, riwayat)
    versi = permohonan.versi_sop
    mulai = mesin.langkah_mulai(versi)
    rows = []
    for langkah in mesin.daftar(versi):
        row = {
            "langkah": langkah,
            "jenis": langkah.get_jenis_display(),
            "pelaksana": mesin.pelaksana_nama(langkah),
            "standar": langkah.waktu_label,
            "aktual": "",
            "oleh": "",
            "catatan": "",
            "status": "belum",
        }
        tunggu = langkah.jenis == JenisLangkah.TUNGGU
        if langkah.pk in intervals:
            masuk, keluar, row_keluar = intervals[langkah.pk]
            akhir = keluar or timezone.now()
            aktual = kalender.hitung_waktu_kerja(masuk, akhir)
            label = durasi_label(aktual, panjang_hari)
            if tunggu:
                label = f"menunggu {label}"
            row["aktual"] = label + ("" if keluar else " (berjalan)")
            if row_keluar:
                row["oleh"] = (
                    f"{row_keluar.nama_pelaku} ({row_keluar.sebagai})" if row_keluar.sebagai else row_keluar.nama_pelaku
                )
                row["catatan"] = row_keluar.catatan
            row["status"] = "selesai" if keluar else "berjalan"
            if langkah.waktu and not tunggu:
                row["terlambat"] = aktual > standar_timedelta(langkah.waktu, panjang_hari)
        elif mulai is not None and langkah.urutan < mulai.urutan and riwayat:
            row.update(aktual="—", oleh=riwayat[0].nama_pelaku, status="selesai", catatan="Dicatat saat pendaftaran.")
        elif tunggu:
            row["aktual"] = "menunggu pihak luar"
        rows.append(row)
    return rows
