"""Seed lists an admin edits afterwards: disposition instructions and a few classification codes.

The codes are the ones the product's own letter series already use plus common ones for
correspondence (Permendagri 83/2022 on kode klasifikasi arsip); offices adjust the list in
Admin → Kode klasifikasi arsip.
"""

from django.db import migrations

INSTRUKSI = ["Untuk diketahui", "Tindak lanjuti", "Siapkan jawaban", "Koordinasikan", "Hadiri/wakili", "Arsipkan"]
KODE = [
    ("000.1", "Ketatausahaan dan kerumahtanggaan"),
    ("000.1.2", "Persuratan dan undangan"),
    ("000.1.6", "Surat tugas dan perjalanan dinas"),
    ("000.5", "Perencanaan dan pelaporan"),
    ("400.9", "Sosial"),
    ("400.9.2", "Data dan informasi kesejahteraan sosial"),
    ("400.9.3.3", "Perlindungan dan jaminan sosial"),
    ("400.9.4", "Rehabilitasi sosial"),
    ("400.9.5", "Pemberdayaan sosial"),
]


def isi(apps, schema_editor):
    Instruksi = apps.get_model("persuratan", "Instruksi")
    KodeKlasifikasi = apps.get_model("persuratan", "KodeKlasifikasi")
    for urutan, teks in enumerate(INSTRUKSI, start=1):
        Instruksi.objects.get_or_create(teks=teks, defaults={"urutan": urutan})
    for kode, nama in KODE:
        KodeKlasifikasi.objects.get_or_create(kode=kode, defaults={"nama": nama})


class Migration(migrations.Migration):
    dependencies = [("persuratan", "0001_initial")]

    operations = [migrations.RunPython(isi, migrations.RunPython.noop)]
