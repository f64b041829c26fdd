"""Existing installs: the default letters to a hospital or BPJS become surat dinas.

The header fields were added in 0003, so nothing an admin typed is overwritten. Values are
frozen here (a copy of surat.bawaan.SURAT_DINAS at the time of writing).
"""

from django.db import migrations

TEMBUSAN = "Kepala Dinas Kesehatan {kabupaten}\nYang bersangkutan"
BPJS = "Kepala BPJS Kesehatan Kantor Cabang\ndi\nTempat"
SURAT_DINAS = {
    "rekomendasi-biaya-kesehatan": (
        "Direktur {rs_tujuan}\ndi\nTempat",
        "Rekomendasi pembebasan biaya perawatan a.n. {nama}",
        "1 (satu) berkas",
    ),
    "rekomendasi-kis-pbid": (BPJS, "Rekomendasi pengajuan KIS PBI Daerah a.n. {nama}", "1 (satu) berkas"),
    "penonaktifan-kis-pbid": (BPJS, "Penonaktifan KIS PBI Daerah a.n. {nama}", "-"),
    "rekomendasi-jkn-bp-pemda": (BPJS, "Rekomendasi kepesertaan JKN BP Pemda a.n. {nama}", "1 (satu) berkas"),
}


def forwards(apps, schema_editor):
    TemplatSurat = apps.get_model("surat", "TemplatSurat")
    for jenis, (tujuan, hal, lampiran) in SURAT_DINAS.items():
        TemplatSurat.objects.filter(jenis_surat=jenis, bentuk="keterangan", tujuan="").update(
            bentuk="dinas", tujuan=tujuan, hal=hal, lampiran=lampiran, tembusan=TEMBUSAN
        )


class Migration(migrations.Migration):
    dependencies = [("surat", "0003_naskah_dinas")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
