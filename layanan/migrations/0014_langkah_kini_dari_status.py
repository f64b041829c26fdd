"""Existing cases get their current step from their status; "Tugas saya" rows from their turn.

Each active case points at the first step of its pinned version whose kind matches its status
(letter statuses: the step the sub-stage folds into); finished cases point at none. The
position that was waiting (`jabatan_giliran`) becomes the case's first `GiliranPermohonan` row.
Nothing is deleted; running it backwards only clears what it set.
"""

from django.db import migrations

SELESAI = {"diserahkan", "diteruskan", "ditolak", "dibatalkan", "selesai"}
SUB = ["konsep", "paraf", "ttd"]
JENIS = {
    "verifikasi": "verifikasi",
    "dikembalikan": "verifikasi",
    "disposisi": "disposisi",
    "survei": "survei",
    "tinjau": "survei",
    "menunggu": "tunggu",
    "terbit": "serah",
}


def _langkah(status, steps, surat):
    if status in SUB and surat:
        letter = [lk for lk in steps if lk.jenis in SUB]
        if letter:
            own = next((lk for lk in letter if lk.jenis == status), None)
            if own:
                return own
            return next((lk for lk in letter if SUB.index(lk.jenis) > SUB.index(status)), letter[-1])
    jenis = JENIS.get(status)
    step = next((lk for lk in steps if lk.jenis == jenis), None) if jenis else None
    if step is None and status == "terbit":
        letter = [lk for lk in steps if lk.jenis == "ttd"]
        step = letter[-1] if letter else None
    return step or (steps[0] if steps else None)


def maju(apps, schema_editor):
    Permohonan = apps.get_model("layanan", "Permohonan")
    Langkah = apps.get_model("sop", "Langkah")
    Giliran = apps.get_model("layanan", "GiliranPermohonan")
    cache = {}
    rows = []
    for p in Permohonan.objects.exclude(status__in=SELESAI).select_related("versi_sop").iterator():
        steps = cache.get(p.versi_sop_id)
        if steps is None:
            steps = cache[p.versi_sop_id] = list(Langkah.objects.filter(versi_id=p.versi_sop_id).order_by("urutan"))
        langkah = _langkah(p.status, steps, bool(p.versi_sop.jenis_surat))
        if langkah is not None and p.langkah_kini_id is None:
            Permohonan.objects.filter(pk=p.pk).update(langkah_kini=langkah)
        if p.jabatan_giliran_id:
            rows.append(Giliran(permohonan_id=p.pk, jabatan_id=p.jabatan_giliran_id))
        if len(rows) >= 1000:
            Giliran.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    Giliran.objects.bulk_create(rows, ignore_conflicts=True)


def mundur(apps, schema_editor):
    apps.get_model("layanan", "GiliranPermohonan").objects.all().delete()
    apps.get_model("layanan", "Permohonan").objects.update(langkah_kini=None)


class Migration(migrations.Migration):
    dependencies = [("layanan", "0013_giliran_permohonan")]

    operations = [migrations.RunPython(maju, mundur)]
