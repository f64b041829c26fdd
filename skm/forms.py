from django import forms

from skm.models import BATAS_SARAN, PROFIL, UNSUR, Tanggapan
from sop.models import Sop, VersiSop


class TanggapanForm(forms.ModelForm):
    """The questionnaire: nine elements (radio buttons 1–4 with the regulation's labels) and a profile."""

    class Meta:
        model = Tanggapan
        fields = ["jenis_kelamin", "kelompok_umur", "pendidikan", "pekerjaan", *[k for k, *_ in UNSUR], "saran"]
        widgets = {"saran": forms.Textarea(attrs={"rows": 3, "maxlength": BATAS_SARAN})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kode, _nama, pertanyaan, jawaban in UNSUR:
            self.fields[kode] = forms.TypedChoiceField(
                label=pertanyaan,
                choices=[(i + 1, teks) for i, teks in enumerate(jawaban)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Pilih salah satu jawaban.", "invalid_choice": "Pilih salah satu jawaban."},
            )
        for nama, label, pilihan in PROFIL:
            self.fields[nama] = forms.ChoiceField(
                label=label,
                choices=[("", "— pilih —"), *pilihan.choices],
                error_messages={
                    "required": f"{label} wajib dipilih.",
                    "invalid_choice": f"Pilihan {label.lower()} tidak dikenal.",
                },
            )
        self.fields["saran"].label = "Saran dan masukan (boleh dikosongkan)"
        self.fields["saran"].error_messages["max_length"] = f"Saran paling banyak {BATAS_SARAN} karakter."

    def unsur(self):
        """The nine element fields, in order, for the template."""
        return [(nama, self[kode]) for kode, nama, *_ in UNSUR]

    def profil(self):
        return [self[nama] for nama, *_ in PROFIL]


def layanan_kiosk(kabupaten):
    """Services a respondent may pick at the kiosk: this office's published citizen services."""
    versi = VersiSop.objects.terbit().filter(internal=False)
    if kabupaten:
        versi = versi.filter(sop__kabupaten=kabupaten)
    return Sop.objects.filter(pk__in=versi.values("sop_id")).order_by("urutan", "nama")


class KioskForm(TanggapanForm):
    layanan = forms.ModelChoiceField(
        queryset=Sop.objects.none(),
        label="Layanan yang Anda terima hari ini",
        empty_label="— pilih layanan —",
        error_messages={"required": "Pilih layanan yang Anda terima.", "invalid_choice": "Layanan tidak dikenal."},
    )

    def __init__(self, *args, kabupaten=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layanan"].queryset = layanan_kiosk(kabupaten)
        self.order_fields(["layanan"])
