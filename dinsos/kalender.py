"""Working-day calendar: national holidays of Indonesia plus the office's own days off.

A working day is Monday to Friday, not a national holiday (the `holidays` package) and not
a row of `HariLibur` (cuti bersama, local holidays, edited in the admin). Working time is
the office hours of the profile (default 07:30–16:00) on working days, in the office's zone.

Use `Kalender.untuk_kantor()` to build one calendar (one query for the office's own days)
and then call its methods as often as needed.
"""

import calendar
import datetime
import zoneinfo
from dataclasses import dataclass, field

import holidays

DEFAULT_MULAI = datetime.time(7, 30)
DEFAULT_SELESAI = datetime.time(16, 0)
DEFAULT_TZ = "Asia/Jakarta"


# The office's hours, zone and days off are read on every page that shows a deadline; they
# live in Django's cache (shared by processes) and are dropped when an Instansi or HariLibur
# row is saved or deleted (dinsos.apps); the bound covers changes that bypass signals.
KUNCI_CACHE = "kalender-kantor"
CACHE_DETIK = 300


@dataclass
class Kalender:
    jam_mulai: datetime.time = DEFAULT_MULAI
    jam_selesai: datetime.time = DEFAULT_SELESAI
    tz: datetime.tzinfo = field(default_factory=lambda: zoneinfo.ZoneInfo(DEFAULT_TZ))
    libur_kantor: dict = field(default_factory=dict)

    def __post_init__(self):
        self._nasional = holidays.country_holidays("ID", language="id")

    @classmethod
    def untuk_kantor(cls):
        """The calendar of this deployment's office, with its admin-edited days off."""
        from django.core.cache import cache

        from dinsos.models import HariLibur, Instansi

        data = cache.get(KUNCI_CACHE)
        if data is None:
            instansi = Instansi.get_current()
            libur = dict(HariLibur.objects.values_list("tanggal", "nama"))
            data = {"libur_kantor": libur}
            if instansi is not None:
                data.update(jam_mulai=instansi.jam_mulai, jam_selesai=instansi.jam_selesai, tz=instansi.tzinfo)
            cache.set(KUNCI_CACHE, data, CACHE_DETIK)
        return cls(**data)

    # -- days ---------------------------------------------------------------

    def nama_libur(self, tanggal: datetime.date) -> str | None:
        """The name of the holiday on that date, or None if it is not one."""
        if tanggal in self.libur_kantor:
            return self.libur_kantor[tanggal]
        return self._nasional.get(tanggal)

    def is_hari_kerja(self, tanggal: datetime.date) -> bool:
        return tanggal.weekday() < 5 and self.nama_libur(tanggal) is None

    def hari_kerja_berikut(self, tanggal: datetime.date) -> datetime.date:
        """The first working day strictly after `tanggal`."""
        tanggal += datetime.timedelta(days=1)
        while not self.is_hari_kerja(tanggal):
            tanggal += datetime.timedelta(days=1)
        return tanggal

    def tambah_hari_kerja(self, saat: datetime.datetime, jumlah: int) -> datetime.datetime:
        """The moment `jumlah` working days after `saat`, at the same clock time.

        A moment outside working time first moves to the start of the next working time
        (after closing: the next working day's opening).
        """
        saat = self._awal_waktu_kerja(saat)
        tanggal = saat.date()
        for _ in range(jumlah):
            tanggal = self.hari_kerja_berikut(tanggal)
        return datetime.datetime.combine(tanggal, saat.timetz().replace(tzinfo=None), self.tz)

    def tambah_hari_kalender(self, saat: datetime.datetime, jumlah: int) -> datetime.datetime:
        return saat.astimezone(self.tz) + datetime.timedelta(days=jumlah)

    def tambah_bulan(self, saat: datetime.datetime, jumlah: int) -> datetime.datetime:
        """The same day `jumlah` calendar months later (the month's last day if shorter)."""
        saat = saat.astimezone(self.tz)
        index = saat.month - 1 + jumlah
        tahun, bulan = saat.year + index // 12, index % 12 + 1
        hari = min(saat.day, calendar.monthrange(tahun, bulan)[1])
        return saat.replace(year=tahun, month=bulan, day=hari)

    def tambah(self, saat: datetime.datetime, jumlah: float, satuan: str) -> datetime.datetime:
        """The deadline `jumlah` `satuan` after `saat` (units of `sop.waktu.SATUAN_CHOICES`).

        menit and jam count working time; hari kerja counts working days at the same clock
        time (a fraction adds that share of a working day); hari kalender, minggu and bulan
        count the calendar.
        """
        if satuan == "menit":
            return self.tambah_waktu_kerja(saat, datetime.timedelta(minutes=jumlah))
        if satuan == "jam":
            return self.tambah_waktu_kerja(saat, datetime.timedelta(hours=jumlah))
        if satuan == "hari_kerja":
            utuh = int(jumlah)
            batas = self.tambah_hari_kerja(saat, utuh)
            if jumlah > utuh:
                batas = self.tambah_waktu_kerja(batas, self.panjang_hari_kerja * (jumlah - utuh))
            return batas
        if satuan == "hari_kalender":
            return self.tambah_hari_kalender(saat, round(jumlah))
        if satuan == "minggu":
            return self.tambah_hari_kalender(saat, round(jumlah * 7))
        if satuan == "bulan":
            return self.tambah_bulan(saat, round(jumlah))
        raise ValueError(f"Satuan waktu “{satuan}” tidak dikenal.")

    def hitung_hari_kerja(self, mulai: datetime.date, selesai: datetime.date) -> int:
        """Working days after `mulai` up to and including `selesai` (0 if not later)."""
        count = 0
        tanggal = mulai
        while tanggal < selesai:
            tanggal += datetime.timedelta(days=1)
            if self.is_hari_kerja(tanggal):
                count += 1
        return count

    # -- hours --------------------------------------------------------------

    def _buka_tutup(self, tanggal):
        return (
            datetime.datetime.combine(tanggal, self.jam_mulai, self.tz),
            datetime.datetime.combine(tanggal, self.jam_selesai, self.tz),
        )

    def _awal_waktu_kerja(self, saat: datetime.datetime) -> datetime.datetime:
        saat = saat.astimezone(self.tz)
        tanggal = saat.date()
        if self.is_hari_kerja(tanggal):
            buka, tutup = self._buka_tutup(tanggal)
            if saat < buka:
                return buka
            if saat < tutup:
                return saat
        return self._buka_tutup(self.hari_kerja_berikut(tanggal))[0]

    def tambah_waktu_kerja(self, saat: datetime.datetime, durasi: datetime.timedelta) -> datetime.datetime:
        """The moment when `durasi` of working time has passed after `saat`."""
        saat = self._awal_waktu_kerja(saat)
        sisa = durasi
        while True:
            _, tutup = self._buka_tutup(saat.date())
            if saat + sisa <= tutup:
                return saat + sisa
            sisa -= tutup - saat
            saat = self._buka_tutup(self.hari_kerja_berikut(saat.date()))[0]

    def tambah_jam_kerja(self, saat: datetime.datetime, jam: float) -> datetime.datetime:
        return self.tambah_waktu_kerja(saat, datetime.timedelta(hours=jam))

    def hitung_waktu_kerja(self, mulai: datetime.datetime, selesai: datetime.datetime) -> datetime.timedelta:
        """Working time between two moments (zero when `selesai` is not later)."""
        mulai = mulai.astimezone(self.tz)
        selesai = selesai.astimezone(self.tz)
        total = datetime.timedelta()
        tanggal = mulai.date()
        while tanggal <= selesai.date():
            if self.is_hari_kerja(tanggal):
                buka, tutup = self._buka_tutup(tanggal)
                awal = max(buka, mulai)
                akhir = min(tutup, selesai)
                if akhir > awal:
                    total += akhir - awal
            tanggal += datetime.timedelta(days=1)
        return total

    @property
    def panjang_hari_kerja(self) -> datetime.timedelta:
        buka, tutup = self._buka_tutup(datetime.date(2000, 1, 3))
        return tutup - buka
