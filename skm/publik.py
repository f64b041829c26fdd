"""The IKM a public page shows for one service."""

from django.utils import timezone

from skm import ikm
from skm.models import Tanggapan
from skm.periode import Periode


def ikm_terakhir(sop):
    """(period, result) of the last 12 months with responses for the service, or None."""
    hari_ini = timezone.localdate()
    periode = Periode(hari_ini.year, hari_ini.month, 1)
    awal = periode
    for _ in range(11):
        awal = awal.sebelumnya()
    rentang = Periode(awal.tahun, awal.bulan_awal, 12)
    hasil = ikm.hitung(Tanggapan.objects.periode(rentang).filter(sop=sop))
    if not hasil.ada:
        return None
    return {"periode": f"{awal.label} – {periode.label}", "hasil": hasil}
