"""Failed-login lockout, stored in the database so it holds across processes."""

import datetime

from django.conf import settings
from django.utils import timezone

from dinsos.models import GagalMasuk


def _jendela_mulai():
    return timezone.now() - datetime.timedelta(minutes=settings.LOGIN_KUNCI_MENIT)


def is_terkunci(username: str) -> bool:
    """True when the username had too many failures within the lock window."""
    recent = GagalMasuk.objects.filter(username__iexact=username, waktu__gte=_jendela_mulai())
    return recent.count() >= settings.LOGIN_MAX_GAGAL


def catat_gagal(username: str, alamat_ip: str | None) -> None:
    GagalMasuk.objects.create(username=username[:150], alamat_ip=alamat_ip)


def hapus_gagal(username: str) -> None:
    GagalMasuk.objects.filter(username__iexact=username).delete()
