"""Admin for SOP catalogs, for non-programmers.

Drafts are edited with steps inline; a published version is read-only (the admin renders
it as view-only and the model refuses writes). "Terbitkan versi" publishes a draft after
checking it; "Buat versi baru" makes an editable copy.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html

from sop import katalog, keterlambatan, perbandingan
from sop.models import (
    IsianTambahan,
    Langkah,
    ParafSop,
    Pelaksana,
    Persyaratan,
    Sop,
    StandarPelayanan,
    VersiSop,
    VersiTerkunci,
)

TOLAK_TERBITKAN = "Anda tidak berwenang menerbitkan versi SOP."
TOLAK_SALIN = "Anda tidak berwenang membuat versi baru SOP."


class _TerkunciMixin:
    """Inline rows of a published version cannot be added, changed or deleted."""

    def _terbuka(self, obj):
        return obj is None or not obj.is_terkunci

    def has_add_permission(self, request, obj=None):
        return self._terbuka(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._terbuka(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._terbuka(obj) and super().has_delete_permission(request, obj)


GILIRAN_BANTUAN = (
    "Kode pelaksana yang bertindak bergiliran, dipisah koma, berurutan (mis. “kadis, staf”). "
    "Kosongkan bila pelaksana bertindak bersama (siapa saja dari mereka)."
)


class LangkahForm(forms.ModelForm):
    giliran = forms.CharField(label="Urutan giliran", required=False, max_length=500, help_text=GILIRAN_BANTUAN)

    class Meta:
        model = Langkah
        fields = [
            "urutan",
            "alur",
            "uraian",
            "fase",
            "jenis",
            "pelaksana",
            "giliran",
            "kelengkapan",
            "waktu_teks",
            "output",
            "keterangan",
            "catatan_pelaksana",
            "jika_ya",
            "jika_tidak",
        ]
        widgets = {
            "uraian": forms.Textarea(attrs={"rows": 2, "cols": 40}),
            "kelengkapan": forms.Textarea(attrs={"rows": 2, "cols": 24}),
            "output": forms.Textarea(attrs={"rows": 2, "cols": 20}),
            "keterangan": forms.Textarea(attrs={"rows": 2, "cols": 16}),
            "catatan_pelaksana": forms.Textarea(attrs={"rows": 2, "cols": 20}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["giliran"] = ", ".join(self.instance.giliran or [])
            kode = "; ".join(f"{p.kode} ({p.nama})" for p in self.instance.pelaksana.all())
            if kode:
                self.fields["giliran"].help_text = f"{GILIRAN_BANTUAN} Pelaksana langkah ini: {kode}."

    def clean_giliran(self):
        kode = [k.strip() for k in self.cleaned_data["giliran"].replace(";", ",").split(",") if k.strip()]
        ganda = sorted({k for k in kode if kode.count(k) > 1})
        if ganda:
            raise ValidationError(f"Giliran menyebut “{ganda[0]}” lebih dari sekali.")
        return kode

    def clean(self):
        data = super().clean()
        if not self.cleaned_data.get("DELETE") and not data.get("pelaksana"):
            self.add_error("pelaksana", "Setiap langkah wajib memiliki pelaksana.")
        pelaksana = {p.kode for p in data.get("pelaksana") or []}
        asing = [k for k in data.get("giliran") or [] if k not in pelaksana]
        if pelaksana and asing:
            self.add_error(
                "giliran",
                f"“{', '.join(asing)}” bukan pelaksana langkah ini. Pilih dari: {', '.join(sorted(pelaksana))}.",
            )
        return data


class LangkahInline(_TerkunciMixin, admin.StackedInline):
    model = Langkah
    form = LangkahForm
    extra = 0
    ordering = ["urutan"]
    filter_horizontal = ["pelaksana"]
    fieldsets = [
        (None, {"fields": [("urutan", "jenis", "fase", "alur"), "uraian", "pelaksana", "giliran"]}),
        ("Mutu baku", {"fields": [("kelengkapan", "waktu_teks", "output")]}),
        (
            "Lain-lain",
            {
                "fields": [("jika_ya", "jika_tidak"), ("keterangan", "catatan_pelaksana")],
            },
        ),
    ]


class PersyaratanInline(_TerkunciMixin, admin.TabularInline):
    model = Persyaratan
    extra = 0


class ParafInline(_TerkunciMixin, admin.TabularInline):
    model = ParafSop
    extra = 0
    verbose_name_plural = "rantai paraf (berurutan)"


class IsianTambahanInline(_TerkunciMixin, admin.TabularInline):
    model = IsianTambahan
    extra = 0


class StandarPelayananInline(_TerkunciMixin, admin.StackedInline):
    model = StandarPelayanan
    extra = 0
    max_num = 1


@admin.register(VersiSop)
class VersiSopAdmin(admin.ModelAdmin):
    list_display = ["nama", "kabupaten", "nomor_versi", "status", "internal", "jumlah_langkah"]
    list_filter = ["status", "internal", "sop__kabupaten"]
    search_fields = ["nama", "sop__kode"]
    actions = ["terbitkan_versi", "buat_versi_baru"]
    readonly_fields = ["status", "diterbitkan_pada", "pratinjau"]
    inlines = [
        PersyaratanInline,
        LangkahInline,
        ParafInline,
        IsianTambahanInline,
        StandarPelayananInline,
    ]
    fieldsets = [
        (None, {"fields": ["sop", ("nomor_versi", "status", "diterbitkan_pada"), "nama"]}),
        (
            "Kepala dokumen",
            {
                "fields": [
                    ("nomor", "bidang"),
                    ("tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif"),
                    "disahkan_oleh",
                    "dasar_hukum",
                    "kualifikasi_pelaksana",
                    "keterkaitan",
                    "peralatan",
                    "peringatan",
                    "pencatatan",
                    "kriteria_sasaran",
                    "pihak_terkait",
                ]
            },
        ),
        (
            "Produk dan tanda tangan",
            {
                "fields": [
                    ("produk", "jenis_surat"),
                    ("penandatangan", "boleh_an"),
                    ("internal", "tanpa_langkah"),
                    "catatan",
                ]
            },
        ),
        ("Pratinjau tabel SOP", {"fields": ["pratinjau"]}),
    ]

    change_form_template = "admin/sop/versisop_change_form.html"
    change_list_template = "admin/sop/versisop_changelist.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/versi-baru/", wrap(self.versi_baru_view), name="sop_versi_baru"),
            path("<int:pk>/terbitkan/", wrap(self.terbitkan_view), name="sop_terbitkan"),
            path("keterlambatan/", wrap(self.keterlambatan_view), name="sop_keterlambatan"),
        ] + super().get_urls()

    def has_terbitkan_permission(self, request):
        return request.user.has_perm("sop.terbitkan_versisop")

    def has_salin_permission(self, request):
        return request.user.has_perm("sop.salin_versisop")

    def _tolak(self, request, pk, pesan):
        self.message_user(request, pesan, messages.ERROR)
        return redirect(reverse("admin:sop_versisop_change", args=[pk]))

    def versi_baru_view(self, request, pk):
        versi = VersiSop.objects.filter(pk=pk).first()
        if request.method != "POST" or versi is None:
            return HttpResponse(status=405 if versi else 404)
        if not self.has_salin_permission(request):
            return self._tolak(request, pk, TOLAK_SALIN)
        baru = versi.buat_versi_baru()
        self.message_user(request, f"Draf versi {baru.nomor_versi} siap diubah.")
        return redirect(reverse("admin:sop_versisop_change", args=[baru.pk]))

    def terbitkan_view(self, request, pk):
        """GET (or a POST without confirmation): what publishing would change; POST "konfirmasi": publish."""
        versi = VersiSop.objects.filter(pk=pk).first()
        if versi is None:
            return HttpResponse(status=404)
        if not self.has_terbitkan_permission(request):
            return self._tolak(request, pk, TOLAK_TERBITKAN)
        queryset = VersiSop.objects.filter(pk=pk)
        if request.method == "POST" and request.POST.get("konfirmasi"):
            self._terbitkan(request, queryset)
            return redirect(reverse("admin:sop_versisop_change", args=[pk]))
        return self._konfirmasi(request, queryset, reverse("admin:sop_terbitkan", args=[pk]))

    def keterlambatan_view(self, request):
        """Read-only: per SOP version and step, how often it was late (latest share first)."""
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        versi = None
        if request.GET.get("versi"):
            if not request.GET["versi"].isdigit():
                return HttpResponse("Parameter versi harus angka.", status=400)
            versi = VersiSop.objects.filter(pk=request.GET["versi"]).select_related("sop").first()
            if versi is None:
                return HttpResponse(status=404)
        context = {
            **self.admin_site.each_context(request),
            "title": "Langkah yang sering terlambat" + (f": {versi.nama} (versi {versi.nomor_versi})" if versi else ""),
            "opts": self.model._meta,
            "versi": versi,
            "baris": keterlambatan.per_langkah(versi.pk if versi else None),
        }
        return render(request, "admin/sop/keterlambatan.html", context)

    def _konfirmasi(self, request, queryset, action_url):
        """The intermediate page: for each draft, its problems and its changes against the published version."""
        daftar = []
        for versi in queryset.select_related("sop"):
            if versi.status != VersiSop.Status.DRAFT:
                daftar.append({"versi": versi, "masalah": ["Hanya draf yang dapat diterbitkan."], "bagian": []})
                continue
            terbit, bagian = perbandingan.perubahan(versi)
            daftar.append({"versi": versi, "terbit": terbit, "bagian": bagian, "masalah": versi.masalah()})
        context = {
            **self.admin_site.each_context(request),
            "title": "Terbitkan versi SOP?",
            "opts": self.model._meta,
            "daftar": daftar,
            "action_url": action_url,
            "dari_tindakan": action_url == reverse("admin:sop_versisop_changelist"),
            "ids": [item["versi"].pk for item in daftar],
            "boleh": any(not item["masalah"] for item in daftar),
        }
        return render(request, "admin/sop/konfirmasi_terbit.html", context)

    @admin.display(description="kabupaten", ordering="sop__kabupaten")
    def kabupaten(self, obj):
        return obj.sop.kabupaten

    def get_queryset(self, request):
        # One query for the step counts of the whole list page.
        return super().get_queryset(request).select_related("sop").annotate(_jumlah_langkah=Count("langkah"))

    @admin.display(description="langkah", ordering="_jumlah_langkah")
    def jumlah_langkah(self, obj):
        return obj._jumlah_langkah

    @admin.display(description="pratinjau")
    def pratinjau(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        url = reverse("sop:pdf_versi", args=[obj.pk])
        return format_html(
            '<a href="{}" target="_blank">Buka lembar SOP (PDF)</a> · <a href="{}" target="_blank">Pratinjau HTML</a>',
            url,
            reverse("sop:pratinjau_versi", args=[obj.pk]),
        )

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_terkunci:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_terkunci:
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Renumber steps 1..n in the order the admin typed, so gaps and ties are fine.
        for nomor, langkah in enumerate(form.instance.langkah.order_by("urutan", "pk"), 1):
            if langkah.urutan != nomor:
                langkah.urutan = nomor
                langkah.save(update_fields=["urutan"])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None and obj.is_terkunci:
            extra_context["subtitle"] = (
                "Versi ini sudah terbit dan tidak dapat diubah. Gunakan tindakan “Buat versi baru” untuk mengubahnya."
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, *args, **kwargs):
        context["boleh_terbitkan"] = self.has_terbitkan_permission(request)
        context["boleh_salin"] = self.has_salin_permission(request)
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.action(description="Terbitkan versi", permissions=["terbitkan"])
    def terbitkan_versi(self, request, queryset):
        if not self.has_terbitkan_permission(request):
            self.message_user(request, TOLAK_TERBITKAN, messages.ERROR)
            return None
        if request.POST.get("konfirmasi"):
            self._terbitkan(request, queryset)
            return None
        return self._konfirmasi(request, queryset, reverse("admin:sop_versisop_changelist"))

    def _terbitkan(self, request, queryset):
        for versi in queryset:
            try:
                versi.terbitkan()
            except (ValidationError, VersiTerkunci) as exc:
                self.message_user(request, f"{versi.nama}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{versi.nama} versi {versi.nomor_versi} terbit.")

    @admin.action(description="Buat versi baru", permissions=["salin"])
    def buat_versi_baru(self, request, queryset):
        if not self.has_salin_permission(request):
            self.message_user(request, TOLAK_SALIN, messages.ERROR)
            return None
        baru = None
        for versi in queryset:
            baru = versi.buat_versi_baru()
            self.message_user(request, f"Draf versi {baru.nomor_versi} untuk {baru.nama} siap diubah.")
        if baru is not None and queryset.count() == 1:
            return redirect(reverse("admin:sop_versisop_change", args=[baru.pk]))


class VersiInline(admin.TabularInline):
    model = VersiSop
    fields = ["nomor_versi", "status", "diterbitkan_pada"]
    readonly_fields = fields
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ImporForm(forms.Form):
    berkas = forms.FileField(label="Berkas katalog (JSON)")
    kabupaten = forms.SlugField(
        label="Masukkan ke katalog kabupaten",
        required=False,
        help_text="Kosongkan untuk memakai kabupaten yang tertulis di berkas.",
    )
    terbitkan = forms.BooleanField(label="Langsung terbitkan", required=False)


@admin.register(Sop)
class SopAdmin(admin.ModelAdmin):
    list_display = ["nama", "kode", "kabupaten", "urutan"]
    list_filter = ["kabupaten"]
    search_fields = ["nama", "kode"]
    inlines = [VersiInline]
    change_list_template = "admin/sop/sop_changelist.html"

    def get_urls(self):
        return [
            path("ekspor/<slug:kabupaten>/", self.admin_site.admin_view(self.ekspor_view), name="sop_ekspor"),
            path("impor/", self.admin_site.admin_view(self.impor_view), name="sop_impor"),
        ] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["kabupaten_list"] = Sop.objects.values_list("kabupaten", flat=True).distinct().order_by("kabupaten")
        return super().changelist_view(request, extra_context)

    def ekspor_view(self, request, kabupaten):
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        response = HttpResponse(katalog.dumps(katalog.ekspor(kabupaten)), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="sop-{kabupaten}.json"'
        return response

    def impor_view(self, request):
        if not self.has_add_permission(request):
            return HttpResponse(status=403)
        form = ImporForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid() and form.cleaned_data["terbitkan"]:
            if not request.user.has_perm("sop.terbitkan_versisop"):
                form.add_error("terbitkan", TOLAK_TERBITKAN)
        if request.method == "POST" and form.is_valid():
            try:
                data = json.load(form.cleaned_data["berkas"])
                hasil = katalog.impor(
                    data,
                    kabupaten=form.cleaned_data["kabupaten"] or None,
                    terbitkan=form.cleaned_data["terbitkan"],
                )
            except (ValueError, KeyError, TypeError) as exc:
                form.add_error("berkas", f"Berkas tidak dapat dibaca: {exc}")
            except ValidationError as exc:
                form.add_error("berkas", " ".join(exc.messages))
            else:
                self.message_user(request, f"{len(hasil)} SOP diimpor.")
                return redirect("admin:sop_sop_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": "Impor katalog SOP",
            "opts": self.model._meta,
        }
        return render(request, "admin/sop/impor.html", context)


@admin.register(Pelaksana)
class PelaksanaAdmin(admin.ModelAdmin):
    list_display = ["nama", "kode", "kabupaten", "jenis", "jabatan", "urutan"]
    list_filter = ["kabupaten", "jenis"]
    search_fields = ["nama", "kode"]
