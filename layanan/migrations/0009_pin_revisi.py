"""Cases whose letter is not issued yet keep the template text of today."""

from django.db import migrations


def forwards(apps, schema_editor):
    Permohonan = apps.get_model("layanan", "Permohonan")
    RevisiTemplat = apps.get_model("surat", "RevisiTemplat")
    latest = {}
    for revisi in RevisiTemplat.objects.select_related("templat").order_by("nomor"):
        latest[revisi.templat.jenis_surat] = revisi.pk
    for p in Permohonan.objects.filter(surat__isnull=True).select_related("versi_sop"):
        revisi = latest.get(p.versi_sop.jenis_surat)
        if revisi:
            Permohonan.objects.filter(pk=p.pk).update(revisi_templat_id=revisi)


class Migration(migrations.Migration):
    dependencies = [("layanan", "0008_naskah_dan_tinjauan"), ("surat", "0007_revisi_awal")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
