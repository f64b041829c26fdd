"""Kiosk limits: a few responses per minute per device and per address (Django's cache,
shared by every process when CACHE_DIR is set), and the device mark a staff member sets.

A tablet becomes a kiosk when a signed-in officer opens "Aktifkan kiosk" on it: the
browser gets a signed cookie naming a random device id. Responses without it are refused,
so the public page cannot be flooded from anywhere on the internet, and the limit counts
per device as well as per address (several tablets may share one office address).
"""

import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from dinsos.batas import alamat

COOKIE = "skm_kiosk"
SALT = "skm.kiosk"
UMUR_COOKIE = 400 * 24 * 3600


def pesan() -> str:
    return (
        "Terlalu banyak survei terkirim dari perangkat atau alamat ini dalam satu menit. "
        "Silakan tunggu sebentar lalu kirim lagi; isian Anda tidak hilang."
    )


def perangkat(request) -> str | None:
    """The kiosk device id from the signed cookie, or None if this browser is not a kiosk."""
    nilai = request.COOKIES.get(COOKIE)
    if not nilai:
        return None
    try:
        return signing.get_cookie_signer(salt=SALT).unsign(nilai)
    except signing.BadSignature:
        return None


def tandai(response) -> str:
    """Make the browser a kiosk; returns the new device id."""
    kode = secrets.token_hex(8)
    response.set_cookie(
        COOKIE,
        signing.get_cookie_signer(salt=SALT).sign(kode),
        max_age=UMUR_COOKIE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return kode


def _hitung(kunci, jendela):
    cache.add(kunci, 0, timeout=jendela)
    try:
        return cache.incr(kunci)
    except ValueError:  # the window ran out between add() and incr()
        cache.set(kunci, 1, timeout=jendela)
        return 1


def boleh_kirim(request, kode_perangkat) -> bool:
    """Count one submission; False once the device or the address is over the limit."""
    jendela = settings.SKM_KIOSK_JENDELA_DETIK
    maks = settings.SKM_KIOSK_BATAS
    per_perangkat = _hitung(f"skm-kiosk:perangkat:{kode_perangkat}", jendela)
    per_alamat = _hitung(f"skm-kiosk:alamat:{alamat(request)}", jendela)
    return per_perangkat <= maks and per_alamat <= settings.SKM_KIOSK_BATAS_ALAMAT
