"""Working-day arithmetic on real 2026 dates (national holidays + cuti bersama)."""

import datetime
import zoneinfo

import pytest

from dinsos.kalender import Kalender
from dinsos.models import HariLibur

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def at(y, m, d, hh=10, mm=0):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=WIB)


@pytest.fixture
def kalender(kantor):
    return Kalender.untuk_kantor()


def test_idul_fitri_2026_with_cuti_bersama_skips_to_25_march(kalender):
    # Tue 17 March; 18 Nyepi cuti bersama, 19 Nyepi, 20 cuti, 21-22 Idul Fitri + weekend,
    # 23-24 cuti bersama. The next working day is Wednesday 25 March.
    assert kalender.tambah_hari_kerja(at(2026, 3, 17), 1) == at(2026, 3, 25)
    assert kalender.tambah_hari_kerja(at(2026, 3, 17), 2) == at(2026, 3, 26)


def test_cuti_bersama_comes_from_the_admin_table(kantor):
    HariLibur.objects.filter(jenis=HariLibur.Jenis.CUTI_BERSAMA).delete()
    kalender = Kalender.untuk_kantor()
    # Without cuti bersama only the national holidays (19 and 21-22 March) remain.
    assert kalender.tambah_hari_kerja(at(2026, 3, 17), 1) == at(2026, 3, 18)
    # Thursday 19 March (Nyepi) 10:00 is a holiday: the clock starts Friday 07:30.
    assert kalender.tambah_hari_kerja(at(2026, 3, 19), 1) == at(2026, 3, 23, 7, 30)


def test_year_end_christmas_and_cuti_bersama(kalender):
    # Wed 23 Dec; 24 cuti bersama, 25 Natal, 26-27 weekend → Monday 28 December.
    assert kalender.tambah_hari_kerja(at(2026, 12, 23), 1) == at(2026, 12, 28)
    # Across the new year: Thu 31 Dec + 1 → Fri 1 Jan is Tahun Baru → Mon 4 Jan 2027.
    assert kalender.tambah_hari_kerja(at(2026, 12, 31), 1) == at(2027, 1, 4)


def test_working_hours_span_the_weekend(kalender):
    # Friday 13 March 15:30 + 1 working hour: 30 minutes on Friday, 30 on Monday.
    assert kalender.tambah_jam_kerja(at(2026, 3, 13, 15, 30), 1) == at(2026, 3, 16, 8, 0)


def test_counting_working_time_between_two_moments(kalender):
    # Fri 15:00 → Mon 09:00 = 1 h (Friday) + 1.5 h (Monday from 07:30).
    assert kalender.hitung_waktu_kerja(at(2026, 3, 13, 15), at(2026, 3, 16, 9)) == datetime.timedelta(hours=2.5)
    # Over Idul Fitri nothing counts between Tue 17 March 16:00 and Wed 25 March 07:30.
    assert kalender.hitung_waktu_kerja(at(2026, 3, 17, 16), at(2026, 3, 25, 7, 30)) == datetime.timedelta(0)


def test_a_moment_after_closing_starts_the_next_morning(kalender):
    assert kalender.tambah_hari_kerja(at(2026, 11, 27, 17, 0), 1) == at(2026, 12, 1, 7, 30)
    assert kalender.hitung_hari_kerja(datetime.date(2026, 12, 23), datetime.date(2026, 12, 31)) == 4


def test_office_time_zone_wita(db):
    from tests.conftest import load_demo

    load_demo("tanah-laut")
    kalender = Kalender.untuk_kantor()
    wita = zoneinfo.ZoneInfo("Asia/Makassar")
    start = datetime.datetime(2026, 11, 26, 15, 0, tzinfo=wita)
    assert kalender.tambah_jam_kerja(start, 2) == datetime.datetime(2026, 11, 27, 8, 30, tzinfo=wita)
