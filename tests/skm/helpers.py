"""Arrange helpers for SKM and dashboard tests: responses and cases at chosen moments."""

import datetime
import zoneinfo

from django.contrib.auth import get_user_model

from dinsos.models import Desa
from layanan.models import Orang, Permohonan, Riwayat, Status
from skm.models import Tanggapan
from sop.models import Sop, VersiSop
from tests.layanan.helpers import orang

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def saat(tahun, bulan, hari, jam=9, menit=0):
    return datetime.datetime(tahun, bulan, hari, jam, menit, tzinfo=WIB)


def sop(kode="sktm-uji", nama="Surat keterangan uji"):
    return Sop.objects.get_or_create(kabupaten="uji", kode=kode, defaults={"nama": nama})[0]


def tanggapan(layanan, nilai, pada=None, **profil):
    """One response with the nine scores in `nilai` (u1..u9)."""
    data = {"jenis_kelamin": "P", "kelompok_umur": "30-39", "pendidikan": "sma", "pekerjaan": "wirausaha"}
    data.update(profil)
    return Tanggapan.objects.create(
        sop=layanan,
        saluran="kiosk",
        dibuat_pada=pada or saat(2026, 11, 10),
        **data,
        **{f"u{i + 1}": n for i, n in enumerate(nilai)},
    )


_orang = {}


def kasus(kode, dibuat, selesai=None, status=None, batas=None, nomor=None):
    """A case of a published service registered at `dibuat`, finished at `selesai` if given."""
    versi = VersiSop.objects.terbit().get(sop__kode=kode)
    user = get_user_model().objects.get(username="fo")
    pemohon = Orang.objects.first()
    if pemohon is None:
        desa = Desa.objects.select_related("kecamatan").first()
        pemohon = Orang.objects.create(**orang(desa))
    n = Permohonan.objects.count() + 1
    status = status or (Status.DISERAHKAN if selesai else Status.VERIFIKASI)
    return Permohonan.objects.create(
        nomor_registrasi=nomor or f"REG-2026-{800000 + n:06d}",
        versi_sop=versi,
        status=status,
        pemohon=pemohon,
        keperluan="Uji",
        desa=pemohon.desa,
        kecamatan=pemohon.desa.kecamatan,
        didaftarkan_oleh=user,
        dibuat_pada=dibuat,
        status_sejak=dibuat,
        selesai_pada=selesai,
        batas_waktu=batas,
    )


def riwayat_terlambat(p, waktu, dari=Status.VERIFIKASI, ke=Status.KONSEP):
    user = get_user_model().objects.get(username="fo")
    return Riwayat.objects.create(
        permohonan=p, aksi="uji", dari_status=dari, ke_status=ke, oleh=user, nama_pelaku="FO", waktu=waktu, tepat_waktu=False
    )
