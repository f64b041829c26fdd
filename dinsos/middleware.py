import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django_otp import user_has_device

from dinsos.auth import perlu_dua_faktor
from dinsos.models import Instansi

SESI_MULAI = "sesi_mulai"
SESI_AKTIF = "sesi_aktif"


class OfficeTimezoneMiddleware:
    """Shows every time in the office's own zone (WIB, WITA or WIT)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        instansi = Instansi.get_current()
        request.instansi = instansi
        if instansi is not None:
            timezone.activate(instansi.tzinfo)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class BatasSesiMiddleware:
    """Ends a signed-in session after SESI_DIAM_MENIT idle minutes (sliding) or
    SESSION_COOKIE_AGE seconds after login (absolute), whichever comes first.

    Django's own expiry restarts whenever the session is saved, so it is neither; the two
    timestamps kept here are. The activity stamp is written at most once a minute.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            sekarang = int(time.time())
            mulai = request.session.get(SESI_MULAI)
            aktif = request.session.get(SESI_AKTIF)
            if mulai is None or aktif is None:  # a session from before these limits
                mulai, aktif = mulai or sekarang, aktif or sekarang
                request.session.update({SESI_MULAI: mulai, SESI_AKTIF: aktif})
            diam = settings.SESI_DIAM_MENIT * 60
            if sekarang - aktif > diam or sekarang - mulai > settings.SESSION_COOKIE_AGE:
                return self._akhiri(request, diam_habis=sekarang - aktif > diam)
            if sekarang - aktif >= 60:
                request.session[SESI_AKTIF] = sekarang
        return self.get_response(request)

    def _akhiri(self, request, diam_habis):
        logout(request)
        if diam_habis:
            menit = settings.SESI_DIAM_MENIT
            pesan = f"Sesi Anda berakhir karena tidak ada aktivitas selama {menit} menit. Silakan masuk lagi."
        else:
            pesan = "Sesi Anda sudah terlalu lama. Silakan masuk lagi."
        messages.info(request, pesan)
        return _ke_halaman(request, f"{reverse('masuk')}?{urlencode({'next': request.get_full_path()})}")


class DuaFaktorMiddleware:
    """Holds a signed-in user who owes a TOTP code on the verify (or enrolment) page.

    One gate for every path after the password, the admin included: until the session is
    verified, only the verify and enrolment pages, logout and static files answer.
    """

    BEBAS = ("masuk_verifikasi", "akun_dua_faktor", "keluar")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        request.menunggu_dua_faktor = False
        if user.is_authenticated and not user.is_verified() and perlu_dua_faktor(user):
            request.menunggu_dua_faktor = True
            bebas = {reverse(nama) for nama in self.BEBAS}
            if request.path not in bebas and not request.path.startswith(settings.STATIC_URL):
                nama = "masuk_verifikasi" if user_has_device(user, confirmed=True) else "akun_dua_faktor"
                return _ke_halaman(request, f"{reverse(nama)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def _ke_halaman(request, url):
    """A redirect that htmx follows as a full page load instead of swapping it in."""
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@receiver(user_logged_in)
def _catat_mulai_sesi(sender, request, user, **kwargs):
    """Both clocks start at login (so the first page after it writes nothing)."""
    if request is not None and hasattr(request, "session"):
        sekarang = int(time.time())
        request.session.update({SESI_MULAI: sekarang, SESI_AKTIF: sekarang})
