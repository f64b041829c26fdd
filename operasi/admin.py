"""Read-only views of the workers' heartbeats and the schedule (jobs themselves: django-tasks-db's admin)."""

from django.contrib import admin

from operasi.models import DetakPekerja, JadwalTugas


class HanyaBaca(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DetakPekerja)
class DetakPekerjaAdmin(HanyaBaca):
    list_display = ["worker_id", "host", "pid", "mulai", "terakhir"]
    ordering = ["-terakhir"]


@admin.register(JadwalTugas)
class JadwalTugasAdmin(HanyaBaca):
    list_display = ["nama", "berikutnya", "terakhir_diantrekan"]
