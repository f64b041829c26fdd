"""Existing templates get their first revision; default texts stop claiming a survey.

Default templates also get the drafter's free paragraph (`uraian_tambahan`) before their
closing sentence.

The default templates used to say "survei lapangan" for every case, and the Tanah Laut
DTKS letter stated nothing about the registry. Where a template still holds the default
wording, it is corrected (the same text `surat.bawaan` now writes); edited templates are
left as the admin wrote them.
"""

from django.db import migrations

SURVEI = "{% if survei_dilakukan %} dan survei lapangan{% endif %}"
GANTI = [
    ("berdasarkan hasil verifikasi dan survei lapangan", "berdasarkan hasil verifikasi" + SURVEI),
    ("berdasarkan hasil verifikasi data dan survei lapangan", "berdasarkan hasil verifikasi data" + SURVEI),
    ("Berdasarkan hasil verifikasi berkas dan survei lapangan", "Berdasarkan hasil verifikasi berkas" + SURVEI),
]
DTKS = (
    "{% if registri.dtks.terdaftar %}adalah benar terdaftar dalam Data Terpadu Kesejahteraan Sosial (DTKS) "
    "berdasarkan data DTKS per {{ registri.dtks.per }}{% if registri.dtks.desil %} (desil {{ registri.dtks.desil }})"
    "{% endif %}.{% else %}tidak ditemukan dalam data Data Terpadu Kesejahteraan Sosial (DTKS)"
    "{% if registri.dtks.per %} per {{ registri.dtks.per }}{% endif %} yang ada pada Dinas Sosial"
    "{% if registri.dtks.alasan %}; keterangan ini diberikan berdasarkan pemeriksaan petugas: "
    "{{ registri.dtks.alasan }}{% endif %}.{% endif %}"
)
URAIAN = "{% if uraian_tambahan %}<p>{{ uraian_tambahan|linebreaksbr }}</p>{% endif %}\n"
FIELD_TEKS = [
    "judul",
    "isi",
    "tampilkan_paraf",
    "fakta_registri",
    "untuk_organisasi",
    "bentuk",
    "sifat",
    "lampiran",
    "hal",
    "tujuan",
    "tembusan",
]


def forwards(apps, schema_editor):
    TemplatSurat = apps.get_model("surat", "TemplatSurat")
    RevisiTemplat = apps.get_model("surat", "RevisiTemplat")
    for templat in TemplatSurat.objects.all():
        isi = templat.isi
        for lama, baru in GANTI:
            isi = isi.replace(lama, baru)
        generik = "sehubungan dengan layanan Surat Keterangan Terdaftar DTKS"
        if templat.jenis_surat == "sk-terdaftar-dtks" and generik in isi:
            start = isi.index(generik)
            end = isi.index("</p>", start)
            isi = isi[:start] + DTKS + isi[end:]
            templat.fakta_registri = "dtks_terdaftar"
        if "uraian_tambahan" not in isi and "<p>Demikian" in isi:
            # The drafter's free paragraph, where the default templates now have it.
            isi = isi.replace("<p>Demikian", URAIAN + "<p>Demikian", 1)
        templat.isi = isi
        templat.save()
        RevisiTemplat.objects.create(templat=templat, nomor=1, **{f: getattr(templat, f) for f in FIELD_TEKS})


class Migration(migrations.Migration):
    dependencies = [("surat", "0006_revisi_templat")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
