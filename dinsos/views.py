from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from dinsos.auth import boleh_dua_faktor, perlu_dua_faktor
from dinsos.forms import GantiSandiForm, KodeForm, MasukForm


def _tujuan(request, bawaan="beranda"):
    tujuan = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(tujuan, {request.get_host()}, require_https=request.is_secure()):
        return tujuan
    return bawaan


def masuk(request):
    if request.user.is_authenticated:
        return redirect("beranda")
    form = MasukForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        if perlu_dua_faktor(form.user):
            nama = "masuk_verifikasi" if user_has_device(form.user, confirmed=True) else "akun_dua_faktor"
            return redirect(f"{reverse(nama)}?{urlencode({'next': _tujuan(request, reverse('beranda'))})}")
        return redirect(_tujuan(request))
    return render(request, "dinsos/masuk.html", {"form": form})


def terkunci(request, original_response=None, credentials=None):
    """Axes' answer to a locked (username, address) pair or address, on every login path."""
    context = {"menit": settings.LOGIN_KUNCI_MENIT}
    return render(request, "dinsos/terkunci.html", context, status=429)


@login_required
def masuk_verifikasi(request):
    """The second step after the password: a TOTP code from the user's device."""
    if request.user.is_verified():
        return redirect(_tujuan(request))
    if not user_has_device(request.user, confirmed=True):
        return redirect("akun_dua_faktor")
    form = KodeForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["kode"])
        if device is not None:
            otp_login(request, device)
            return redirect(_tujuan(request))
        form.add_error("kode", "Kode salah atau sudah kedaluwarsa. Tunggu kode berikutnya lalu coba lagi.")
    return render(request, "dinsos/verifikasi.html", {"form": form, "next": _tujuan(request, "")})


@login_required
def akun(request):
    """Change one's own password; see the state of two-factor sign-in."""
    form = GantiSandiForm(request.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, "Kata sandi sudah diganti.")
        return redirect("akun")
    context = {
        "form": form,
        "boleh_2fa": boleh_dua_faktor(request.user),
        "punya_2fa": user_has_device(request.user, confirmed=True),
    }
    return render(request, "dinsos/akun.html", context)


@login_required
def akun_dua_faktor(request):
    """Enrol a TOTP authenticator: scan the QR code, confirm with one code."""
    if user_has_device(request.user, confirmed=True):
        messages.info(request, "Verifikasi dua langkah sudah aktif untuk akun ini.")
        return redirect("masuk_verifikasi" if not request.user.is_verified() else "akun")
    if not boleh_dua_faktor(request.user):
        raise PermissionDenied("Verifikasi dua langkah disediakan untuk akun Kepala Dinas, Sekretaris dan admin.")
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Aplikasi autentikator"}
    )
    form = KodeForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["kode"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, "Verifikasi dua langkah aktif. Setiap kali masuk, Anda diminta kode dari aplikasi.")
            return redirect(_tujuan(request))
        form.add_error("kode", "Kode tidak cocok. Pastikan jam ponsel tepat, lalu isi kode yang sedang tampil.")
    rahasia = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr": mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000")),
        "rahasia": " ".join(rahasia[i : i + 4] for i in range(0, len(rahasia), 4)),
        "wajib": settings.WAJIB_2FA,
        "next": _tujuan(request, ""),
    }
    return render(request, "dinsos/dua_faktor.html", context)


@require_POST
def keluar(request):
    logout(request)
    messages.info(request, "Anda telah keluar.")
    return redirect("masuk")


@cache_control(max_age=86400, public=True)
def favicon(request):
    """/favicon.ico, which browsers ask for on every page whatever the <link> says."""
    path = finders.find("img/favicon.ico")
    return FileResponse(open(path, "rb"), content_type="image/x-icon")
