"""Periodic housekeeping jobs of the operations layer (see operasi.jadwal)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from operasi.models import DetakPekerja


@task()
def pangkas_hasil_tugas():
    """Forget finished jobs after TUGAS_SIMPAN_HARI days and workers silent for a day."""
    now = timezone.now()
    hari = getattr(settings, "TUGAS_SIMPAN_HARI", 30)
    tugas, _ = DBTaskResult.objects.finished().filter(finished_at__lt=now - timedelta(days=hari)).delete()
    pekerja, _ = DetakPekerja.objects.filter(terakhir__lt=now - timedelta(days=1)).delete()
    return {"tugas": tugas, "pekerja": pekerja}


@task()
def bersihkan_titipan():
    """Scans kept for registration forms that were never sent (`manage.py bersihkan_titipan`)."""
    from layanan import titipan

    return {"titipan": titipan.bersihkan()}
