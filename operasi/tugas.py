"""Background jobs on Django's tasks API (the django-tasks backport, database backend).

The web process only enqueues (`some_task.enqueue(...)`, inside `transaction.on_commit`);
`manage.py pekerja` runs the jobs. A worker that dies (killed, power cut, OOM) leaves its
job in RUNNING; every live worker looks for such orphans on each heartbeat and

- puts the job back in the queue while it has had fewer than TUGAS_MAKS_PERCOBAAN attempts
  (a job must therefore be safe to run again: it cleans up what an earlier attempt left), or
- marks it FAILED with the reason, and calls the job's failure hook so that the record the
  user watches (an import's status) says "Gagal" and why.

A job that raises is marked FAILED by the worker; the same hook runs then.
"""

import logging
import os
import re
import socket
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult

from operasi.models import DetakPekerja

log = logging.getLogger(__name__)

RUNNING = "RUNNING"
READY = "READY"
FAILED = "FAILED"

# task module path -> callable(args, kwargs, reason) run when the job ends as FAILED.
_SAAT_GAGAL = {}


class PekerjaBerhenti(Exception):
    """The worker running the job stopped before the job finished."""


def saat_gagal(task):
    """Decorator: `fn(args, kwargs, alasan)` is called once when `task` ends as failed."""

    def daftar(fn):
        _SAAT_GAGAL[task.module_path] = fn
        return fn

    return daftar


def _panggil_saat_gagal(task_path, args_kwargs, alasan):
    try:
        # Importing the task's module registers its hook (this worker may never have run it).
        import_string(task_path)
    except ImportError:
        log.error("Tugas %s tidak dapat diimpor", task_path)
    fn = _SAAT_GAGAL.get(task_path)
    if fn is None:
        return
    try:
        fn(args_kwargs.get("args", []), args_kwargs.get("kwargs", {}), alasan)
    except Exception:
        log.exception("Penanganan gagal untuk %s sendiri gagal", task_path)


def _alasan_dari_traceback(traceback_text):
    """The exception's message, from the last line of its traceback ("module.Class: message")."""
    line = ((traceback_text or "").strip().splitlines()[-1:] or ["tidak diketahui"])[0]
    head, sep, rest = line.partition(": ")
    if sep and re.fullmatch(r"[\w.]+", head):
        line = rest
    return line[:500]


def _saat_tugas_selesai(sender, task_result, **kwargs):
    if task_result.status != FAILED:
        return
    error = task_result.errors[-1] if task_result.errors else None
    alasan = _alasan_dari_traceback(error.traceback if error else "")
    _panggil_saat_gagal(task_result.task.module_path, {"args": task_result.args, "kwargs": task_result.kwargs}, alasan)


task_finished.connect(_saat_tugas_selesai, dispatch_uid="operasi.saat_tugas_selesai")


def id_pekerja():
    """host-pid-random: unique per process, readable in logs and in /sehat/."""
    from django.utils.crypto import get_random_string

    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"[:64]


def detak(worker_id):
    """Record that this worker is alive (one UPDATE, or an INSERT the first time)."""
    now = timezone.now()
    updated = DetakPekerja.objects.filter(worker_id=worker_id).update(terakhir=now)
    if not updated:
        DetakPekerja.objects.create(
            worker_id=worker_id, host=socket.gethostname()[:255], pid=os.getpid(), mulai=now, terakhir=now
        )


def pekerja_hidup():
    batas = timezone.now() - timedelta(seconds=settings.PEKERJA_BATAS_DETAK_DETIK)
    return DetakPekerja.objects.filter(terakhir__gte=batas)


def pulihkan_tugas_yatim(kecuali_worker_id=None):
    """Retry or fail RUNNING jobs whose worker stopped beating; returns (retried, failed) ids.

    A job just claimed is never an orphan: it must also have started more than the heartbeat
    limit ago. Rows are locked with SKIP LOCKED, so two workers never handle the same orphan.
    """
    batas = timezone.now() - timedelta(seconds=settings.PEKERJA_BATAS_DETAK_DETIK)
    hidup = set(pekerja_hidup().values_list("worker_id", flat=True))
    if kecuali_worker_id:
        hidup.add(kecuali_worker_id)
    diulang, digagalkan = [], []
    with transaction.atomic():
        kandidat = list(
            DBTaskResult.objects.select_for_update(skip_locked=True).filter(status=RUNNING, started_at__lt=batas)
        )
        for job in kandidat:
            if job.worker_ids and job.worker_ids[-1] in hidup:
                continue
            percobaan = len(job.worker_ids)
            if percobaan < settings.TUGAS_MAKS_PERCOBAAN:
                job.status = READY
                job.started_at = None
                job.save(update_fields=["status", "started_at"])
                diulang.append(job.id)
                log.warning("Tugas %s (%s) ditinggal pekerjanya; diantrekan ulang", job.id, job.task_path)
            else:
                alasan = f"Pekerja berhenti di tengah tugas; sudah dicoba {percobaan} kali."
                job.status = FAILED
                job.finished_at = timezone.now()
                job.exception_class_path = f"{PekerjaBerhenti.__module__}.{PekerjaBerhenti.__qualname__}"
                job.traceback = f"{PekerjaBerhenti.__module__}.PekerjaBerhenti: {alasan}"
                job.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                digagalkan.append(job)
                log.error("Tugas %s (%s) gagal: %s", job.id, job.task_path, alasan)
    for job in digagalkan:
        _panggil_saat_gagal(job.task_path, job.args_kwargs, _alasan_dari_traceback(job.traceback))
    return diulang, [job.id for job in digagalkan]
