from django.db import migrations


def isi(apps, schema_editor):
    from pengaduan.kategori import isi_bawaan

    isi_bawaan(apps.get_model("pengaduan", "Kategori"))


class Migration(migrations.Migration):
    dependencies = [("pengaduan", "0001_initial")]
    operations = [migrations.RunPython(isi, migrations.RunPython.noop)]
