from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from audit.models import Aksi
from dinsos.models import Peran
from dinsos.parameter import parameter_salah
from dinsos.roles import peran_of
from layanan.akses import catat_ditolak
from skm import batas, dasbor, ekspor, laporan, sumber, tautan
from skm.forms import KioskForm, TanggapanForm
from skm.models import Saluran
from skm.periode import PeriodeSalah, baca
from sop.models import Sop

PIMPINAN = {Peran.KADIS, Peran.SEKRETARIS, Peran.KABID}
PETUGAS_KIOSK = {Peran.FO, Peran.KASI, Peran.KABID, Peran.SEKRETARIS, Peran.KADIS, "admin"}


def _pimpinan_required(request):
    """The dashboard and the SKM report are for the Kadis, Sekretaris, Kabid (and admins)."""
    if peran_of(request.user) not in PIMPINAN | {"admin"}:
        catat_ditolak(request, Aksi.HALAMAN_PETUGAS, objek=request.path, keterangan="bukan pimpinan")
        raise Http404("Halaman ini untuk pimpinan dinas.")


def _versi_kabid(request):
    """A Kabid's dashboard shows the services of his bidang (those whose steps name his
    positions); the Kadis and the Sekretaris see the whole office."""
    if peran_of(request.user) != Peran.KABID:
        return None
    return sumber.versi_dilayani(request.user.pegawai)


def _kabupaten(request):
    return request.instansi.kabupaten if request.instansi is not None else None


def _saringan(request):
    """(period, service or None) from ?periode=…&layanan=…; raises PeriodeSalah."""
    periode = baca(request.GET.get("periode"))
    layanan = None
    kode = request.GET.get("layanan", "")[:60]
    if kode:
        qs = Sop.objects.filter(kode=kode)
        if _kabupaten(request):
            qs = qs.filter(kabupaten=_kabupaten(request))
        layanan = qs.first()
        if layanan is None:
            raise PeriodeSalah("Layanan tidak dikenal.")
    return periode, layanan


# -- the questionnaire ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def isi(request, token):
    """The survey of one case, reached from the receipt or the tracking page."""
    pk = tautan.buka(token)
    p = sumber.cari_permohonan(pk) if pk else None
    if p is None:
        raise Http404("Tautan survei tidak dikenal.")
    if hasattr(p, "tanggapan_skm"):
        return render(request, "skm/terima_kasih.html", {"sudah": True})
    if not sumber.sudah_selesai(p):
        return render(request, "skm/belum_selesai.html", {"layanan": p.versi_sop.sop}, status=409)
    form = TanggapanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        tanggapan = form.save(commit=False)
        tanggapan.sop_id = sumber.layanan_dari(p)
        tanggapan.permohonan = p
        tanggapan.saluran = Saluran.TAUTAN
        try:
            with transaction.atomic():
                tanggapan.save()
        except IntegrityError:  # sent twice at once: the first one counts
            return render(request, "skm/terima_kasih.html", {"sudah": True})
        return render(request, "skm/terima_kasih.html", {})
    status = 400 if form.errors else 200
    return render(request, "skm/isi.html", {"form": form, "layanan": p.versi_sop.sop}, status=status)


@require_http_methods(["GET", "POST"])
def kiosk(request):
    """The counter tablet: no login, one service chosen per response, a few per minute."""
    kode = batas.perangkat(request)
    if kode is None:
        return render(request, "skm/kiosk_belum_aktif.html", status=403)
    form = KioskForm(request.POST or None, kabupaten=_kabupaten(request))
    if request.method == "POST":
        if not batas.boleh_kirim(request, kode):
            form.is_valid()
            form.add_error(None, batas.pesan())
            return render(request, "skm/kiosk.html", {"form": form}, status=429)
        if form.is_valid():
            tanggapan = form.save(commit=False)
            tanggapan.sop = form.cleaned_data["layanan"]
            tanggapan.saluran = Saluran.KIOSK
            tanggapan.perangkat = kode
            tanggapan.save()
            messages.success(request, "Terima kasih. Tanggapan Anda sudah tercatat.")
            return redirect("skm:kiosk")
    return render(request, "skm/kiosk.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def aktifkan_kiosk(request):
    """A signed-in officer turns this browser into the counter's survey kiosk."""
    if peran_of(request.user) not in PETUGAS_KIOSK:
        catat_ditolak(request, Aksi.HALAMAN_PETUGAS, objek=request.path, keterangan="tidak boleh mengaktifkan kiosk")
        raise Http404("Halaman ini untuk petugas loket.")
    if request.method == "POST":
        response = redirect("skm:kiosk")
        batas.tandai(response)
        return response
    return render(request, "skm/kiosk_aktifkan.html", {"aktif": batas.perangkat(request) is not None})


# -- the SKM report ------------------------------------------------------------------


@login_required
def laporan_skm(request, format="html"):
    _pimpinan_required(request)
    try:
        periode, layanan = _saringan(request)
    except PeriodeSalah as exc:
        return parameter_salah(request, pesan=[str(exc)])
    data = laporan.susun(periode, layanan, _kabupaten(request))
    nama = f"laporan-skm-{periode.kode}{'-' + layanan.kode if layanan else ''}"
    if format == "pdf":
        return _unduh(laporan.pdf(data), f"{nama}.pdf", "application/pdf")
    if format == "xlsx":
        return _unduh(ekspor.laporan_skm(data), f"{nama}.xlsx", ekspor.XLSX)
    return render(request, "skm/laporan.html", {"d": data, "layanan_list": _layanan_pilihan(request)})


def _layanan_pilihan(request, versi_boleh=None):
    from skm.forms import layanan_kiosk

    qs = layanan_kiosk(_kabupaten(request))
    return qs if versi_boleh is None else qs.filter(versi__in=versi_boleh).distinct()


def _unduh(isi_berkas, nama, jenis):
    response = HttpResponse(isi_berkas, content_type=jenis)
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response


# -- the leadership dashboard ----------------------------------------------------------


@login_required
def dasbor_pimpinan(request, tabel=None):
    _pimpinan_required(request)
    try:
        periode, layanan = _saringan(request)
    except PeriodeSalah as exc:
        return parameter_salah(request, pesan=[str(exc)])
    versi_boleh = _versi_kabid(request)
    data = dasbor.hitung(periode, _kabupaten(request), sop_id=layanan.pk if layanan else None, versi_boleh=versi_boleh)
    nama = f"dasbor-{periode.kode}"
    if tabel == "laporan.pdf":
        return _unduh(laporan.pdf_bulanan(data, layanan), f"laporan-bulanan-{periode.kode}.pdf", "application/pdf")
    if tabel is not None:
        isi_berkas = ekspor.tabel_dasbor(data, tabel)
        if isi_berkas is None:
            raise Http404("Tabel tidak dikenal.")
        return _unduh(isi_berkas, f"{nama}-{tabel}.xlsx", ekspor.XLSX)
    context = {
        "d": data,
        "layanan": layanan,
        "layanan_list": _layanan_pilihan(request, versi_boleh),
        "grafik": laporan.grafik(data),
        "terbatas": versi_boleh is not None,
    }
    return render(request, "skm/dasbor.html", context)
