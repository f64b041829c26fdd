"""Complaints (pengaduan): a case kind on the step engine of `layanan`.

A `Pengaduan` is one-to-one with a `Permohonan` that walks its office's complaint SOP (OKU
"Pengaduan bansos PKH", Kukar "Penanganan pengaduan langsung/online", Tanah Laut "E-LAPOR" /
"Pelayanan langsung"): the SOP's steps, pelaksana and time standards decide who acts and by
when, exactly as for every other case. This module adds what only a complaint has: the
channel, the public ticket and its secret code (stored hashed), category and priority, the
complainant's (optional, possibly hidden) identity, an external SP4N-LAPOR! ticket, the
public replies and the complainant's rating and single reopening.
"""

import hmac

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from dinsos.models import Jabatan
from dinsos.unggahan import NamaAcak
from layanan.models import Permohonan
from layanan.validators import BATAS_CATATAN, BatasPanjang, validate_nik

BATAS_ISI = 3000
HARI_BUKA_KEMBALI = 14


class Saluran(models.TextChoices):
    LOKET = "loket", "Loket (datang langsung)"
    TELEPON = "telepon", "Telepon"
    WHATSAPP = "whatsapp", "WhatsApp"
    WEB = "web", "Formulir web"
    LAPOR = "lapor", "SP4N-LAPOR!"


# Channels the counter records on behalf of a complainant (the SOP "langsung"); the rest are online.
SALURAN_LANGSUNG = {Saluran.LOKET, Saluran.TELEPON, Saluran.WHATSAPP}


class Prioritas(models.TextChoices):
    RENDAH = "rendah", "Rendah"
    SEDANG = "sedang", "Sedang"
    TINGGI = "tinggi", "Tinggi"


class Kategori(models.Model):
    """An admin-editable complaint category (bansos/PKH, BPJS PBI, data DTKS …)."""

    kode = models.SlugField(max_length=40, unique=True)
    nama = models.CharField(max_length=100)
    urutan = models.PositiveSmallIntegerField(default=0)
    aktif = models.BooleanField(default=True)

    class Meta:
        verbose_name = "kategori pengaduan"
        verbose_name_plural = "kategori pengaduan"
        ordering = ["urutan", "nama"]

    def __str__(self):
        return self.nama


class NomorTiket(models.Model):
    """Per-year counter for ADU-2026-000123 (locked row, like registration numbers)."""

    tahun = models.PositiveIntegerField(unique=True)
    terakhir = models.PositiveIntegerField(default=0)


def hash_kode(kode: str) -> str:
    """The stored form of a ticket's secret code (HMAC with the site key; the code itself is never kept)."""
    return salted_hmac("pengaduan.kode", kode, algorithm="sha256").hexdigest()


class StatusPublik(models.TextChoices):
    DITERIMA = "diterima", "Diterima"
    DIPROSES = "diproses", "Sedang ditindaklanjuti"
    DIJAWAB = "dijawab", "Sudah dijawab"
    SELESAI = "selesai", "Selesai"
    DITOLAK = "ditolak", "Tidak dapat ditindaklanjuti"


