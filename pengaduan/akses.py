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
from layanan.akses import pegawai_of, permohonan_terlihat
from layanan.models import GiliranPermohonan, Riwayat
from pengaduan.models import Pengaduan

DIRAHASIAKAN = "dirahasiakan"


def pengaduan_terlihat(pegawai):
    held = list(pegawai.jabatan_ids())
    kasus = permohonan_terlihat(pegawai).values("pk")
    return Pengaduan.objects.filter(Q(permohonan__in=kasus) | Q(permohonan__jabatan_giliran__atasan_id__in=held))


def dengan_penanganan(qs, user, pegawai):
    """Annotate `ditangani`: the user acted on the complaint or a position of theirs holds its turn."""
    held = list(pegawai.jabatan_ids())
    bertindak = Riwayat.objects.filter(permohonan_id=OuterRef("permohonan_id"), oleh=user)
    giliran = GiliranPermohonan.objects.filter(permohonan_id=OuterRef("permohonan_id"), jabatan_id__in=held)
    return qs.annotate(ditangani=Exists(bertindak) | Exists(giliran))


def get_pengaduan_for_user(user, nomor) -> Pengaduan:
    """The complaint if this user may see it (annotated `ditangani`); 404 otherwise."""
    pegawai = pegawai_of(user)
    if pegawai is None:
        raise Http404("Pengaduan tidak ditemukan.")
    qs = dengan_penanganan(pengaduan_terlihat(pegawai), user, pegawai).select_related(
        "kategori",
        "permohonan__versi_sop__sop",
        "permohonan__langkah_kini",
        "permohonan__jabatan_giliran",
        "permohonan__jabatan_tujuan",
        "permohonan_terkait",
    )
    try:
        return qs.get(nomor_tiket=nomor)
    except Pengaduan.DoesNotExist:
        raise Http404("Pengaduan tidak ditemukan.") from None


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
