from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from sop.models import IsianTambahan
from surat import penerbitan, tte
from surat.models import (
    AkarTepercaya,
    JenisSertifikat,
    LampiranSurat,
    RevisiTemplat,
    SeriNomor,
    SertifikatTTE,
    Surat,
    TemplatSurat,
)
from surat.penyunting import IsiSuratWidget

CONTOH = penerbitan.DataSurat(
    jenis_surat="",
    termohon={
        "nik": "1609014501900001",
        "nama": "Siti Ma'rufah Al-Amin",
        "tempat_lahir": "Muaradua",
        "tanggal_lahir": timezone.datetime(1990, 1, 5).date(),
        "ttl": "Muaradua, 5 Januari 1990",
        "jenis_kelamin": "Perempuan",
        "alamat": "Jl. Merdeka No. 1, RT 001/RW 002, Desa Contoh",
        "desa": "Contoh",
        "kecamatan": "Muaradua",
        "nomor_kk": "1609010101200001",
    },
    keperluan="Persyaratan berobat di rumah sakit",
    isian={"rs_tujuan": "RSUD Contoh", "lokasi_tujuan": "Lapangan Merdeka"},
    referensi="REG-2026-000001",
    tambahan={
        "survei_dilakukan": True,
        "uraian_tambahan": "",
        "registri": {"dtks": {"terdaftar": True, "desil": 2, "per": "31 Oktober 2026"}},
    },
)
CONTOH_ORGANISASI = {
    "nama": "Yayasan Peduli Sesama Contoh",
    "nomor_badan_hukum": "AHU-0001234.AH.01.04.TAHUN 2024",
    "alamat": "Jl. Merdeka No. 2, Desa/Kel. Contoh, Kec. Muaradua",
    "desa": "Contoh",
    "kecamatan": "Muaradua",
    "telepon": "",
}


@admin.register(TemplatSurat)
class TemplatSuratAdmin(admin.ModelAdmin):
    list_display = ["nama", "jenis_surat", "bentuk", "untuk_organisasi", "seri", "pratinjau"]
    list_filter = ["bentuk", "untuk_organisasi"]
    search_fields = ["nama", "jenis_surat"]
    readonly_fields = ["pratinjau"]
    fieldsets = [
        (None, {"fields": ["jenis_surat", "nama", "judul", "seri", "pratinjau"]}),
        ("Isi", {"fields": ["isi", "tentang_orang", "untuk_organisasi", "perlu_tujuan", "tampilkan_paraf"]}),
        (
            "Surat dinas kepada instansi",
            {
                "fields": ["bentuk", "sifat", "lampiran", "hal", "tujuan", "tembusan"],
                "description": "Nomor, Sifat, Lampiran, Hal, Yth. dan tembusan menurut tata naskah dinas "
                "(Permendagri 1/2023). {kode} diganti isian permohonan, {nama} nama yang dimohonkan, "
                "{kabupaten} nama kabupaten.",
            },
        ),
        (
            "Surat kolektif",
            {
                "fields": ["isi_kolektif"],
                "description": "Satu surat untuk banyak permohonan; daftar orang dicetak sebagai lampiran. "
                "Variabel: {{ jumlah }} (wajib), {{ lampiran }}, {{ instansi.* }}, {{ tanggal }}.",
            },
        ),
    ]

    def get_form(self, request, obj=None, **kwargs):
        kode_isian = []
        if obj is not None:
            rows = IsianTambahan.objects.filter(versi__jenis_surat=obj.jenis_surat).values_list("kode", "label")
            kode_isian = sorted(dict(rows).items())
        kwargs["widgets"] = {
            "isi": IsiSuratWidget(
                kode_isian=kode_isian,
                url_pratinjau=reverse("admin:surat_templat_pratinjau", args=[obj.pk]) if obj and obj.pk else "",
            ),
            "hal": forms.TextInput(attrs={"size": 80}),
            "tujuan": forms.Textarea(attrs={"rows": 4, "cols": 60}),
            "tembusan": forms.Textarea(attrs={"rows": 4, "cols": 60}),
        }
        return super().get_form(request, obj, **kwargs)

    @admin.display(description="pratinjau")
    def pratinjau(self, obj):
        if obj is None or obj.pk is None:
            return "Simpan dahulu untuk melihat pratinjau."
        url = reverse("admin:surat_templat_pratinjau", args=[obj.pk])
        if obj.boleh_kolektif:
            return format_html(
                '<a href="{}" target="_blank">Pratinjau dengan kasus contoh (PDF)</a> · '
                '<a href="{}?kolektif=1" target="_blank">Pratinjau surat kolektif (PDF)</a>',
                url,
                url,
            )
        return format_html('<a href="{}" target="_blank">Pratinjau dengan kasus contoh (PDF)</a>', url)

    def get_urls(self):
        return [
            path(
                "<int:pk>/pratinjau/",
                self.admin_site.admin_view(self.pratinjau_view),
                name="surat_templat_pratinjau",
            )
        ] + super().get_urls()

    def pratinjau_view(self, request, pk):
        """The saved template (GET) or the editor's unsaved body (POST) on the sample case."""
        templat = get_object_or_404(TemplatSurat, pk=pk)
        if not self.has_view_permission(request, templat):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_permission(request, templat):
                raise PermissionDenied
            templat.isi = request.POST.get("isi", "")
            try:
                templat.clean()
            except ValidationError as exc:
                masalah = [m for pesan in exc.message_dict.values() for m in pesan]
                context = {**self.admin_site.each_context(request), "templat": templat, "masalah": masalah}
                return render(request, "admin/surat/pratinjau_gagal.html", context, status=400)
        data = penerbitan.DataSurat(**{**CONTOH.__dict__, "jenis_surat": templat.jenis_surat})
        if templat.untuk_organisasi:
            data.organisasi = CONTOH_ORGANISASI
            data.pemohon = {**CONTOH.termohon, "jabatan": "Ketua"}
        if request.GET.get("kolektif") and templat.boleh_kolektif:
            data.lampiran = [
                {**CONTOH.termohon, "nama": nama, "nomor_registrasi": f"REG-2026-00000{i}"}
                for i, nama in enumerate(["Siti Ma'rufah Al-Amin", "Slamet Riyadi", "Nur Hasanah"], start=1)
            ]
        ttd = penerbitan.Penandatangan("Nama Penandatangan", "197001011990011001", "Pembina (IV/a)", "Kepala Dinas Sosial")
        try:
            pdf = penerbitan.pratinjau_pdf(data, ttd, templat=templat if request.method == "POST" else None)
        except penerbitan.SuratGagal as exc:
            messages.error(request, str(exc))
            return redirect("admin:surat_templatsurat_change", pk)
        return HttpResponse(pdf, content_type="application/pdf")


