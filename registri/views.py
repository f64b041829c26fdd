import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render

from audit.models import Aksi, catat
from dinsos.zona import label_waktu
from registri import berkas as berkas_mod
from registri.cari import boleh_registri, catat_sanding
from registri.sanding import SandingGagal, klasifikasi, tulis_xlsx

SANDING_DIR = "sanding"


class SandingForm(forms.Form):
    berkas = forms.FileField(label="Berkas NIK (XLSX atau CSV, paling banyak 50.000 baris)")
    pemohon = forms.CharField(label="Instansi/pemohon sanding data", max_length=150)
    keperluan = forms.CharField(label="Keperluan", max_length=250)

    def clean_berkas(self):
        f = self.cleaned_data["berkas"]
        suffix = Path(f.name).suffix.lower()
        if suffix not in {".xlsx", ".csv"}:
            raise forms.ValidationError("Berkas harus XLSX atau CSV.")
        head = f.read(4)
        f.seek(0)
        if suffix == ".xlsx" and head != b"PK\x03\x04":
            raise forms.ValidationError("Berkas XLSX tidak sah.")
        return f


def _cek_boleh(request, aksi=Aksi.SANDING):
    if not boleh_registri(request.user):
        catat(aksi, request=request, diizinkan=False, objek=request.path, keterangan="peran tidak boleh sanding data")
        raise Http404("Halaman tidak ditemukan.")


def _folder():
    folder = Path(settings.MEDIA_ROOT) / SANDING_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@login_required
def sanding(request):
    _cek_boleh(request)
    form = SandingForm(request.POST or None, request.FILES or None)
    hasil = None
    kode = None
    if request.method == "POST" and form.is_valid():
        kode = uuid.uuid4().hex
        masuk = _folder() / f"{kode}-masuk{Path(form.cleaned_data['berkas'].name).suffix.lower()}"
        with open(masuk, "wb") as fh:
            for chunk in form.cleaned_data["berkas"].chunks():
                fh.write(chunk)
        try:
            hasil = klasifikasi(berkas_mod.baca(masuk))
        except SandingGagal as exc:
            form.add_error("berkas", str(exc))
        except Exception:  # noqa: BLE001 - any unreadable spreadsheet
            form.add_error("berkas", "Berkas tidak dapat dibaca. Pastikan kolom pertama berjudul NIK.")
        else:
            tulis_xlsx(hasil, _folder() / f"{kode}.xlsx")
            catat_sanding(
                hasil,
                request=request,
                objek=f"sanding {kode}",
                keterangan=f"Pemohon: {form.cleaned_data['pemohon']}; keperluan: {form.cleaned_data['keperluan']}.",
            )
            request.session[f"sanding-{kode}"] = {
                "pemohon": form.cleaned_data["pemohon"],
                "keperluan": form.cleaned_data["keperluan"],
                "jumlah": hasil.jumlah,
                "ditemukan": hasil.ditemukan,
                "tidak": hasil.tidak_ditemukan,
                "invalid": hasil.invalid,
                "duplikat": hasil.duplikat,
                "nama_berbeda": hasil.nama_berbeda,
                "per": label_waktu(hasil.snapshot.selesai_pada or hasil.snapshot.dibuat_pada),
            }
        finally:
            masuk.unlink(missing_ok=True)
    return render(request, "registri/sanding.html", {"form": form, "hasil": hasil, "kode": kode})


def _milik_sesi(request, kode):
    data = request.session.get(f"sanding-{kode}")
    if data is None or not kode.isalnum():
        raise Http404("Hasil sanding tidak ditemukan.")
    return data


@login_required
def unduh_hasil(request, kode):
    _cek_boleh(request, Aksi.UNDUH_SANDING)
    _milik_sesi(request, kode)
    path = _folder() / f"{kode}.xlsx"
    if not path.exists():
        raise Http404("Hasil sanding tidak ditemukan.")
    catat(Aksi.UNDUH_SANDING, request=request, objek=f"sanding {kode}")
    return FileResponse(open(path, "rb"), as_attachment=True, filename="hasil-sanding.xlsx")


@login_required
def surat_hasil(request, kode):
    """The cover letter "surat keterangan hasil sanding data", drafted through the surat app."""
    _cek_boleh(request, Aksi.UNDUH_SANDING)
    data = _milik_sesi(request, kode)
    from surat import penerbitan

    pdf = penerbitan.surat_hasil_sanding(data)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="surat-hasil-sanding.pdf"'
    return response
