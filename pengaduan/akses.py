"""Who may see which complaint, and whose eyes the complainant's identity is for.

Staff see a complaint when they could see its case (`layanan.akses.permohonan_terlihat`:
the SOP names one of their positions, or it waits for them) or when they are the superior
of the position it waits for (overdue complaints rise to the superior's list). A complaint
whose complainant asked "rahasiakan identitas saya" shows "dirahasiakan" instead of the
name, NIK, phone and e-mail to everyone except those handling it: whoever has acted on it,
or holds a position it now waits for.
"""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from audit.models import samarkan_nik
from layanan.akses import pegawai_of, versi_dilayani
from layanan.models import GiliranPermohonan, Riwayat
from pengaduan.models import Pengaduan

DIRAHASIAKAN = "dirahasiakan"


def pengaduan_terlihat(pegawai):
    """Complaints this person may open (`layanan.akses` rules, plus the superior of whoever it waits for).

    Written on the complaint's own columns (no subquery over every case), so a list walks the
    newest complaints by index and stops after one page.
    """
    qs = Pengaduan.objects.all()
    versi = versi_dilayani(pegawai)
    if versi is None:  # the counter sees every case
        return qs
    held = list(pegawai.jabatan_ids())
    menunggu = Exists(GiliranPermohonan.objects.filter(permohonan_id=OuterRef("permohonan_id"), jabatan_id__in=held))
    return qs.filter(
        Q(permohonan__versi_sop_id__in=versi)
        | Q(permohonan__petugas_survei=pegawai)
        | Q(permohonan__jabatan_giliran__atasan_id__in=held)
        | menunggu
    )


def tandai_penanganan(daftar, user, pegawai):
    """Set `ditangani` on each complaint: the user acted on it, or a position of theirs holds its turn.

    Two queries for a whole page, by the cases' ids (their indexes), whatever the page size.
    """
    ids = [a.permohonan_id for a in daftar]
    held = list(pegawai.jabatan_ids())
    bertindak = Riwayat.objects.filter(permohonan_id__in=ids, oleh=user).order_by()
    bertindak = set(bertindak.values_list("permohonan_id", flat=True).distinct())
    giliran = set(
        GiliranPermohonan.objects.filter(permohonan_id__in=ids, jabatan_id__in=held).values_list("permohonan_id", flat=True)
    )
    for a in daftar:
        a.ditangani = a.permohonan_id in bertindak or a.permohonan_id in giliran
    return daftar


def get_pengaduan_for_user(user, nomor) -> Pengaduan:
    """The complaint if this user may see it (with `ditangani` set); 404 otherwise."""
    pegawai = pegawai_of(user)
    if pegawai is None:
        raise Http404("Pengaduan tidak ditemukan.")
    qs = pengaduan_terlihat(pegawai).select_related(
        "kategori",
        "permohonan__versi_sop__sop",
        "permohonan__langkah_kini",
        "permohonan__jabatan_giliran",
        "permohonan__jabatan_tujuan",
        "permohonan_terkait",
    )
    try:
        a = qs.get(nomor_tiket=nomor)
    except Pengaduan.DoesNotExist:
        raise Http404("Pengaduan tidak ditemukan.") from None
    tandai_penanganan([a], user, pegawai)
    return a


class Identitas:
    """The complainant's identity as one viewer may see it (templates use only this)."""

    def __init__(self, pengaduan, ditangani):
        rahasia = pengaduan.rahasiakan and not ditangani
        self.dirahasiakan = rahasia
        if rahasia:
            self.nama = self.nik = self.telepon = self.email = DIRAHASIAKAN
            return
        self.nama = pengaduan.nama_pelapor or "Anonim"
        # The NIK in full only for whoever handles it; others see it masked.
        nik = pengaduan.nik_pelapor
        self.nik = (nik if ditangani else samarkan_nik(nik)) if nik else ""
        self.telepon = pengaduan.telepon
        self.email = pengaduan.email


def identitas(pengaduan) -> Identitas:
    return Identitas(pengaduan, getattr(pengaduan, "ditangani", False))
