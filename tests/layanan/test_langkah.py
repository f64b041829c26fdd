"""The step engine on the catalogs' own data: turns (giliran), folded letter stages, decisions."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from dinsos.kalender import Kalender
from dinsos.models import Jabatan, Pegawai
from layanan import aksi
from layanan.models import Permohonan, Riwayat, Status
from tests.layanan.helpers import daftar, maju


def get(p):
    return Permohonan.objects.select_related("langkah_kini").get(pk=p.pk)


def _pegawai(kode):
    """The demo's employee for a position, or a new one."""
    jabatan = Jabatan.objects.get(kode=kode)
    pegawai = Pegawai.objects.filter(jabatan=jabatan, aktif=True).select_related("user").first()
    if pegawai is None:
        user = get_user_model().objects.create_user(username=f"uji-{kode}", password="x")
        pegawai = Pegawai.objects.create(user=user, nama=f"Uji {jabatan.nama}", jabatan=jabatan)
    return pegawai.user


def _di_tugas(client, user, p):
    client.force_login(user)
    return p.nomor_registrasi in client.get(reverse("layanan:tugas")).content.decode()


@pytest.fixture
def ugb(kantor_lumajang):
    users = {k: _pegawai(k) for k in ("staf", "kadis", "kabid-pemberdayaan-sosial", "kasi-pemberdayaan-kelembagaan")}
    return users


def test_lumajang_ugb_each_position_acts_in_its_turn_and_sees_the_case_in_tugas_saya(client, ugb):
    staf, kadis = ugb["staf"], ugb["kadis"]
    kabid, kasi = ugb["kabid-pemberdayaan-sosial"], ugb["kasi-pemberdayaan-kelembagaan"]
    p = daftar(staf, kode="ugb")
    assert (p.status, p.langkah_kini.urutan) == (Status.VERIFIKASI, 2)  # the proposal is received and agendaed
    p = maju(p, staf, "verifikasi_berkas")

    # Step 3, disposisi Kepala Dinas then the clerk: the clerk cannot act first.
    p = get(p)
    assert (p.status, p.langkah_kini.urutan) == (Status.DISPOSISI, 3)
    with pytest.raises(aksi.AksiGagal, match="tidak berwenang"):
        maju(p, staf, "disposisikan")
    assert get(p).giliran_ke == 0 and Riwayat.objects.filter(permohonan=p).count() == 2
    assert _di_tugas(client, kadis, p) and not _di_tugas(client, staf, p)
    maju(p, kadis, "disposisikan", catatan="Proses sesuai ketentuan")
    p = get(p)
    assert (p.langkah_kini.urutan, p.giliran_ke) == (3, 1)
    assert _di_tugas(client, staf, p) and not _di_tugas(client, kadis, p)
    p = maju(p, staf, "disposisikan")
    p = maju(get(p), staf, "disposisikan")  # step 4: the file goes to the Kabid

    # Step 5, Kabid then Kasi (the Kabid assigns the completeness check): the Kasi waits.
    p = get(p)
    assert (p.status, p.langkah_kini.urutan) == (Status.KONSEP, 5)
    assert _di_tugas(client, kabid, p) and not _di_tugas(client, kasi, p)
    with pytest.raises(aksi.AksiGagal, match="tidak berwenang"):
        maju(p, kasi, "ajukan_konsep")
    maju(p, kabid, "ajukan_konsep")
    p = get(p)
    assert (p.status, p.langkah_kini.urutan, p.giliran_ke) == (Status.KONSEP, 5, 1)
    assert _di_tugas(client, kasi, p) and not _di_tugas(client, kabid, p)
    p = maju(p, kasi, "ajukan_konsep")
    assert (get(p).status, get(p).langkah_kini.urutan) == (Status.TTD, 6)
    assert _di_tugas(client, kadis, p)


def test_oku_kis_pbid_deactivation_two_days_run_from_drafting_to_issue(users):
    p = daftar(users["fo"], kode="kis-pbid-penonaktifan")
    p = maju(p, users["fo"], "verifikasi_berkas")
    p = get(p)
    langkah = p.langkah_kini
    assert (p.status, langkah.waktu_teks) == (Status.KONSEP, "2 hari")
    dua_hari = aksi.tambah_waktu(Kalender.untuk_kantor(), p.status_sejak, langkah.waktu)
    assert abs((p.batas_waktu - dua_hari).total_seconds()) < 5
    batas = p.batas_waktu

    p = maju(p, users["fo"], "ajukan_konsep")
    while get(p).status == Status.PARAF:
        q = get(p)
        signer = next(u for u in users.values() if q.bisa_bertindak(u) is not None)
        maju(q, signer, "paraf")
    p = get(p)
    assert p.status == Status.TTD
    # Drafting, initials and signature ran on the same step: the same deadline, not a new one per stage.
    assert (p.langkah_kini_id, p.batas_waktu) == (langkah.pk, batas)
    p = maju(p, users["kadis"], "tandatangani", base_url="http://testserver/")
    assert p.status == Status.TERBIT and p.surat is not None
    rows = list(Riwayat.objects.filter(permohonan=p).exclude(aksi="daftarkan").order_by("pk"))
    assert all(r.langkah_id == langkah.pk for r in rows[1:])
    assert [r.tepat_waktu for r in rows if r.aksi == "tandatangani"] == [True]
    assert all(r.tepat_waktu is None for r in rows if r.aksi in ("ajukan_konsep", "paraf"))


def test_oku_kis_pbid_signed_after_the_two_days_is_recorded_late(client, users):
    p = daftar(users["fo"], kode="kis-pbid-penonaktifan")
    p = maju(p, users["fo"], "verifikasi_berkas")
    p = maju(get(p), users["fo"], "ajukan_konsep")
    while get(p).status == Status.PARAF:
        q = get(p)
        maju(q, next(u for u in users.values() if q.bisa_bertindak(u) is not None), "paraf")
    Permohonan.objects.filter(pk=p.pk).update(batas_waktu=timezone.now() - datetime.timedelta(hours=1))
    p = maju(get(p), users["kadis"], "tandatangani", base_url="http://testserver/")
    assert Riwayat.objects.get(permohonan=p, aksi="tandatangani").tepat_waktu is False
    # The admin sees per SOP which steps are late.
    client.force_login(users["kadis"])
    html = client.get(reverse("layanan:kinerja")).content.decode()
    tabel = html[html.index('id="langkah-terlambat"') :]
    assert "Penonaktifan" in tabel and "Langkah 3 ·" in tabel


def test_the_case_page_shows_the_step_in_the_history(client, users):
    p = daftar(users["fo"])
    maju(p, users["fo"], "verifikasi_berkas")
    client.force_login(users["fo"])
    html = client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()
    assert "Langkah 2 · Persyaratan di verifikasi petugas" in html
    assert "Paraf berjenjang → Paraf berjenjang" not in html
