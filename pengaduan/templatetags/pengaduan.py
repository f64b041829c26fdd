from django import template

from audit.models import samarkan_nik

register = template.Library()


@register.filter
def nik_untuk(nik, ditangani):
    """A NIK in full for whoever handles the complaint, masked for everyone else."""
    return nik if ditangani else samarkan_nik(nik)


@register.filter
def label_tombol(nama_aksi):
    from pengaduan.views import LABEL_TOMBOL

    return LABEL_TOMBOL.get(nama_aksi, "Langkah selesai, lanjutkan")
