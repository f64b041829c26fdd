"""Login throttle: django-axes, told how this office counts failures.

One throttle for every login path, because axes sits in the authentication backends: our
login page, the admin login and anything else that calls authenticate(). Failures count
per (username, address) and per address alone; the pair locks after LOGIN_MAX_GAGAL
failures and the address after LOGIN_MAX_GAGAL_ALAMAT (spraying over usernames). A lock is
a cooldown, and it never covers the account everywhere: failures typed from another
address do not lock the owner out of his own device. Every failure stays in axes'
AccessFailureLog as an audit record; a successful login deletes nothing.
"""

import math

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum

from dinsos.roles import peran_of


class PenguncianHandler(AxesDatabaseHandler):
    """Axes' database handler with its own limit for the address-only count.

    Axes compares one number against one limit (AXES_FAILURE_LIMIT, the pair limit). The
    address count is scaled into pair units so the address locks at its own, higher limit:
    an office behind one NAT address shares it, and five typos by five staff must not lock
    the whole office.
    """

    def get_failures(self, request, credentials=None) -> int:
        # One queryset per AXES_LOCKOUT_PARAMETERS entry: the pair, then the address.
        pair, alamat = self.get_user_attempts(request, credentials)
        gagal_pair = pair.aggregate(n=Sum("failures_since_start"))["n"] or 0
        gagal_alamat = alamat.aggregate(n=Sum("failures_since_start"))["n"] or 0
        skala = settings.LOGIN_MAX_GAGAL / settings.LOGIN_MAX_GAGAL_ALAMAT
        return max(gagal_pair, math.floor(gagal_alamat * skala + 1e-9))


def nama_pengguna(request, credentials) -> str | None:
    """The username as counted: case-folded and cut to the column size, so 'KADIS' and
    'kadis' share one count and an oversized name cannot break the insert."""
    username = (credentials or {}).get("username")
    if username is None and request is not None and request.method == "POST":
        username = request.POST.get("username")
    if username is None:
        return None
    return str(username).strip().lower()[:150]


def alamat_klien(request) -> str | None:
    """The client address: the socket peer, or the entry the trusted proxy added.

    With JUMLAH_PROXY=n the n-th address from the right of X-Forwarded-For is the one our
    own outermost proxy saw; anything left of it was typed by the client and is ignored.
    """
    jumlah = settings.JUMLAH_PROXY
    if jumlah > 0:
        alamat = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(alamat) >= jumlah:
            return alamat[-jumlah]
    return request.META.get("REMOTE_ADDR")


PERAN_2FA = {"kadis", "sekretaris", "admin"}


def perlu_dua_faktor(user) -> bool:
    """True when this user must pass a TOTP code after the password.

    Anyone who enrolled a device uses it; with WAJIB_2FA=1 the Kadis, the Sekretaris and
    admin accounts must enrol and use one.
    """
    from django_otp import user_has_device

    if user_has_device(user, confirmed=True):
        return True
    return settings.WAJIB_2FA and boleh_dua_faktor(user)


def boleh_dua_faktor(user) -> bool:
    """The roles that are offered TOTP two-factor."""
    return peran_of(user) in PERAN_2FA
