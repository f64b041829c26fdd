"""Killing the worker in the middle of an import, then starting it again.

The import ends done (retried) or "Gagal" with its reason (no attempt left); the old snapshot
answers throughout, and no partial table or rows are left. Real worker processes, SIGKILL.
"""

import json
import signal

import pytest

from registri.generator import tulis_csv
from tests.operasi.proses import BasisBersama, hentikan, tunggu

pytestmark = pytest.mark.django_db(transaction=True)

LAMA = 500
SNAPSHOT = "SELECT status, aktif, dimuat, pesan FROM registri_snapshot WHERE id = ?"
TUGAS = "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE task_path = 'registri.tugas.impor_snapshot'"
AKTIF_DAN_BARIS = (
    "SELECT s.id, (SELECT count(*) FROM registri_barisdtks b WHERE b.snapshot_id = s.id)"
    " FROM registri_snapshot s WHERE s.aktif AND s.jenis = 'dtks'"
)
DETAK = {"PEKERJA_DETAK_DETIK": 1, "PEKERJA_BATAS_DETAK_DETIK": 3}


def _siapkan(tmp_path):
    db = BasisBersama(tmp_path)
    n = 300_000 if db.postgres else 60_000
    tulis_csv(tmp_path / "lama.csv", LAMA, kode_wilayah="1609", seed=1)
    tulis_csv(tmp_path / "baru.csv", n, kode_wilayah="1609", seed=2)
    db.manage("impor_dtks", str(tmp_path / "lama.csv"))
    lama = db.satu("SELECT id FROM registri_snapshot WHERE aktif")
    db.manage(
        "shell",
        "-c",
        "from django.core.files import File; from registri.models import Snapshot; "
        "from registri.tugas import antrekan_impor; "
        f"f = open({str(tmp_path / 'baru.csv')!r}, 'rb'); "
        "s = Snapshot.objects.create(jenis='dtks', nama_berkas='baru.csv', berkas=File(f, name='baru.csv')); "
        "antrekan_impor(s)",
    )
    baru = db.satu("SELECT max(id) FROM registri_snapshot")
    return db, n, lama, baru


def _lama_menjawab(db, lama):
    """The old snapshot is the active one and all its rows answer."""
    assert db.satu("SELECT id FROM registri_snapshot WHERE aktif AND jenis = 'dtks'") == lama
    assert db.satu("SELECT count(*) FROM registri_barisdtks WHERE snapshot_id = ?", [lama]) == LAMA


def _bunuh_di_tengah(db, baru):
    worker = db.mulai(["manage.py", "pekerja", "--no-startup-delay"], "pekerja-1.log", **DETAK)
    try:
        tunggu(lambda: (db.satu("SELECT diproses FROM registri_snapshot WHERE id = ?", [baru]) or 0) > 0, 120, jeda=0.01)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        hentikan(worker, signal.SIGKILL)
    status, _, dimuat, _ = db.kueri(SNAPSHOT, [baru])[0]
    assert status == "berjalan"
    assert db.kueri(TUGAS)[0][0] == "RUNNING"


def _sisa(db, baru):
    """Partial rows or tables of the interrupted snapshot."""
    if db.postgres:
        tables = db.satu("SELECT count(*) FROM pg_tables WHERE tablename = ?", [f"registri_barisdtks_p{baru}"])
        return tables + db.satu("SELECT count(*) FROM registri_barisdtks WHERE snapshot_id = ?", [baru])
    return db.satu("SELECT count(*) FROM registri_barisdtks WHERE snapshot_id = ?", [baru])


def test_a_killed_import_is_retried_by_the_next_worker_and_completes(tmp_path):
    db, n, lama, baru = _siapkan(tmp_path)
    _bunuh_di_tengah(db, baru)
    _lama_menjawab(db, lama)

    worker = db.mulai(["manage.py", "pekerja", "--no-startup-delay"], "pekerja-2.log", **DETAK)
    try:
        seen = []

        def selesai():
            # One statement reads the active snapshot and its row count together: reading the
            # status first and the active snapshot after raced with the switch in between.
            menjawab = db.kueri(AKTIF_DAN_BARIS)
            assert len(menjawab) == 1 and tuple(menjawab[0]) in {(lama, LAMA), (baru, n)}, menjawab
            status = db.kueri(SNAPSHOT, [baru])[0][0]
            seen.append(status)
            return status in {"selesai", "gagal"}

        tunggu(selesai, 180, jeda=0.2)
    finally:
        hentikan(worker)
    status, aktif, dimuat, pesan = db.kueri(SNAPSHOT, [baru])[0]
    assert (status, bool(aktif), dimuat) == ("selesai", True, n), pesan
    job_status, worker_ids = db.kueri(TUGAS)[0]
    assert job_status == "SUCCESSFUL"
    assert len(worker_ids if isinstance(worker_ids, list) else json.loads(worker_ids)) == 2
    assert db.satu("SELECT count(*) FROM registri_barisdtks WHERE snapshot_id IN (?, ?)", [lama, baru]) == n
    if db.postgres:
        # The new snapshot's partition is attached; the old one's is gone (other tests may leave theirs).
        rows = db.kueri("SELECT tablename FROM pg_tables WHERE tablename LIKE ?", ["registri_barisdtks_p%"])
        tables = {t for (t,) in rows}
        assert f"registri_barisdtks_p{baru}" in tables and f"registri_barisdtks_p{lama}" not in tables


def test_a_killed_import_with_no_attempt_left_is_marked_failed_with_its_reason(tmp_path):
    db, n, lama, baru = _siapkan(tmp_path)
    _bunuh_di_tengah(db, baru)

    worker = db.mulai(["manage.py", "pekerja", "--no-startup-delay"], "pekerja-2.log", TUGAS_MAKS_PERCOBAAN=1, **DETAK)
    try:
        tunggu(lambda: db.kueri(SNAPSHOT, [baru])[0][0] == "gagal", 60, jeda=0.2)
    finally:
        hentikan(worker)
    status, aktif, _, pesan = db.kueri(SNAPSHOT, [baru])[0]
    assert not aktif
    assert pesan == "Impor gagal: Pekerja berhenti di tengah tugas; sudah dicoba 1 kali."
    assert db.kueri(TUGAS)[0][0] == "FAILED"
    assert _sisa(db, baru) == 0
    _lama_menjawab(db, lama)
