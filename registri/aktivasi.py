"""Switching a finished import on, or holding it for confirmation when it shrinks the data.

An upload by a person (the admin page) that would replace the active snapshot of its kind
with one of fewer than `REGISTRI_AMBANG_SUSUT` percent of its rows is not switched on: it
waits (status "konfirmasi") until that person's office confirms it, seeing both counts,
or cancels it. A 4-row test file once replaced a 5,000-row DTKS without a word. Imports run
by an operator from the command line are switched on as before.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from registri.models import Snapshot


def aktif(jenis):
    return Snapshot.objects.filter(jenis=jenis, aktif=True).first()


def perlu_konfirmasi(snapshot, dimuat) -> bool:
    """Does this finished import shrink the active data enough to ask first?"""
    if snapshot.diunggah_oleh_id is None:
        return False
    lama = aktif(snapshot.jenis)
    return lama is not None and dimuat * 100 < lama.dimuat * settings.REGISTRI_AMBANG_SUSUT


def tahan(snapshot, diproses, dimuat, ditolak, laporan):
    """Keep the loaded rows, inactive, waiting for confirmation."""
    lama = aktif(snapshot.jenis)
    Snapshot.objects.filter(pk=snapshot.pk).update(
        status=Snapshot.Status.KONFIRMASI,
        diproses=diproses,
        dimuat=dimuat,
        ditolak=ditolak,
        laporan=laporan,
        selesai_pada=timezone.now(),
        pesan=f"Data baru {dimuat} baris, jauh lebih sedikit dari data aktif ({lama.dimuat} baris): menunggu konfirmasi.",
    )


@transaction.atomic
def _tukar(snapshot_pk):
    snapshot = Snapshot.objects.select_for_update().get(pk=snapshot_pk)
    if snapshot.status != Snapshot.Status.KONFIRMASI:
        return snapshot, None
    lama = list(Snapshot.objects.select_for_update().filter(jenis=snapshot.jenis, aktif=True).values_list("pk", flat=True))
    Snapshot.objects.filter(pk__in=lama).update(aktif=False)
    Snapshot.objects.filter(pk=snapshot.pk).update(aktif=True, status=Snapshot.Status.SELESAI, pesan="")
    return snapshot, lama


def konfirmasi(snapshot_pk) -> bool:
    """Switch the held snapshot on (the old one's rows are dropped); False if it was not held."""
    from registri.impor import _hapus_baris

    snapshot, lama = _tukar(snapshot_pk)
    if lama is None:
        return False
    if lama:
        _hapus_baris(snapshot.jenis, lama)
    return True


def batalkan(snapshot_pk) -> bool:
    """Drop the held snapshot's rows; the active data stays. False if it was not held."""
    from registri.impor import _hapus_baris

    with transaction.atomic():
        snapshot = Snapshot.objects.select_for_update().get(pk=snapshot_pk)
        if snapshot.status != Snapshot.Status.KONFIRMASI:
            return False
        Snapshot.objects.filter(pk=snapshot.pk).update(
            status=Snapshot.Status.GAGAL, pesan="Dibatalkan: data aktif tidak diganti."
        )
    _hapus_baris(snapshot.jenis, [snapshot.pk])
    return True
