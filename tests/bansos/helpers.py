"""Small arrange helpers for bansos tests (no demo office unless a test needs one)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import connection

from bansos.models import Calon, Program
from dinsos.models import Instansi, Jabatan, Pegawai
from registri.models import BarisDtks, Jenis, Snapshot
from sop.models import Sop, VersiSop

KODE = "1609"


def nik(urut=1, lahir=datetime.date(1960, 4, 12), kode=KODE, perempuan=False):
    day = lahir.day + (40 if perempuan else 0)
    return f"{kode}01{day:02d}{lahir:%m%y}{urut:04d}"


def kk(urut=1, kode=KODE):
    return f"{kode}01150620{urut:04d}"


def instansi():
    return Instansi.objects.get_or_create(
        kabupaten="uji",
        defaults={
            "pemerintah_daerah": "Pemerintah Kabupaten Uji",
            "kota_penerbitan": "Muaradua",
            "kode_wilayah": KODE,
        },
    )[0]


def versi(kode="alat-bantu", nama="Bansos alat bantu disabilitas"):
    sop, _ = Sop.objects.get_or_create(kabupaten="uji", kode=kode, defaults={"nama": nama})
    return VersiSop.objects.create(sop=sop, nama=nama, status=VersiSop.Status.TERBIT)


def program(versi_sop=None, **overrides) -> Program:
    instansi()
    data = {
        "nama": "Bansos alat bantu disabilitas",
        "versi_sop": versi_sop or versi(),
        "tahun_anggaran": 2026,
        "sumber_dana": "apbd",
        "bentuk": "barang",
        "nama_barang": "Kursi roda",
        "jumlah_barang": 1,
        "satuan": "unit",
        "harga_satuan": 1_500_000,
        "kuota": 3,
        "anggaran": 4_500_000,
        "mulai": datetime.date(2026, 1, 1),
        "selesai": datetime.date(2026, 12, 31),
        "syarat_domisili": False,
    }
    data.update(overrides)
    p = Program(**data)
    p.full_clean()
    p.save()
    return p


def dtks(rows):
    """An active DTKS snapshot with rows (nik, desil) or (nik, desil, nomor_kk)."""
    snap = Snapshot.objects.create(jenis=Jenis.DTKS, nama_berkas="uji.csv", status="selesai", aktif=True)
    if connection.vendor == "postgresql":  # rows live in one partition per snapshot
        from registri import impor_pg

        with connection.cursor() as cursor:
            impor_pg.buat_anak(cursor, snap)
            impor_pg.pasang_anak(cursor, snap)
    BarisDtks.objects.bulk_create(
        [BarisDtks(snapshot=snap, nik=r[0], nama="Warga", desil=r[1], nomor_kk=r[2] if len(r) > 2 else "") for r in rows]
    )
    return snap


def calon(program, urut=1, **overrides) -> Calon:
    data = {"program": program, "nik": nik(urut), "nomor_kk": kk(urut), "nama": f"Calon {urut}", "desa": "Air Rupik"}
    data.update(overrides)
    return Calon(**data)


def pegawai(peran, username=None):
    User = get_user_model()
    username = username or peran
    jabatan, _ = Jabatan.objects.get_or_create(kode=f"uji-{peran}", defaults={"nama": f"Jabatan {peran}", "peran": peran})
    user = User.objects.create_user(username=username, password="x")
    Pegawai.objects.create(user=user, nama=f"Pegawai {username}", nip="", jabatan=jabatan)
    return user
