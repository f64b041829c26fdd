"""What `skm` reads from the case engine (`layanan`), in one place.

The engine is being reworked (statuses, current step); the dashboard and the survey link
read `Permohonan.status`, `dibuat_pada`, `selesai_pada`, `batas_waktu`, `langkah_kini` and
`Riwayat` only through these functions, so that a change there is a change here alone.
"""

from django.db.models import Q
from django.utils import timezone

from layanan.models import AKTIF, SELESAI, Permohonan, Riwayat, Status

# Ended and served (or refused): a cancelled case got no service to rate or to time.
SELESAI_DILAYANI = [s for s in SELESAI if s != Status.DIBATALKAN]
LABEL_STATUS = dict(Status.choices)
KUNCI_LAYANAN = "versi_sop__sop_id"


def permohonan():
    return Permohonan.objects.order_by()


def dimulai(periode):
    """Cases registered in the period."""
    return permohonan().filter(dibuat_pada__gte=periode.awal, dibuat_pada__lt=periode.akhir)


def selesai(periode):
    """Cases whose service ended in the period (handed over, forwarded, finished or refused)."""
    return permohonan().filter(selesai_pada__gte=periode.awal, selesai_pada__lt=periode.akhir, status__in=SELESAI_DILAYANI)


def aktif():
    """Open cases (the backlog)."""
    return permohonan().filter(status__in=AKTIF)


def terlambat_q(sekarang=None):
    """Condition on open cases: the current step is past its deadline."""
    return Q(batas_waktu__lt=sekarang or timezone.now())


def kolom_tunggakan():
    """Columns of an open case that say where it is: (SOP version, position in turn, current
    step, status). The dashboard names the step by `langkah_kini`, else by the status."""
    return "versi_sop_id", "jabatan_giliran_id", "langkah_kini_id", "status"


def label_status(status: str) -> str:
    return LABEL_STATUS.get(status, status)


def langkah_terlambat(periode):
    """History rows in the period that closed a step after its deadline."""
    return Riwayat.objects.order_by().filter(tepat_waktu=False, waktu__gte=periode.awal, waktu__lt=periode.akhir)


def sudah_selesai(p) -> bool:
    """The case's service has ended (so its applicant may rate it)."""
    return p.status in SELESAI_DILAYANI


def layanan_dari(p) -> int:
    """The service (Sop id) a case belongs to."""
    return p.versi_sop.sop_id


def cari_permohonan(pk):
    return Permohonan.objects.select_related("versi_sop__sop").filter(pk=pk).first()


def versi_dilayani(pegawai) -> set | None:
    """Ids of the SOP versions whose steps name this person's positions (None: all)."""
    from layanan.akses import versi_dilayani as dilayani

    return dilayani(pegawai)
