from django.contrib import admin

from bansos.models import Program


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["nama", "tahun_anggaran", "sumber_dana", "bentuk", "kuota", "anggaran", "bencana"]
    list_filter = ["tahun_anggaran", "sumber_dana", "bentuk"]
    search_fields = ["nama"]
    fieldsets = [
        (None, {"fields": ["nama", "versi_sop", "tahun_anggaran", "sumber_dana", "mulai", "selesai", "bencana"]}),
        ("Bentuk bantuan", {"fields": ["bentuk", "nilai_uang", "nama_barang", "jumlah_barang", "satuan", "harga_satuan"]}),
        ("Kuota dan anggaran", {"fields": ["kuota", "anggaran", "samarkan_nik_sk"]}),
        (
            "Syarat penerima",
            {
                "fields": [
                    "syarat_domisili",
                    "desil_maks",
                    ("umur_min", "umur_maks"),
                    ("kategori", "jenis_disabilitas"),
                    "jeda_bulan",
                    "satu_per_kk",
                ]
            },
        ),
    ]
