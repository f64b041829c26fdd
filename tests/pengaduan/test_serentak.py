"""Complaints at the same moment (PostgreSQL): distinct tickets, one reply per step, one reopening."""

import pytest
from django.contrib.auth import get_user_model

from pengaduan import aksi
from pengaduan.kategori import isi_bawaan
from pengaduan.models import Pengaduan, Saluran, Tanggapan
from tests.conftest import load_demo
from tests.layanan.test_serentak import postgres, race  # noqa: F401 (fixture)
from tests.pengaduan.helpers import adukan, data, maju, token


@pytest.mark.django_db(transaction=True)
def test_simultaneous_complaints_get_distinct_tickets_and_one_step_move(postgres):  # noqa: F811
    load_demo("oku-selatan")
    isi_bawaan()
    User = get_user_model()
    fo, web = User.objects.get(username="fo"), aksi.pengguna_web()
    results = race(4, lambda i: aksi.buat(web if i % 2 else fo, Saluran.WEB, data(judul=f"Aduan {i}"))[0].nomor_tiket)
    tiket = [r[1] for r in results]
    assert all(r[0] == "ok" for r in results) and len(set(tiket)) == 4
    assert Pengaduan.objects.count() == 4

    a = Pengaduan.objects.get(nomor_tiket=tiket[0])
    t = token(a)
    results = race(2, lambda i: aksi.tindak(a.pk, fo, t, jawaban=f"Jawaban {i}"))
    assert sorted(r[0] for r in results) == ["gagal", "ok"]
    assert Tanggapan.objects.filter(pengaduan=a, jenis="jawaban").count() == 1  # the loser's reply rolled back


@pytest.mark.django_db(transaction=True)
def test_two_reopen_requests_at_once_reopen_once(postgres):  # noqa: F811
    load_demo("oku-selatan")
    isi_bawaan()
    User = get_user_model()
    fo, survei = User.objects.get(username="fo"), User.objects.get(username="survei")
    a, _ = adukan(fo)
    for user, kw in ((fo, {}), (survei, {}), (fo, {"jawaban": "Sudah."})):
        a = maju(a, user, **kw)
    results = race(2, lambda i: aksi.buka_kembali(a.pk, f"Belum beres {i}"))
    assert sorted(r[0] for r in results) == ["gagal", "ok"]
    a = Pengaduan.objects.get(pk=a.pk)
    assert a.permohonan.status == "berjalan" and a.tanggapan.filter(jenis="pelapor").count() == 1
