import hashlib

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from dinsos.batas import lewat_batas
from dinsos.models import Jabatan, Peran
from dinsos.parameter import parameter_salah
from surat import penerbitan, tte
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

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > _maks_unggah():
            raise forms.ValidationError(_pesan_terlalu_besar())
        return berkas


def _maks_unggah() -> int:
    return settings.VERIFIKASI_MAKS_MB * 1024 * 1024


def _pesan_terlalu_besar() -> str:
    return (
        f"Berkas terlalu besar: paling besar {settings.VERIFIKASI_MAKS_MB} MB. "
        "Surat asli berukuran kurang dari 1 MB; pastikan yang diunggah adalah berkas PDF surat itu."
    )


def _halaman_verifikasi(request, surat, form, hasil=None, galat="", status=200, hasil_tte=None):
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
            "hasil_tte": hasil_tte,
            "galat": galat,
            "maks_mb": settings.VERIFIKASI_MAKS_MB,
        },
        status=status,
    )


@csrf_exempt  # the size is checked before the body is read; CSRF is checked in _cocokkan
def verifikasi(request, token):
    """Public: the letter's key facts, masked, and a byte-for-byte comparison of an upload.

    An unknown or mistyped token answers 404 with our own Indonesian page, not Django's.
    Uploads are capped (checked on Content-Length before the body is read) and limited per
    address.
    """
    surat = (
        Surat.objects.select_related("menggantikan")
        .defer("pdf", "pdf_arsip", "menggantikan__pdf", "menggantikan__pdf_arsip")
        .filter(token=token)
        .first()
    )
    if surat is None:
        return render(request, "surat/tidak_terdaftar.html", status=404)
    if request.method == "POST":
        try:
            panjang = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            panjang = 0
        if panjang > _maks_unggah() + 64 * 1024:  # room for the form's other fields
            return _halaman_verifikasi(request, surat, CocokkanForm(), galat=_pesan_terlalu_besar(), status=413)
        return _cocokkan(request, surat)
    return _halaman_verifikasi(request, surat, CocokkanForm())


@csrf_protect
def _cocokkan(request, surat):
    jendela = settings.VERIFIKASI_JENDELA_MENIT
    if lewat_batas("verifikasi-unggah", request, settings.VERIFIKASI_MAKS_UNGGAH, jendela * 60):
        galat = f"Terlalu banyak pencocokan berkas dari alamat Anda. Coba lagi dalam {jendela} menit."
        return _halaman_verifikasi(request, surat, CocokkanForm(), galat=galat, status=429)
    form = CocokkanForm(request.POST, request.FILES)
    hasil = hasil_tte = None
    if form.is_valid():
        isi = b"".join(form.cleaned_data["berkas"].chunks())  # at most VERIFIKASI_MAKS_MB
        hasil = surat.cocok(hashlib.sha256(isi).hexdigest())
        # The signature itself, whatever the archive says: integrity, trust, time, revocation.
        hasil_tte = tte.periksa(isi)
    return _halaman_verifikasi(request, surat, form, hasil=hasil, hasil_tte=hasil_tte)


def _terlalu_besar(request) -> bool:
    try:
        panjang = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        panjang = 0
    return panjang > _maks_unggah() + 64 * 1024  # room for the form's other fields


def _halaman_berkas(request, form, surat=None, hasil_tte=None, galat="", status=200):
    konteks = {"form": form, "s": surat, "hasil_tte": hasil_tte, "galat": galat, "maks_mb": settings.VERIFIKASI_MAKS_MB}
    return render(request, "surat/verifikasi_berkas.html", konteks, status=status)


@csrf_exempt  # the size is checked before the body is read; CSRF is checked in _periksa_berkas
def verifikasi_berkas(request):
    """Public: check any PDF's electronic signature, and find the archived letter it is, if any.

    For a PDF whose QR code cannot be scanned. Same caps and per-address limit as the upload
    on a letter's page; the archive is searched only by the file's exact SHA-256.
    """
    if request.method == "POST":
        if _terlalu_besar(request):
            return _halaman_berkas(request, CocokkanForm(), galat=_pesan_terlalu_besar(), status=413)
        return _periksa_berkas(request)
    return _halaman_berkas(request, CocokkanForm())


@csrf_protect
def _periksa_berkas(request):
    jendela = settings.VERIFIKASI_JENDELA_MENIT
    if lewat_batas("verifikasi-unggah", request, settings.VERIFIKASI_MAKS_UNGGAH, jendela * 60):
        galat = f"Terlalu banyak pemeriksaan berkas dari alamat Anda. Coba lagi dalam {jendela} menit."
        return _halaman_berkas(request, CocokkanForm(), galat=galat, status=429)
    form = CocokkanForm(request.POST, request.FILES)
    if not form.is_valid():
        return _halaman_berkas(request, form)
    isi = b"".join(form.cleaned_data["berkas"].chunks())
    digest = hashlib.sha256(isi).hexdigest()
    surat = Surat.objects.defer("pdf", "pdf_arsip").filter(Q(sha256=digest) | Q(sha256_arsip=digest)).first()
    return _halaman_berkas(request, form, surat=surat, hasil_tte=tte.periksa(isi))


def buka_lampiran(request, pk):
    """The lampiran if the user may see it (the source decides; surat.tugas_lampiran.boleh_lihat), else 404."""
    from audit.models import Aksi, catat
    from surat.models import LampiranSurat
    from surat.tugas_lampiran import boleh_lihat

    lampiran = LampiranSurat.objects.filter(pk=pk).first()
    if lampiran is None or not boleh_lihat(request.user, lampiran):
        keterangan = "tidak berwenang atau tidak ada"
        catat(Aksi.SURAT, request=request, diizinkan=False, objek=f"lampiran id {pk}", keterangan=keterangan)
        raise Http404("Lampiran tidak ditemukan.")
    return lampiran


@login_required
def lampiran_status(request, pk):
    """The job's state as a small partial (htmx polls it every 2 s until the job ends)."""
    from surat.tugas_lampiran import keadaan_tugas

    lampiran = buka_lampiran(request, pk)
    konteks = {"lampiran": lampiran, "tugas": None if lampiran.berakhir else keadaan_tugas(lampiran)}
    return render(request, "surat/_lampiran_status.html", konteks)


@login_required
def lampiran_unduh(request, pk):
    """The finished lampiran PDF; each download is written to the personal-data access log."""
    from django.http import FileResponse

    from audit.models import Aksi, catat

    lampiran = buka_lampiran(request, pk)
    if lampiran.status != lampiran.Status.SELESAI or not lampiran.berkas:
        raise Http404("Lampiran belum selesai dibuat.")
    objek = f"lampiran {lampiran.nomor or lampiran.pk}"
    catat(Aksi.SURAT, request=request, objek=objek, keterangan=f"{lampiran.jumlah_baris} baris")
    nama = f"lampiran-{(lampiran.nomor or str(lampiran.pk)).replace('/', '-')}.pdf"
    return FileResponse(lampiran.berkas.open("rb"), content_type="application/pdf", filename=nama)
