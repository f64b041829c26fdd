"""What the operations layer keeps: workers' heartbeats and the schedule of periodic jobs."""

from django.db import models
from django.utils import timezone


class DetakPekerja(models.Model):
    """One row per worker process (`manage.py pekerja`), refreshed every few seconds.

    /sehat/ reports the newest beat; a running job whose worker stopped beating is
    retried or marked failed (operasi.tugas.pulihkan_tugas_yatim).
    """

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    mulai = models.DateTimeField(default=timezone.now)
    terakhir = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "detak pekerja"
        verbose_name_plural = "detak pekerja"

    def __str__(self):
        return f"{self.host}:{self.pid} ({self.worker_id})"


class JadwalTugas(models.Model):
    """When a periodic job is next due; exactly one worker enqueues each occurrence (row lock)."""

    nama = models.CharField(max_length=100, unique=True)
    berikutnya = models.DateTimeField(default=timezone.now)
    terakhir_diantrekan = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "jadwal tugas"
        verbose_name_plural = "jadwal tugas"

    def __str__(self):
        return self.nama
