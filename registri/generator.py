"""A deterministic generator of synthetic registries: valid NIKs of a regency, names, desil.

Never real personal data: names are drawn from common given names, NIKs are built from the
regency's area code, a district number, a birth date and a serial. The same seed gives the
same file, so tests and benchmarks know every answer.
"""

import csv
import datetime
import random

DEPAN = [
    "Siti",
    "Ahmad",
    "Muhammad",
    "Dewi",
    "Budi",
    "Sri",
    "Agus",
    "Nur",
    "Rina",
    "Eko",
    "Yuli",
    "Andi",
    "Fitri",
    "Hendra",
    "Ma'ruf",
    "Wahyu",
    "Indah",
    "Rudi",
    "Lestari",
    "Joko",
    "Ani",
    "Bambang",
    "Ratna",
    "Dedi",
    "Sari",
    "Putri",
    "Rahmat",
    "Ayu",
    "Teguh",
    "Wati",
]
BELAKANG = [
    "Aminah",
    "Saputra",
    "Hidayat",
    "Lestari",
    "Santoso",
    "Wulandari",
    "Pratama",
    "Al-Amin",
    "Kurniawan",
    "Rahayu",
    "Setiawan",
    "Susanti",
    "Nugroho",
    "Handayani",
    "Firmansyah",
    "Yulianti",
    "Siregar",
    "Harahap",
    "Suryani",
    "Gunawan",
]
KOLOM_DTKS = ["nik", "nama", "nomor_kk", "alamat", "desa", "kecamatan", "desil", "pkh", "bpnt", "pbi"]


def nik_acak(rng, kode_wilayah, index):
    """A valid NIK: district and serial from `index`, a random birth date (women + 40)."""
    serial = 1 + index % 9999
    kecamatan = 1 + (index // 9999) % 20
    lahir = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 55))
    day = lahir.day + (40 if rng.random() < 0.5 else 0)
    return f"{kode_wilayah}{kecamatan:02d}{day:02d}{lahir:%m%y}{serial:04d}"


def baris_dtks(n, kode_wilayah="6301", seed=2026):
    rng = random.Random(seed)
    seen = set()
    i = 0
    while len(seen) < n:
        nik = nik_acak(rng, kode_wilayah, i)
        i += 1
        if nik in seen:
            continue
        seen.add(nik)
        desil = rng.randint(1, 10)
        yield [
            nik,
            f"{rng.choice(DEPAN)} {rng.choice(BELAKANG)}",
            f"{kode_wilayah}{rng.randint(1, 20):02d}150620{rng.randint(1, 9999):04d}",
            f"Jl. Contoh No. {rng.randint(1, 200)}",
            f"Desa {rng.randint(1, 50)}",
            f"Kecamatan {rng.randint(1, 20)}",
            desil,
            "1" if desil <= 3 and rng.random() < 0.5 else "0",
            "1" if desil <= 4 and rng.random() < 0.6 else "0",
            "1" if desil <= 5 and rng.random() < 0.7 else "0",
        ]


def tulis_csv(path, n, kode_wilayah="6301", seed=2026):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(KOLOM_DTKS)
        writer.writerows(baris_dtks(n, kode_wilayah, seed))
