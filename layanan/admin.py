from django.contrib import admin

from layanan.models import Permohonan, Riwayat


class RiwayatInline(admin.TabularInline):
    model = Riwayat
    extra = 0
    can_delete = False
    readonly_fields = [
        "waktu",
        "aksi",
        "dari_status",
        "ke_status",
        "nama_pelaku",
        "sebagai",
        "catatan",
        "tepat_waktu",
    ]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Permohonan)
class PermohonanAdmin(admin.ModelAdmin):
    """Read-only: cases change only through their lifecycle actions."""

    list_display = ["nomor_registrasi", "versi_sop", "status", "dibuat_pada", "batas_waktu"]
    list_filter = ["status"]
    search_fields = ["nomor_registrasi"]
    inlines = [RiwayatInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
