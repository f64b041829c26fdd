import hashlib

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render

from dinsos.models import Jabatan, Peran
from dinsos.parameter import parameter_salah
from surat import penerbitan
from surat.models import Surat

PERAN_AGENDA = {"fo", "sekretaris", "kadis"}
PERAN_TTD = [Peran.KADIS, Peran.SEKRETARIS]


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
    qs = (
        Surat.objects.select_related("seri")
        .defer("pdf", "pdf_arsip")
        .prefetch_related(Prefetch("pengganti", Surat.objects.defer("pdf", "pdf_arsip")))
        .order_by("-dibuat_pada", "-pk")
    )
    if saring.cleaned_data["tahun"]:
        qs = qs.filter(tahun=saring.cleaned_data["tahun"])
    page = Paginator(qs, 50).get_page(saring.cleaned_data["halaman"])
    pegawai = getattr(request.user, "pegawai", None)
    staf = pegawai is not None and pegawai.aktif
    # "Cabut" for the signer's level; the letter's page (layanan) checks the right per letter again.
    penandatangan = staf and Jabatan.objects.filter(pk__in=list(pegawai.jabatan_ids()), peran__in=PERAN_TTD).exists()
    context = {"page": page, "staf": staf, "penandatangan": penandatangan}
    return render(request, "surat/agenda.html", context)


class CocokkanForm(forms.Form):
    berkas = forms.FileField(label="Berkas PDF yang Anda terima")


def verifikasi(request, token):
    """Public: the letter's key facts, masked, and a byte-for-byte comparison of an upload.

    An unknown or mistyped token answers 404 with our own Indonesian page, not Django's.
    """
    surat = (
        Surat.objects.select_related("menggantikan")
        .defer("pdf", "pdf_arsip", "menggantikan__pdf", "menggantikan__pdf_arsip")
        .filter(token=token)
        .first()
    )
    if surat is None:
        return render(request, "surat/tidak_terdaftar.html", status=404)
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
            "nama": surat.nama_subjek if surat.is_kolektif else penerbitan.samarkan_nama(surat.nama_subjek),
            "nik": penerbitan.samarkan_nik(surat.nik_subjek) if surat.nik_subjek else "",
            "pengganti": surat.pengganti.defer("pdf", "pdf_arsip").order_by("pk"),
            "form": form,
            "hasil": hasil,
        },
    )
