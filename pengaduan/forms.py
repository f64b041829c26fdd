from django import forms

from layanan import lacak_kode
from layanan.forms import NomorHpField, teks_panjang
from layanan.models import Permohonan
from layanan.validators import BATAS_CATATAN, validate_nik, validate_unggahan
from pengaduan.models import BATAS_ISI, Kategori, Prioritas, Saluran

MAKS_LAMPIRAN = 3
IDENTITAS_DAN_ISI = ("kategori", "judul", "isi", "lokasi", "nama_pelapor", "nik_pelapor", "telepon", "email", "rahasiakan")


class BanyakBerkas(forms.ClearableFileInput):
    allow_multiple_selected = True


class LampiranField(forms.FileField):
    """Up to three PDF/JPG/PNG files, each checked by content (`layanan.validators`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", BanyakBerkas(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        berkas = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(berkas) > MAKS_LAMPIRAN:
            raise forms.ValidationError(f"Paling banyak {MAKS_LAMPIRAN} lampiran.")
        hasil = []
        for b in berkas:
            b = super().clean(b, initial)
            validate_unggahan(b)
            hasil.append(b)
        return hasil


def _kategori():
    return Kategori.objects.filter(aktif=True)


class PengaduanForm(forms.Form):
    """The complaint itself: shared by the public form and the counter's form."""

    kategori = forms.ModelChoiceField(queryset=Kategori.objects.none(), label="Kategori", empty_label="— pilih —")
    judul = forms.CharField(label="Pokok pengaduan", max_length=150)
    isi = teks_panjang("Isi pengaduan", BATAS_ISI, rows=5)
    lokasi = forms.CharField(label="Lokasi kejadian", max_length=150, required=False)
    nama_pelapor = forms.CharField(label="Nama", max_length=150, required=False, help_text="Boleh dikosongkan (anonim).")
    nik_pelapor = forms.CharField(label="NIK", max_length=16, required=False, validators=[validate_nik])
    telepon = NomorHpField(label="Nomor HP/WhatsApp", required=False)
    email = forms.EmailField(
        label="Surel", required=False, help_text="Bila diisi, kami mengirim pemberitahuan saat pengaduan dijawab."
    )
    rahasiakan = forms.BooleanField(
        label="Rahasiakan identitas saya",
        required=False,
        help_text="Identitas hanya terlihat oleh petugas yang menangani pengaduan ini.",
    )
    lampiran = LampiranField(label="Lampiran (PDF, JPG atau PNG, paling banyak 3, masing-masing 5 MB)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kategori"].queryset = _kategori()

    def data_pengaduan(self) -> dict:
        d = self.cleaned_data
        return {
            k: d[k]
            for k in ("kategori", "judul", "isi", "lokasi", "nama_pelapor", "nik_pelapor", "telepon", "email", "rahasiakan")
        }


class PengaduanPublikForm(PengaduanForm):
    # A honeypot: hidden from people by CSS, filled in by form-filling robots.
    situs = forms.CharField(label="Jangan diisi", required=False)


class PengaduanPetugasForm(PengaduanForm):
    SALURAN = [(s.value, s.label) for s in Saluran if s != Saluran.WEB]

    saluran = forms.ChoiceField(label="Saluran", choices=SALURAN)
    nomor_lapor = forms.CharField(
        label="Nomor tiket SP4N-LAPOR!", max_length=40, required=False, help_text="Wajib untuk saluran SP4N-LAPOR!."
    )
    prioritas = forms.ChoiceField(label="Prioritas", choices=Prioritas.choices, initial=Prioritas.SEDANG)

    field_order = ["saluran", "nomor_lapor", "kategori", "prioritas"]

    def clean(self):
        data = super().clean()
        if data.get("saluran") == Saluran.LAPOR and not data.get("nomor_lapor", "").strip():
            self.add_error("nomor_lapor", "Isi nomor tiket SP4N-LAPOR!.")
        if data.get("saluran") != Saluran.LAPOR:
            data["nomor_lapor"] = ""
        return data

    def data_pengaduan(self) -> dict:
        data = super().data_pengaduan()
        data["prioritas"] = self.cleaned_data["prioritas"]
        data["nomor_lapor"] = self.cleaned_data["nomor_lapor"].strip()
        return data


