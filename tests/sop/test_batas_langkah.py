"""Deadlines of SOP steps per unit, from the text an admin types to the moment a case is due.

Every case goes through `layanan.aksi.tambah_waktu(kalender, mulai, waktu)`; the calendar is
the office's (working hours 07:30–16:00, its time zone, national holidays and the admin's
cuti bersama). Dates are real 2026 dates: 13 March is a Friday, 19 March Nyepi, 18 and 20
March cuti bersama.
"""

import datetime
import zoneinfo

import pytest

from dinsos.kalender import Kalender
from dinsos.models import HariLibur, Instansi
from layanan.aksi import tambah_waktu
from sop.waktu import parse_waktu

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
WITA = zoneinfo.ZoneInfo("Asia/Makassar")
WIT = zoneinfo.ZoneInfo("Asia/Jayapura")

CUTI_BERSAMA_2026 = {
    datetime.date(2026, 3, 18): "Cuti bersama Hari Suci Nyepi",
    datetime.date(2026, 3, 20): "Cuti bersama Idul Fitri 1447 H",
    datetime.date(2026, 3, 23): "Cuti bersama Idul Fitri 1447 H",
    datetime.date(2026, 3, 24): "Cuti bersama Idul Fitri 1447 H",
    datetime.date(2026, 12, 24): "Cuti bersama Hari Raya Natal",
}


def at(tz, d, hh, mm=0, month=3):
    return datetime.datetime(2026, month, d, hh, mm, tzinfo=tz)


def batas(kalender, mulai, teks):
    return tambah_waktu(kalender, mulai, parse_waktu(teks))


@pytest.fixture(params=["WIB", "WITA", "WIT"])
def zona(request):
    """Each case runs in a WIB office (OKU Selatan), a WITA office (Tanah Laut) and a WIT one."""
    return {"WIB": WIB, "WITA": WITA, "WIT": WIT}[request.param]


@pytest.fixture
def kalender(zona):
    return Kalender(tz=zona, libur_kantor=dict(CUTI_BERSAMA_2026))


# -- menit ----------------------------------------------------------------------------


def test_menit_count_working_minutes(kalender, zona):
    assert batas(kalender, at(zona, 16, 10, 0), "30 menit") == at(zona, 16, 10, 30)


def test_menit_cross_the_end_of_the_day(kalender, zona):
    # Monday 15:50 + 30 menit: 10 minutes on Monday, 20 on Tuesday morning.
    assert batas(kalender, at(zona, 16, 15, 50), "30 menit") == at(zona, 17, 7, 50)


def test_menit_started_before_opening_count_from_opening(kalender, zona):
    assert batas(kalender, at(zona, 16, 6, 15), "15 menit") == at(zona, 16, 7, 45)


def test_a_range_of_minutes_is_due_at_its_upper_bound(kalender, zona):
    # Tanah Laut's sanding data: 960–1.440 menit = 16 to 24 working hours; the upper bound
    # from Monday 07:30 is 2 full days (17 h) + 7 h on Wednesday.
    # (18 March cuti bersama, 19 Nyepi, 20 cuti, weekend, 23-24 cuti.)
    assert batas(kalender, at(zona, 16, 7, 30), "960 - 1.440 menit") == at(zona, 25, 14, 30)


# -- jam ------------------------------------------------------------------------------


def test_jam_count_working_hours(kalender, zona):
    assert batas(kalender, at(zona, 16, 9, 0), "2 jam") == at(zona, 16, 11, 0)


def test_jam_on_friday_afternoon_end_on_monday(kalender, zona):
    # Friday 13 March 14:30 + 3 jam: 1.5 h on Friday, 1.5 h on Monday from 07:30.
    assert batas(kalender, at(zona, 13, 14, 30), "3 Jam") == at(zona, 16, 9, 0)


def test_jam_started_on_a_saturday_count_from_monday_opening(kalender, zona):
    assert batas(kalender, at(zona, 14, 11, 0), "1 jam") == at(zona, 16, 8, 30)


def test_jam_started_after_closing_count_from_the_next_opening(kalender, zona):
    assert batas(kalender, at(zona, 16, 17, 45), "6 Jam") == at(zona, 17, 13, 30)


def test_twelve_jam_are_working_hours_not_a_day(kalender, zona):
    # 12 working hours from Monday 07:30 = a full Monday (8.5 h) + 3.5 h on Tuesday.
    assert batas(kalender, at(zona, 16, 7, 30), "12 Jam") == at(zona, 17, 11, 0)


@pytest.mark.parametrize("teks", ["24 jam", "1 x 24 jam", "1x24 jam"])
def test_24_jam_is_one_working_day(kalender, zona, teks):
    # Not 24 working hours (three days): the next working day at the same clock time.
    assert batas(kalender, at(zona, 16, 10, 0), teks) == at(zona, 17, 10, 0)
    # Friday 13 March 10:00 → Monday 16 March 10:00.
    assert batas(kalender, at(zona, 13, 10, 0), teks) == at(zona, 16, 10, 0)


