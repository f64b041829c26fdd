from django import forms
from django.conf import settings
from django.contrib.auth import authenticate

from dinsos import auth


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
        if auth.is_terkunci(username):
            raise forms.ValidationError(
                "Akun ini dikunci sementara karena terlalu banyak percobaan masuk yang gagal. "
                f"Coba lagi dalam {settings.LOGIN_KUNCI_MENIT} menit atau hubungi admin.",
                code="terkunci",
            )
        user = authenticate(self.request, username=username, password=password)
        if user is None:
            auth.catat_gagal(username, self.request.META.get("REMOTE_ADDR"))
            raise forms.ValidationError("Nama pengguna atau kata sandi salah.", code="salah")
        if not user.is_active:
            raise forms.ValidationError("Akun ini tidak aktif.", code="nonaktif")
        auth.hapus_gagal(username)
        self.user = user
        return self.cleaned_data