class Pengaduan(models.Model):
    permohonan = models.OneToOneField(Permohonan, on_delete=models.PROTECT, related_name="pengaduan")
    nomor_tiket = models.CharField(max_length=20, unique=True)
    kode_hash = models.CharField(max_length=64, editable=False)
    saluran = models.CharField(max_length=10, choices=Saluran.choices, db_index=True)
    nomor_lapor = models.CharField(
        "nomor tiket SP4N-LAPOR!", max_length=40, null=True, blank=True, unique=True, help_text="Nomor tiket dari LAPOR!."
    )
    kategori = models.ForeignKey(Kategori, on_delete=models.PROTECT, related_name="+")
    prioritas = models.CharField(max_length=6, choices=Prioritas.choices, default=Prioritas.SEDANG)
    judul = models.CharField("pokok pengaduan", max_length=150)
    isi = models.TextField("isi pengaduan", max_length=BATAS_ISI, validators=[BatasPanjang(BATAS_ISI, "Isi pengaduan")])
    lokasi = models.CharField("lokasi kejadian", max_length=150, blank=True)

    nama_pelapor = models.CharField("nama pelapor", max_length=150, blank=True, help_text="Kosong: anonim.")
    nik_pelapor = models.CharField("NIK pelapor", max_length=16, blank=True, validators=[validate_nik])
    telepon = models.CharField("nomor HP/WhatsApp", max_length=20, blank=True)
    email = models.EmailField("surel", blank=True)
    rahasiakan = models.BooleanField(
        "rahasiakan identitas",
        default=False,
        help_text="Identitas pelapor hanya terlihat oleh petugas yang menangani pengaduan ini.",
    )

    nik_terkait = models.CharField(
        "NIK terkait", max_length=16, blank=True, validators=[validate_nik], help_text="Orang yang diadukan/terdampak."
    )
    permohonan_terkait = models.ForeignKey(
        Permohonan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="permohonan terkait"
    )

    dibuat_pada = models.DateTimeField(default=timezone.now, db_index=True)
    ditutup_pada = models.DateTimeField(null=True, blank=True, db_index=True)
    dijawab_pada = models.DateTimeField(
        null=True, blank=True, help_text="Jawaban terakhir untuk pelapor sejak pengaduan (dibuka kembali) diterima."
    )
    dibuka_kembali_pada = models.DateTimeField(null=True, blank=True)
    nilai = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Penilaian pelapor, 1–5.")
    catatan_nilai = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "pengaduan"
        verbose_name_plural = "pengaduan"
        ordering = ["-dibuat_pada"]

    def __str__(self):
        return self.nomor_tiket

    def cocok_kode(self, kode: str) -> bool:
        return hmac.compare_digest(self.kode_hash, hash_kode(kode))

    @property
    def anonim(self) -> bool:
        return not self.nama_pelapor

    @property
    def status_publik(self) -> str:
        from layanan.models import Status

        p = self.permohonan
        if p.status in (Status.DITOLAK, Status.DIBATALKAN):
            return StatusPublik.DITOLAK
        if p.is_selesai:
            return StatusPublik.SELESAI
        if self.dijawab_pada is not None:
            return StatusPublik.DIJAWAB
        if p.status == Status.VERIFIKASI and self.dibuka_kembali_pada is None:
            return StatusPublik.DITERIMA
        return StatusPublik.DIPROSES

    def get_status_publik_display(self) -> str:
        return StatusPublik(self.status_publik).label

    def boleh_buka_kembali(self, sekarang=None) -> bool:
        """Once, within 14 days of closing, and only after an answer (not a rejection)."""
        from layanan.models import Status

        sekarang = sekarang or timezone.now()
        return (
            self.permohonan.status in (Status.SELESAI, Status.DISERAHKAN)
            and self.dibuka_kembali_pada is None
            and self.ditutup_pada is not None
            and sekarang <= self.ditutup_pada + timezone.timedelta(days=HARI_BUKA_KEMBALI)
        )


class Tanggapan(models.Model):
    """One message on a complaint: a public reply, an internal note, or the complainant's addition."""

    class Jenis(models.TextChoices):
        JAWABAN = "jawaban", "Jawaban untuk pelapor"
        INTERNAL = "internal", "Catatan internal"
        KOORDINASI = "koordinasi", "Koordinasi dengan instansi lain"
        PELAPOR = "pelapor", "Tambahan dari pelapor"

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.CASCADE, related_name="tanggapan")
    jenis = models.CharField(max_length=10, choices=Jenis.choices)
    teks = models.TextField(max_length=BATAS_CATATAN, validators=[BatasPanjang(BATAS_CATATAN, "Tanggapan")])
    instansi = models.CharField("instansi yang dihubungi", max_length=150, blank=True)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    jabatan = models.ForeignKey(Jabatan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    langkah = models.ForeignKey("sop.Langkah", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    waktu = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "tanggapan pengaduan"
        verbose_name_plural = "tanggapan pengaduan"
        ordering = ["waktu", "pk"]

    @property
    def publik(self) -> bool:
        return self.jenis in (self.Jenis.JAWABAN, self.Jenis.PELAPOR)


class Lampiran(models.Model):
    """An attachment (PDF/JPG/PNG by content), served only through a permission-checked view."""

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.CASCADE, related_name="lampiran")
    berkas = models.FileField(upload_to=NamaAcak("pengaduan/%Y/%m/", "berkas"))
    nama = models.CharField(max_length=200)
    jenis_konten = models.CharField(max_length=40, blank=True)
    ukuran = models.PositiveIntegerField(default=0)
    dari_pelapor = models.BooleanField(default=True)
    waktu = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "lampiran pengaduan"
        verbose_name_plural = "lampiran pengaduan"
        ordering = ["pk"]
