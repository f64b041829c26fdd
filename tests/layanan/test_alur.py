"""The SKTM lifecycle of OKU Selatan through the model actions."""

import datetime

import pytest

from layanan import aksi
from layanan.models import Permohonan, Riwayat, Status
from tests.layanan.helpers import daftar, maju


def get(p):
    return Permohonan.objects.get(pk=p.pk)


def test_sktm_runs_from_registration_to_handover(users):
    p = daftar(users["fo"])
    assert p.status == Status.VERIFIKASI and p.nomor_registrasi.startswith("REG-2026-")
    assert p.batas_waktu is not None  # "30 menit" for verification
    p = maju(p, users["fo"], "verifikasi_berkas")
    assert p.status == Status.SURVEI
    aksi.catat_survei(p.pk, users["survei"], aksi.token_status(get(p)), datetime.date.today(), True, "Rumah semi permanen")
    p = get(p)
    assert p.status == Status.KONSEP
    p = maju(p, users["fo"], "ajukan_konsep")
    assert p.status == Status.PARAF and p.jabatan_giliran.peran == "kasi"
    p = maju(p, users["kasi"], "paraf")
    assert p.status == Status.PARAF and p.jabatan_giliran.peran == "kabid"
    p = maju(p, users["kabid"], "paraf")
    assert p.status == Status.TTD
    p = maju(p, users["kadis"], "tandatangani", base_url="http://testserver/")
    assert p.status == Status.TERBIT and p.surat is not None
    assert p.surat.nomor.startswith("400.9.3.3/0001/DINSOS/")
    p = maju(p, users["fo"], "serahkan")
    assert p.status == Status.DISERAHKAN
    steps = list(Riwayat.objects.filter(permohonan=p).values_list("aksi", flat=True))
    assert steps == [
        "daftarkan",
        "verifikasi_berkas",
        "survei_layak",
        "ajukan_konsep",
        "paraf",
        "paraf",
        "tandatangani",
        "serahkan",
    ]


def test_user_without_the_step_jabatan_is_refused_and_nothing_changes(users):
    p = daftar(users["fo"])
    with pytest.raises(aksi.AksiGagal, match="tidak berwenang"):
        maju(p, users["kadis"], "verifikasi_berkas")
    assert get(p).status == Status.VERIFIKASI
    assert Riwayat.objects.filter(permohonan=p).count() == 1