class CekForm(forms.Form):
    tiket = forms.CharField(
        label="Nomor tiket", max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})
    )
    kode = forms.CharField(
        label="Kode rahasia",
        max_length=20,
        help_text="12 huruf dan angka yang diberikan saat pengaduan dicatat.",
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "off"}),
    )

    def clean_tiket(self):
        return self.cleaned_data["tiket"].strip().upper()

    def clean_kode(self):
        return lacak_kode.normalisasi(self.cleaned_data["kode"])


class TambahInfoForm(forms.Form):
    teks = teks_panjang("Keterangan tambahan", BATAS_CATATAN, rows=3)
    lampiran = LampiranField(label="Lampiran tambahan")


class NilaiForm(forms.Form):
    nilai = forms.TypedChoiceField(
        label="Penilaian penanganan",
        coerce=int,
        choices=[(5, "5 — sangat puas"), (4, "4 — puas"), (3, "3 — cukup"), (2, "2 — kurang puas"), (1, "1 — tidak puas")],
        widget=forms.RadioSelect,
    )
    catatan = forms.CharField(label="Catatan", max_length=500, required=False)


class BukaKembaliForm(forms.Form):
    alasan = teks_panjang("Alasan dibuka kembali", BATAS_CATATAN, rows=3)


class TindakForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    catatan = teks_panjang("Catatan tindak lanjut (internal)", BATAS_CATATAN, rows=2, required=False)
    jawaban = teks_panjang(
        "Jawaban untuk pelapor",
        BATAS_CATATAN,
        rows=3,
        required=False,
        help_text="Terlihat oleh pelapor di halaman status. Wajib sebelum pengaduan ditutup.",
    )
    tujuan = forms.TypedChoiceField(label="Tujuan disposisi", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, tujuan=(), **kwargs):
        super().__init__(*args, **kwargs)
        if tujuan:
            self.fields["tujuan"].choices = [(j.pk, j.nama) for j in tujuan]
            self.fields["tujuan"].required = True
        else:
            del self.fields["tujuan"]


class CatatForm(forms.Form):
    JENIS = [
        ("jawaban", "Jawaban untuk pelapor"),
        ("internal", "Catatan internal"),
        ("koordinasi", "Koordinasi dengan instansi lain"),
    ]
    jenis = forms.ChoiceField(label="Jenis", choices=JENIS)
    instansi = forms.CharField(label="Instansi yang dihubungi", max_length=150, required=False)
    teks = teks_panjang("Isi", BATAS_CATATAN, rows=2)


class TolakForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    alasan = teks_panjang("Alasan (terlihat oleh pelapor)", BATAS_CATATAN, rows=2)


class SuratBalasanForm(forms.Form):
    teks = teks_panjang(
        "Isi jawaban dalam surat",
        BATAS_CATATAN,
        rows=4,
        help_text="Menjadi isi Surat Dinas yang diparaf dan ditandatangani Kepala Dinas; pelapor mengunduhnya saat terbit.",
        error_messages={"required": "Tulis isi jawaban untuk surat balasan."},
    )


class TriaseForm(forms.Form):
    kategori = forms.ModelChoiceField(queryset=Kategori.objects.none(), label="Kategori")
    prioritas = forms.ChoiceField(label="Prioritas", choices=Prioritas.choices)
    nik_terkait = forms.CharField(label="NIK terkait", max_length=16, required=False, validators=[validate_nik])
    nomor_permohonan = forms.CharField(label="Nomor permohonan terkait", max_length=20, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kategori"].queryset = _kategori()

    def clean_nomor_permohonan(self):
        nomor = self.cleaned_data["nomor_permohonan"].strip().upper()
        if not nomor:
            return None
        permohonan = Permohonan.objects.filter(nomor_registrasi=nomor).first()
        if permohonan is None:
            raise forms.ValidationError("Nomor permohonan tidak ditemukan.")
        return permohonan


class ImporForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas XLSX ekspor SP4N-LAPOR!", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )


class SaringForm(forms.Form):
    q = forms.CharField(required=False, max_length=60)
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Semua"), ("aktif", "Belum selesai"), ("terlambat", "Terlambat"), ("selesai", "Selesai")],
    )
    halaman = forms.IntegerField(required=False, min_value=1)


class RekapForm(forms.Form):
    bulan = forms.RegexField(
        regex=r"^\d{4}-\d{2}$", required=False, error_messages={"invalid": "Bulan tidak valid (YYYY-MM)."}
    )