@admin.register(RevisiTemplat)
class RevisiTemplatAdmin(admin.ModelAdmin):
    """Read-only: every text a case may have pinned."""

    list_display = ["templat", "nomor", "judul", "dibuat_pada"]
    list_filter = ["templat"]
    readonly_fields = ["templat", "nomor", "judul", "isi", "tampilkan_paraf", "fakta_registri", "dibuat_pada"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SeriNomor)
class SeriNomorAdmin(admin.ModelAdmin):
    list_display = ["nama", "kode", "format", "penghitung"]

    @admin.display(description="penghitung nomor urut")
    def penghitung(self, obj):
        kunci = obj.kunci_penomoran()
        return "agenda kantor" if kunci == "agenda" else kunci.replace("|", " · ")


@admin.register(Surat)
class SuratAdmin(admin.ModelAdmin):
    list_display = ["nomor", "tanggal", "judul", "nama_subjek", "dicabut"]
    list_filter = ["dicabut", "jenis_surat", "tahun"]
    search_fields = ["nomor", "referensi"]
    exclude = ["pdf", "pdf_arsip"]
    readonly_fields = [f.name for f in Surat._meta.fields if f.name not in {"pdf", "pdf_arsip"}]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SertifikatTTEForm(forms.ModelForm):
    """Upload an official's PKCS#12 file; its passphrase is typed once to check it, never stored."""

    berkas = forms.FileField(
        label="Berkas sertifikat (.p12/.pfx)",
        required=False,
        help_text="Untuk jenis PKCS#12. Kosongkan bila tidak mengganti berkas.",
    )
    frasa_sandi = forms.CharField(
        label="Frasa sandi sertifikat",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text="Hanya untuk memeriksa berkas; tidak disimpan. Pejabat mengetiknya lagi setiap menandatangani.",
    )

    class Meta:
        model = SertifikatTTE
        fields = ["pegawai", "jenis", "nik", "aktif"]

    MAKS_BERKAS = 64 * 1024

    def clean(self):
        data = super().clean()
        berkas = data.get("berkas")
        if data.get("jenis") != JenisSertifikat.P12:
            return data
        if berkas is None:
            if not (self.instance.pk and self.instance.berkas_p12):
                raise forms.ValidationError({"berkas": "Unggah berkas sertifikat PKCS#12 pejabat."})
            return data
        if berkas.size > self.MAKS_BERKAS:
            raise forms.ValidationError({"berkas": "Berkas terlalu besar untuk sebuah sertifikat (paling besar 64 KB)."})
        isi = berkas.read()
        try:
            self._info = tte.info_p12(isi, data.get("frasa_sandi") or "")
        except tte.TandaTanganGagal:
            raise forms.ValidationError(
                {"frasa_sandi": "Berkas tidak dapat dibuka: bukan sertifikat PKCS#12, atau frasa sandi salah."}
            ) from None
        self._isi = isi
        return data

    def save(self, commit=True):
        sertifikat = super().save(commit=False)
        if getattr(self, "_isi", None):
            sertifikat.berkas_p12 = self._isi
            for name, value in self._info.items():
                setattr(sertifikat, name, value)
        if sertifikat.jenis == JenisSertifikat.BSRE:
            sertifikat.berkas_p12 = b""
        if commit:
            sertifikat.save()
        return sertifikat


@admin.register(SertifikatTTE)
class SertifikatTTEAdmin(admin.ModelAdmin):
    form = SertifikatTTEForm
    list_display = ["pegawai", "jenis", "subjek", "penerbit", "berlaku_sampai", "aktif"]
    list_filter = ["jenis", "aktif"]
    readonly_fields = ["subjek", "penerbit", "berlaku_sampai", "diperbarui_pada"]
    fields = ["pegawai", "jenis", "berkas", "frasa_sandi", "nik", "aktif", *readonly_fields]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(AkarTepercaya)
class AkarTepercayaAdmin(admin.ModelAdmin):
    """Trusting a root decides whose signatures the public page calls valid: superusers only."""

    list_display = ["nama", "ditambahkan_pada"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(LampiranSurat)
class LampiranSuratAdmin(admin.ModelAdmin):
    """Read-only: the jobs' records. The PDF is served only by surat:lampiran_unduh (checked, logged)."""

    list_display = ("pk", "nomor", "sumber", "kunci", "status", "jumlah_baris", "jumlah_halaman", "dibuat_pada")
    list_filter = ("status", "sumber")
    search_fields = ("nomor", "kunci")
    exclude = ("berkas",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
