"""Who may see what: one helper per object, 404 for what a person may not see."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404

from audit import models as audit
from dinsos.models import Jabatan
from persuratan import aksi
from persuratan.models import PERAN_AGENDA, PERAN_PIMPINAN, NaskahDinas, SuratMasuk


def pegawai_of(user):
    """The active staff member behind an account; None for an IT admin or a stranger."""
    pegawai = getattr(user, "pegawai", None)
    if pegawai is None or not pegawai.aktif:
        return None
    return pegawai


def pegawai_wajib(user):
    pegawai = pegawai_of(user)
    if pegawai is None:
        raise Http404("Halaman tidak ditemukan.")
    return pegawai


@dataclass
class Penglihat:
    """A staff member's positions today and their roles, read once per request."""

    pegawai: object
    held: dict
    peran: set

    @property
    def agenda(self) -> bool:
        """Keeps the agenda: registers letters and sees every letter that is not rahasia."""
        return bool(self.peran & PERAN_AGENDA)

    @property
    def pimpinan(self) -> bool:
        return bool(self.peran & PERAN_PIMPINAN)


def penglihat(user) -> Penglihat:
    """The person behind the request (404 for an account that is no active staff member)."""
    pegawai = pegawai_wajib(user)
    cache = getattr(user, "_penglihat_persuratan", None)
    if cache is None:
        held = pegawai.jabatan_ids()
        peran = set(Jabatan.objects.filter(pk__in=list(held)).values_list("peran", flat=True))
        cache = user._penglihat_persuratan = Penglihat(pegawai, held, peran)
    return cache


def pemegang_agenda(pegawai) -> bool:
    return penglihat(pegawai.user).agenda


def surat_masuk_terlihat(pegawai):
    siapa = penglihat(pegawai.user)
    return SuratMasuk.objects.terlihat(siapa.held, siapa.agenda, siapa.pimpinan)


def buka_surat_masuk(request, pk, objek="surat masuk") -> SuratMasuk:
    """The letter if the person may see it (rahasia: only its chain); a refusal is logged."""
    pegawai = pegawai_wajib(request.user)
    surat = surat_masuk_terlihat(pegawai).select_related("klasifikasi", "permohonan").filter(pk=pk).first()
    if surat is None:
        audit.catat(
            audit.Aksi.DOKUMEN,
            request=request,
            diizinkan=False,
            objek=f"{objek} id {pk}",
            keterangan="tidak berwenang atau tidak ada",
        )
        raise Http404("Surat tidak ditemukan.")
    return surat


def buka_naskah(request, pk) -> NaskahDinas:
    pegawai = pegawai_wajib(request.user)
    naskah = get_object_or_404(
        NaskahDinas.objects.select_related("klasifikasi", "jabatan_pembuat", "pembuat", "membalas", "surat", "pengaduan"),
        pk=pk,
    )
    if not aksi.boleh_lihat_naskah(naskah, pegawai):
        raise Http404("Naskah tidak ditemukan.")
    if (
        naskah.membalas_id
        and naskah.membalas.is_rahasia
        and not surat_masuk_terlihat(pegawai).filter(pk=naskah.membalas_id).exists()
    ):
        raise Http404("Naskah tidak ditemukan.")
    return naskah
