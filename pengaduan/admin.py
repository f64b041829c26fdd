from django.contrib import admin

from pengaduan.models import Kategori


@admin.register(Kategori)
class KategoriAdmin(admin.ModelAdmin):
    list_display = ["nama", "kode", "urutan", "aktif"]
    list_editable = ["urutan", "aktif"]
    prepopulated_fields = {"kode": ["nama"]}
