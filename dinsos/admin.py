from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from dinsos.models import (
    Bidang,
    Delegasi,
    Desa,
    HariLibur,
    Instansi,
    Jabatan,
    Kecamatan,
    Pegawai,
)


@admin.register(Instansi)
class InstansiAdmin(admin.ModelAdmin):
    list_display = ["nama_dinas", "pemerintah_daerah", "zona_waktu", "kode_wilayah"]

    def has_add_permission(self, request):
        # One deployment serves one office.
        return not Instansi.objects.exists()


@admin.register(Bidang)
class BidangAdmin(admin.ModelAdmin):
    list_display = ["nama", "singkatan"]
    search_fields = ["nama"]


@admin.register(Jabatan)
class JabatanAdmin(admin.ModelAdmin):
    list_display = ["nama", "kode", "peran", "bidang", "atasan"]
    list_filter = ["peran", "bidang"]
    search_fields = ["nama", "kode"]
    autocomplete_fields = ["atasan"]


class DelegasiInline(admin.TabularInline):
    model = Delegasi
    extra = 0


@admin.register(Pegawai)
class PegawaiAdmin(admin.ModelAdmin):
    list_display = ["nama", "nip", "jabatan", "pangkat", "golongan", "aktif"]
    list_filter = ["aktif", "jabatan__peran"]
    search_fields = ["nama", "nip", "user__username"]
    autocomplete_fields = ["user", "jabatan"]
    filter_horizontal = ["jabatan_rangkap", "kecamatan_tugas"]
    inlines = [DelegasiInline]


@admin.register(Delegasi)
class DelegasiAdmin(admin.ModelAdmin):
    list_display = ["jabatan", "pegawai", "jenis", "mulai", "selesai"]
    list_filter = ["jenis"]


@admin.register(HariLibur)
class HariLiburAdmin(admin.ModelAdmin):
    list_display = ["tanggal", "nama", "jenis"]
    list_filter = ["jenis"]
    date_hierarchy = "tanggal"


class DesaInline(admin.TabularInline):
    model = Desa
    extra = 0


@admin.register(Kecamatan)
class KecamatanAdmin(admin.ModelAdmin):
    search_fields = ["nama"]
    inlines = [DesaInline]


class _CatatanMasukAdmin(admin.ModelAdmin):
    """Login records are evidence: readable, never added, changed or deleted here."""

    list_display = ["attempt_time", "username", "ip_address", "path_info", "user_agent"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister([AccessFailureLog, AccessLog])


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(_CatatanMasukAdmin):
    list_display = [*_CatatanMasukAdmin.list_display, "locked_out"]
    list_filter = ["locked_out", "path_info"]


@admin.register(AccessLog)
class AccessLogAdmin(_CatatanMasukAdmin):
    list_display = ["attempt_time", "logout_time", "username", "ip_address", "path_info", "user_agent"]


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    """Admins see who enrolled and remove a lost phone's device; they never see the secret
    (django-otp's own admin shows its QR code, which would let an admin clone it)."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
