import hashlib

from django.contrib.admin.views.decorators import staff_member_required
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from dinsos.parameter import parameter_salah
from dinsos.pdf import html_ke_pdf
from sop.lembar import konteks_lembar
from sop.models import VersiSop

LEMBAR_SOP_CACHE_DETIK = 24 * 60 * 60


BIDANG_LAIN = "Layanan lainnya"


def _terbit_kantor(request):
    """Published public services of this office's catalog (all offices before one is set up).

    Internal procedures (cuti, LPPD, Renstra...) are not public services: they are neither
    listed nor reachable here.
    """
    qs = VersiSop.objects.terbit().filter(internal=False).select_related("sop").order_by("sop__urutan", "sop__kode")
    if request.instansi is not None:  # set by dinsos.middleware.OfficeTimezoneMiddleware
        qs = qs.filter(sop__kabupaten=request.instansi.kabupaten)
    return qs


def standar_daftar(request):
    q = request.GET.get("q", "").strip()
    if len(q) > 100:
        return parameter_salah(request, pesan=[f"Kata pencarian paling banyak 100 karakter (sekarang {len(q)})."])
    versi_list = _terbit_kantor(request)
    if q:
        versi_list = versi_list.filter(Q(nama__icontains=q) | Q(produk__icontains=q) | Q(bidang__icontains=q))
    return render(
        request,
        "sop/standar_daftar.html",
        {"versi_list": versi_list, "kelompok": _per_bidang(versi_list), "q": q},
    )


def _per_bidang(versi_list):
    """[(bidang, [versi, ...]), ...] by bidang name; services without a bidang come last."""
    groups = {}
    for versi in versi_list:
        groups.setdefault(versi.bidang.strip() or BIDANG_LAIN, []).append(versi)
    return sorted(groups.items(), key=lambda item: (item[0] == BIDANG_LAIN, item[0].lower()))


def _versi_by_kode(request, kode):
    versi = (
        _terbit_kantor(request)
        .filter(sop__kode=kode)
        .select_related("standar_pelayanan", "penandatangan")
        .prefetch_related("langkah__pelaksana", "persyaratan")
        .first()
    )
    if versi is None:
        raise Http404("Layanan tidak ditemukan.")
    return versi


def standar_detail(request, kode):
    versi = _versi_by_kode(request, kode)
    return render(request, "sop/standar_detail.html", {"versi": versi, **_ringkasan(versi)})


def _ringkasan(versi):
    standar = getattr(versi, "standar_pelayanan", None)
    return {
        "jangka_waktu": _jangka_waktu(versi),
        "standar": standar,
        "persyaratan_umum": [p for p in versi.persyaratan.all() if not p.kelompok],
        "persyaratan_kelompok": _kelompok(versi.persyaratan.all()),
    }


def _kelompok(persyaratan):
    groups = {}
    for p in persyaratan:
        if p.kelompok:
            groups.setdefault(p.kelompok, []).append(p)
    return groups


def lembar_pdf(versi) -> bytes:
    """The SOP sheet as PDF, rendered once per version and content.

    A published version never changes, but the sheet also shows the office and its head, so
    the cache key is the version id plus a hash of the sheet's HTML (rendering the HTML
    takes milliseconds; WeasyPrint takes seconds). Kept in Django's cache, shared by every
    process when a shared cache is configured (CACHE_DIR).
    """
    html = render_to_string("sop/lembar_sop.html", konteks_lembar(versi))
    key = f"lembar-sop:{versi.pk}:{hashlib.sha256(html.encode()).hexdigest()}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = html_ke_pdf(html)
        cache.set(key, pdf, timeout=LEMBAR_SOP_CACHE_DETIK)
    return pdf


def _pdf_response(versi):
    pdf = lembar_pdf(versi)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sop-{versi.sop.kode}.pdf"'
    return response


def sop_pdf(request, kode):
    return _pdf_response(_versi_by_kode(request, kode))


@staff_member_required
def pdf_versi(request, pk):
    return _pdf_response(get_object_or_404(VersiSop.objects.select_related("sop"), pk=pk))


@staff_member_required
def pratinjau_versi(request, pk):
    versi = get_object_or_404(VersiSop.objects.select_related("sop"), pk=pk)
    return render(request, "sop/lembar_sop.html", konteks_lembar(versi))


def _jangka_waktu(versi):
    """The sum of the steps' time standards per unit, e.g. "2 hari kerja dan 35 menit"."""
    from sop.waktu import SATUAN_LABEL, format_angka

    totals = {}
    for langkah in versi.langkah.all():
        if langkah.waktu:
            totals[langkah.waktu_satuan] = totals.get(langkah.waktu_satuan, 0) + langkah.waktu_max
    order = ["bulan", "minggu", "hari_kalender", "hari_kerja", "jam", "menit"]
    parts = [f"{format_angka(totals[s])} {SATUAN_LABEL[s]}" for s in order if s in totals]
    if not parts:
        return ""
    return "Paling lama " + " dan ".join(parts) + " bila persyaratan lengkap dan benar."
