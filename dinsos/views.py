from django.contrib import messages
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dinsos.forms import MasukForm


def masuk(request):
    if request.user.is_authenticated:
        return redirect("beranda")
    form = MasukForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        tujuan = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(tujuan, {request.get_host()}):
            tujuan = "beranda"
        return redirect(tujuan)
    return render(request, "dinsos/masuk.html", {"form": form})


@require_POST
def keluar(request):
    logout(request)
    messages.info(request, "Anda telah keluar.")
    return redirect("masuk")
