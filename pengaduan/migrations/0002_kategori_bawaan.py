from django.db import migrations

KATEGORI = [
    ("bansos-pkh", "Bansos/PKH", 10),
    ("bpjs-pbi", "BPJS PBI/KIS", 20),
    ("data-dtks", "Data DTKS/DTSEN", 30),
    ("pelayanan-petugas", "Pelayanan petugas", 40),
    ("lainnya", "Lainnya", 90),
]


def isi(apps, schema_editor):
    Kategori = apps.get_model("pengaduan", "Kategori")
    for kode, nama, urutan in KATEGORI:
        Kategori.objects.get_or_create(kode=kode, defaults={"nama": nama, "urutan": urutan})


class Migration(migrations.Migration):
    dependencies = [("pengaduan", "0001_initial")]
    operations = [migrations.RunPython(isi, migrations.RunPython.noop)]
