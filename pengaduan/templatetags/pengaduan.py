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


# The engine's action names as a complaint's history reads them (others keep layanan's label).
LABEL_RIWAYAT = {
    "daftarkan": "Dicatat",
    "verifikasi_berkas": "Pengaduan diverifikasi",
    "survei_layak": "Pengecekan lapangan selesai",
    "serahkan": "Jawaban disampaikan",
    "tolak": "Tidak dapat ditindaklanjuti",
}


@register.filter
def label_riwayat(riwayat):
    return LABEL_RIWAYAT.get(riwayat.aksi, riwayat.label_aksi)
