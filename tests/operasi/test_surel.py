"""The uploader hears by e-mail how an import ended; the e-mail is its own background job."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.base import ContentFile
from django_tasks_db.models import DBTaskResult

from operasi import tugas
from registri.generator import tulis_csv
from registri.models import Jenis, Snapshot
from registri.tugas import antrekan_impor
from tests.operasi.helpers import jalankan_antrean
from tests.operasi.test_tugas import tinggalkan


@pytest.fixture
def pengunggah(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return get_user_model().objects.create_user("analis", email="analis@dinsos.example", password="x")


def _snapshot(tmp_path, user, isi=None):
    path = tmp_path / "dtks.csv"
    tulis_csv(path, 25, kode_wilayah="1609", seed=4)
    data = path.read_bytes() if isi is None else isi
    return Snapshot.objects.create(
        jenis=Jenis.DTKS, nama_berkas="dtks-mei.csv", berkas=ContentFile(data, "dtks.csv"), diunggah_oleh=user
    )


def test_a_finished_import_mails_its_counts_to_the_uploader(pengunggah, tmp_path):
    antrekan_impor(_snapshot(tmp_path, pengunggah))
    jalankan_antrean()
    assert len(mail.outbox) == 1
    pesan = mail.outbox[0]
    assert pesan.to == ["analis@dinsos.example"]
    assert pesan.subject == "Impor DTKS/DTSEN dtks-mei.csv: selesai"
    assert "25 baris dimuat, 0 baris ditolak" in pesan.body
    paths = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == ["operasi.surel.kirim_surel", "registri.tugas.impor_snapshot"]


def test_an_import_failed_after_its_worker_died_is_mailed_with_the_reason(pengunggah, tmp_path, settings):
    settings.TUGAS_MAKS_PERCOBAAN = 1
    antrekan_impor(_snapshot(tmp_path, pengunggah))
    tinggalkan(DBTaskResult.objects.get())
    tugas.pulihkan_tugas_yatim()
    jalankan_antrean()
    assert mail.outbox[0].subject == "Impor DTKS/DTSEN dtks-mei.csv: gagal"
    assert "Pekerja berhenti di tengah tugas; sudah dicoba 1 kali." in mail.outbox[0].body


def test_no_mail_without_an_address(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    antrekan_impor(_snapshot(tmp_path, get_user_model().objects.create_user("tanpa", password="x")))
    jalankan_antrean()
    assert mail.outbox == []


def test_a_mail_server_that_refuses_fails_the_mail_job_not_the_import(pengunggah, tmp_path, settings, monkeypatch):
    def tolak(*args, **kwargs):
        raise ConnectionRefusedError("server surel menolak")

    monkeypatch.setattr("operasi.surel.send_mail", tolak)
    snapshot = _snapshot(tmp_path, pengunggah)
    antrekan_impor(snapshot)
    jalankan_antrean()
    snapshot.refresh_from_db()
    assert snapshot.status == "selesai"
    job = DBTaskResult.objects.get(task_path="operasi.surel.kirim_surel")
    assert job.status == "FAILED" and "server surel menolak" in job.traceback


def test_staff_with_overdue_cases_get_one_reminder_with_counts_only(users, settings):
    from datetime import timedelta

    from django.utils import timezone

    from layanan.models import Permohonan
    from operasi.terjadwal import pengingat_batas_waktu
    from tests.layanan.helpers import daftar, kk, nik

    settings.URL_SITUS = "https://layanan.dinsos.example"
    fo, kadis = users["fo"], users["kadis"]
    for user in (fo, kadis):
        user.email = f"{user.username}@dinsos.example"
        user.save(update_fields=["email"])
    lewat = daftar(fo, nik=nik(urut="0101"), nomor_kk=kk(urut="0101"))
    segera = daftar(fo, nik=nik(urut="0102"), nomor_kk=kk(urut="0102"))
    Permohonan.objects.filter(pk=lewat.pk).update(batas_waktu=timezone.now() - timedelta(hours=3))
    Permohonan.objects.filter(pk=segera.pk).update(batas_waktu=timezone.now() + timedelta(hours=5))

    assert pengingat_batas_waktu.call() == {"surel": 1}
    jalankan_antrean()

    assert len(mail.outbox) == 1  # kadis has nothing waiting
    pesan = mail.outbox[0]
    assert pesan.to == ["fo@dinsos.example"] and pesan.subject == "Pengingat batas waktu layanan"
    assert "- 1 permohonan melewati batas waktu SOP" in pesan.body
    assert "- 1 permohonan jatuh tempo dalam 24 jam" in pesan.body
    assert "https://layanan.dinsos.example/tugas/" in pesan.body
    assert lewat.pemohon.nik not in pesan.body and lewat.pemohon.nama not in pesan.body
