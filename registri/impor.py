"""Import of registry files into a new snapshot, switched on atomically.

Uploads are loaded by the worker's job (`registri.tugas.impor_snapshot`) or by
`manage.py proses_impor` (`proses_antrean`); `jalankan_impor(snapshot_id)` does one: it
recovers imports whose process died, loads the file, and deletes files past their retention
period. The uploaded file is read through the storage API (local disk or S3), never `.path`.

Every import ends "selesai" or "gagal" with its reason (`pesan`, shown in the admin); a
failure leaves no rows, partitions or staging tables behind, and the active snapshot answers
throughout: the new one becomes active, and the old one inactive, in one transaction at the
end. Bad rows (invalid NIK, missing name, desil out of range) are reported with their line
numbers and do not stop the import.

On PostgreSQL rows are written with COPY into the snapshot's own partition (see
`registri.impor_pg`); elsewhere (SQLite, for development) with bulk inserts.
"""

import contextlib
import logging
import os
import shutil
import socket
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from registri import aktivasi, berkas
from registri.models import BarisDtks, BarisPbi, Jenis, Snapshot

log = logging.getLogger(__name__)
BATCH = 20000
BATAS_LAPORAN = 100000  # rejected rows listed in the report (all are counted)
KOLOM_DTKS = berkas.KOLOM_DTKS
KOLOM_PBI = berkas.KOLOM_PBI
PESAN_TERHENTI = (
    "Impor terhenti sebelum selesai: proses pemuatnya berhenti (server dimulai ulang atau kehabisan memori). "
    "Data lama tetap dipakai. Unggah ulang berkasnya."
)


def _kolom(jenis):
    return KOLOM_DTKS if jenis == Jenis.DTKS else KOLOM_PBI


def _model(jenis):
    return BarisDtks if jenis == Jenis.DTKS else BarisPbi


def _postgres():
    return connection.vendor == "postgresql"


def _pemroses():
    return f"{socket.gethostname()}:{os.getpid()}"


# -- entry points -------------------------------------------------------------------


def jalankan_impor(snapshot_id) -> Snapshot | None:
    """Run one queued import (any process, any server); None when another process took it.

    This is what a background task calls with the snapshot's id.
    """
    pulihkan_impor_macet()
    snapshot = Snapshot.objects.filter(pk=snapshot_id).first()
    if snapshot is None:
        return None
    hasil = impor(snapshot)
    hapus_berkas_kedaluwarsa()
    return hasil


def impor_berkas(path, jenis, user=None, pengodean="") -> Snapshot:
    """Import a file from disk (management commands); returns the finished snapshot."""
    snapshot = Snapshot.objects.create(jenis=jenis, nama_berkas=Path(path).name, diunggah_oleh=user, pengodean=pengodean)
    pulihkan_impor_macet()
    return impor(snapshot, path)


def proses_antrean():
    """Run queued uploads one after another (see `manage.py proses_impor`)."""
    pulihkan_impor_macet()
    done = []
    tried = set()
    while True:
        snapshot = Snapshot.objects.filter(status=Snapshot.Status.ANTRE).exclude(pk__in=tried).order_by("pk").first()
        if snapshot is None:
            break
        tried.add(snapshot.pk)
        hasil = impor(snapshot)
        if hasil is not None:
            done.append(hasil)
    hapus_berkas_kedaluwarsa()
    return done


# -- one import -----------------------------------------------------------------------


def impor(snapshot: Snapshot, path=None) -> Snapshot | None:
    """Load the snapshot's file and make it the active one; None when it is not queued.

    Claims the snapshot (status "Menunggu" → "Sedang dimuat") atomically, so two runners
    never load the same upload. Never raises for a bad file: the snapshot ends "gagal".
    """
    if _postgres():
        from registri import impor_pg

        if not impor_pg.kunci(snapshot.pk):
            return None
    try:
        now = timezone.now()
        claimed = Snapshot.objects.filter(pk=snapshot.pk, status=Snapshot.Status.ANTRE).update(
            status=Snapshot.Status.BERJALAN, pemroses=_pemroses(), detak=now
        )
        if not claimed:
            return None
        snapshot.refresh_from_db()
        # Inside an outer transaction (tests), a failed statement must not abort it.
        savepoint = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
        try:
            with savepoint:
                if path is not None:
                    return _muat(snapshot, path)
                with salinan_lokal(snapshot) as local:
                    return _muat(snapshot, local)
        except berkas.BerkasTidakTerbaca as exc:
            return _gagal(snapshot, str(exc))
        except Exception as exc:  # noqa: BLE001 - whatever happens, the import ends "gagal" with a reason
            log.exception("Impor %s gagal", snapshot.pk)
            return _gagal(snapshot, f"Berkas tidak dapat dimuat: {str(exc)[:500]}")
        except BaseException:
            _gagal(snapshot, "Impor dihentikan sebelum selesai (proses dihentikan). Data lama tetap dipakai.")
            raise
    finally:
        if _postgres():
            from registri import impor_pg

            impor_pg.lepas(snapshot.pk)


