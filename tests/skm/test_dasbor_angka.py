"""Dashboard figures equal what seeded cases say, durations in working time across holidays."""

import datetime
import random
from decimal import Decimal

import pytest

from dinsos.kalender import Kalender
from layanan.models import Permohonan, Status
from skm import dasbor, kalender_kerja
from skm.periode import Periode
from tests.skm.helpers import WIB, kasus, riwayat_terlambat, saat, tanggapan

DESEMBER = Periode(2026, 12, 1)
HARI = 8.5 * 3600  # 07:30–16:00


@pytest.fixture
def desember(kantor):
    """Six SKTM cases around Christmas 2026 (24 Dec cuti bersama, 25 Dec Natal).

    SKTM's standard is "2 (dua) hari kerja" (its Standar Pelayanan).
    """
    c = {}
    # Wed 23 Dec 09:00 → Mon 28 Dec 09:00: 7 h + 1.5 h = 8.5 h = 1 hari kerja (5 calendar days).
    c["a"] = kasus("sktm", saat(2026, 12, 23, 9), saat(2026, 12, 28, 9))
    # Mon 7 Dec 08:00 → Fri 11 Dec 15:00: 8 h + 3 × 8.5 h + 7.5 h = 41 h = 4.82 hari kerja: late.
    c["b"] = kasus("sktm", saat(2026, 12, 7, 8), saat(2026, 12, 11, 15))
    # Tue 1 Dec 07:30 → 11:45: 4.25 h = 0.5 hari kerja.
    c["c"] = kasus("sktm", saat(2026, 12, 1, 7, 30), saat(2026, 12, 1, 11, 45))
    # Refused: Mon 30 Nov 10:00 → Wed 2 Dec 10:00 = exactly 2 hari kerja (on time; started in November).
    c["d"] = kasus("sktm", saat(2026, 11, 30, 10), saat(2026, 12, 2, 10), status=Status.DITOLAK)
    # Cancelled: neither finished nor timed.
    c["e"] = kasus("sktm", saat(2026, 12, 3, 10), saat(2026, 12, 4, 10), status=Status.DIBATALKAN)
    # Open, past its step's deadline.
    c["f"] = kasus("sktm", saat(2026, 12, 14, 10), batas=saat(2026, 12, 15, 10))
    return c


def _baris(hasil):
    return next(b for b in hasil.layanan if b.nama.startswith("Surat Keterangan Tidak Mampu"))


@pytest.mark.django_db
def test_it_counts_started_finished_and_on_time_cases_of_the_month(desember):
    hasil = dasbor.hitung(DESEMBER, kabupaten="oku-selatan", sekarang=saat(2026, 12, 31, 12))
    baris = _baris(hasil)
    assert baris.standar == "2 hari kerja"
    assert baris.dimulai == 5  # a, b, c, e, f (d started in November)
    assert baris.selesai == 4  # a, b, c, d (e was cancelled)
    assert (baris.diukur, baris.tepat, baris.persen_tepat) == (4, 3, 75)  # b is late
    # Average: (1 + 41/8.5 + 0.5 + 2) / 4 hari kerja = 2.08 → 2.1
    assert baris.rata_hari == Decimal("2.1")
    assert baris.lewat_standar is True  # 2.1 > 2
    assert (hasil.dimulai, hasil.selesai, hasil.persen_tepat) == (5, 4, 75)


@pytest.mark.django_db
def test_a_holiday_is_not_counted_against_the_office(desember):
    # Only case a (over 24–27 December): 1 hari kerja although 5 calendar days passed.
    Permohonan.objects.exclude(pk=desember["a"].pk).delete()
    baris = _baris(dasbor.hitung(DESEMBER, kabupaten="oku-selatan"))
    assert (baris.selesai, baris.tepat, baris.rata_hari) == (1, 1, Decimal("1.0"))


@pytest.mark.django_db
def test_it_shows_the_backlog_late_steps_and_ikm(desember):
    riwayat_terlambat(desember["b"], saat(2026, 12, 9, 10))
    riwayat_terlambat(desember["c"], saat(2026, 12, 1, 11))
    tanggapan(desember["a"].versi_sop.sop, [4, 3, 3, 4, 3, 4, 4, 2, 3], pada=saat(2026, 12, 29))
    hasil = dasbor.hitung(DESEMBER, kabupaten="oku-selatan", sekarang=saat(2026, 12, 31, 12))
    assert hasil.langkah_terlambat[0]["jumlah"] == 2
    assert hasil.langkah_terlambat[0]["tahap"] == "Verifikasi berkas"
    assert (hasil.tunggakan, hasil.tunggakan_terlambat) == (1, 1)
    assert hasil.tunggakan_tahap == [{"nama": "Verifikasi berkas", "jumlah": 1, "terlambat": 1}]
    # One respondent: (4+3+3+4+3+4+4+2+3) = 30; 30 / 9 × 25 = 83.33.
    assert _baris(hasil).ikm.ikm == Decimal("83.33")
    assert [t["dimulai"] for t in hasil.tren][-1] == 5


@pytest.mark.django_db
def test_working_time_in_sql_equals_the_office_calendar(kantor):
    """Random moments (some on weekends, holidays, before opening, after closing)."""
    kalender = kalender_kerja.siapkan()
    rng = random.Random(18)
    pasangan = []
    for _ in range(40):
        mulai = datetime.datetime(2026, 12, 1, tzinfo=WIB) + datetime.timedelta(minutes=rng.randrange(60 * 24 * 40))
        selesai = mulai + datetime.timedelta(minutes=rng.randrange(60 * 24 * 12))
        pasangan.append((kasus("sktm", mulai, selesai), mulai, selesai))
    hitung = kalender_kerja.durasi_per_baris(Permohonan.objects.all(), "dibuat_pada", "selesai_pada", kalender)
    for p, mulai, selesai in pasangan:
        assert hitung[p.pk] == kalender.hitung_waktu_kerja(mulai, selesai).total_seconds(), (mulai, selesai)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_cases(kantor, django_assert_max_num_queries):
    kalender_kerja.siapkan()
    kasus("sktm", saat(2026, 12, 1, 8), saat(2026, 12, 2, 8))
    # 15: the case figures plus the complaint recap and the bansos realisation sections.
    with django_assert_max_num_queries(15) as sedikit:
        dasbor.hitung(DESEMBER, kabupaten="oku-selatan")
    for i in range(30):
        kasus("sktm", saat(2026, 12, 1 + i % 28, 8), saat(2026, 12, 2 + i % 28, 9))
        kasus("rekomendasi-biaya-kesehatan", saat(2026, 12, 1 + i % 28, 8), None)
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        dasbor.hitung(DESEMBER, kabupaten="oku-selatan")


def test_the_calendar_table_covers_kalender_semantics():
    # Guard on the unit: one working day of the default office is 8.5 hours.
    assert Kalender().panjang_hari_kerja.total_seconds() == HARI
