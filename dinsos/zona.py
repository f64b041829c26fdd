"""The office's time zone for every time shown or exported (pages, admin, XLSX, PDF).

The database keeps UTC. Requests run in the office's zone (`OfficeTimezoneMiddleware`);
management commands and background jobs enter it with `zona_kantor()`. Everything that
formats a time goes through `label_waktu`, which also names the zone: "26 November 2026 13:30 WIB".
"""

import contextlib

from django.utils import timezone
from django.utils.formats import date_format

SINGKATAN_ZONA = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def singkatan_zona(tz=None) -> str:
    """WIB, WITA or WIT for the zone (the current one by default); its name otherwise."""
    tz = tz or timezone.get_current_timezone()
    key = getattr(tz, "key", str(tz))
    return SINGKATAN_ZONA.get(key, key)


def label_waktu(saat, fmt: str = "j F Y H:i") -> str:
    """A moment in the current (office) zone with the zone's name, "" for None."""
    if saat is None:
        return ""
    lokal = timezone.localtime(saat)
    return f"{date_format(lokal, fmt)} {singkatan_zona(lokal.tzinfo)}"


@contextlib.contextmanager
def zona_kantor():
    """Run the block in the office's zone (for commands and background jobs)."""
    from dinsos.models import Instansi

    instansi = Instansi.get_current()
    if instansi is None:
        yield
        return
    with timezone.override(instansi.tzinfo):
        yield
