from django.contrib import admin

from persuratan.models import Instruksi, KodeKlasifikasi


@admin.register(KodeKlasifikasi)
class KodeKlasifikasiAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "aktif"]
    list_filter = ["aktif"]
    search_fields = ["kode", "nama"]


@admin.register(Instruksi)
class InstruksiAdmin(admin.ModelAdmin):
    list_display = ["teks", "urutan", "aktif"]
    list_editable = ["urutan", "aktif"]