@contextlib.contextmanager
def salinan_lokal(snapshot):
    """A local copy of the snapshot's stored file, for the parsers that read a path.

    Read through the storage API (local disk or S3 alike; no code reads `.path`) into a
    temporary file, removed afterwards. The parsers read a file more than once (encoding,
    row count, rows), so one local copy is cheaper than several downloads.
    """
    field = snapshot.berkas
    if not field:
        raise berkas.BerkasTidakTerbaca("Berkas unggahan tidak ada lagi (sudah dihapus). Unggah ulang berkasnya.")
    try:
        src = field.storage.open(field.name, "rb")
    except FileNotFoundError as exc:
        raise berkas.BerkasTidakTerbaca("Berkas unggahan tidak ada lagi (sudah dihapus). Unggah ulang berkasnya.") from exc
    with src, tempfile.NamedTemporaryFile(suffix=Path(field.name).suffix.lower(), prefix="impor-") as tmp:
        shutil.copyfileobj(src, tmp, length=1 << 20)
        tmp.flush()
        yield tmp.name


def _progres(snapshot, diproses, **extra):
    Snapshot.objects.filter(pk=snapshot.pk).update(diproses=diproses, detak=timezone.now(), **extra)


def _muat(snapshot, path):
    xlsx = str(path).lower().endswith(".xlsx")
    bentuk = None if xlsx else berkas.kenali_csv(path, snapshot.pengodean)
    total = berkas.hitung_baris(path)
    Snapshot.objects.filter(pk=snapshot.pk).update(
        total_baris=total, pengodean=bentuk.pengodean if bentuk else snapshot.pengodean
    )

    def progress(n):
        _progres(snapshot, n)

    if _postgres():
        from registri import impor_pg

        with connection.cursor() as cursor:
            impor_pg.buat_anak(cursor, snapshot)
        if xlsx:
            diproses, dimuat, ditolak = impor_pg.impor_xlsx(snapshot, path, progress)
        else:
            diproses, dimuat, ditolak = impor_pg.impor_csv(snapshot, path, bentuk, progress)
        with connection.cursor() as cursor:
            impor_pg.pasang_anak(cursor, snapshot)
    else:
        rows = berkas.baca_xlsx(path) if xlsx else berkas.baca_csv(path, bentuk)
        diproses, dimuat, ditolak = _muat_orm(snapshot, rows, progress)
    return _selesai(snapshot, diproses, dimuat, ditolak)


def _muat_orm(snapshot, rows, progress):
    model = _model(snapshot.jenis)
    columns = _kolom(snapshot.jenis)
    dtks = snapshot.jenis == Jenis.DTKS
    ditolak, batch = [], []
    dimuat = diproses = 0
    for row_no, raw in rows:
        diproses += 1
        values, alasan = berkas.bersihkan(dtks, raw)
        if alasan:
            ditolak.append((row_no, str(raw.get("nik") if raw.get("nik") is not None else ""), alasan))
        else:
            batch.append(model(snapshot_id=snapshot.pk, **dict(zip(columns, values, strict=True))))
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch, batch_size=2000)
            dimuat += len(batch)
            batch = []
            progress(diproses)
    model.objects.bulk_create(batch, batch_size=2000)
    return diproses, dimuat + len(batch), ditolak


def _gagal(snapshot, pesan):
    """Drop what was written and mark the import failed; the active snapshot is untouched."""
    _hapus_baris(snapshot.jenis, [snapshot.pk])
    Snapshot.objects.filter(pk=snapshot.pk).update(
        status=Snapshot.Status.GAGAL, aktif=False, pesan=pesan, selesai_pada=timezone.now()
    )
    snapshot.refresh_from_db()
    return snapshot


def _hapus_baris(jenis, snapshot_ids):
    if _postgres():
        from registri import impor_pg

        impor_pg.buang(jenis, snapshot_ids)
    else:
        _model(jenis).objects.filter(snapshot_id__in=snapshot_ids).delete()


def _laporan(ditolak):
    if not ditolak:
        return ""
    ditolak.sort()
    rows = [("baris", "nik", "alasan"), *ditolak[:BATAS_LAPORAN]]
    if len(ditolak) > BATAS_LAPORAN:
        rows.append(("", "", f"… dan {len(ditolak) - BATAS_LAPORAN} baris lain"))
    return berkas.csv_text(rows)


def _selesai(snapshot, diproses, dimuat, ditolak):
    laporan = _laporan(ditolak)
    if aktivasi.perlu_konfirmasi(snapshot, dimuat):
        aktivasi.tahan(snapshot, diproses, dimuat, len(ditolak), laporan)
        snapshot.refresh_from_db()
        return snapshot
    lama = _aktifkan(snapshot, diproses, dimuat, len(ditolak), laporan)
    # The new snapshot is active from here on: removing the old rows may not undo that.
    savepoint = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
    try:
        with savepoint:
            _hapus_baris(snapshot.jenis, lama)
    except Exception:  # noqa: BLE001 - the next recovery run removes them
        log.warning("Baris snapshot lama %s belum terhapus; dibersihkan pada pemulihan berikutnya.", lama, exc_info=True)
    snapshot.refresh_from_db()
    return snapshot


