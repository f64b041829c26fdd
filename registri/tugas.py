"""Registry imports as background jobs (run by `manage.py pekerja`, never in the web process).

`impor_snapshot` is safe to run again: an attempt interrupted by a dead worker leaves the
snapshot "Sedang dimuat" with part of its rows (or, on PostgreSQL, a detached partition);
the next attempt drops them and starts over. The active snapshot keeps answering look-ups
throughout, since a new one is switched on only when complete. When no attempt is left, the
snapshot is marked "Gagal" with the reason.
"""

import logging

from django.utils import timezone
from django_tasks import task

from operasi.tugas import saat_gagal
from registri import impor as impor_mod
from registri.models import Snapshot

log = logging.getLogger(__name__)
# An import has ended in these states (KONFIRMASI: loaded in full, waiting for a person).
SELESAI = {Snapshot.Status.SELESAI, Snapshot.Status.KONFIRMASI, Snapshot.Status.GAGAL}


@task()
def impor_snapshot(snapshot_id: int) -> str:
    snapshot = Snapshot.objects.get(pk=snapshot_id)
    if snapshot.status in SELESAI:
        return snapshot.status  # already ran to an end (a retry after the last write)
    if snapshot.status == Snapshot.Status.BERJALAN:
        log.warning("Impor %s diulang setelah percobaan yang terputus; sisa baris dibuang", snapshot.pk)
        impor_mod._hapus_baris(snapshot.jenis, [snapshot.pk])
        # Back to the queue, so the loader's claim ("Menunggu" → "Sedang dimuat") takes it again.
        Snapshot.objects.filter(pk=snapshot.pk, status=Snapshot.Status.BERJALAN).update(
            status=Snapshot.Status.ANTRE, diproses=0, dimuat=0, ditolak=0, pemroses="", detak=None
        )
        snapshot.refresh_from_db()
    if not snapshot.berkas:
        raise ValueError("Berkas unggahan tidak ada.")
    snapshot = impor_mod.impor(snapshot)  # reads the file through the storage API
    _beri_tahu(snapshot)
    return snapshot.status


def _beri_tahu(snapshot):
    """Tell the uploader by e-mail how the import ended (counts only, no personal data)."""
    from operasi.surel import antrekan_surel

    user = snapshot.diunggah_oleh
    if user is None or not user.email:
        return
    judul = f"Impor {snapshot.get_jenis_display()} {snapshot.nama_berkas}"
    if snapshot.status == Snapshot.Status.GAGAL:
        subjek, isi = f"{judul}: gagal", f"{judul} gagal.\n\n{snapshot.pesan}\n"
    elif snapshot.status == Snapshot.Status.KONFIRMASI:
        subjek = f"{judul}: menunggu konfirmasi"
        isi = f"{judul} selesai dimuat ({snapshot.dimuat} baris) dan menunggu konfirmasi di halaman admin.\n"
    else:
        subjek = f"{judul}: selesai"
        isi = f"{judul} selesai: {snapshot.dimuat} baris dimuat, {snapshot.ditolak} baris ditolak. Data ini kini dipakai.\n"
    antrekan_surel([user.email], subjek, isi)


@saat_gagal(impor_snapshot)
def _impor_gagal(args, kwargs, alasan):
    snapshot_id = (list(args) + [kwargs.get("snapshot_id")])[0]
    snapshot = Snapshot.objects.filter(pk=snapshot_id).first()
    if snapshot is None or snapshot.status in SELESAI:
        return
    impor_mod._hapus_baris(snapshot.jenis, [snapshot.pk])
    Snapshot.objects.filter(pk=snapshot.pk).update(
        status=Snapshot.Status.GAGAL, pesan=f"Impor gagal: {alasan}", selesai_pada=timezone.now()
    )
    snapshot.refresh_from_db()
    _beri_tahu(snapshot)


def keadaan_tugas(snapshot):
    """What the import's job is doing, for the progress page (None when it has no job)."""
    from django_tasks_db.models import DBTaskResult

    from operasi.tugas import pekerja_hidup

    job = (
        DBTaskResult.objects.filter(task_path=impor_snapshot.module_path, args_kwargs__args__0=snapshot.pk)
        .order_by("-enqueued_at")
        .first()
    )
    if job is None:
        return None
    percobaan = len(job.worker_ids)
    if job.status == "READY":
        teks = "menunggu pekerja" if not percobaan else f"diantrekan ulang setelah percobaan ke-{percobaan} terputus"
    elif job.status == "RUNNING":
        teks = f"sedang dijalankan (percobaan ke-{percobaan})"
    elif job.status == "SUCCESSFUL":
        teks = "selesai"
    else:
        teks = "gagal"
    # Only while the import itself still waits (it may have been run by another path).
    menunggu = snapshot.status in {Snapshot.Status.ANTRE, Snapshot.Status.BERJALAN}
    tanpa_pekerja = menunggu and job.status in {"READY", "RUNNING"} and not pekerja_hidup().exists()
    return {"status": job.status, "teks": teks, "percobaan": percobaan, "tanpa_pekerja": tanpa_pekerja}


def antrekan_impor(snapshot):
    """Queue the import of an uploaded snapshot; call after the snapshot row is committed."""
    return impor_snapshot.enqueue(snapshot.pk)


@task()
def hapus_berkas_kedaluwarsa() -> int:
    """Scheduled retention: `registri.impor.hapus_berkas_kedaluwarsa` (REGISTRI_SIMPAN_HARI days)."""
    return impor_mod.hapus_berkas_kedaluwarsa()
