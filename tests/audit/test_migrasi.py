"""The migrations give existing cases a tracking code and move the old access records
(scans, registry look-ups) into the one log, then drop their tables."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from audit.models import LogAkses
from layanan import lacak_kode
from layanan.models import Permohonan
from tests.layanan.helpers import daftar, nik

SEBELUM = [("layanan", "0009_pin_revisi"), ("registri", "0004_nama_berkas_acak")]


@pytest.mark.django_db(transaction=True)
def test_existing_rows_get_codes_and_old_access_records_join_the_log(users):
    p1, p2 = daftar(users["fo"]), daftar(users["fo"], nik=nik(urut="0002"))
    executor = MigrationExecutor(connection)
    executor.migrate(SEBELUM)
    old = executor.loader.project_state(SEBELUM).apps
    Dokumen = old.get_model("layanan", "Dokumen")
    doc = Dokumen.objects.filter(permohonan_id=p1.pk).first()
    old.get_model("layanan", "AksesDokumen").objects.create(dokumen=doc, user_id=users["fo"].pk)
    old.get_model("registri", "AksesRegistri").objects.create(user_id=users["kasi"].pk, tujuan="verifikasi", nik=nik())
    old.get_model("registri", "AksesRegistri").objects.create(user_id=users["fo"].pk, tujuan="sanding", jumlah=8)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    codes = list(Permohonan.objects.filter(pk__in=[p1.pk, p2.pk]).values_list("kode_lacak", flat=True))
    assert len(set(codes)) == 2 and all(lacak_kode.sah(c) for c in codes)
    scan = LogAkses.objects.get(aksi="lihat_dokumen")
    assert scan.nomor_permohonan == p1.nomor_registrasi and scan.nama_pengguna == "fo"
    assert scan.objek == f"dokumen {doc.pk}: {doc.nama}"
    assert LogAkses.objects.cari_nik(nik()).filter(aksi="cek_registri", nama_pengguna="kasi").exists()
    assert LogAkses.objects.get(aksi="sanding").keterangan.startswith("8 baris.")
    assert LogAkses.objects.cari_nik(nik()).count() == 2
    tables = connection.introspection.table_names()
    assert "layanan_aksesdokumen" not in tables and "registri_aksesregistri" not in tables
