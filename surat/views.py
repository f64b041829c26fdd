import hashlib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dinsos.parameter import parameter_salah
from surat import penerbitan
from surat.models import Surat

PERAN_AGENDA = {"fo", "sekretaris", "kadis"}


def _boleh_agenda(user):
    pegawai = getattr(user, "pegawai", None)
    return user.is_staff or (pegawai is not None and pegawai.jabatan.peran in PERAN_AGENDA)


class AgendaFilterForm(forms.Form):
    tahun = forms.IntegerField(
        label="Tahun",
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": "Tahun harus angka, misalnya 2026."},
    )
    halaman = forms.IntegerField(label="Halaman", required=False, min_value=1, max_value=1_000_000)


@login_required
def agenda(request):
    """Agenda surat keluar: every number issued, newest first."""
    if not _boleh_agenda(request.user):
        raise Http404("Halaman tidak ditemukan.")
    saring = AgendaFilterForm(request.GET)
    if not saring.is_valid():
        return parameter_salah(request, saring)
    qs = Surat.objects.select_related("seri").defer("pdf").order_by("-dibuat_pada", "-pk")
    if saring.cleaned_data["tahun"]:
        qs = qs.filter(tahun=saring.cleaned_data["tahun"])
    page = Paginator(qs, 50).get_page(saring.cleaned_data["halaman"])
    return render(request, "surat/agenda.html", {"page": page})


class CabutForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan pencabutan",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Alasan pencabutan wajib diisi."},
    )


@login_required
@require_POST
def cabut(request, pk):
    pegawai = getattr(request.user, "pegawai", None)
    if not (request.user.is_staff or (pegawai and pegawai.jabatan.peran in {"kadis", "sekretaris"})):
        raise Http404("Halaman tidak ditemukan.")
    surat = get_object_or_404(Surat.objects.defer("pdf"), pk=pk)
    form = CabutForm(request.POST)
    if form.is_valid():
        penerbitan.cabut(surat, form.cleaned_data["alasan"], request.user)
        messages.success(request, f"Surat {surat.nomor} dicabut.")
    else:
        messages.error(request, "Alasan pencabutan wajib diisi.")
    return redirect("surat:agenda")


class CocokkanForm(forms.Form):
    berkas = forms.FileField(label="Berkas PDF yang Anda terima")


def verifikasi(request, token):
    """Public: the letter's key facts, masked, and a byte-for-byte comparison of an upload."""
    surat = get_object_or_404(Surat.objects.defer("pdf"), token=token)
    form = CocokkanForm(request.POST or None, request.FILES or None)
    hasil = None
    if request.method == "POST" and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        digest = hashlib.sha256()
        for chunk in berkas.chunks():
            digest.update(chunk)
        hasil = surat.cocok(digest.hexdigest())
    return render(
        request,
        "surat/verifikasi.html",
        {
            "s": surat,
            "nama": penerbitan.samarkan_nama(surat.nama_subjek),
            "nik": penerbitan.samarkan_nik(surat.nik_subjek),
            "form": form,
            "hasil": hasil,
        },
    )
