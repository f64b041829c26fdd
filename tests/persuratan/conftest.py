"""A small office for correspondence tests (faster than the demo office), and letter builders.

Positions: Kadis; Sekretaris (under Kadis) with a Sekretariat clerk; Kabid Linjamsos with
its Kasi and a staff member; Kabid Rehsos with its Kasi. Every account's password is
DEMO_PASSWORD (tests/conftest.py).
"""

import datetime
import io
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from dinsos.models import Bidang, Instansi, Jabatan, Pegawai, Peran
from persuratan import aksi
from persuratan.models import Instruksi, KodeKlasifikasi, Sifat, SuratMasuk
from tests.conftest import DEMO_PASSWORD

PDF_KECIL = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

JABATAN = [
    # kode, nama, peran, atasan, nama di surat
    ("kadis", "Kepala Dinas Sosial", Peran.KADIS, None),
    ("sekretaris", "Sekretaris Dinas", Peran.SEKRETARIS, "kadis"),
    ("pengadministrasi-umum", "Pengadministrasi Umum", Peran.FO, "sekretaris"),
    ("kabid-linjamsos", "Kepala Bidang Perlindungan dan Jaminan Sosial", Peran.KABID, "kadis"),
    ("kasi-jaminan", "Kepala Seksi Jaminan Sosial Keluarga", Peran.KASI, "kabid-linjamsos"),
    ("staf-jaminan", "Pengelola Data Jaminan Sosial", Peran.STAF, "kasi-jaminan"),
    ("kabid-rehsos", "Kepala Bidang Rehabilitasi Sosial", Peran.KABID, "kadis"),
    ("kasi-rehsos", "Kepala Seksi Rehabilitasi Anak", Peran.KASI, "kabid-rehsos"),
]
AKUN = {
    "kadis": ("kadis", "Zulfakar, S.Sos", "196803031988031002", "Pembina Utama Muda", "IV/c"),
    "sekretaris": ("sekretaris", "Hendra Saputra, S.E., M.Si.", "197508142002121004", "Pembina", "IV/a"),
    "umum": ("pengadministrasi-umum", "Dewi Lestari", "", "", ""),
    "kabid": ("kabid-linjamsos", "Rahmat Hidayat, S.Sos.", "197903222005011007", "Penata Tingkat I", "III/d"),
    "kasi": ("kasi-jaminan", "Yuliana Sari, S.Sos.", "198507102010012015", "Penata", "III/c"),
    "staf": ("staf-jaminan", "Budi Santoso", "", "", ""),
    "kabid_rehsos": ("kabid-rehsos", "Maria Ulfa, S.Psi.", "198001012006042001", "Penata Tingkat I", "III/d"),
    "kasi_rehsos": ("kasi-rehsos", "Andi Pratama", "", "", ""),
}


def isi_daftar_baku():
    """The migration's seed lists (a transactional test flushes them away)."""
    for urutan, teks in enumerate(
        ["Untuk diketahui", "Tindak lanjuti", "Siapkan jawaban", "Koordinasikan", "Hadiri/wakili"], start=1
    ):
        Instruksi.objects.get_or_create(teks=teks, defaults={"urutan": urutan})
    for kode, nama in [("400.9.3.3", "Perlindungan dan jaminan sosial"), ("000.1.2", "Persuratan dan undangan")]:
        KodeKlasifikasi.objects.get_or_create(kode=kode, defaults={"nama": nama})


def buat_kantor():
    Instansi.objects.get_or_create(
        kabupaten="oku-selatan",
        defaults={
            "pemerintah_daerah": "Pemerintah Kabupaten Ogan Komering Ulu Selatan",
            "nama_dinas": "Dinas Sosial",
            "alamat": "Jl. Raya Muaradua No. 1, Muaradua",
            "telepon": "(0735) 000000",
            "kota_penerbitan": "Muaradua",
            "kode_wilayah": "1609",
        },
    )
    isi_daftar_baku()
    bidang, _ = Bidang.objects.get_or_create(nama="Perlindungan dan Jaminan Sosial", singkatan="Linjamsos")
    jabatan = {}
    for kode, nama, peran, atasan in JABATAN:
        jabatan[kode], _ = Jabatan.objects.get_or_create(
            kode=kode, defaults={"nama": nama, "peran": peran, "atasan": jabatan.get(atasan), "bidang": bidang}
        )
    User = get_user_model()
    users = {}
    for username, (kode, nama, nip, pangkat, golongan) in AKUN.items():
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            Pegawai.objects.create(user=user, nama=nama, nip=nip, pangkat=pangkat, golongan=golongan, jabatan=jabatan[kode])
        users[username] = User.objects.select_related("pegawai__jabatan").get(pk=user.pk)
    return Org(users, jabatan)


@dataclass
class Org:
    users: dict
    jabatan: dict


@pytest.fixture
def org(db):
    return buat_kantor()


def pindaian(nama="surat.pdf", isi=PDF_KECIL):
    return SimpleUploadedFile(nama, isi, content_type="application/pdf")


def catat_surat(org, sifat=Sifat.BIASA, perihal="Rekonsiliasi data PBI JK", oleh="umum", **kwargs) -> SuratMasuk:
    surat = SuratMasuk(
        tanggal_diterima=kwargs.pop("tanggal_diterima", datetime.date(2026, 11, 24)),
        pengirim=kwargs.pop("pengirim", "BPJS Kesehatan Cabang Baturaja"),
        nomor_surat=kwargs.pop("nomor_surat", "1234/II-05/1126"),
        tanggal_surat=kwargs.pop("tanggal_surat", datetime.date(2026, 11, 20)),
        perihal=perihal,
        sifat=sifat,
        klasifikasi=KodeKlasifikasi.objects.get(kode="400.9.3.3"),
        berkas=pindaian(),
        **kwargs,
    )
    return aksi.catat_surat_masuk(surat, org.users[oleh])


def instruksi(*teks):
    return list(Instruksi.objects.filter(teks__in=teks))


def pdf_teks(isi: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(isi)).pages)
