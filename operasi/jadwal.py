"""Periodic jobs: each worker's heartbeat enqueues those that are due, exactly once per occurrence.

django-tasks has no scheduler; the schedule is one row per job (`JadwalTugas`) with its next
due time. A due row is locked (SKIP LOCKED), its job enqueued and its next time moved on in one
transaction, so with several workers each occurrence is enqueued by one of them.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from operasi.models import JadwalTugas

# name -> (task path, interval)
JADWAL = {
    "pangkas_hasil_tugas": ("operasi.terjadwal.pangkas_hasil_tugas", timedelta(hours=24)),
    "hapus_berkas_kedaluwarsa": ("registri.tugas.hapus_berkas_kedaluwarsa", timedelta(hours=6)),
    "bersihkan_titipan": ("operasi.terjadwal.bersihkan_titipan", timedelta(hours=6)),
    "pengingat_batas_waktu": ("operasi.terjadwal.pengingat_batas_waktu", timedelta(hours=24)),
}


def antrekan_yang_jatuh_tempo(now=None):
    """Enqueue every job whose time has come; returns the names enqueued."""
    now = now or timezone.now()
    ada = set(JadwalTugas.objects.values_list("nama", flat=True))
    for nama in JADWAL.keys() - ada:
        JadwalTugas.objects.get_or_create(nama=nama, defaults={"berikutnya": now})
    diantrekan = []
    with transaction.atomic():
        for jadwal in JadwalTugas.objects.select_for_update(skip_locked=True).filter(
            nama__in=list(JADWAL), berikutnya__lte=now
        ):
            path, interval = JADWAL[jadwal.nama]
            import_string(path).enqueue()
            jadwal.berikutnya = now + interval
            jadwal.terakhir_diantrekan = now
            jadwal.save(update_fields=["berikutnya", "terakhir_diantrekan"])
            diantrekan.append(jadwal.nama)
    return diantrekan
