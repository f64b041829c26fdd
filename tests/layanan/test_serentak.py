"""Two people act on the same case at the same moment: exactly one succeeds."""

import threading

import pytest
from django.db import connection, connections

from layanan import aksi
from layanan.models import Permohonan, Riwayat, Status
from tests.conftest import load_demo
from tests.layanan.helpers import daftar


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("Uji serentak butuh PostgreSQL (set DATABASE_URL); SQLite mengunci seluruh berkas.")


def race(n, fn):
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = ("ok", fn(i))
        except aksi.AksiGagal as exc:
            results[i] = ("gagal", str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_two_front_office_clicks_verify_once(postgres):
    load_demo("oku-selatan")
    from django.contrib.auth import get_user_model

    fo = get_user_model().objects.get(username="fo")
    p = daftar(fo)
    token = aksi.token_status(p)
    results = race(2, lambda i: aksi.jalankan(p.pk, fo, "verifikasi_berkas", token=token))
    assert sorted(r[0] for r in results) == ["gagal", "ok"]
    assert "baru saja diproses" in [r[1] for r in results if r[0] == "gagal"][0]
    assert Permohonan.objects.get(pk=p.pk).status == Status.SURVEI
    assert Riwayat.objects.filter(permohonan=p, aksi="verifikasi_berkas").count() == 1


@pytest.mark.django_db(transaction=True)
def test_kadis_and_sekretaris_sign_at_once_one_letter_is_issued(postgres):
    load_demo("oku-selatan")
    from django.contrib.auth import get_user_model

    User = get_user_model()
    p = daftar(User.objects.get(username="fo"))
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
    p = Permohonan.objects.get(pk=p.pk)
    token = aksi.token_status(p)
    signers = [User.objects.get(username="kadis"), User.objects.get(username="sekretaris")]
    results = race(
        2,
        lambda i: aksi.jalankan(p.pk, signers[i], "tandatangani", token=token, base_url="http://testserver/"),
    )
    assert sorted(r[0] for r in results) == ["gagal", "ok"]
    from surat.models import Penomoran, Surat

    assert Surat.objects.count() == 1
    assert Penomoran.objects.get().terakhir == 1  # the loser's number was rolled back


@pytest.mark.django_db(transaction=True)
def test_two_signers_on_two_cases_of_one_collective_letter_issue_one_letter(postgres):
    load_demo("lumajang")
    from django.contrib.auth import get_user_model

    from surat.models import Penomoran, Surat
    from tests.layanan.helpers import nik

    User = get_user_model()
    fo = User.objects.get(username="fo")
    kasus = [daftar(fo, kode="kis-pbid-pengajuan", nik=nik("3508", urut=f"{i + 1:04d}")) for i in range(2)]
    Permohonan.objects.update(status=Status.KONSEP)
    aksi.buat_kolektif(fo, [p.nomor_registrasi for p in kasus])
    Permohonan.objects.update(status=Status.TTD)
    token = aksi.token_status(Permohonan.objects.get(pk=kasus[0].pk))
    signers = [User.objects.get(username="kadis"), User.objects.get(username="sekretaris")]
    results = race(
        2,
        lambda i: aksi.jalankan(kasus[i].pk, signers[i], "tandatangani", token=token, base_url="http://testserver/"),
    )
    assert sorted(r[0] for r in results) == ["gagal", "ok"]
    assert Surat.objects.count() == 1 and Penomoran.objects.get().terakhir == 1
    assert set(Permohonan.objects.values_list("status", flat=True)) == {Status.TERBIT}
