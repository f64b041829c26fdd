from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm


class MasukForm(forms.Form):
    username = forms.CharField(
        label="Nama pengguna",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Kata sandi",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return self.cleaned_data
        # The throttle lives in the authentication backends (django-axes), so this page
        # and the admin login share it; a locked request is answered by dinsos.views.terkunci.
        self.user = authenticate(self.request, username=username, password=password)
        if self.user is None:
            raise forms.ValidationError("Nama pengguna atau kata sandi salah.", code="salah")
        return self.cleaned_data


class KodeForm(forms.Form):
    kode = forms.CharField(
        label="Kode dari aplikasi autentikator",
        min_length=6,
        max_length=6,
        help_text="Enam angka yang tampil di aplikasi (Google Authenticator, Aegis, FreeOTP, dan sejenisnya).",
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
        error_messages={
            "required": "Isi kode enam angka.",
            "min_length": "Kode terdiri atas enam angka.",
            "max_length": "Kode terdiri atas enam angka.",
        },
    )

    def clean_kode(self):
        kode = self.cleaned_data["kode"].strip()
        if not kode.isdigit():
            raise forms.ValidationError("Kode terdiri atas enam angka.", code="bukan_angka")
        return kode


class GantiSandiForm(PasswordChangeForm):
    """Django's password change, worded like the rest of the product ("kata sandi")."""

    error_messages = {
        "password_incorrect": "Kata sandi lama salah. Coba lagi.",
        "password_mismatch": "Kedua isian kata sandi baru tidak cocok.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Kata sandi lama"
        self.fields["new_password1"].label = "Kata sandi baru"
        self.fields["new_password1"].help_text = (
            "Minimal 12 karakter; bukan kata sandi yang umum, bukan hanya angka, dan tidak mirip nama pengguna, "
            "nama kantor atau daerah (mis. dinsos, nama kabupaten). Rangkaian beberapa kata yang mudah Anda "
            "ingat sudah cukup kuat."
        )
        self.fields["new_password2"].label = "Ulangi kata sandi baru"
        self.fields["new_password2"].help_text = "Ketik sekali lagi kata sandi baru yang sama."

    def validate_password_for_user(self, user, password_field_name="new_password1"):
        # The rules are about the new password, so the message goes under that field.
        super().validate_password_for_user(user, "new_password1")
