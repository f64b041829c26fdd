"""Social aid (bansos): programs, their candidates, the SK that fixes recipients, distribution.

A `Program` is one fiscal year's aid with a quota, a budget and admin-set eligibility rules;
it follows an SOP (`VersiSop`), whose steps drive each candidate taken in at the counter (a
`Permohonan` on the step engine). Collective steps act on the program: `Penetapan` picks
eligible candidates within quota and budget and is issued as an SK through the surat app;
`Penyaluran` records each hand-over and `Bast` proves a batch of them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from dinsos.angka import rupiah
from dinsos.unggahan import NamaAcak
from layanan.validators import validate_unggahan
from sop.models import VersiSop


class SumberDana(models.TextChoices):
    APBD = "apbd", "APBD"
    APBN = "apbn", "APBN"
    BTT = "btt", "BTT (belanja tidak terduga)"
    CSR = "csr", "CSR"


class BentukBantuan(models.TextChoices):
    UANG = "uang", "Uang"
    BARANG = "barang", "Barang"


class Kategori(models.TextChoices):
    DISABILITAS = "disabilitas", "Penyandang disabilitas"
    LANSIA = "lansia", "Lanjut usia"
    ODGJ = "odgj", "ODGJ"
    KORBAN_BENCANA = "korban_bencana", "Korban bencana"
    FAKIR_MISKIN = "fakir_miskin", "Fakir miskin"
    ANAK = "anak", "Anak terlantar"
    LAINNYA = "lainnya", "Lainnya"


class Program(models.Model):
    nama = models.CharField("nama program", max_length=200)
    versi_sop = models.ForeignKey(VersiSop, on_delete=models.PROTECT, related_name="+", verbose_name="SOP")
    tahun_anggaran = models.PositiveSmallIntegerField("tahun anggaran")
    sumber_dana = models.CharField("sumber dana", max_length=4, choices=SumberDana.choices)
    bentuk = models.CharField("bentuk bantuan", max_length=6, choices=BentukBantuan.choices)
    nilai_uang = models.PositiveBigIntegerField("uang per penerima (Rp)", default=0)
    nama_barang = models.CharField("barang", max_length=200, blank=True, help_text="Misalnya Kursi roda.")
    jumlah_barang = models.PositiveIntegerField("jumlah barang per penerima", default=0)
    satuan = models.CharField("satuan", max_length=30, blank=True, help_text="Misalnya unit, paket, kg.")
    harga_satuan = models.PositiveBigIntegerField("harga satuan (Rp)", default=0)
    kuota = models.PositiveIntegerField("kuota penerima")
    anggaran = models.PositiveBigIntegerField("pagu anggaran (Rp)")
    mulai = models.DateField("periode mulai")
    selesai = models.DateField("periode selesai")
    bencana = models.BooleanField(
        "jalur cepat bencana",
        default=False,
        help_text="Asesmen dan penyaluran dicatat lebih dahulu (1×24 jam); SK menyusul.",
    )
    samarkan_nik_sk = models.BooleanField(
        "samarkan NIK di lampiran SK", default=True, help_text="Lampiran SK mencetak NIK tersamar (3508********0001)."
    )
    # Eligibility rules (empty: the rule is not applied).
    syarat_domisili = models.BooleanField("wajib berdomisili di kabupaten", default=True)
    desil_maks = models.PositiveSmallIntegerField("desil DTKS/DTSEN paling tinggi", null=True, blank=True)
    umur_min = models.PositiveSmallIntegerField("umur paling rendah", null=True, blank=True)
    umur_maks = models.PositiveSmallIntegerField("umur paling tinggi", null=True, blank=True)
    kategori = models.CharField("kategori sasaran", max_length=20, choices=Kategori.choices, blank=True)
    jenis_disabilitas = models.CharField(
        "jenis disabilitas", max_length=60, blank=True, help_text="Kosong: semua jenis disabilitas."
    )
    jeda_bulan = models.PositiveSmallIntegerField(
        "tidak menerima program yang sama dalam (bulan)",
        null=True,
        blank=True,
        help_text="Program yang sama: program lain yang mengikuti SOP yang sama.",
    )
    satu_per_kk = models.BooleanField("paling banyak satu penerima per KK", default=False)
    dibuat_pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "program bansos"
        verbose_name_plural = "program bansos"
        ordering = ["-tahun_anggaran", "nama"]

    def __str__(self):
        return f"{self.nama} {self.tahun_anggaran}"

    def clean(self):
        errors = {}
        if self.bentuk == BentukBantuan.UANG and not self.nilai_uang:
            errors["nilai_uang"] = "Isi nilai uang per penerima."
        if self.bentuk == BentukBantuan.BARANG:
            if not self.nama_barang:
                errors["nama_barang"] = "Isi nama barang."
            if not self.jumlah_barang:
                errors["jumlah_barang"] = "Isi jumlah barang per penerima."
            if not self.satuan:
                errors["satuan"] = "Isi satuan barang."
        if self.mulai and self.selesai and self.selesai < self.mulai:
            errors["selesai"] = "Periode selesai tidak boleh sebelum periode mulai."
        if self.umur_min is not None and self.umur_maks is not None and self.umur_maks < self.umur_min:
            errors["umur_maks"] = "Umur paling tinggi tidak boleh di bawah umur paling rendah."
        if self.desil_maks is not None and not 1 <= self.desil_maks <= 10:
            errors["desil_maks"] = "Desil antara 1 dan 10."
        if errors:
            raise ValidationError(errors)

    @property
    def nilai_per_penerima(self) -> int:
        """Rupiah value of one recipient's aid (goods: units × unit price)."""
        if self.bentuk == BentukBantuan.BARANG:
            return self.jumlah_barang * self.harga_satuan
        return self.nilai_uang

    @property
    def jenis_bantuan(self) -> str:
        if self.bentuk == BentukBantuan.BARANG:
            return f"{self.nama_barang} {self.jumlah_barang} {self.satuan}"
        return f"Uang {rupiah(self.nilai_uang)}"