def test_2_x_24_jam_is_two_working_days(kalender, zona):
    assert batas(kalender, at(zona, 12, 10, 0), "2 x 24 jam") == at(zona, 16, 10, 0)


# -- hari kerja -----------------------------------------------------------------------


def test_hari_kerja_skip_the_weekend(kalender, zona):
    # Friday 13 March 14:00 + 2 hari kerja → Tuesday 17 March 14:00.
    assert batas(kalender, at(zona, 13, 14, 0), "2 hari kerja") == at(zona, 17, 14, 0)


def test_hari_kerja_across_a_national_holiday_and_cuti_bersama(kalender, zona):
    # Tuesday 17 March + 1: 18 cuti bersama, 19 Nyepi, 20 cuti, weekend, 23-24 cuti → 25 March.
    assert batas(kalender, at(zona, 17, 9, 0), "1 hari") == at(zona, 25, 9, 0)


def test_hari_kerja_across_cuti_bersama_only(zona):
    # Without the admin's cuti bersama rows, 18 March is a working day.
    tanpa_cuti = Kalender(tz=zona, libur_kantor={})
    assert batas(tanpa_cuti, at(zona, 17, 9, 0), "1 hari kerja") == at(zona, 18, 9, 0)
    # Christmas: Wed 23 Dec + 1 with cuti bersama on 24 Dec, Natal 25, weekend → Mon 28 Dec.
    kalender = Kalender(tz=zona, libur_kantor=dict(CUTI_BERSAMA_2026))
    assert batas(kalender, at(zona, 23, 11, 0, month=12), "1 hari kerja") == at(zona, 28, 11, 0, month=12)
    assert batas(tanpa_cuti, at(zona, 23, 11, 0, month=12), "1 hari kerja") == at(zona, 24, 11, 0, month=12)


def test_hari_kerja_started_outside_working_hours_count_from_the_next_opening(kalender, zona):
    # Friday 13 March 18:00 is after closing: the clock starts Monday 07:30.
    assert batas(kalender, at(zona, 13, 18, 0), "1 hari kerja") == at(zona, 17, 7, 30)
    # Sunday 15 March: from Monday 07:30, two working days later is Wednesday 25 March.
    assert batas(kalender, at(zona, 15, 10, 0), "2 hari kerja") == at(zona, 25, 7, 30)


def test_a_range_of_working_days_is_due_at_its_upper_bound(kalender, zona):
    assert batas(kalender, at(zona, 9, 10, 0), "1-3 hari") == at(zona, 12, 10, 0)


def test_half_a_working_day_is_half_the_office_hours(kalender, zona):
    # 0,5 hari kerja = 4 h 15 min of working time.
    assert batas(kalender, at(zona, 16, 8, 0), "0,5 hari kerja") == at(zona, 16, 12, 15)


# -- calendar units -------------------------------------------------------------------


def test_calendar_units_ignore_working_hours(kalender, zona):
    assert batas(kalender, at(zona, 13, 18, 0), "7 hari kalender") == at(zona, 20, 18, 0)
    assert batas(kalender, at(zona, 13, 18, 0), "2 minggu") == at(zona, 27, 18, 0)
    # A month is a calendar month; 31 January + 1 bulan is the last day of February.
    januari = datetime.datetime(2026, 1, 31, 10, 0, tzinfo=zona)
    assert batas(kalender, januari, "1 bulan") == datetime.datetime(2026, 2, 28, 10, 0, tzinfo=zona)


# -- the office's own calendar ---------------------------------------------------------


def test_a_deadline_is_in_the_office_time_zone(db):
    """The same instant is 15:00 in Tanah Laut (WITA) but 14:00 in OKU Selatan (WIB)."""
    HariLibur.objects.create(tanggal=datetime.date(2026, 3, 18), nama="Cuti bersama Nyepi")
    instansi = Instansi.objects.create(
        kabupaten="tanah-laut",
        pemerintah_daerah="Pemerintah Kabupaten Tanah Laut",
        kota_penerbitan="Pelaihari",
        kode_wilayah="6301",
        zona_waktu="WITA",
    )
    mulai = at(datetime.UTC, 17, 7, 0)  # 15:00 WITA, 14:00 WIB, Tuesday 17 March

    wita = Kalender.untuk_kantor()
    # 2 jam in WITA: one hour on Tuesday until 16:00; 18 March is the admin's cuti bersama,
    # 19 Nyepi (national); Friday 20 has no row here, so the second hour ends there at 08:30.
    assert batas(wita, mulai, "2 jam") == at(WITA, 20, 8, 30)
    assert batas(wita, mulai, "2 jam").tzinfo == WITA

    instansi.zona_waktu = "WIB"
    instansi.save()
    wib = Kalender.untuk_kantor()
    # In WIB the same instant is 14:00: two hours fit before closing.
    assert batas(wib, mulai, "2 jam") == at(WIB, 17, 16, 0)


def test_an_unknown_unit_is_refused_in_indonesian(kalender, zona):
    with pytest.raises(ValueError, match="Satuan waktu “tahun” tidak dikenal."):
        kalender.tambah(at(zona, 16, 10, 0), 1, "tahun")
