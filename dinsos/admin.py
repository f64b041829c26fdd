from django.contrib import admin

from dinsos.models import (
    Bidang,
    Delegasi,
    Desa,
    GagalMasuk,
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


@admin.register(GagalMasuk)
class GagalMasukAdmin(admin.ModelAdmin):
    list_display = ["username", "waktu", "alamat_ip"]
    search_fields = ["username"]

    def has_add_permission(self, request):
        return False
