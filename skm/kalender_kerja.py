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

from django.db import transaction
from django.db.models import ExpressionWrapper, IntegerField, OuterRef, Subquery, Value
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


def _detik_kerja(field: str, tanggal: str, kalender: Kalender):
    """Expression: W(t) of the datetime column `field` whose local date is annotated as `tanggal`."""
    from skm.models import TanggalKerja

    tz = kalender.tz
    hari = TanggalKerja.objects.filter(tanggal=OuterRef(tanggal))
    urutan = Subquery(hari.values("urutan")[:1], output_field=IntegerField())
    kerja = Subquery(hari.values("kerja")[:1])
    panjang = panjang_hari(kalender)
    jam = Extract(field, "hour", tzinfo=tz)
    menit = Extract(field, "minute", tzinfo=tz)
    detik = Extract(field, "second", tzinfo=tz)
    sejak_buka = jam * 3600 + menit * 60 + Cast(detik, IntegerField()) - Value(_detik(kalender.jam_mulai))
    bagian_hari = Greatest(Least(sejak_buka, Value(panjang)), Value(0))
    return urutan * Value(panjang) + Cast(kerja, IntegerField()) * bagian_hari


def dengan_durasi(qs, mulai: str, selesai: str, kalender: Kalender, nama: str = "durasi"):
    """`qs` annotated with `nama`: working seconds between two datetime columns of each row."""
    qs = qs.annotate(
        _tgl_mulai=TruncDate(mulai, tzinfo=kalender.tz),
        _tgl_selesai=TruncDate(selesai, tzinfo=kalender.tz),
    )
    durasi = _detik_kerja(selesai, "_tgl_selesai", kalender) - _detik_kerja(mulai, "_tgl_mulai", kalender)
    return qs.annotate(**{nama: ExpressionWrapper(durasi, output_field=IntegerField())})
