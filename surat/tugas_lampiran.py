"""Lampiran of thousands of rows as background jobs (run by `manage.py pekerja`).

An app that needs a long lampiran (the bansos SK) registers a *source* once, at import of a
module its AppConfig.ready() loads:

    @daftar_sumber("bansos-sk", boleh=lambda user, kunci: ...)
    def baris_sk(kunci: str) -> dict:
        program = Program.objects.get(pk=kunci)
        return {"judul": ..., "nomor": ..., "kolom": [...], "baris": ..., "total": ...}

and asks for a lampiran with `minta_lampiran("bansos-sk", str(program.pk), user=...)`. The
dict holds `surat.lampiran.render_lampiran`'s keyword arguments. The job calls the source,
renders, and stores the PDF on `LampiranSurat.berkas`; the page includes
`surat:lampiran_status` (an htmx partial that polls until the job ends).

The job is safe to run again: an attempt interrupted by a dead worker is re-queued by
`operasi.tugas.pulihkan_tugas_yatim` and starts over (rendering has no side effects until
the file is saved at the end). When no attempt is left, or the source or renderer raises,
the lampiran is marked "Gagal" with the reason.
"""

import hashlib
import io
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from operasi.tugas import saat_gagal
from surat.models import LampiranSurat

log = logging.getLogger(__name__)


class LampiranGagal(Exception):
    """A source could not give its rows; `str()` is the message shown to the user."""


@dataclass
class Sumber:
    fn: object
    boleh: object = None  # callable(user, kunci) -> bool; None: the model permission or the requester


_SUMBER: dict[str, Sumber] = {}


def daftar_sumber(kode: str, boleh=None):
    """Decorator: register `fn(kunci) -> dict` (render_lampiran's keyword arguments) as `kode`."""

    def daftar(fn):
        _SUMBER[kode] = Sumber(fn, boleh)
        return fn

    return daftar


def sumber(kode: str) -> Sumber:
    try:
        return _SUMBER[kode]
    except KeyError:
        raise LampiranGagal(f"Sumber lampiran “{kode}” tidak terdaftar.") from None


def boleh_lihat(user, lampiran: LampiranSurat) -> bool:
    """May `user` see this lampiran (its state and its PDF)? Personal data: ask the source."""
    if not user.is_authenticated:
        return False
    src = _SUMBER.get(lampiran.sumber)
    if src is not None and src.boleh is not None:
        return bool(src.boleh(user, lampiran.kunci))
    peminta = lampiran.diminta_oleh_id is not None and lampiran.diminta_oleh_id == user.pk
    return peminta or user.has_perm("surat.view_lampiransurat")


def minta_lampiran(kode: str, kunci: str, user=None, surat=None) -> LampiranSurat:
    """Create the lampiran record and queue its job once the caller's transaction commits."""
    sumber(kode)  # an unknown source fails now, with its message, not later in the worker
    lampiran = LampiranSurat.objects.create(sumber=kode, kunci=str(kunci), diminta_oleh=user, surat=surat)
    transaction.on_commit(lambda: buat_lampiran.enqueue(lampiran.pk))
    return lampiran


def terbaru(kode: str, kunci: str) -> LampiranSurat | None:
    """The newest lampiran asked for this source and key (what a page shows)."""
    return LampiranSurat.objects.filter(sumber=kode, kunci=str(kunci)).order_by("-dibuat_pada", "-pk").first()


@task()
def buat_lampiran(lampiran_id: int) -> str:
    from pypdf import PdfReader

    from surat.lampiran import render_lampiran

    lampiran = LampiranSurat.objects.get(pk=lampiran_id)
    if lampiran.status == LampiranSurat.Status.SELESAI:
        return lampiran.status  # already done (a retry after the last write)
    if lampiran.status == LampiranSurat.Status.BERJALAN:
        log.warning("Lampiran %s diulang setelah percobaan yang terputus", lampiran.pk)
    LampiranSurat.objects.filter(pk=lampiran.pk).update(
        status=LampiranSurat.Status.BERJALAN, mulai_pada=timezone.now(), diproses=0, pesan=""
    )
    kwargs = dict(sumber(lampiran.sumber).fn(lampiran.kunci))
    baris = list(kwargs.pop("baris"))
    LampiranSurat.objects.filter(pk=lampiran.pk).update(
        jumlah_baris=len(baris), judul=kwargs.get("judul", "")[:200], nomor=kwargs.get("nomor", "")[:120]
    )

    def progres(selesai, jumlah):
        LampiranSurat.objects.filter(pk=lampiran.pk).update(diproses=selesai)

    pdf = render_lampiran(**kwargs, baris=baris, progres=progres)
    lampiran.refresh_from_db()
    if lampiran.berkas:
        lampiran.berkas.delete(save=False)  # an earlier attempt's file
    lampiran.berkas.save(f"lampiran-{lampiran.pk}.pdf", ContentFile(pdf), save=False)
    lampiran.sha256 = hashlib.sha256(pdf).hexdigest()
    lampiran.jumlah_halaman = len(PdfReader(io.BytesIO(pdf)).pages)
    lampiran.diproses = len(baris)
    lampiran.status = LampiranSurat.Status.SELESAI
    lampiran.selesai_pada = timezone.now()
    lampiran.save(update_fields=["berkas", "sha256", "jumlah_halaman", "diproses", "status", "selesai_pada"])
    return lampiran.status


@saat_gagal(buat_lampiran)
def _lampiran_gagal(args, kwargs, alasan):
    lampiran_id = (list(args) + [kwargs.get("lampiran_id")])[0]
    LampiranSurat.objects.filter(pk=lampiran_id).exclude(status=LampiranSurat.Status.SELESAI).update(
        status=LampiranSurat.Status.GAGAL, pesan=f"Lampiran gagal dibuat: {alasan}", selesai_pada=timezone.now()
    )


def keadaan_tugas(lampiran: LampiranSurat) -> dict | None:
    """What the job is doing, for the status partial (None when it has no job)."""
    from django_tasks_db.models import DBTaskResult

    from operasi.tugas import pekerja_hidup

    job = (
        DBTaskResult.objects.filter(task_path=buat_lampiran.module_path, args_kwargs__args__0=lampiran.pk)
        .order_by("-enqueued_at")
        .first()
    )
    if job is None:
        return None
    percobaan = len(job.worker_ids)
    if job.status == "READY" and percobaan:
        teks = f"diantrekan ulang setelah percobaan ke-{percobaan} terputus"
    elif job.status == "READY":
        teks = "menunggu pekerja"
    elif job.status == "RUNNING":
        teks = f"sedang dijalankan (percobaan ke-{percobaan})"
    else:
        teks = ""
    tanpa_pekerja = not lampiran.berakhir and job.status in {"READY", "RUNNING"} and not pekerja_hidup().exists()
    return {"status": job.status, "teks": teks, "tanpa_pekerja": tanpa_pekerja}
