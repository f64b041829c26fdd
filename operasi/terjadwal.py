"""Periodic housekeeping jobs of the operations layer (see operasi.jadwal)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from operasi.models import DetakPekerja


@task()
def pangkas_hasil_tugas():
    """Forget finished jobs after TUGAS_SIMPAN_HARI days and workers silent for a day."""
    now = timezone.now()
    hari = getattr(settings, "TUGAS_SIMPAN_HARI", 30)
    tugas, _ = DBTaskResult.objects.finished().filter(finished_at__lt=now - timedelta(days=hari)).delete()
    pekerja, _ = DetakPekerja.objects.filter(terakhir__lt=now - timedelta(days=1)).delete()
    return {"tugas": tugas, "pekerja": pekerja}


@task()
def bersihkan_titipan():
    """Scans kept for registration forms that were never sent (`manage.py bersihkan_titipan`)."""
    from layanan import titipan

    return {"titipan": titipan.bersihkan()}


@task()
def pengingat_batas_waktu():
    """Each morning, every staff member with cases waiting past or near their deadline gets one e-mail.

    Counts only (no names or NIKs in e-mail); the worklist link shows the cases.
    """
    from dinsos.models import Pegawai
    from layanan.models import Permohonan
    from operasi.surel import antrekan_surel

    now = timezone.now()
    besok = now + timedelta(days=1)
    situs = getattr(settings, "URL_SITUS", "").rstrip("/")
    dikirim = 0
    for pegawai in Pegawai.objects.select_related("user").filter(user__is_active=True).exclude(user__email=""):
        tugas = Permohonan.objects.untuk_tugas(pegawai).filter(batas_waktu__isnull=False)
        lewat = tugas.filter(batas_waktu__lt=now).count()
        segera = tugas.filter(batas_waktu__gte=now, batas_waktu__lt=besok).count()
        if not lewat and not segera:
            continue
        baris = []
        if lewat:
            baris.append(f"- {lewat} permohonan melewati batas waktu SOP")
        if segera:
            baris.append(f"- {segera} permohonan jatuh tempo dalam 24 jam")
        isi = "Menunggu tindakan Anda:\n" + "\n".join(baris) + f"\n\nDaftar tugas: {situs}/tugas/\n"
        antrekan_surel([pegawai.user.email], "Pengingat batas waktu layanan", isi)
        dikirim += 1
    return {"surel": dikirim}