class Asal(models.TextChoices):
    LOKET = "loket", "Loket"
    DESA = "desa", "Usulan desa/kelurahan"
    KECAMATAN = "kecamatan", "Usulan kecamatan"
    PENDAMPING = "pendamping", "Usulan pendamping"


class ImporCalon(models.Model):
    """One collective list (XLSX) and its per-row report."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="impor")
    asal = models.CharField(max_length=12, choices=Asal.choices)
    nama_berkas = models.CharField(max_length=255)
    jumlah = models.PositiveIntegerField(default=0)
    dimuat = models.PositiveIntegerField(default=0)
    ditolak = models.PositiveIntegerField(default=0)
    laporan = models.JSONField(default=list, blank=True)  # [{"baris", "nik", "nama", "status", "pesan"}]
    diunggah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "impor daftar calon"
        verbose_name_plural = "impor daftar calon"
        ordering = ["-dibuat_pada"]


class Calon(models.Model):
    class Status(models.TextChoices):
        BARU = "baru", "Belum diperiksa"
        LAYAK = "layak", "Memenuhi syarat"
        TIDAK_LAYAK = "tidak_layak", "Tidak memenuhi syarat"
        DITETAPKAN = "ditetapkan", "Ditetapkan"
        DISALURKAN = "disalurkan", "Tersalur"
        TIDAK_TERSALUR = "tidak_tersalur", "Tidak tersalur"
        DIKEMBALIKAN = "dikembalikan", "Dikembalikan"

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="calon")
    permohonan = models.OneToOneField(
        "layanan.Permohonan", null=True, blank=True, on_delete=models.PROTECT, related_name="calon_bansos"
    )
    impor = models.ForeignKey(ImporCalon, null=True, blank=True, on_delete=models.SET_NULL, related_name="calon")
    baris = models.PositiveIntegerField(null=True, blank=True, help_text="Baris di berkas usulan.")
    asal = models.CharField(max_length=12, choices=Asal.choices, default=Asal.LOKET)
    nik = models.CharField("NIK", max_length=16, db_index=True)
    nomor_kk = models.CharField("nomor KK", max_length=16, blank=True, db_index=True)
    nama = models.CharField("nama", max_length=150)
    tanggal_lahir = models.DateField("tanggal lahir", null=True, blank=True)
    alamat = models.CharField(max_length=250, blank=True)
    desa = models.CharField("desa/kelurahan", max_length=100, blank=True)
    kecamatan = models.CharField(max_length=100, blank=True)
    kategori = models.CharField(max_length=20, choices=Kategori.choices, blank=True)
    jenis_disabilitas = models.CharField("jenis disabilitas", max_length=60, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.BARU, db_index=True)
    # The last check: [{"kode", "aturan", "lolos", "alasan"}] and what the registry said.
    hasil_cek = models.JSONField(default=list, blank=True)
    dicek_pada = models.DateTimeField(null=True, blank=True)
    desil = models.PositiveSmallIntegerField(null=True, blank=True)
    terdaftar_dtks = models.BooleanField(default=False)
    pbi = models.BooleanField("PBI", default=False)
    # An officer accepted the candidate despite failed checks.
    diloloskan = models.BooleanField(default=False)
    alasan_diloloskan = models.TextField(blank=True)
    penetapan = models.ForeignKey("Penetapan", null=True, blank=True, on_delete=models.PROTECT, related_name="penerima")
    nilai = models.PositiveBigIntegerField("nilai bantuan (Rp)", default=0)
    asesmen = models.TextField("hasil asesmen", blank=True)
    dibuat_pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "calon penerima"
        verbose_name_plural = "calon penerima"
        ordering = ["dibuat_pada", "pk"]
        indexes = [models.Index(fields=["program", "status"], name="calon_program_status")]

    def __str__(self):
        return f"{self.nama} ({self.program})"

    @property
    def gagal(self) -> list:
        return [h for h in self.hasil_cek if not h.get("lolos")]

    @property
    def boleh_ditetapkan(self) -> bool:
        return self.penetapan_id is None and self.status in (self.Status.LAYAK,)


class RiwayatCalon(models.Model):
    """Immutable log of what officers did to a candidate (checks, overrides, penetapan)."""

    calon = models.ForeignKey(Calon, on_delete=models.CASCADE, related_name="riwayat")
    aksi = models.CharField(max_length=40)
    keterangan = models.TextField(blank=True)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "riwayat calon"
        verbose_name_plural = "riwayat calon"
        ordering = ["pada", "pk"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Riwayat calon tidak dapat diubah.")
        super().save(*args, **kwargs)


class Penetapan(models.Model):
    """A decision fixing recipients: a draft SK until the Kadis signs it (or the Bupati's draft)."""

    class Status(models.TextChoices):
        DRAF = "draf", "Draf SK"
        TERBIT = "terbit", "SK terbit"
        DITERUSKAN = "diteruskan", "Draf diteruskan ke Bupati"

    class Penanda(models.TextChoices):
        KADIS = "kadis", "Keputusan Kepala Dinas"
        BUPATI = "bupati", "Keputusan Bupati (draf diteruskan)"

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="penetapan")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAF)
    penanda = models.CharField("jenis keputusan", max_length=6, choices=Penanda.choices, default=Penanda.KADIS)
    jumlah = models.PositiveIntegerField("jumlah penerima", default=0)
    total = models.PositiveBigIntegerField("nilai total (Rp)", default=0)
    surat = models.OneToOneField(
        "surat.Surat", null=True, blank=True, on_delete=models.PROTECT, related_name="penetapan_bansos"
    )
    lampiran_pdf = models.BinaryField(editable=False, default=b"")
    sha256_lampiran = models.CharField(max_length=64, blank=True, editable=False)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "penetapan penerima"
        verbose_name_plural = "penetapan penerima"
        ordering = ["-dibuat_pada"]

    def __str__(self):
        return self.surat.nomor if self.surat_id else f"Draf SK {self.program}"


