"""Indeks Kepuasan Masyarakat as Permenpan-RB 14/2017 prescribes.

For each of the nine elements (unsur):

    NRR per unsur            = total of the respondents' scores / number of respondents
    NRR tertimbang per unsur = NRR × bobot, bobot = 1/9 (every element weighs the same)

and for the unit:

    IKM            = Σ NRR tertimbang                       (1.00–4.00)
    IKM konversi   = IKM × 25                               (25.00–100.00)

The converted value (rounded to two decimals, as the regulation tabulates it) gives the
grade: 25.00–64.99 D (tidak baik), 65.00–76.60 C (kurang baik), 76.61–88.30 B (baik),
88.31–100.00 A (sangat baik). An element's own grade reads its NRR × 25 on the same table.

The regulation prints the weight as 0,11; we use the exact 1/9 so that nine 4s give 100,00
(with 0,11 they would give 99,00). Sums and counts run in the database (one query per
table); the arithmetic here works on exact fractions and rounds only for display.

Minimum sample: the regulation takes it from the Krejcie and Morgan table, which is the
formula s = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)) with χ² = 3,841, P = 0,5, d = 0,05,
rounded to the nearest whole respondent, which reproduces the table (N = 100 → 80,
N = 500 → 217, N = 1.000 → 278, N = 1.000.000 → 384).
"""

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, Sum

from skm.models import KODE_UNSUR, NAMA_UNSUR, Tanggapan

BOBOT = Fraction(1, 9)
# (lowest converted value, grade, kinerja) — highest first.
MUTU = [
    (Decimal("88.31"), "A", "Sangat baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang baik"),
    (Decimal("25.00"), "D", "Tidak baik"),
]


def dua_desimal(nilai: Fraction) -> Decimal:
    return (Decimal(nilai.numerator) / Decimal(nilai.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def mutu(nilai_konversi: Decimal) -> tuple[str, str]:
    """(grade, kinerja) of a converted value (25–100)."""
    for batas, huruf, kinerja in MUTU:
        if nilai_konversi >= batas:
            return huruf, kinerja
    return "D", "Tidak baik"


def sampel_minimal(populasi: int) -> int:
    """The Krejcie–Morgan sample size for a population (the regulation's table)."""
    if populasi <= 0:
        return 0
    chi2, p, d = 3.841, 0.5, 0.05
    s = chi2 * populasi * p * (1 - p) / (d * d * (populasi - 1) + chi2 * p * (1 - p))
    return min(populasi, math.floor(s + 0.5))


@dataclass
class Unsur:
    kode: str
    nama: str
    jumlah_nilai: int
    nrr: Fraction
    nrr_tertimbang: Fraction

    @property
    def nrr_tampil(self) -> Decimal:
        return dua_desimal(self.nrr)

    @property
    def nrr_tertimbang_tampil(self) -> Decimal:
        return dua_desimal(self.nrr_tertimbang * 10) / 10

    @property
    def nilai_konversi(self) -> Decimal:
        return dua_desimal(self.nrr * 25)

    @property
    def mutu(self) -> str:
        return mutu(self.nilai_konversi)[0]

    @property
    def kinerja(self) -> str:
        return mutu(self.nilai_konversi)[1]


@dataclass
class Hasil:
    responden: int
    unsur: list[Unsur] = field(default_factory=list)

    @property
    def ada(self) -> bool:
        return self.responden > 0

    @property
    def ikm_tertimbang(self) -> Fraction:
        return sum((u.nrr_tertimbang for u in self.unsur), Fraction(0))

    @property
    def ikm_tertimbang_tampil(self) -> Decimal:
        return dua_desimal(self.ikm_tertimbang * 10) / 10

    @property
    def ikm(self) -> Decimal | None:
        """The converted IKM (25.00–100.00), or None without respondents."""
        return dua_desimal(self.ikm_tertimbang * 25) if self.ada else None

    @property
    def mutu(self) -> str:
        return mutu(self.ikm)[0] if self.ada else ""

    @property
    def kinerja(self) -> str:
        return mutu(self.ikm)[1] if self.ada else ""

    def terendah(self, jumlah=3) -> list[Unsur]:
        """The lowest elements (what the report says to improve first)."""
        return sorted(self.unsur, key=lambda u: (u.nrr, u.kode))[:jumlah]


def _agregat():
    return {"n": Count("pk"), **{f"s_{k}": Sum(k) for k in KODE_UNSUR}}


def dari_jumlah(baris: dict) -> Hasil:
    """A `Hasil` from one row of sums: {"n": respondents, "s_u1": total of u1, ...}."""
    n = baris["n"] or 0
    hasil = Hasil(responden=n)
    if n:
        for kode in KODE_UNSUR:
            total = baris[f"s_{kode}"] or 0
            nrr = Fraction(total, n)
            hasil.unsur.append(Unsur(kode, NAMA_UNSUR[kode], total, nrr, nrr * BOBOT))
    return hasil


def hitung(qs=None) -> Hasil:
    """The IKM of a set of responses (one query)."""
    qs = Tanggapan.objects.all() if qs is None else qs
    return dari_jumlah(qs.aggregate(**_agregat()))


def per_layanan(qs) -> dict[int, Hasil]:
    """The IKM of each service (Sop id) in a set of responses (one query)."""
    rows = qs.order_by().values("sop_id").annotate(**_agregat())
    return {row["sop_id"]: dari_jumlah(row) for row in rows}


def per_bulan(qs) -> dict[tuple[int, int], Hasil]:
    """The IKM of each month in a set of responses (one query), keyed (year, month)."""
    from django.db.models.functions import TruncMonth

    rows = qs.order_by().annotate(bulan=TruncMonth("dibuat_pada")).values("bulan").annotate(**_agregat())
    return {(row["bulan"].year, row["bulan"].month): dari_jumlah(row) for row in rows}
