from django.db import migrations


def salin_ke_axes(apps, schema_editor):
    """Keep the failures the old lockout recorded: copy them into axes' failure log."""
    GagalMasuk = apps.get_model("dinsos", "GagalMasuk")
    AccessFailureLog = apps.get_model("axes", "AccessFailureLog")
    for row in GagalMasuk.objects.iterator():
        salinan = AccessFailureLog.objects.create(
            username=row.username,
            ip_address=row.alamat_ip,
            user_agent="(dipindahkan dari catatan lama)",
            http_accept="",
            path_info="/masuk/",
            locked_out=False,
        )
        # attempt_time is auto_now_add: set the original time afterwards.
        AccessFailureLog.objects.filter(pk=salinan.pk).update(attempt_time=row.waktu)

class Migration(migrations.Migration):

    dependencies = [
        ("axes", "0010_accessattemptexpiration"),
        ("dinsos", "0004_jabatan_di_surat"),
    ]

    operations = [
        migrations.RunPython(salin_ke_axes, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="GagalMasuk",
        ),
    ]
