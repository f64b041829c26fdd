from django import forms
from django.core.exceptions import ValidationError

from bansos.models import Asal, Kategori, Penetapan, Penyaluran
from dinsos.models import Desa
from layanan.validators import BATAS_CATATAN, validate_nik, validate_unggahan

BATAS_XLSX = 20 * 1024 * 1024


class CalonLoketForm(forms.Form):
    """One candidate at the counter; the case then walks the program's SOP steps."""

    nik = forms.CharField(label="NIK", max_length=16, validators=[validate_nik])
    nama = forms.CharField(label="Nama lengkap", max_length=150)
    nomor_kk = forms.CharField(label="Nomor KK", max_length=16)
    tempat_lahir = forms.CharField(label="Tempat lahir", max_length=80)
    tanggal_lahir = forms.DateField(label="Tanggal lahir", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    jenis_kelamin = forms.ChoiceField(label="Jenis kelamin", choices=[("L", "Laki-laki"), ("P", "Perempuan")])
    alamat = forms.CharField(label="Alamat", max_length=250)
    desa = forms.ModelChoiceField(label="Desa/kelurahan", queryset=Desa.objects.select_related("kecamatan"))
    kategori = forms.ChoiceField(label="Kategori", choices=[("", "—")] + Kategori.choices, required=False)
    jenis_disabilitas = forms.CharField(label="Jenis disabilitas", max_length=60, required=False)


class ImporForm(forms.Form):
    asal = forms.ChoiceField(label="Asal usulan", choices=[c for c in Asal.choices if c[0] != Asal.LOKET])
    berkas = forms.FileField(
        label="Berkas XLSX atau CSV",
        help_text="Kolom: NIK, Nama, No. KK, Alamat, Desa, Kecamatan, Tanggal lahir, Kategori, Jenis disabilitas.",
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > BATAS_XLSX:
            raise ValidationError("Berkas lebih dari 20 MB.")
        if not berkas.name.lower().endswith((".xlsx", ".csv")):
            raise ValidationError("Unggah berkas XLSX atau CSV.")
        return berkas


class LoloskanForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan meloloskan",
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=10,
        max_length=BATAS_CATATAN,
        help_text="Wajib, dicatat di riwayat calon.",
    )


class TetapkanForm(forms.Form):
    penanda = forms.ChoiceField(label="Jenis keputusan", choices=Penetapan.Penanda.choices)


class PenyaluranForm(forms.Form):
    status = forms.ChoiceField(label="Hasil", choices=Penyaluran.Status.choices)
    tanggal = forms.DateField(label="Tanggal", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    tempat = forms.CharField(label="Tempat", max_length=200)
    diterima_oleh = forms.ChoiceField(label="Diterima oleh", choices=Penyaluran.Penerima.choices)
    nama_wakil = forms.CharField(label="Nama wakil", max_length=150, required=False)
    hubungan_wakil = forms.CharField(label="Hubungan wakil dengan penerima", max_length=60, required=False)
    nik_wakil = forms.CharField(label="NIK wakil", max_length=16, required=False, validators=[validate_nik])
    foto = forms.FileField(label="Foto penyerahan (JPG/PNG/PDF)", required=False, validators=[validate_unggahan])
    tanda_tangan = forms.FileField(label="Pindaian tanda tangan/cap jempol", required=False, validators=[validate_unggahan])
    asesmen = forms.CharField(
        label="Hasil asesmen (jalur cepat bencana)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=BATAS_CATATAN,
    )
    keterangan = forms.CharField(
        label="Keterangan", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=BATAS_CATATAN
    )

    def __init__(self, *args, bencana=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not bencana:
            del self.fields["asesmen"]  # only the disaster fast path records the assessment here

    def clean(self):
        data = super().clean()
        if data.get("status") == Penyaluran.Status.TERSALUR:
            if data.get("diterima_oleh") == Penyaluran.Penerima.WAKIL:
                for name, label in (
                    ("nama_wakil", "Nama wakil"),
                    ("hubungan_wakil", "Hubungan wakil"),
                    ("nik_wakil", "NIK wakil"),
                ):
                    if not data.get(name):
                        self.add_error(name, f"{label} wajib diisi bila bantuan diterima wakil.")
            if not data.get("tanda_tangan"):
                self.add_error("tanda_tangan", "Unggah pindaian tanda tangan atau cap jempol penerima.")
        elif not (data.get("keterangan") or "").strip():
            self.add_error("keterangan", "Tuliskan alasan bantuan tidak tersalur atau dikembalikan.")
        return data


class MonevForm(forms.Form):
    catatan = forms.CharField(label="Catatan monev", widget=forms.Textarea(attrs={"rows": 3}), max_length=BATAS_CATATAN)
