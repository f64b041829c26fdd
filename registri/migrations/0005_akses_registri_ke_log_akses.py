"""Registry look-up records folded into the one access log (audit.LogAkses); old table dropped."""

from django.db import migrations


def pindahkan(apps, schema_editor):
    from audit.models import hash_nik, samarkan_nik

    AksesRegistri = apps.get_model("registri", "AksesRegistri")
    LogAkses = apps.get_model("audit", "LogAkses")
    rows = []
    for a in AksesRegistri.objects.select_related("user").order_by("pk").iterator():
        sanding = a.tujuan == "sanding"
        rows.append(
            LogAkses(
                waktu=a.waktu,
                user_id=a.user_id,
                nama_pengguna=a.user.username,
                aksi="sanding" if sanding else "cek_registri",
                diizinkan=True,
                objek=a.tujuan,
                nik_hash=hash_nik(a.nik) if a.nik else "",
                nik_samar=samarkan_nik(a.nik) if a.nik else "",
                keterangan=(f"{a.jumlah} baris. " if sanding else "") + "Dipindahkan dari catatan akses registri lama.",
            )
        )
    LogAkses.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("registri", "0004_nama_berkas_acak"),
    ]

    operations = [
        migrations.RunPython(pindahkan, migrations.RunPython.noop),
        migrations.DeleteModel(name="AksesRegistri"),
    ]