@transaction.atomic
def _aktifkan(snapshot, diproses, dimuat, ditolak, laporan):
    lama = list(Snapshot.objects.select_for_update().filter(jenis=snapshot.jenis, aktif=True).values_list("pk", flat=True))
    Snapshot.objects.filter(pk__in=lama).update(aktif=False)
    Snapshot.objects.filter(pk=snapshot.pk).update(
        aktif=True,
        status=Snapshot.Status.SELESAI,
        diproses=diproses,
        dimuat=dimuat,
        ditolak=ditolak,
        laporan=laporan,
        selesai_pada=timezone.now(),
        detak=timezone.now(),
    )
    return lama


# -- recovery and retention -------------------------------------------------------------


def _mati(snapshot, now) -> bool:
    """Whether the process loading `snapshot` is gone (SQLite: same host and no such pid, or silent)."""
    host, _, pid = (snapshot.pemroses or "").rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        if int(pid) == os.getpid():
            return False
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
    batas = timedelta(minutes=getattr(settings, "REGISTRI_IMPOR_DIAM_MENIT", 15))
    return snapshot.detak is None or snapshot.detak < now - batas


def pulihkan_impor_macet() -> list[int]:
    """Fail imports whose process died and drop what they left; returns their ids.

    PostgreSQL: an import holds an advisory lock for its whole run, so a lock that can be
    taken means the loader is gone (on any server). Also drops partitions and staging tables
    that belong to no active or running snapshot (a crash between two steps).
    SQLite: the loader's pid on this host, or no progress for REGISTRI_IMPOR_DIAM_MENIT.
    """
    now = timezone.now()
    dead = []
    for snapshot in Snapshot.objects.filter(status=Snapshot.Status.BERJALAN):
        if _postgres():
            from registri import impor_pg

            if not impor_pg.kunci(snapshot.pk):
                continue
            try:
                _gagal(snapshot, PESAN_TERHENTI)
            finally:
                impor_pg.lepas(snapshot.pk)
        elif _mati(snapshot, now):
            _gagal(snapshot, PESAN_TERHENTI)
        else:
            continue
        log.warning("Impor %s terhenti sebelum selesai; dibersihkan.", snapshot.pk)
        dead.append(snapshot.pk)
    _buang_sisa()
    return dead


def _buang_sisa():
    """Rows, partitions or staging tables of snapshots that are neither active nor running."""
    if _postgres():
        from registri import impor_pg

        tables = impor_pg.tabel_tersisa()
        if not tables:
            return
        status = dict(Snapshot.objects.filter(pk__in={pk for _, pk in tables}).values_list("pk", "status"))
        aktif = set(Snapshot.objects.filter(aktif=True).values_list("pk", flat=True))
        for name, pk in tables:
            if status.get(pk) in (Snapshot.Status.BERJALAN, Snapshot.Status.ANTRE, Snapshot.Status.KONFIRMASI):
                continue  # running (its lock is held), about to run, or loaded and waiting for confirmation
            if pk in aktif and not name.startswith("registri_muat_"):
                continue
            if not impor_pg.kunci(pk):
                continue
            try:
                impor_pg.buang_tabel(name)
            finally:
                impor_pg.lepas(pk)
    else:
        gagal = Snapshot.objects.filter(status=Snapshot.Status.GAGAL).values("pk")
        for model in (BarisDtks, BarisPbi):
            model.objects.filter(snapshot_id__in=gagal).delete()


def hapus_berkas_kedaluwarsa(now=None) -> int:
    """Delete uploaded registry files and sanding results older than REGISTRI_SIMPAN_HARI days."""
    now = now or timezone.now()
    batas = now - timedelta(days=getattr(settings, "REGISTRI_SIMPAN_HARI", 7))
    count = 0
    lama = (
        Snapshot.objects.filter(dibuat_pada__lt=batas)
        .exclude(berkas="")
        .exclude(status__in=[Snapshot.Status.ANTRE, Snapshot.Status.BERJALAN])
    )
    for snapshot in lama:
        snapshot.berkas.delete(save=False)
        Snapshot.objects.filter(pk=snapshot.pk).update(berkas="")
        count += 1
    from registri.views import SANDING_DIR

    try:
        _, files = default_storage.listdir(SANDING_DIR)
    except (FileNotFoundError, NotADirectoryError):
        files = []
    for name in files:
        path = f"{SANDING_DIR}/{name}"
        if default_storage.get_modified_time(path) < batas:
            default_storage.delete(path)
            count += 1
    return count
