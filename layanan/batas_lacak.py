"""Rate limit of the public tracking page: LACAK_BATAS look-ups per address per window.

A fixed window counted in the database (`HitunganLacak`) with an atomic `UPDATE … SET
jumlah = jumlah + 1`, so several processes or servers share one count.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from audit.models import alamat_klien
from layanan.models import HitunganLacak

PESAN = "Terlalu banyak percobaan lacak dari alamat Anda. Silakan coba lagi {menit} menit lagi."


def _jendela(sekarang, menit):
    detik = menit * 60
    awal = int(sekarang.timestamp()) // detik * detik
    return datetime.datetime.fromtimestamp(awal, tz=datetime.UTC)


def boleh(request) -> bool:
    """Count this look-up; False once the address has used up its window."""
    menit = settings.LACAK_JENDELA_MENIT
    sekarang = timezone.now()
    jendela = _jendela(sekarang, menit)
    alamat = alamat_klien(request) or "tidak-diketahui"
    with transaction.atomic():
        row, dibuat = HitunganLacak.objects.get_or_create(alamat=alamat, jendela=jendela, defaults={"jumlah": 1})
        if not dibuat:
            HitunganLacak.objects.filter(pk=row.pk).update(jumlah=F("jumlah") + 1)
            row.refresh_from_db(fields=["jumlah"])
        if dibuat:
            HitunganLacak.objects.filter(jendela__lt=sekarang - datetime.timedelta(days=1)).delete()
    return row.jumlah <= settings.LACAK_BATAS


def pesan() -> str:
    return PESAN.format(menit=settings.LACAK_JENDELA_MENIT)
