"""Working time in SQL: the office calendar as a table of dates (`TanggalKerja`).

Working time from the table's first date up to a moment t on local date d is

    W(t) = urutan(d) × L + (kerja(d) ? clamp(seconds of t since opening, 0, L) : 0)

where L is the length of the working day and `urutan(d)` the working days before d. The
working time between two moments is W(end) − W(start): exactly what
`dinsos.kalender.Kalender.hitung_waktu_kerja` loops over day by day, but as an expression
the database evaluates for every row of an aggregate (no Python per case).

The table holds `MULAI` up to two years after today and is rebuilt lazily (one query to
check) whenever it is empty or does not reach today; a change to the office's days off
(`HariLibur`) empties it.
"""

import datetime

from django.db import connection, transaction
from django.db.models import F, IntegerField, Value
from django.db.models.functions import Cast, Extract, Greatest, Least, TruncDate
from django.utils import timezone

from dinsos.kalender import Kalender

MULAI = datetime.date(2015, 1, 1)
TAHUN_KE_DEPAN = 2


def _detik(waktu: datetime.time) -> int:
    return waktu.hour * 3600 + waktu.minute * 60 + waktu.second


def siapkan(kalender: Kalender | None = None) -> Kalender:
    """Make sure the table covers today; returns the office calendar used."""
    from skm.models import TanggalKerja

    kalender = kalender or Kalender.untuk_kantor()
    hari_ini = timezone.localdate(timezone=kalender.tz)
    if TanggalKerja.objects.filter(tanggal=hari_ini).exists():
        return kalender
    akhir = hari_ini.replace(year=hari_ini.year + TAHUN_KE_DEPAN)
    baris = []
    urutan = 0
    tanggal = MULAI
    while tanggal <= akhir:
        kerja = kalender.is_hari_kerja(tanggal)
        baris.append(TanggalKerja(tanggal=tanggal, kerja=kerja, urutan=urutan))
        urutan += int(kerja)
        tanggal += datetime.timedelta(days=1)
    with transaction.atomic():
        TanggalKerja.objects.all().delete()
        TanggalKerja.objects.bulk_create(baris, batch_size=2000)
    return kalender


def kosongkan(**kwargs):
    from skm.models import TanggalKerja

    TanggalKerja.objects.all().delete()


def hubungkan_sinyal():
    from django.db.models.signals import post_delete, post_save

    from dinsos.models import HariLibur, Instansi

    for model in (HariLibur, Instansi):
        post_save.connect(kosongkan, sender=model, dispatch_uid=f"skm-kalender-{model.__name__}-simpan")
        post_delete.connect(kosongkan, sender=model, dispatch_uid=f"skm-kalender-{model.__name__}-hapus")


def panjang_hari(kalender: Kalender) -> int:
    """Seconds of one working day."""
    return int(kalender.panjang_hari_kerja.total_seconds())


def _bagian_hari(field: str, kalender: Kalender):
    """Expression: seconds of the moment since opening, clamped to the working day (0..L)."""
    tz = kalender.tz
    jam = Extract(field, "hour", tzinfo=tz)
    menit = Extract(field, "minute", tzinfo=tz)
    detik = Extract(field, "second", tzinfo=tz)
    sejak_buka = jam * 3600 + menit * 60 + Cast(detik, IntegerField()) - Value(_detik(kalender.jam_mulai))
    return Greatest(Least(sejak_buka, Value(panjang_hari(kalender))), Value(0))


def _sql_durasi(qs, mulai: str, selesai: str, kalender: Kalender, **kolom):
    """SQL of `SELECT <kolom…>, durasi` over the rows of `qs`, durasi in working seconds.

    The case rows carry their two local dates and clamped day parts (ORM expressions, so
    time zones are right on every backend); the calendar table is then joined twice on
    those dates, a hash join on a few thousand rows instead of a look-up per case.
    """
    from skm.models import TanggalKerja

    q = connection.ops.quote_name
    dalam = qs.order_by().annotate(
        **kolom,
        k_tm=TruncDate(mulai, tzinfo=kalender.tz),
        k_ts=TruncDate(selesai, tzinfo=kalender.tz),
        k_bm=_bagian_hari(mulai, kalender),
        k_bs=_bagian_hari(selesai, kalender),
    )
    sql, params = dalam.values(*kolom, "k_tm", "k_ts", "k_bm", "k_bs").query.sql_with_params()
    tabel = q(TanggalKerja._meta.db_table)
    panjang = panjang_hari(kalender)
    pilih = ", ".join(f"s.{q(k)} AS {q(k)}" for k in kolom)
    durasi = (
        f"(k2.urutan - k1.urutan) * {panjang}"
        f" + CASE WHEN k2.kerja THEN s.{q('k_bs')} ELSE 0 END"
        f" - CASE WHEN k1.kerja THEN s.{q('k_bm')} ELSE 0 END"
    )
    return (
        f"SELECT {pilih}{', ' if pilih else ''}{durasi} AS durasi FROM ({sql}) s"
        f" JOIN {tabel} k1 ON k1.tanggal = s.{q('k_tm')} JOIN {tabel} k2 ON k2.tanggal = s.{q('k_ts')}",
        params,
    )


def durasi_per_baris(qs, mulai: str, selesai: str, kalender: Kalender) -> dict:
    """{pk: working seconds between the two datetime columns} (for checks and small sets)."""
    sql, params = _sql_durasi(qs, mulai, selesai, kalender, k_pk=F("pk"))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {pk: int(durasi) for pk, durasi in cursor.fetchall()}


def ringkas_durasi(qs, mulai: str, selesai: str, kalender: Kalender, kelompok, standar):
    """Per group: rows, rows with a standard, rows within it, total working seconds (one query).

    `kelompok` and `standar` are expressions over the rows of `qs` (the standard in working
    seconds, NULL where there is none). Returns {group: (n, diukur, tepat, jumlah_detik)}.
    """
    sql, params = _sql_durasi(qs, mulai, selesai, kalender, k_grup=kelompok, k_std=standar)
    q = connection.ops.quote_name
    luar = (
        f"SELECT t.{q('k_grup')}, COUNT(*), COUNT(t.{q('k_std')}),"
        f" SUM(CASE WHEN t.durasi <= t.{q('k_std')} THEN 1 ELSE 0 END), SUM(t.durasi)"
        f" FROM ({sql}) t GROUP BY t.{q('k_grup')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(luar, params)
        return {grup: (n, diukur, int(tepat or 0), int(total or 0)) for grup, n, diukur, tepat, total in cursor.fetchall()}
