from django import forms

from dinsos.unggahan import jenis_berkas
from layanan.models import Permohonan
from layanan.validators import BATAS_CATATAN, BatasPanjang, UnggahanValidator
from persuratan.models import (
    Instruksi,
    JenisNaskah,
    KodeKlasifikasi,
    LampiranNaskah,
    NaskahDinas,
    Sifat,
    SuratMasuk,
)
from surat.berkas_lampiran import BerkasRusak, jumlah_halaman

TANGGAL = {"type": "date"}


def gaya(form):
    """Bootstrap classes on every widget (the project's forms are rendered field by field)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault(
                "class", "form-select form-select-sm" if getattr(form, "kecil", False) else "form-select"
            )
        else:
            widget.attrs.setdefault(
                "class", "form-control form-control-sm" if getattr(form, "kecil", False) else "form-control"
            )
    return form


class Bergaya:
    kecil = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        gaya(self)


class SuratMasukForm(Bergaya, forms.ModelForm):
    nomor_registrasi = forms.CharField(
        label="Nomor registrasi permohonan terkait",
        required=False,
        max_length=20,
        help_text="Bila surat ini menyangkut permohonan warga.",
    )

    class Meta:
        model = SuratMasuk
        fields = [
            "tanggal_diterima",
            "pengirim",
            "nomor_surat",
            "tanggal_surat",
            "perihal",
            "sifat",
            "klasifikasi",
            "berkas",
        ]
        widgets = {
            "tanggal_diterima": forms.DateInput(attrs=TANGGAL, format="%Y-%m-%d"),
            "tanggal_surat": forms.DateInput(attrs=TANGGAL, format="%Y-%m-%d"),
        }
        labels = {"berkas": "Pindaian surat (PDF, JPG atau PNG, paling besar 5 MB)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["klasifikasi"].queryset = KodeKlasifikasi.objects.filter(aktif=True)
        self.fields["klasifikasi"].empty_label = "— pilih kode klasifikasi —"

    def clean_nomor_registrasi(self):
        nomor = self.cleaned_data["nomor_registrasi"].strip()
        if not nomor:
            return None
        permohonan = Permohonan.objects.filter(nomor_registrasi=nomor).first()
        if permohonan is None:
            raise forms.ValidationError(f"Permohonan dengan nomor registrasi {nomor} tidak ada.")
        return permohonan

    def clean(self):
        data = super().clean()
        if data.get("tanggal_surat") and data.get("tanggal_diterima") and data["tanggal_surat"] > data["tanggal_diterima"]:
            self.add_error("tanggal_surat", "Tanggal surat tidak boleh sesudah tanggal diterima.")
        return data


class DisposisiForm(Bergaya, forms.Form):
    dari = forms.TypedChoiceField(label="Dari jabatan", coerce=int)
    kepada = forms.MultipleChoiceField(label="Kepada", widget=forms.CheckboxSelectMultiple)
    instruksi = forms.ModelMultipleChoiceField(
        label="Instruksi", queryset=Instruksi.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    catatan = forms.CharField(
        label="Catatan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[BatasPanjang(BATAS_CATATAN, "Catatan")],
    )
    batas_waktu = forms.DateField(label="Batas waktu", required=False, widget=forms.DateInput(attrs=TANGGAL))

    def __init__(self, *args, dari_pilihan=(), kepada_pilihan=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dari"].choices = dari_pilihan
        self.fields["kepada"].choices = kepada_pilihan
        self.fields["instruksi"].queryset = Instruksi.objects.filter(aktif=True)
        if len(dari_pilihan) == 1:
            self.fields["dari"].initial = dari_pilihan[0][0]
        self.fields["kepada"].error_messages["required"] = "Pilih sekurang-kurangnya satu jabatan tujuan."
        self.fields["kepada"].error_messages["invalid_choice"] = (
            "Disposisi hanya dapat diteruskan ke jabatan di bawah jabatan Anda."
        )

    def clean(self):
        data = super().clean()
        if not data.get("instruksi") and not (data.get("catatan") or "").strip():
            raise forms.ValidationError("Centang sekurang-kurangnya satu instruksi atau tulis catatan.")
        return data


class LaporForm(Bergaya, forms.Form):
    tindak_lanjut = forms.CharField(
        label="Laporan tindak lanjut",
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[BatasPanjang(BATAS_CATATAN, "Laporan tindak lanjut")],
        error_messages={"required": "Tuliskan tindak lanjut yang sudah dilakukan."},
    )


class NaskahForm(Bergaya, forms.ModelForm):
    class Meta:
        model = NaskahDinas
        fields = ["jenis", "klasifikasi", "sifat", "lampiran", "hal", "tujuan", "tembusan", "isi", "atas_nama"]
        widgets = {
            "tujuan": forms.Textarea(attrs={"rows": 3}),
            "tembusan": forms.Textarea(attrs={"rows": 2}),
            "isi": forms.Textarea(attrs={"rows": 10}),
        }

    berkas_baru = forms.FileField(
        label="Tambah lampiran (PDF)",
        required=False,
        help_text="Berkas PDF, paling besar 5 MB; halamannya dicetak sesudah surat. "
        "Bila ada berkas lampiran, baris Lampiran surat diisi jumlah berkasnya.",
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    hapus_lampiran = forms.ModelMultipleChoiceField(
        label="Hapus lampiran", required=False, queryset=LampiranNaskah.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["klasifikasi"].queryset = KodeKlasifikasi.objects.filter(aktif=True)
        self.fields["klasifikasi"].empty_label = "— pilih kode klasifikasi —"
        self.fields["jenis"].choices = JenisNaskah.choices
        self.fields["sifat"].choices = Sifat.choices
        self.fields["lampiran"].help_text = "Diisi otomatis bila ada berkas lampiran; selain itu mis. “-”."
        if self.instance.pk:
            self.fields["hapus_lampiran"].queryset = self.instance.berkas_lampiran.all()
        else:
            del self.fields["hapus_lampiran"]
        self.halaman_lampiran = 0

    def clean_berkas_baru(self):
        """A PDF by content (not by name) that pypdf can read; its page count is kept."""
        berkas = self.cleaned_data.get("berkas_baru")
        if not berkas:
            return None
        UnggahanValidator()(berkas)
        kind = jenis_berkas(berkas)
        if kind is None or kind.mime != "application/pdf":
            raise forms.ValidationError(f"Berkas “{berkas.name}” bukan PDF. Lampiran naskah harus berupa berkas PDF.")
        try:
            self.halaman_lampiran = jumlah_halaman(berkas.read())
        except BerkasRusak:
            raise forms.ValidationError(
                f"Berkas “{berkas.name}” rusak atau terkunci kata sandi, jadi tidak dapat dilampirkan."
            ) from None
        finally:
            berkas.seek(0)
        if self.halaman_lampiran == 0:
            raise forms.ValidationError(f"Berkas “{berkas.name}” tidak berisi halaman.")
        return berkas


class KembalikanForm(Bergaya, forms.Form):
    catatan = forms.CharField(
        label="Yang harus diperbaiki",
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[BatasPanjang(BATAS_CATATAN, "Catatan")],
        error_messages={"required": "Tuliskan apa yang harus diperbaiki."},
    )


class TandatanganForm(Bergaya, forms.Form):
    frasa_sandi = forms.CharField(
        label="Frasa sandi sertifikat elektronik", required=False, widget=forms.PasswordInput(render_value=False)
    )


class AgendaMasukFilter(Bergaya, forms.Form):
    kecil = True
    tahun = forms.IntegerField(label="Tahun", required=False, min_value=2000, max_value=2100)
    sifat = forms.ChoiceField(label="Sifat", required=False, choices=[("", "Semua sifat"), *Sifat.choices])
    klasifikasi = forms.ModelChoiceField(
        label="Klasifikasi", required=False, queryset=KodeKlasifikasi.objects.all(), empty_label="Semua klasifikasi"
    )
    q = forms.CharField(label="Cari", required=False, max_length=100)
    halaman = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)


class AgendaKeluarFilter(Bergaya, forms.Form):
    tahun = forms.IntegerField(label="Tahun", required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label="Cari", required=False, max_length=100)
    halaman = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)
