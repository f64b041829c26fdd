import re

from django import forms
from django.core.exceptions import ValidationError

from dinsos.models import Desa, Kecamatan, Pegawai, Peran
from layanan.models import JenisKelamin, Status
from layanan.validators import (
    BATAS_CATATAN,
    BATAS_CATATAN_SURVEI,
    BATAS_ISIAN,
    BATAS_KEPERLUAN,
    BatasPanjang,
    tanggal_dari_nik,
    validate_kk,
    validate_nik,
    validate_unggahan,
)
from surat.models import ISIAN_NAMA_ORGANISASI


def tanggal_indonesia(tanggal):
    """ "5 Juli 1988", whatever the active locale."""
    from django.utils.formats import date_format

    return date_format(tanggal, "j F Y")


class NomorHpField(forms.CharField):
    """An Indonesian mobile number as people write it ("0812-7345-6621", "+62 812 7345 6621",
    "62812…"), stored in one form: "081273456621"."""

    default_error_messages = {"invalid": "Nomor HP tidak valid, contoh: 0812-3456-7890 atau +62 812 3456 7890."}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 25)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        if not re.fullmatch(r"\+?[\d\s.()-]+", value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        digits = re.sub(r"\D", "", value)
        if digits.startswith("62"):
            digits = "0" + digits[2:]
        if not re.fullmatch(r"08\d{7,12}", digits):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return digits


def teks_panjang(label, batas, rows=2, **kwargs):
    """A textarea capped at `batas` characters (browser and server), Indonesian message."""
    return forms.CharField(
        label=label,
        validators=[BatasPanjang(batas, label)],
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": batas}),
        **kwargs,
    )


ORANG_FIELDS = [
    "nik",
    "nama",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
    "alamat",
    "rt",
    "rw",
    "kecamatan",
    "desa",
    "nomor_kk",
    "nomor_hp",
]


class OrangForm(forms.Form):
    """The person's identity as typed at the counter, checked against the NIK."""

    nik = forms.CharField(
        label="NIK",
        max_length=16,
        min_length=16,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    nama = forms.CharField(label="Nama lengkap", max_length=150)
    tempat_lahir = forms.CharField(label="Tempat lahir", max_length=80)
    # A date input needs ISO in its value attribute, whatever the locale's display format.
    tanggal_lahir = forms.DateField(label="Tanggal lahir", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    jenis_kelamin = forms.ChoiceField(label="Jenis kelamin", choices=[("", "— pilih —")] + JenisKelamin.choices)
    alamat = forms.CharField(label="Alamat", max_length=250)
    rt = forms.CharField(label="RT", max_length=3, required=False)
    rw = forms.CharField(label="RW", max_length=3, required=False)
    kecamatan = forms.ModelChoiceField(
        label="Kecamatan", queryset=Kecamatan.objects.all(), empty_label="— pilih kecamatan —"
    )
    desa = forms.ModelChoiceField(
        label="Desa/Kelurahan",
        queryset=Desa.objects.select_related("kecamatan"),
        empty_label="— pilih desa/kelurahan —",
    )
    nomor_kk = forms.CharField(
        label="Nomor KK",
        max_length=16,
        min_length=16,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    nomor_hp = NomorHpField(label="Nomor HP", required=False)
    catatan_nik = teks_panjang(
        "Catatan perbedaan dengan NIK",
        BATAS_CATATAN,
        required=False,
        help_text="Isi hanya bila KTP memang berbeda dari NIK (tanggal lahir atau jenis kelamin), "
        "misalnya “KTP asli diperiksa, tanggal lahir pada KTP 5 Juli 1988”. Catatan tercatat di riwayat.",
    )

    def __init__(self, *args, kode_wilayah="", **kwargs):
        self.kode_wilayah = kode_wilayah
        super().__init__(*args, **kwargs)
        self.fields["nik"].error_messages.update({"min_length": "NIK harus 16 angka.", "max_length": "NIK harus 16 angka."})
        self.fields["nomor_kk"].error_messages.update(
            {"min_length": "Nomor KK harus 16 angka.", "max_length": "Nomor KK harus 16 angka."}
        )
        self.fields["desa"].label_from_instance = lambda d: f"{d.nama} ({d.kecamatan.nama})"
        self.luar_daerah = False
        # Mismatches between the typed data and the NIK, accepted with the clerk's note.
        self.beda_nik = []

    def clean_nik(self):
        nik = self.cleaned_data["nik"].strip()
        validate_nik(nik)
        self.luar_daerah = bool(self.kode_wilayah) and not nik.startswith(self.kode_wilayah)
        return nik

    def clean_nomor_kk(self):
        kk = self.cleaned_data["nomor_kk"].strip()
        validate_kk(kk)
        return kk

    def clean(self):
        data = super().clean()
        beda = self._beda_nik(data)
        catatan = (data.get("catatan_nik") or "").strip()
        if beda and catatan:
            # Real KTPs carry such inconsistencies: the clerk may accept them with a written note.
            self.beda_nik = [pesan for _field, pesan, _code in beda]
        for field, pesan, code in beda if not catatan else ():
            self.add_error(
                field,
                ValidationError(
                    f"{pesan}. Bila KTP memang demikian, tulis catatan perbedaan dengan NIK di bawah.", code=code
                ),
            )
        desa, kecamatan = data.get("desa"), data.get("kecamatan")
        if desa and kecamatan and desa.kecamatan_id != kecamatan.pk:
            self.add_error("desa", f"{desa.nama} tidak berada di Kecamatan {kecamatan.nama}.")
        return data

    @staticmethod
    def _beda_nik(data):
        """(field, message, code) for each typed value the NIK contradicts."""
        nik = data.get("nik")
        if not nik:
            return []
        lahir, jenis_kelamin = tanggal_dari_nik(nik)
        beda = []
        if data.get("tanggal_lahir") and data["tanggal_lahir"] != lahir:
            pesan = f"Tanggal lahir tidak sesuai NIK (NIK menunjukkan {tanggal_indonesia(lahir)})"
            beda.append(("tanggal_lahir", pesan, "nik_tanggal_beda"))
        if data.get("jenis_kelamin") and data["jenis_kelamin"] != jenis_kelamin:
            label = "perempuan" if jenis_kelamin == "P" else "laki-laki"
            beda.append(("jenis_kelamin", f"Jenis kelamin tidak sesuai NIK (NIK menunjukkan {label})", "nik_kelamin_beda"))
        return beda

    @property
    def minta_catatan_nik(self):
        """Show the note field: the NIK contradicts the data, or a note was written."""
        codes = {e.code for errors in self.errors.as_data().values() for e in errors} if self.is_bound else set()
        return bool(codes & {"nik_tanggal_beda", "nik_kelamin_beda"} or self.beda_nik or self["catatan_nik"].value())

    def catatan_beda_nik(self, peran):
        """The riwayat note of an accepted mismatch ("" when the data agree with the NIK)."""
        if not self.beda_nik:
            return ""
        beda = "; ".join(pesan[0].lower() + pesan[1:] for pesan in self.beda_nik)
        return f"Data {peran} berbeda dari NIK: {beda}. Diterima dengan catatan: " + (
            self.cleaned_data["catatan_nik"].strip()
        )

    def orang_data(self):
        data = {k: self.cleaned_data[k] for k in ORANG_FIELDS if k != "kecamatan"}
        return data


class OrganisasiForm(forms.Form):
    """The applicant organisation (UGB, PUB, LKS/LKSA, Karang Taruna); its person in charge
    is entered in the applicant (pemohon) form."""

    nama = forms.CharField(label="Nama organisasi", max_length=200)
    nomor_badan_hukum = forms.RegexField(
        label="Nomor badan hukum",
        max_length=100,
        regex=r"\d",
        help_text="Nomor SK Kemenkumham (AHU-…) atau, bila belum berbadan hukum, nomor SK pendirian/pengukuhan.",
        error_messages={"invalid": "Nomor badan hukum tidak valid, contoh: AHU-0001234.AH.01.07.TAHUN 2024."},
    )
    jabatan_penanggung_jawab = forms.CharField(
        label="Jabatan penanggung jawab", max_length=80, help_text="Misalnya Ketua, Direktur, Pimpinan."
    )
    alamat = forms.CharField(label="Alamat organisasi", max_length=250)
    kecamatan = forms.ModelChoiceField(
        label="Kecamatan", queryset=Kecamatan.objects.all(), empty_label="— pilih kecamatan —"
    )
    desa = forms.ModelChoiceField(
        label="Desa/Kelurahan",
        queryset=Desa.objects.select_related("kecamatan"),
        empty_label="— pilih desa/kelurahan —",
    )
    telepon = forms.RegexField(
        label="Telepon organisasi",
        regex=r"^[0-9+() -]{6,30}$",
        required=False,
        error_messages={"invalid": "Nomor telepon tidak valid."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].label_from_instance = lambda d: f"{d.nama} ({d.kecamatan.nama})"
        for name in ("nama", "nomor_badan_hukum", "jabatan_penanggung_jawab", "alamat"):
            self.fields[name].error_messages["required"] = f"{self.fields[name].label} wajib diisi."

    def clean(self):
        data = super().clean()
        desa, kecamatan = data.get("desa"), data.get("kecamatan")
        if desa and kecamatan and desa.kecamatan_id != kecamatan.pk:
            self.add_error("desa", f"{desa.nama} tidak berada di Kecamatan {kecamatan.nama}.")
        return data

    def organisasi_data(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "kecamatan"}


class PermohonanForm(forms.Form):
    kunci = forms.CharField(widget=forms.HiddenInput, max_length=32)
    keperluan = teks_panjang(
        "Keperluan",
        BATAS_KEPERLUAN,
        help_text=f"Maksud dan tujuan permohonan, akan tertulis di surat (paling banyak {BATAS_KEPERLUAN} karakter).",
    )
    termohon_beda = forms.BooleanField(label="Surat untuk orang lain (termohon berbeda dari pemohon)", required=False)
    hubungan = forms.CharField(
        label="Hubungan pemohon dengan termohon",
        max_length=60,
        required=False,
        help_text="Misalnya: orang tua, anak, suami/istri.",
    )

    def __init__(self, *args, versi=None, organisasi=False, titipan=None, tersimpan=None, **kwargs):
        super().__init__(*args, **kwargs)
        import uuid

        # Scans kept from an earlier failed submit of this form (layanan/titipan.py):
        # open files to use, and what to show about them.
        self.titipan = titipan or {}
        self.tersimpan = tersimpan or {}

        self.fields["kunci"].initial = uuid.uuid4().hex
        self.versi = versi
        self.isian_fields = []
        # An organisation's name is asked once, in the organisation form.
        self.isian_nama_organisasi = []
        if organisasi:
            del self.fields["termohon_beda"], self.fields["hubungan"]
        for isian in versi.isian_tambahan.all():
            if organisasi and isian.kode in ISIAN_NAMA_ORGANISASI:
                self.isian_nama_organisasi.append(isian.kode)
                continue
            name = f"isian_{isian.kode}"
            self.fields[name] = forms.CharField(
                label=isian.label,
                max_length=BATAS_ISIAN,
                error_messages={
                    "max_length": f"{isian.label} paling banyak {BATAS_ISIAN} karakter (sekarang %(show_value)d)."
                },
            )
            self.isian_fields.append((isian.kode, name))
        self.dokumen_fields = []
        for i, syarat in enumerate(versi.persyaratan.all()):
            check = f"ada_{i}"
            upload = f"berkas_{i}"
            label = syarat.nama + (f" ({syarat.kelompok})" if syarat.kelompok else "")
            self.fields[check] = forms.BooleanField(label=label, required=False)
            self.fields[upload] = forms.FileField(
                label=f"Pindaian: {syarat.nama}",
                required=False,
                validators=[validate_unggahan],
                widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
            )
            self.dokumen_fields.append((syarat, check, upload))

    def clean(self):
        data = super().clean()
        if data.get("termohon_beda") and not data.get("hubungan"):
            self.add_error("hubungan", "Isi hubungan pemohon dengan termohon.")
        for _syarat, check, upload in self.dokumen_fields:
            if not data.get(upload) and upload in self.titipan:
                data[upload] = self.titipan[upload]
            if data.get(upload) and not data.get(check):
                data[check] = True
        return data

    def unggahan_sah(self):
        """{field: uploaded file} of the scans chosen now that passed their checks."""
        from django.core.files.uploadedfile import UploadedFile

        cleaned = getattr(self, "cleaned_data", {})
        return {
            upload: cleaned[upload]
            for _syarat, _check, upload in self.dokumen_fields
            if isinstance(cleaned.get(upload), UploadedFile) and upload not in self.errors
        }

    def berkas_baris(self):
        """One row per requirement for the template: its checkbox, its upload, the kept scan."""
        return [
            {"syarat": syarat, "check": self[check], "upload": self[upload], "tersimpan": self.tersimpan.get(upload)}
            for syarat, check, upload in self.dokumen_fields
        ]

    def isian(self, nama_organisasi=""):
        isian = {kode: self.cleaned_data[name] for kode, name in self.isian_fields}
        isian.update({kode: nama_organisasi for kode in self.isian_nama_organisasi})
        return isian

    def dokumen(self):
        """(nama, file or None) for each document handed in."""
        return [
            (syarat.nama, self.cleaned_data.get(upload))
            for syarat, check, upload in self.dokumen_fields
            if self.cleaned_data.get(check)
        ]

    def kurang(self):
        """Required documents (outside alternative sets) that were not handed in."""
        return [
            syarat.nama
            for syarat, check, upload in self.dokumen_fields
            if not syarat.kelompok and not self.cleaned_data.get(check)
        ]


class TokenForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=40)
    catatan = teks_panjang("Catatan", BATAS_CATATAN, required=False)


class TandatanganiForm(TokenForm):
    # Only for an official who signs electronically (views drop it otherwise); never stored.
    frasa_sandi = forms.CharField(
        label="Frasa sandi sertifikat elektronik",
        required=False,
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text="Frasa sandi tidak disimpan. Salah ketik: surat tidak diterbitkan dan nomor tidak terpakai.",
    )

    def clean_frasa_sandi(self):
        from surat.tte import FrasaSandi

        return FrasaSandi(self.cleaned_data["frasa_sandi"])  # masked in error reports


class KembalikanForm(TokenForm):
    kurang = forms.MultipleChoiceField(label="Berkas yang kurang", widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, pilihan=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kurang"].choices = [(p, p) for p in pilihan]
        self.fields["kurang"].error_messages["required"] = "Pilih berkas yang kurang."


class AlasanForm(TokenForm):
    alasan = teks_panjang("Alasan", BATAS_CATATAN, error_messages={"required": "Alasan wajib diisi."})


class CatatanWajibForm(TokenForm):
    catatan = teks_panjang("Catatan perbaikan", BATAS_CATATAN, error_messages={"required": "Tulis catatan perbaikan."})


class AjukanKonsepForm(TokenForm):
    """Submit the draft; with a written reason when the registry contradicts the letter."""

    alasan_registri = teks_panjang(
        "Alasan tetap mengajukan",
        BATAS_CATATAN,
        required=False,
        help_text="Wajib bila data registri tidak mendukung isi surat, misalnya hasil pemeriksaan SIKS-NG "
        "terbaru. Alasan tercatat di riwayat dan tercetak di surat.",
    )


class TetapkanLayakForm(TokenForm):
    catatan = teks_panjang(
        "Alasan permohonan tetap dilanjutkan",
        BATAS_CATATAN,
        error_messages={"required": "Tulis alasan permohonan tetap dilanjutkan."},
    )


class KonsepForm(forms.Form):
    """What the drafter may correct before signature: the case data and the letter's free part."""

    token = forms.CharField(widget=forms.HiddenInput)
    keperluan = teks_panjang(
        "Keperluan",
        BATAS_KEPERLUAN,
        help_text=f"Maksud dan tujuan permohonan, tertulis di surat (paling banyak {BATAS_KEPERLUAN} karakter).",
        error_messages={"required": "Keperluan wajib diisi."},
    )
    hubungan = forms.CharField(label="Hubungan pemohon dengan termohon", max_length=60, required=False)
    uraian_tambahan = teks_panjang(
        "Uraian tambahan pada surat",
        BATAS_CATATAN,
        rows=3,
        required=False,
        help_text="Paragraf bebas yang dicetak di isi surat sebelum kalimat penutup, misalnya nama anak dan sekolahnya.",
    )

    def __init__(self, *args, permohonan=None, uraian=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.isian_fields = []
        for isian in permohonan.versi_sop.isian_tambahan.all():
            name = f"isian_{isian.kode}"
            self.fields[name] = forms.CharField(
                label=isian.label,
                max_length=BATAS_ISIAN,
                error_messages={
                    "required": f"{isian.label} wajib diisi.",
                    "max_length": f"{isian.label} paling banyak {BATAS_ISIAN} karakter (sekarang %(show_value)d).",
                },
            )
            self.isian_fields.append((isian.kode, name))
        if permohonan.termohon_id is None:
            del self.fields["hubungan"]
        else:
            self.fields["hubungan"].required = True
            self.fields["hubungan"].error_messages["required"] = "Isi hubungan pemohon dengan termohon."
        if not uraian:
            del self.fields["uraian_tambahan"]

    def isian(self, lama):
        data = dict(lama)
        data.update({kode: self.cleaned_data[name] for kode, name in self.isian_fields})
        return data


class TeruskanForm(TokenForm):
    tujuan = forms.CharField(
        label="Instansi tujuan",
        max_length=150,
        help_text="Misalnya BPJS Kesehatan, Dinas Kesehatan, RSUD, Dinas Sosial Provinsi.",
    )
    tanggal = forms.DateField(label="Tanggal diteruskan", widget=forms.DateInput(attrs={"type": "date"}))


class SurveiForm(TokenForm):
    tanggal_kunjungan = forms.DateField(label="Tanggal kunjungan", widget=forms.DateInput(attrs={"type": "date"}))
    hasil = forms.ChoiceField(
        label="Hasil", choices=[("layak", "Layak"), ("tidak_layak", "Tidak layak")], widget=forms.RadioSelect
    )
    catatan = teks_panjang(
        "Catatan survei", BATAS_CATATAN_SURVEI, rows=3, error_messages={"required": "Catatan survei wajib diisi."}
    )
    foto = forms.FileField(
        label="Foto kunjungan",
        required=False,
        validators=[validate_unggahan],
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png"}),
    )


class TugaskanForm(forms.Form):
    petugas = forms.ModelChoiceField(
        label="Petugas survei",
        queryset=Pegawai.objects.none(),
        empty_label="— pilih petugas —",
        error_messages={"required": "Pilih petugas survei."},
    )

    def __init__(self, *args, kecamatan=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Pegawai.objects.filter(aktif=True, jabatan__peran=Peran.SURVEI).select_related("jabatan")
        self.fields["petugas"].queryset = qs
        if kecamatan is not None:
            saran = qs.filter(kecamatan_tugas=kecamatan).first()
            if saran is not None:
                self.fields["petugas"].initial = saran.pk
                self.fields["petugas"].help_text = f"Disarankan: {saran.nama} (wilayah Kec. {kecamatan.nama})."


def kunci_berkas(nama):
    """A short stable field key for a document name."""
    import hashlib

    return hashlib.sha256(nama.encode()).hexdigest()[:10]


class LengkapiForm(TokenForm):
    def __init__(self, *args, kurang=(), **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["catatan"]  # the riwayat names what was brought and what is still missing
        self.kurang_fields = []
        for nama in kurang:
            # Named by the document, not by position: a form opened before another clerk
            # recorded part of the list still means the documents it shows.
            kunci = kunci_berkas(nama)
            self.fields[f"ada_{kunci}"] = forms.BooleanField(label=nama, required=False)
            self.fields[f"berkas_{kunci}"] = forms.FileField(
                label=f"Pindaian: {nama}", required=False, validators=[validate_unggahan]
            )
            self.kurang_fields.append((nama, f"ada_{kunci}", f"berkas_{kunci}"))

    def clean(self):
        data = super().clean()
        if not any(data.get(check) or data.get(upload) for _nama, check, upload in self.kurang_fields):
            raise ValidationError("Centang atau unggah sedikitnya satu berkas yang dibawa pemohon.", code="kosong")
        return data

    def dokumen(self):
        """(nama, file or None) of the documents brought now; the others stay missing."""
        return [
            (nama, self.cleaned_data.get(upload))
            for nama, check, upload in self.kurang_fields
            if self.cleaned_data.get(check) or self.cleaned_data.get(upload)
        ]


class LacakForm(forms.Form):
    kode = forms.CharField(
        label="Kode lacak",
        max_length=20,
        help_text="12 huruf dan angka pada tanda terima, mis. ABCD-2345-EFGH.",
        error_messages={"required": "Isi kode lacak dari tanda terima."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_kode(self):
        from layanan import lacak_kode

        kode = lacak_kode.normalisasi(self.cleaned_data["kode"])
        if re.fullmatch(r"(REG)?\d{4}\d{1,6}", kode):
            # The registration number is not a secret, so it does not open the public page.
            raise forms.ValidationError(
                "Ini nomor registrasi. Untuk melacak, isi kode lacak (12 huruf dan angka) yang tercetak "
                "di bawah kode QR pada tanda terima, atau pindai kode QR-nya.",
                code="nomor_registrasi",
            )
        if not lacak_kode.sah(kode):
            raise forms.ValidationError("Kode lacak terdiri atas 12 huruf dan angka, seperti tertulis pada tanda terima.")
        return kode


class TugasFilterForm(forms.Form):
    """The worklist's query string; anything else answers 400 with these messages."""

    semua = forms.ChoiceField(label="Tampilan", required=False, choices=[("", ""), ("1", "semua")])
    q = forms.CharField(label="Cari", required=False, max_length=100)
    layanan = forms.SlugField(label="Layanan", required=False, max_length=60)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "")] + Status.choices)
    dari = forms.DateField(label="Dari", required=False, input_formats=["%Y-%m-%d"])
    sampai = forms.DateField(label="Sampai", required=False, input_formats=["%Y-%m-%d"])
    desa = forms.CharField(label="Desa/Kelurahan", required=False, max_length=100)
    halaman = forms.IntegerField(label="Halaman", required=False, min_value=1, max_value=1_000_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("dari", "sampai"):
            self.fields[name].error_messages["invalid"] = "Tanggal tidak sah; tulis TTTT-BB-HH, misalnya 2026-11-24."
        self.fields["status"].error_messages["invalid_choice"] = "Status “%(value)s” tidak dikenal."
        self.fields["layanan"].error_messages["invalid"] = "Kode layanan tidak sah."

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            self.add_error("sampai", "Tanggal “sampai” tidak boleh sebelum tanggal “dari”.")
        return data


class CekRegistriForm(forms.Form):
    """POST data of the registry check (the NIK itself is read digit by digit; a case page
    sends its case number and the view reads the NIK)."""

    versi = forms.IntegerField(label="Layanan", required=False, min_value=1, max_value=2_147_483_647)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in ("invalid", "min_value", "max_value"):
            self.fields["versi"].error_messages[code] = "Versi layanan tidak sah."


class CabutSuratForm(forms.Form):
    """Revoke an issued letter: the signer's decision, with a reason and what happens next."""

    alasan = forms.CharField(
        label="Alasan pencabutan",
        max_length=BATAS_CATATAN,
        help_text="Alasan tampil di halaman verifikasi publik: jangan menulis NIK atau data pribadi lain.",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Alasan pencabutan wajib diisi.",
            "max_length": "Alasan pencabutan paling banyak 1.000 karakter.",
        },
    )
    tindak_lanjut = forms.ChoiceField(
        label="Tindak lanjut",
        widget=forms.RadioSelect,
        choices=[
            (
                "perbaiki",
                "Cabut dan betulkan: permohonan kembali ke tahap konsep, surat pembetulan diterbitkan "
                "dengan nomor baru melalui paraf dan tanda tangan",
            ),
            ("cabut", "Cabut tanpa pengganti: permohonan yang belum diserahkan dibatalkan"),
        ],
        error_messages={"required": "Pilih tindak lanjut pencabutan."},
    )


class KolektifForm(forms.Form):
    """The drafter picks the cases that go into one letter."""

    pilih = forms.MultipleChoiceField(
        label="Permohonan",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Pilih sedikitnya dua permohonan.",
            "invalid_choice": "Permohonan %(value)s tidak dapat dipilih: tidak menunggu konsep, sudah masuk surat "
            "kolektif, atau bukan wewenang Anda. Muat ulang halaman.",
        },
    )

    def __init__(self, *args, calon=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pilih"].choices = [(p.nomor_registrasi, p.nomor_registrasi) for p in calon]

    def clean_pilih(self):
        pilih = self.cleaned_data["pilih"]
        if len(pilih) < 2:
            raise ValidationError("Pilih sedikitnya dua permohonan untuk satu surat kolektif.")
        return pilih


class LangkahForm(TokenForm):
    """Generic work done on a step: a note (the SOP's output column says what is expected)."""

    catatan = teks_panjang("Catatan hasil langkah", BATAS_CATATAN, required=False)


class DisposisiForm(TokenForm):
    """A superior forwards the case with an instruction, to a position of the next step."""

    catatan = teks_panjang("Isi disposisi (instruksi)", BATAS_CATATAN, required=False)
    tujuan = forms.ChoiceField(label="Diteruskan kepada", required=False)

    def __init__(self, *args, tujuan=(), **kwargs):
        super().__init__(*args, **kwargs)
        if tujuan:
            self.fields["tujuan"].choices = [("", "— semua pelaksana langkah berikut —")] + list(tujuan)
        else:
            del self.fields["tujuan"]


class KeputusanForm(TokenForm):
    catatan = teks_panjang(
        "Catatan keputusan",
        BATAS_CATATAN,
        required=False,
        help_text="Bila Tidak mengakhiri permohonan, catatan ini menjadi alasan.",
    )


class JawabanForm(TokenForm):
    catatan = teks_panjang("Jawaban pihak luar", BATAS_CATATAN, error_messages={"required": "Tulis jawaban yang diterima."})


class MulaiInternalForm(forms.Form):
    """Start an internal procedure (cuti, LPPD …): what it is about, an optional attachment."""

    kunci = forms.CharField(widget=forms.HiddenInput, max_length=32)
    keperluan = teks_panjang("Perihal/keperluan", BATAS_KEPERLUAN, error_messages={"required": "Isi perihal/keperluan."})
    lampiran = forms.FileField(
        label="Lampiran (PDF/JPG/PNG, opsional)",
        required=False,
        validators=[validate_unggahan],
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        import uuid

        self.fields["kunci"].initial = uuid.uuid4().hex
