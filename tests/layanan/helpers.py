"""Arrange helpers for case tests: valid identities and a registered case."""

import datetime
import uuid

from dinsos.models import Desa
from layanan import aksi
from layanan.models import GiliranPermohonan, Permohonan
from sop.models import VersiSop


def nik(kode_wilayah="1609", kecamatan="01", lahir=datetime.date(1985, 4, 12), perempuan=False, urut="0001"):
    day = lahir.day + (40 if perempuan else 0)
    return f"{kode_wilayah}{kecamatan}{day:02d}{lahir:%m%y}{urut}"


def kk(kode_wilayah="1609", kecamatan="01", urut="0002"):
    return f"{kode_wilayah}{kecamatan}150620{urut}"


def orang(desa=None, **overrides):
    desa = desa or Desa.objects.select_related("kecamatan").first()
    data = {
        "nik": nik(),
        "nama": "Siti Aminah",
        "tempat_lahir": "Muaradua",
        "tanggal_lahir": datetime.date(1985, 4, 12),
        "jenis_kelamin": "L",
        "alamat": "Jl. Merdeka No. 5",
        "rt": "001",
        "rw": "002",
        "desa": desa,
        "nomor_kk": kk(),
        "nomor_hp": "081234567890",
    }
    data.update(overrides)
    return data


def form_post(versi, desa=None, **overrides):
    """POST data of the registration form with every document handed in."""
    desa = desa or Desa.objects.select_related("kecamatan").first()
    person = orang(desa)
    data = {f"pemohon-{k}": v for k, v in person.items() if k != "desa"}
    data["pemohon-tanggal_lahir"] = person["tanggal_lahir"].isoformat()
    data["pemohon-desa"] = desa.pk
    data["pemohon-kecamatan"] = desa.kecamatan_id
    data["keperluan"] = "Berobat ke rumah sakit"
    data["kunci"] = uuid.uuid4().hex
    for i, _ in enumerate(versi.persyaratan.all()):
        data[f"ada_{i}"] = "on"
    for isian in versi.isian_tambahan.all():
        data[f"isian_{isian.kode}"] = "RSUD Muaradua"
    data.update(overrides)
    return data


def daftar(user, kode="sktm", kurang=(), **orang_overrides) -> Permohonan:
    versi = VersiSop.objects.terbit().get(sop__kode=kode)
    dokumen = [(p.nama, None) for p in versi.persyaratan.all() if p.nama not in kurang]
    p = aksi.daftarkan(
        user,
        versi,
        orang(**orang_overrides),
        None,
        "",
        "Berobat ke rumah sakit",
        {i.kode: "RSUD Muaradua" for i in versi.isian_tambahan.all()},
        dokumen,
        "1609",
    )
    if kurang:
        p = aksi.jalankan(p.pk, user, "kembalikan", kurang=list(kurang))
    return p


def maju(p, user, nama, **kwargs):
    return aksi.jalankan(p.pk, user, nama, token=aksi.token_status(Permohonan.objects.get(pk=p.pk)), **kwargs)


def buat_banyak(n, user, status, kode="sktm", jabatan=None, paraf_ke=0):
    """n cases in a status, inserted in bulk (for query-count and benchmark data)."""
    from django.utils import timezone

    from layanan.models import Orang

    versi = VersiSop.objects.terbit().get(sop__kode=kode)
    desa = Desa.objects.select_related("kecamatan").first()
    start = Permohonan.objects.count()
    people = Orang.objects.bulk_create(
        [
            Orang(
                **{
                    **orang(desa),
                    "nik": nik(urut=f"{(start + i) % 9000 + 1:04d}"),
                    "nama": f"Warga {start + i}",
                }
            )
            for i in range(n)
        ]
    )
    now = timezone.now()
    probe = Permohonan(versi_sop=versi, status=status, paraf_ke=paraf_ke)
    langkah = probe.langkah_untuk(status)
    cases = Permohonan.objects.bulk_create(
        [
            Permohonan(
                nomor_registrasi=f"REG-2026-{900000 + start + i:06d}",
                versi_sop=versi,
                status=status,
                pemohon=person,
                keperluan="Uji",
                desa=desa,
                kecamatan=desa.kecamatan,
                didaftarkan_oleh=user,
                dibuat_pada=now,
                status_sejak=now,
                batas_waktu=now + datetime.timedelta(hours=i % 50 - 25),
                jabatan_giliran=jabatan,
                paraf_ke=paraf_ke,
                langkah_kini=langkah,
            )
            for i, person in enumerate(people)
        ]
    )
    if jabatan is not None:
        GiliranPermohonan.objects.bulk_create([GiliranPermohonan(permohonan=p, jabatan=jabatan) for p in cases])
    return cases
