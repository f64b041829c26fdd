"""The access log in the admin: read-only for everyone, searchable by user, case or NIK.

A NIK is searched through a POST form (never in the URL): the view hashes it, keeps the
hashes in the session under a random token and opens the list with `?cari=<token>`.
"""

import secrets

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.urls import path, reverse

from audit.models import LogAkses, hash_nik_semua_kunci, samarkan_nik

SESI = "audit-cari-nik"


class CariNikForm(forms.Form):
    nik = forms.RegexField(
        label="NIK",
        regex=r"^\d{16}$",
        error_messages={"invalid": "NIK harus 16 angka.", "required": "Isi NIK 16 angka."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class NikFilter(admin.SimpleListFilter):
    """Rows of the NIK searched through the POST form (the URL carries only a token)."""

    title = "NIK"
    parameter_name = "cari"

    def __init__(self, request, params, model, model_admin):
        self.pencarian = request.session.get(SESI, {})
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        data = self.pencarian.get(self.value() or "")
        return [(self.value(), data["samar"])] if data else []

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        data = self.pencarian.get(self.value())
        hashes = data["hashes"] if data else []
        from django.db.models import Q

        return queryset.filter(Q(nik_hash__in=hashes) | Q(nik_hash_lain__in=hashes))


@admin.register(LogAkses)
class LogAksesAdmin(admin.ModelAdmin):
    list_display = ["waktu", "nama_pengguna", "aksi", "diizinkan", "nomor_permohonan", "nik_samar", "objek"]
    list_filter = [NikFilter, "diizinkan", "aksi", "waktu"]
    search_fields = ["=nama_pengguna", "=nomor_permohonan"]
    search_help_text = "Cari nama pengguna atau nomor permohonan. Untuk NIK, pakai kotak Cari NIK."
    date_hierarchy = "waktu"
    change_list_template = "admin/audit/logakses_changelist.html"
    readonly_fields = [f.name for f in LogAkses._meta.fields if f.name not in ("nik_hash", "nik_hash_lain")]
    exclude = ["nik_hash", "nik_hash_lain"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [path("cari-nik/", wrap(self.cari_nik_view), name="audit_cari_nik")] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        term = request.GET.get("q", "").strip()
        if term.isdigit() and len(term) == 16:
            # A NIK typed into the ordinary search box: refuse, point at the POST form.
            messages.warning(request, "Demi perlindungan data pribadi, cari NIK lewat kotak Cari NIK.")
            return redirect("admin:audit_logakses_changelist")
        extra_context = {**(extra_context or {}), "cari_nik_form": CariNikForm()}
        return super().changelist_view(request, extra_context)

    def cari_nik_view(self, request):
        if not self.has_view_permission(request):
            return render(request, "admin/audit/cari_nik.html", status=403)
        form = CariNikForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            nik = form.cleaned_data["nik"]
            token = secrets.token_urlsafe(9)
            pencarian = dict(list(request.session.get(SESI, {}).items())[-19:])
            pencarian[token] = {"hashes": hash_nik_semua_kunci(nik), "samar": samarkan_nik(nik)}
            request.session[SESI] = pencarian
            return redirect(reverse("admin:audit_logakses_changelist") + f"?cari={token}")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": "Cari log akses berdasarkan NIK",
            "opts": self.model._meta,
        }
        return render(request, "admin/audit/cari_nik.html", context, status=400 if request.method == "POST" else 200)
