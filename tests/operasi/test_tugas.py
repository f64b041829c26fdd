"""Registry imports run as background jobs; a job whose worker died is retried or failed, never stuck."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from operasi import jadwal, tugas
from operasi.models import DetakPekerja, JadwalTugas
from registri import impor_pg
from registri.generator import tulis_csv
from registri.impor import impor_berkas
from registri.models import BarisDtks, Jenis, Snapshot
from registri.tugas import antrekan_impor, impor_snapshot
from tests.operasi.helpers import jalankan_antrean


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def admin_client(client, db):
    admin = get_user_model().objects.create_superuser("admin-uji", password="x")
    client.force_login(admin)
    return client


def unggah(client, tmp_path, n=50, seed=1):
    path = tmp_path / f"dtks-{seed}.csv"
    tulis_csv(path, n, kode_wilayah="1609", seed=seed)
    with open(path, "rb") as fh:
        return client.post(reverse("admin:registri_unggah"), {"jenis": "dtks", "berkas": fh})


def snapshot_tertunda(tmp_path, n=30, seed=2):
    path = tmp_path / f"baru-{seed}.csv"
    tulis_csv(path, n, kode_wilayah="1609", seed=seed)
    berkas = ContentFile(path.read_bytes(), "baru.csv")
    return Snapshot.objects.create(jenis=Jenis.DTKS, nama_berkas="baru.csv", berkas=berkas)


def tulis_sisa(snapshot, n):
    """What an interrupted attempt leaves: rows of the snapshot (on PostgreSQL in its unattached partition)."""
    niks = [f"16090101019000{i:02d}" for i in range(n)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            impor_pg.buat_anak(cursor, snapshot)
            for nik in niks:
                cursor.execute(
                    f"INSERT INTO {impor_pg.tabel_anak(snapshot)} (snapshot_id, nik, nama) VALUES (%s, %s, 'sisa')",
                    [snapshot.pk, nik],
                )
    else:
        BarisDtks.objects.bulk_create([BarisDtks(snapshot=snapshot, nik=nik, nama="sisa") for nik in niks])


def ada_sisa(snapshot):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [impor_pg.tabel_anak(snapshot)])
            if cursor.fetchone()[0] is not None:
                return True
    return BarisDtks.objects.filter(snapshot=snapshot, nama="sisa").exists()


def tinggalkan(job, worker_id="pekerja-mati", menit=5):
    """What a killed worker leaves behind: the job RUNNING, claimed by a worker that stopped beating."""
    job.status = "RUNNING"
    job.started_at = timezone.now() - timedelta(minutes=menit)
    job.worker_ids = [*job.worker_ids, worker_id]
    job.save()
    DetakPekerja.objects.update_or_create(
        worker_id=worker_id, defaults={"host": "mati", "pid": 1, "terakhir": timezone.now() - timedelta(minutes=menit)}
    )


def test_an_upload_is_queued_not_run_in_the_web_process(admin_client, media, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = unggah(admin_client, tmp_path)
    snapshot = Snapshot.objects.get()
    assert response["Location"] == reverse("admin:registri_progres", args=[snapshot.pk])
    assert snapshot.status == "antre" and not BarisDtks.objects.exists()
    html = admin_client.get(reverse("admin:registri_progres", args=[snapshot.pk])).content.decode()
    assert "menunggu pekerja" in html
    assert "Belum ada pekerja latar yang aktif" in html

    jalankan_antrean()

    snapshot.refresh_from_db()
    assert snapshot.status == "selesai" and snapshot.aktif and snapshot.dimuat == 50
    html = admin_client.get(reverse("admin:registri_progres_bagian", args=[snapshot.pk])).content.decode()
    assert "<strong>50</strong> baris dimuat" in html
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_progress_page_says_when_a_job_was_requeued_after_its_worker_died(admin_client, media, tmp_path):
    snapshot = snapshot_tertunda(tmp_path)
    antrekan_impor(snapshot)
    tinggalkan(DBTaskResult.objects.get())
    tugas.pulihkan_tugas_yatim()
    html = admin_client.get(reverse("admin:registri_progres_bagian", args=[snapshot.pk])).content.decode()
    assert "diantrekan ulang setelah percobaan ke-1 terputus" in html


def test_an_orphaned_job_is_retried_and_the_retry_drops_the_partial_rows(kantor, media, tmp_path):
    lama = impor_berkas(_csv(tmp_path, 20, seed=9), Jenis.DTKS)
    snapshot = snapshot_tertunda(tmp_path, n=30)
    antrekan_impor(snapshot)
    # The first attempt died half-way: status "Sedang dimuat" and some rows written.
    Snapshot.objects.filter(pk=snapshot.pk).update(status="berjalan", diproses=10, dimuat=10)
    tulis_sisa(snapshot, 10)
    tinggalkan(DBTaskResult.objects.get())

    diulang, gagal = tugas.pulihkan_tugas_yatim()
    assert len(diulang) == 1 and gagal == []
    jalankan_antrean()

    snapshot.refresh_from_db()
    assert snapshot.status == "selesai" and snapshot.aktif and snapshot.dimuat == 30
    assert not BarisDtks.objects.filter(nama="sisa").exists()  # its partition now holds only the new rows
    assert BarisDtks.objects.filter(snapshot=snapshot).count() == 30
    assert not BarisDtks.objects.filter(snapshot=lama).exists()  # the old one is replaced only now
    job = DBTaskResult.objects.get()
    assert job.status == "SUCCESSFUL" and job.worker_ids == ["pekerja-mati", "uji-pekerja"]


def test_after_the_last_attempt_the_import_is_marked_failed_with_its_reason(kantor, media, tmp_path, settings):
    settings.TUGAS_MAKS_PERCOBAAN = 2
    lama = impor_berkas(_csv(tmp_path, 20, seed=9), Jenis.DTKS)
    snapshot = snapshot_tertunda(tmp_path)
    antrekan_impor(snapshot)
    job = DBTaskResult.objects.get()
    for attempt in (1, 2):
        Snapshot.objects.filter(pk=snapshot.pk).update(status="berjalan")
        tulis_sisa(snapshot, attempt)
        tinggalkan(job, worker_id=f"mati-{attempt}")
        diulang, gagal = tugas.pulihkan_tugas_yatim()
        job.refresh_from_db()
    assert gagal == [job.id] and job.status == "FAILED"
    snapshot.refresh_from_db()
    assert snapshot.status == "gagal" and not snapshot.aktif
    assert snapshot.pesan == "Impor gagal: Pekerja berhenti di tengah tugas; sudah dicoba 2 kali."
    assert not ada_sisa(snapshot) and not BarisDtks.objects.filter(snapshot=snapshot).exists()
    lama.refresh_from_db()
    assert lama.aktif and BarisDtks.objects.filter(snapshot=lama).count() == 20
    # Nothing is left for a worker to pick up or to recover again.
    jalankan_antrean()
    assert tugas.pulihkan_tugas_yatim() == ([], [])


def test_a_job_of_a_live_worker_or_just_claimed_is_left_alone(kantor, media, tmp_path):
    snapshot = snapshot_tertunda(tmp_path)
    antrekan_impor(snapshot)
    job = DBTaskResult.objects.get()
    tinggalkan(job, worker_id="hidup")
    DetakPekerja.objects.filter(worker_id="hidup").update(terakhir=timezone.now())
    assert tugas.pulihkan_tugas_yatim() == ([], [])
    # A dead worker's job claimed a moment ago is not yet an orphan either.
    DBTaskResult.objects.filter(pk=job.pk).update(started_at=timezone.now(), worker_ids=["baru-mati"])
    assert tugas.pulihkan_tugas_yatim() == ([], [])


def test_a_job_that_raises_marks_the_import_failed(kantor, media, tmp_path):
    snapshot = Snapshot.objects.create(jenis=Jenis.DTKS, nama_berkas="hilang.csv")  # no stored file
    antrekan_impor(snapshot)
    jalankan_antrean()
    snapshot.refresh_from_db()
    assert snapshot.status == "gagal"
    assert snapshot.pesan == "Impor gagal: Berkas unggahan tidak ada."
    assert DBTaskResult.objects.get().status == "FAILED"


def test_each_due_periodic_job_is_enqueued_once(db):
    now = timezone.now()
    assert sorted(jadwal.antrekan_yang_jatuh_tempo(now)) == sorted(jadwal.JADWAL)
    assert jadwal.antrekan_yang_jatuh_tempo(now) == []
    assert DBTaskResult.objects.count() == len(jadwal.JADWAL)
    later = now + timedelta(hours=7)
    assert sorted(jadwal.antrekan_yang_jatuh_tempo(later)) == ["bersihkan_titipan", "hapus_berkas_kedaluwarsa"]
    assert JadwalTugas.objects.get(nama="pangkas_hasil_tugas").berikutnya == now + timedelta(hours=24)


def test_expired_upload_files_are_deleted_and_the_record_kept(kantor, media, tmp_path):
    snapshot = snapshot_tertunda(tmp_path)
    impor_snapshot.call(snapshot.pk)
    name = Snapshot.objects.get(pk=snapshot.pk).berkas.name
    from django.core.files.storage import default_storage

    assert default_storage.exists(name)
    Snapshot.objects.filter(pk=snapshot.pk).update(dibuat_pada=timezone.now() - timedelta(days=8))
    from registri.tugas import hapus_berkas_kedaluwarsa

    assert hapus_berkas_kedaluwarsa.call() == 1
    assert not default_storage.exists(name)
    snapshot.refresh_from_db()
    assert snapshot.status == "selesai" and snapshot.berkas.name == ""


def _csv(tmp_path, n, seed):
    path = tmp_path / f"lama-{seed}.csv"
    tulis_csv(path, n, kode_wilayah="1609", seed=seed)
    return path
