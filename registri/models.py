"""Registry snapshots: DTKS/DTSEN extracts and PBI-Daerah / PBI-Pusat lists.

Each import is a `Snapshot`; its rows carry the snapshot id. Look-ups read only the active
snapshot of each kind, so a new import becomes visible all at once when it is switched on
(`aktif`), and the old one keeps answering until then.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from dinsos.unggahan import NamaAcak
from dinsos.zona import label_waktu


class Jenis(models.TextChoices):
    DTKS = "dtks", "DTKS/DTSEN"
    PBI_DAERAH = "pbi_daerah", "PBI-Daerah"
    PBI_PUSAT = "pbi_pusat", "PBI-Pusat"


class Snapshot(models.Model):
    class Status(models.TextChoices):
        ANTRE = "antre", "Menunggu"
        BERJALAN = "berjalan", "Sedang dimuat"
        SELESAI = "selesai", "Selesai"
        KONFIRMASI = "konfirmasi", "Menunggu konfirmasi"
        GAGAL = "gagal", "Gagal"

    jenis = models.CharField(max_length=12, choices=Jenis.choices)
    nama_berkas = models.CharField(max_length=255)
    berkas = models.FileField(upload_to=NamaAcak("impor/%Y/%m/", "berkas", bawaan="csv", peta={"zip": "xlsx"}), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ANTRE)
    aktif = models.BooleanField(default=False)
    dibuat_pada = models.DateTimeField(default=timezone.now)
    selesai_pada = models.DateTimeField(null=True, blank=True)
    total_baris = models.PositiveIntegerField(default=0)
    diproses = models.PositiveIntegerField(default=0)
    dimuat = models.PositiveIntegerField(default=0)
    ditolak = models.PositiveIntegerField(default=0)
    laporan = models.TextField("laporan baris ditolak", blank=True)
    pesan = models.TextField(blank=True)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "impor data registri"
        verbose_name_plural = "impor data registri"
        ordering = ["-dibuat_pada"]
        constraints = [models.UniqueConstraint(fields=["jenis"], condition=models.Q(aktif=True), name="satu_snapshot_aktif")]
        permissions = [
            ("unggah_snapshot", "Dapat mengunggah data registri"),
            ("unduh_laporan_snapshot", "Dapat mengunduh laporan baris ditolak"),
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} {label_waktu(self.dibuat_pada)}"

    @property
    def persen(self):
        if self.status in (self.Status.SELESAI, self.Status.KONFIRMASI):
            return 100
        if not self.total_baris:
            return 0
        return min(99, int(100 * self.diproses / self.total_baris))


class _BarisRegistri(models.Model):
    """The columns every registry list has."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, db_index=False, related_name="+")
    nik = models.CharField(max_length=16)
    nama = models.CharField(max_length=150)
    nomor_kk = models.CharField(max_length=16, blank=True)
    alamat = models.CharField(max_length=250, blank=True)
    desa = models.CharField(max_length=100, blank=True)
    kecamatan = models.CharField(max_length=100, blank=True)

    class Meta:
        abstract = True


class BarisDtks(_BarisRegistri):
    desil = models.PositiveSmallIntegerField(null=True)
    pkh = models.BooleanField(default=False)
    bpnt = models.BooleanField("BPNT/Sembako", default=False)
    pbi = models.BooleanField("PBI", default=False)

    class Meta:
        verbose_name = "baris DTKS"
        verbose_name_plural = "baris DTKS"
        indexes = [models.Index(fields=["snapshot", "nik"], name="dtks_snapshot_nik")]


class BarisPbi(_BarisRegistri):
    class Meta:
        verbose_name = "baris PBI"
        verbose_name_plural = "baris PBI"
        indexes = [models.Index(fields=["snapshot", "nik"], name="pbi_snapshot_nik")]
