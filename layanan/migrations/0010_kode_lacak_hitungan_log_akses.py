"""Random tracking codes (backfilled), the tracking rate-limit counter, and the scan-access
records folded into the one access log (audit.LogAkses), then their old table dropped."""

import secrets

from django.db import migrations, models

import layanan.lacak_kode

ALFABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def isi_kode_lacak(apps, schema_editor):
    Permohonan = apps.get_model("layanan", "Permohonan")
    dipakai = set()
    for p in Permohonan.objects.filter(kode_lacak__isnull=True).only("pk").iterator():
        kode = "".join(secrets.choice(ALFABET) for _ in range(12))
        while kode in dipakai:
            kode = "".join(secrets.choice(ALFABET) for _ in range(12))
        dipakai.add(kode)
        Permohonan.objects.filter(pk=p.pk).update(kode_lacak=kode)


def pindahkan_akses_dokumen(apps, schema_editor):
    from audit.models import hash_nik, samarkan_nik

    AksesDokumen = apps.get_model("layanan", "AksesDokumen")
    LogAkses = apps.get_model("audit", "LogAkses")
    rows = []
    qs = AksesDokumen.objects.select_related("user", "dokumen__permohonan__pemohon", "dokumen__permohonan__termohon")
    for a in qs.order_by("pk").iterator():
        p = a.dokumen.permohonan
        subjek = p.termohon or p.pemohon
        lain = p.pemohon.nik if p.termohon_id else ""
        rows.append(
            LogAkses(
                waktu=a.waktu,
                user_id=a.user_id,
                nama_pengguna=a.user.username,
                aksi="lihat_dokumen",
                diizinkan=True,
                nomor_permohonan=p.nomor_registrasi,
                objek=f"dokumen {a.dokumen_id}: {a.dokumen.nama}"[:120],
                nik_hash=hash_nik(subjek.nik),
                nik_hash_lain=hash_nik(lain) if lain and lain != subjek.nik else "",
                nik_samar=", ".join(dict.fromkeys(samarkan_nik(n) for n in (subjek.nik, lain) if n)),
                keterangan="dipindahkan dari catatan akses dokumen lama",
            )
        )
    LogAkses.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("layanan", "0009_pin_revisi"),
    ]

    operations = [
        migrations.AddField(
            model_name="permohonan",
            name="kode_lacak",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.RunPython(isi_kode_lacak, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="permohonan",
            name="kode_lacak",
            field=models.CharField(
                default=layanan.lacak_kode.buat,
                editable=False,
                help_text="Kode acak pada tanda terima untuk lacak publik (bukan nomor urut).",
                max_length=12,
                unique=True,
            ),
        ),
        migrations.CreateModel(
            name="HitunganLacak",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("alamat", models.CharField(max_length=45)),
                ("jendela", models.DateTimeField()),
                ("jumlah", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "hitungan lacak",
                "verbose_name_plural": "hitungan lacak",
                "constraints": [models.UniqueConstraint(fields=("alamat", "jendela"), name="hitungan_lacak_unik")],
            },
        ),
        migrations.RunPython(pindahkan_akses_dokumen, migrations.RunPython.noop),
        migrations.DeleteModel(name="AksesDokumen"),
    ]
