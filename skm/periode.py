"""Reporting periods: month, quarter (triwulan), semester and year, in the office's time zone.

Written in URLs and forms as `2026-11` (month), `2026-T4` (quarter), `2026-S2` (semester)
or `2026` (year).
"""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
ROMAWI = ["I", "II", "III", "IV"]
POLA = re.compile(r"^(?P<tahun>\d{4})(?:-(?:(?P<bulan>\d{1,2})|T(?P<triwulan>[1-4])|S(?P<semester>[12])))?$")


class PeriodeSalah(ValueError):
    pass


@dataclass(frozen=True)
class Periode:
    tahun: int
    bulan_awal: int
    jumlah_bulan: int  # 1, 3, 6 or 12

    @property
    def kode(self) -> str:
        if self.jumlah_bulan == 1:
            return f"{self.tahun}-{self.bulan_awal:02d}"
        if self.jumlah_bulan == 3:
            return f"{self.tahun}-T{(self.bulan_awal - 1) // 3 + 1}"
        if self.jumlah_bulan == 6:
            return f"{self.tahun}-S{(self.bulan_awal - 1) // 6 + 1}"
        return str(self.tahun)

    @property
    def label(self) -> str:
        if self.jumlah_bulan == 1:
            return f"{BULAN[self.bulan_awal - 1]} {self.tahun}"
        if self.jumlah_bulan == 3:
            return f"Triwulan {ROMAWI[(self.bulan_awal - 1) // 3]} {self.tahun}"
        if self.jumlah_bulan == 6:
            return f"Semester {ROMAWI[(self.bulan_awal - 1) // 6]} {self.tahun}"
        return f"Tahun {self.tahun}"

    def _tanggal(self, offset_bulan):
        bulan = self.bulan_awal - 1 + offset_bulan
        return datetime.date(self.tahun + bulan // 12, bulan % 12 + 1, 1)

    @property
    def tanggal_awal(self) -> datetime.date:
        return self._tanggal(0)

    @property
    def tanggal_akhir(self) -> datetime.date:
        """The last day of the period."""
        return self._tanggal(self.jumlah_bulan) - datetime.timedelta(days=1)

    @property
    def awal(self) -> datetime.datetime:
        return datetime.datetime.combine(self._tanggal(0), datetime.time(), timezone.get_current_timezone())

    @property
    def akhir(self) -> datetime.datetime:
        """The first moment after the period (exclusive bound)."""
        return datetime.datetime.combine(self._tanggal(self.jumlah_bulan), datetime.time(), timezone.get_current_timezone())

    def sebelumnya(self) -> "Periode":
        tanggal = self._tanggal(-self.jumlah_bulan)
        return Periode(tanggal.year, tanggal.month, self.jumlah_bulan)

    def berikutnya(self) -> "Periode":
        tanggal = self._tanggal(self.jumlah_bulan)
        return Periode(tanggal.year, tanggal.month, self.jumlah_bulan)

    def bulan_bulan(self) -> list["Periode"]:
        return [Periode(self._tanggal(i).year, self._tanggal(i).month, 1) for i in range(self.jumlah_bulan)]


def bulan_ini() -> Periode:
    hari_ini = timezone.localdate()
    return Periode(hari_ini.year, hari_ini.month, 1)


def baca(teks: str | None, bawaan: Periode | None = None) -> Periode:
    """Parse a period code; raises PeriodeSalah with an Indonesian message."""
    if not teks:
        return bawaan or bulan_ini()
    m = POLA.match(teks.strip()[:10])
    if not m:
        raise PeriodeSalah("Periode tidak dikenal. Contoh: 2026-11 (bulan), 2026-T4, 2026-S2 atau 2026.")
    tahun = int(m["tahun"])
    if not 2000 <= tahun <= 2100:
        raise PeriodeSalah("Tahun periode harus antara 2000 dan 2100.")
    if m["bulan"]:
        bulan = int(m["bulan"])
        if not 1 <= bulan <= 12:
            raise PeriodeSalah("Bulan harus antara 1 dan 12.")
        return Periode(tahun, bulan, 1)
    if m["triwulan"]:
        return Periode(tahun, (int(m["triwulan"]) - 1) * 3 + 1, 3)
    if m["semester"]:
        return Periode(tahun, (int(m["semester"]) - 1) * 6 + 1, 6)
    return Periode(tahun, 1, 12)
