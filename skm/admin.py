from django.contrib import admin

from skm.models import Tanggapan


@admin.register(Tanggapan)
class TanggapanAdmin(admin.ModelAdmin):
    """Responses are evidence for the SKM report: admins may read and remove spam, never edit."""

    list_display = ["dibuat_pada", "sop", "saluran", "jenis_kelamin", "kelompok_umur", "saran"]
    list_filter = ["saluran", "sop", "dibuat_pada"]
    date_hierarchy = "dibuat_pada"
    list_select_related = ["sop"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
