from django.db import migrations, models


def kosongkan_penghitung(apps, schema_editor):
    # Counters were per series; they are now per klasifikasi + unit (or office-wide) and a
    # new counter starts after the highest number already issued under it
    # (surat.penerbitan.ambil_nomor), so the old rows can go.
    apps.get_model("surat", "Penomoran").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("surat", "0007_revisi_awal"),
    ]

    operations = [
        migrations.RunPython(kosongkan_penghitung, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="penomoran", name="penomoran_unik"),
        migrations.RemoveField(model_name="penomoran", name="seri"),
        migrations.AddField(
            model_name="penomoran",
            name="kunci",
            field=models.CharField(default="", max_length=100),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="penomoran",
            constraint=models.UniqueConstraint(fields=("kunci", "tahun"), name="penomoran_kunci_unik"),
        ),
    ]
