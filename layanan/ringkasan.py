"""Summaries for the home page and the on-time dashboard."""

from django.db.models import Count, Q
from django.utils import timezone

from layanan.akses import pegawai_of
from layanan.models import Permohonan, Riwayat


def ringkasan_beranda(user):
    pegawai = pegawai_of(user)
    if pegawai is None:
        return {"jumlah_tugas": 0, "jumlah_terlambat": 0}
    qs = Permohonan.objects.untuk_tugas(pegawai)
    counts = qs.aggregate(jumlah=Count("pk"), terlambat=Count("pk", filter=Q(batas_waktu__lt=timezone.now())))
    return {"jumlah_tugas": counts["jumlah"], "jumlah_terlambat": counts["terlambat"]}


def kinerja_layanan():
    """Per service: finished steps within their SOP time standard, and open cases overdue."""
    rows = (
        Riwayat.objects.filter(tepat_waktu__isnull=False)
        .values("permohonan__versi_sop__sop__nama", "permohonan__versi_sop__sop__kode")
        .annotate(total=Count("pk"), tepat=Count("pk", filter=Q(tepat_waktu=True)))
        .order_by("permohonan__versi_sop__sop__nama")
    )
    terlambat = dict(
        Permohonan.objects.aktif()
        .filter(batas_waktu__lt=timezone.now())
        .values_list("versi_sop__sop__kode")
        .annotate(n=Count("pk"))
    )
    return [
        {
            "nama": r["permohonan__versi_sop__sop__nama"],
            "total": r["total"],
            "tepat": r["tepat"],
            "persen": round(100 * r["tepat"] / r["total"]) if r["total"] else 0,
            "terlambat_aktif": terlambat.get(r["permohonan__versi_sop__sop__kode"], 0),
        }
        for r in rows
    ]


def langkah_terlambat(batas=30):
    """Per SOP step: how often it was finished after its standard, most often late first."""
    rows = (
        Riwayat.objects.filter(tepat_waktu__isnull=False, langkah__isnull=False)
        .values("langkah__versi__nama", "langkah__versi__nomor_versi", "langkah__urutan", "langkah__uraian")
        .annotate(total=Count("pk"), terlambat=Count("pk", filter=Q(tepat_waktu=False)))
        .filter(terlambat__gt=0)
        .order_by("-terlambat", "langkah__versi__nama", "langkah__urutan")[:batas]
    )
    return [
        {
            "sop": f"{r['langkah__versi__nama']} (versi {r['langkah__versi__nomor_versi']})",
            "langkah": f"Langkah {r['langkah__urutan']} · {' '.join(r['langkah__uraian'].split())[:90]}",
            "total": r["total"],
            "terlambat": r["terlambat"],
            "persen": round(100 * r["terlambat"] / r["total"]),
        }
        for r in rows
    ]