class Bast(models.Model):
    """Berita acara serah terima for one batch (usually one desa) of hand-overs."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="bast")
    nomor = models.CharField(max_length=60)
    desa = models.CharField("desa/kelurahan", max_length=100, blank=True)
    tanggal = models.DateField()
    pdf = models.BinaryField(editable=False, default=b"")
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "BAST"
        verbose_name_plural = "BAST"
        ordering = ["-dibuat_pada"]
        constraints = [models.UniqueConstraint(fields=["program", "nomor"], name="bast_nomor_unik")]

    def __str__(self):
        return self.nomor


class Penyaluran(models.Model):
    class Status(models.TextChoices):
        TERSALUR = "tersalur", "Tersalur"
        TIDAK_TERSALUR = "tidak_tersalur", "Tidak tersalur"
        DIKEMBALIKAN = "dikembalikan", "Dikembalikan"

    class Penerima(models.TextChoices):
        SENDIRI = "sendiri", "Penerima sendiri"
        WAKIL = "wakil", "Diwakilkan"

    calon = models.OneToOneField(Calon, on_delete=models.PROTECT, related_name="penyaluran")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.TERSALUR)
    tanggal = models.DateField()
    tempat = models.CharField(max_length=200)
    diterima_oleh = models.CharField("diterima oleh", max_length=8, choices=Penerima.choices, default=Penerima.SENDIRI)
    nama_wakil = models.CharField("nama wakil", max_length=150, blank=True)
    hubungan_wakil = models.CharField("hubungan wakil", max_length=60, blank=True)
    nik_wakil = models.CharField("NIK wakil", max_length=16, blank=True)
    foto = models.FileField(upload_to=NamaAcak("bansos/%Y/%m/", "foto"), blank=True, validators=[validate_unggahan])
    tanda_tangan = models.FileField(
        "pindaian tanda tangan/cap jempol",
        upload_to=NamaAcak("bansos/%Y/%m/", "tanda_tangan"),
        blank=True,
        validators=[validate_unggahan],
    )
    keterangan = models.TextField(blank=True)
    bast = models.ForeignKey(Bast, null=True, blank=True, on_delete=models.PROTECT, related_name="penyaluran")
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dicatat_pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "penyaluran"
        verbose_name_plural = "penyaluran"
        ordering = ["tanggal", "pk"]


class CatatanMonev(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="monev")
    catatan = models.TextField()
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "catatan monev"
        verbose_name_plural = "catatan monev"
        ordering = ["-pada"]
