"""The seeded complaint categories (admins edit, add or deactivate them in the admin)."""

KATEGORI_BAWAAN = [
    ("bansos-pkh", "Bansos/PKH", 10),
    ("bpjs-pbi", "BPJS PBI/KIS", 20),
    ("data-dtks", "Data DTKS/DTSEN", 30),
    ("pelayanan-petugas", "Pelayanan petugas", 40),
    ("lainnya", "Lainnya", 90),
]


def isi_bawaan(model=None):
    """Create the default categories that do not exist yet (by code); existing ones are left as edited."""
    if model is None:
        from pengaduan.models import Kategori as model
    for kode, nama, urutan in KATEGORI_BAWAAN:
        model.objects.get_or_create(kode=kode, defaults={"nama": nama, "urutan": urutan})
