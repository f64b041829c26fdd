"""Arrange helpers for complaint tests."""

from layanan.models import Permohonan
from pengaduan import aksi
from pengaduan.models import Kategori, Pengaduan, Saluran


def data(**overrides):
    d = {
        "kategori": Kategori.objects.get(kode="bansos-pkh"),
        "judul": "Bantuan PKH tidak cair tiga bulan",
        "isi": "Sejak Agustus bantuan PKH keluarga kami tidak masuk rekening.",
        "nama_pelapor": "Rahmat Hidayat",
        "nik_pelapor": "1609011204850001",
        "telepon": "081234567890",
        "email": "",
        "rahasiakan": False,
    }
    d.update(overrides)
    return d


def adukan(user, saluran=Saluran.LOKET, **overrides) -> tuple[Pengaduan, str]:
    return aksi.buat(user, saluran, data(**overrides))


def token(pengaduan):
    from layanan.aksi import token_status

    return token_status(Permohonan.objects.get(pk=pengaduan.permohonan_id))


def maju(pengaduan, user, **kwargs) -> Pengaduan:
    aksi.tindak(pengaduan.pk, user, token(pengaduan), **kwargs)
    return Pengaduan.objects.select_related("permohonan").get(pk=pengaduan.pk)
