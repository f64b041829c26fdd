"""The office itself: its profile, units, positions, staff, delegations, calendar, area."""

import contextlib
import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from dinsos.unggahan import NamaAcak


class ZonaWaktu(models.TextChoices):
    WIB = "WIB", "WIB (UTC+7)"
    WITA = "WITA", "WITA (UTC+8)"
    WIT = "WIT", "WIT (UTC+9)"


ZONA_KE_TZ = {
    ZonaWaktu.WIB: "Asia/Jakarta",
    ZonaWaktu.WITA: "Asia/Makassar",
    ZonaWaktu.WIT: "Asia/Jayapura",
}


class UkuranKertas(models.TextChoices):
    A4 = "A4", "A4 (210 × 297 mm)"
    F4 = "F4", "F4 (215 × 330 mm)"


class Instansi(models.Model):
    """The office profile. One deployment serves one office, so there is one row."""

    kabupaten = models.SlugField("kode kabupaten", max_length=40, unique=True)
    pemerintah_daerah = models.CharField(max_length=150)
    nama_dinas = models.CharField(max_length=150, default="Dinas Sosial")
    alamat = models.CharField(max_length=250, blank=True)
    telepon = models.CharField(max_length=60, blank=True)
    email = models.EmailField(blank=True)
    laman = models.CharField(max_length=120, blank=True)
    logo = models.ImageField(upload_to=NamaAcak("instansi/", "logo"), blank=True)
    kota_penerbitan = models.CharField("kota penerbitan surat", max_length=80, help_text="Tempat penerbitan di surat.")
    zona_waktu = models.CharField(max_length=4, choices=ZonaWaktu.choices, default=ZonaWaktu.WIB)
    kode_wilayah = models.CharField(
        "kode wilayah",
        max_length=4,
        validators=[RegexValidator(r"^\d{4}$", "Kode wilayah terdiri atas 4 angka.")],
        help_text="Kode provinsi dan kabupaten dari Kemendagri, misalnya 3508.",
    )
    ukuran_kertas = models.CharField(max_length=2, choices=UkuranKertas.choices, default=UkuranKertas.A4)
    jam_mulai = models.TimeField("jam kerja mulai", default=datetime.time(7, 30))
    jam_selesai = models.TimeField("jam kerja selesai", default=datetime.time(16, 0))
    tanda_tangan_elektronik = models.BooleanField(
        "tanda tangan elektronik (TTE)",
        default=False,
        help_text="Pejabat yang memiliki sertifikat elektronik menandatangani surat secara elektronik. "
        "Pejabat tanpa sertifikat tetap menandatangani basah.",
    )

    class Meta:
        verbose_name = "profil instansi"
        verbose_name_plural = "profil instansi"

    def __str__(self):
        return f"{self.nama_dinas} {self.pemerintah_daerah}"

    @classmethod
    def get_current(cls):
        """The office of this deployment, or None before one is set up."""
        return cls.objects.order_by("pk").first()

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(ZONA_KE_TZ[self.zona_waktu])

    def clean(self):
        if self.jam_mulai and self.jam_selesai and self.jam_mulai >= self.jam_selesai:
            raise ValidationError({"jam_selesai": "Jam selesai harus setelah jam mulai."})

    @property
    def kepala(self):
        """The pegawai holding the head-of-office position, if any."""
        return Pegawai.objects.filter(jabatan__peran=Peran.KADIS, aktif=True).select_related("jabatan").first()


class Bidang(models.Model):
    nama = models.CharField(max_length=150, unique=True)
    singkatan = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = "bidang"
        verbose_name_plural = "bidang"
        ordering = ["nama"]

    def __str__(self):
        return self.nama


class Peran(models.TextChoices):
    """What a position does in the product (its home page and worklist)."""

    FO = "fo", "Front office"
    SURVEI = "survei", "Petugas survei"
    STAF = "staf", "Staf"
    KASI = "kasi", "Kepala seksi"
    KABID = "kabid", "Kepala bidang"
    SEKRETARIS = "sekretaris", "Sekretaris"
    KADIS = "kadis", "Kepala dinas"


class JabatanManager(models.Manager):
    def get_by_natural_key(self, kode):
        return self.get(kode=kode)


class Jabatan(models.Model):
    kode = models.SlugField(max_length=60, unique=True)
    nama = models.CharField(max_length=150)
    peran = models.CharField(max_length=12, choices=Peran.choices, default=Peran.STAF)
    bidang = models.ForeignKey(Bidang, null=True, blank=True, on_delete=models.SET_NULL)
    nama_di_surat = models.CharField(
        "nama jabatan di surat",
        max_length=150,
        blank=True,
        help_text="Nama jabatan lengkap di blok tanda tangan, mis. Kepala Bidang Perlindungan dan Jaminan "
        "Sosial. Kosong: nama jabatan.",
    )
    atasan = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bawahan",
        verbose_name="atasan langsung",
    )

    objects = JabatanManager()

    class Meta:
        verbose_name = "jabatan"
        verbose_name_plural = "jabatan"
        ordering = ["nama"]

    def __str__(self):
        return self.nama

    def natural_key(self):
        return (self.kode,)

    @property
    def judul_surat(self):
        """The position's title as a signature block prints it (no abbreviations)."""
        return self.nama_di_surat or self.nama

    def clean(self):
        seen = {self.pk}
        atasan = self.atasan
        while atasan is not None:
            if atasan.pk in seen:
                raise ValidationError({"atasan": "Atasan membentuk lingkaran."})
            seen.add(atasan.pk)
            atasan = atasan.atasan


class Pegawai(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pegawai",
        verbose_name="akun",
    )
    nama = models.CharField("nama lengkap", max_length=150)
    nip = models.CharField(
        "NIP",
        max_length=18,
        blank=True,
        validators=[RegexValidator(r"^\d{18}$", "NIP terdiri atas 18 angka.")],
    )
    pangkat = models.CharField(max_length=60, blank=True)
    golongan = models.CharField(max_length=10, blank=True)
    jabatan = models.ForeignKey(Jabatan, on_delete=models.PROTECT, related_name="pegawai")
    jabatan_rangkap = models.ManyToManyField(
        Jabatan,
        blank=True,
        related_name="pegawai_rangkap",
        help_text="Jabatan lain yang dirangkap (umum di kantor kecil).",
    )
    kecamatan_tugas = models.ManyToManyField(
        "Kecamatan",
        blank=True,
        help_text="Wilayah tugas petugas survei (TKSK/peksos).",
    )
    spesimen_ttd = models.ImageField(
        "spesimen tanda tangan",
        upload_to=NamaAcak("spesimen/", "spesimen_ttd"),
        blank=True,
        help_text="Opsional: gambar tanda tangan yang dicetak di surat elektronik.",
    )
    sifat_jabatan = models.CharField(
        max_length=4,
        blank=True,
        choices=[("", "Definitif"), ("Plt.", "Plt."), ("Plh.", "Plh.")],
        help_text="Isi Plt./Plh. bila jabatan utama dipegang sebagai pelaksana tugas.",
    )
    aktif = models.BooleanField(default=True)

    class Meta:
        verbose_name = "pegawai"
        verbose_name_plural = "pegawai"
        ordering = ["nama"]

    def __str__(self):
        return self.nama

    @property
    def pangkat_golongan(self):
        if self.pangkat and self.golongan:
            return f"{self.pangkat} ({self.golongan})"
        return self.pangkat or self.golongan

    def jabatan_ids(self, on_date=None):
        """Ids of positions this person may act for on a date, with how: None or Plt./Plh.

        Inside `ingat_jabatan()` (one page view) the answer for today is read once.
        """
        memo = self.__dict__.get("_memo_jabatan")
        if memo is not None and on_date is None and "hari_ini" in memo:
            return dict(memo["hari_ini"])
        tanggal = on_date or timezone.localdate()
        held = {self.jabatan_id: self.sifat_jabatan or None}
        for jabatan_id in self.jabatan_rangkap.values_list("pk", flat=True):
            held.setdefault(jabatan_id, None)
        for delegasi in Delegasi.objects.berlaku(tanggal).filter(pegawai=self):
            held.setdefault(delegasi.jabatan_id, delegasi.get_jenis_display())
        if memo is not None and on_date is None:
            memo["hari_ini"] = dict(held)
        return held

    @contextlib.contextmanager
    def ingat_jabatan(self):
        """Read this person's positions once for the duration of a page view."""
        self.__dict__["_memo_jabatan"] = {}
        try:
            yield self
        finally:
            self.__dict__.pop("_memo_jabatan", None)

    def bertindak_sebagai(self, jabatan, on_date=None):
        """None if this person cannot act for the position; "" if it is theirs; else Plt./Plh."""
        held = self.jabatan_ids(on_date)
        if jabatan.pk not in held:
            return None
        return held[jabatan.pk] or ""


class DelegasiQuerySet(models.QuerySet):
    def berlaku(self, on_date):
        return self.filter(mulai__lte=on_date, selesai__gte=on_date)


class Delegasi(models.Model):
    """A Plt./Plh. assignment of a position to another person for a date range."""

    class Jenis(models.TextChoices):
        PLT = "plt", "Plt."
        PLH = "plh", "Plh."

    jabatan = models.ForeignKey(Jabatan, on_delete=models.CASCADE, related_name="delegasi")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="delegasi")
    jenis = models.CharField(max_length=3, choices=Jenis.choices)
    mulai = models.DateField()
    selesai = models.DateField()
    nomor_sk = models.CharField("nomor surat perintah", max_length=100, blank=True)

    objects = DelegasiQuerySet.as_manager()

    class Meta:
        verbose_name = "delegasi (Plt./Plh.)"
        verbose_name_plural = "delegasi (Plt./Plh.)"
        ordering = ["-mulai"]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.jabatan} — {self.pegawai}"

    def clean(self):
        if self.mulai and self.selesai and self.selesai < self.mulai:
            raise ValidationError({"selesai": "Tanggal selesai tidak boleh sebelum tanggal mulai."})
        if self.pegawai_id and self.jabatan_id and self.pegawai.jabatan_id == self.jabatan_id:
            raise ValidationError({"pegawai": "Pegawai ini sudah memegang jabatan tersebut."})


class HariLibur(models.Model):
    """Days off that the national holiday list does not know: cuti bersama, local days."""

    class Jenis(models.TextChoices):
        CUTI_BERSAMA = "cuti_bersama", "Cuti bersama"
        LOKAL = "lokal", "Libur daerah"
        NASIONAL = "nasional", "Libur nasional tambahan"

    tanggal = models.DateField(unique=True)
    nama = models.CharField(max_length=150)
    jenis = models.CharField(max_length=15, choices=Jenis.choices, default=Jenis.CUTI_BERSAMA)

    class Meta:
        verbose_name = "hari libur"
        verbose_name_plural = "hari libur dan cuti bersama"
        ordering = ["tanggal"]

    def __str__(self):
        return f"{self.tanggal:%d-%m-%Y} {self.nama}"


class Kecamatan(models.Model):
    nama = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name = "kecamatan"
        verbose_name_plural = "kecamatan"
        ordering = ["nama"]

    def __str__(self):
        return self.nama


class Desa(models.Model):
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.CASCADE, related_name="desa")
    nama = models.CharField(max_length=100)

    class Meta:
        verbose_name = "desa/kelurahan"
        verbose_name_plural = "desa/kelurahan"
        ordering = ["kecamatan__nama", "nama"]
        constraints = [models.UniqueConstraint(fields=["kecamatan", "nama"], name="desa_unik_per_kecamatan")]

    def __str__(self):
        return f"{self.nama}, {self.kecamatan.nama}"

    @property
    def wilayah(self):
        """ "Desa/Kel. Air Rupik, Kec. Banding Agung": the tail of an address on letters."""
        return f"Desa/Kel. {self.nama}, Kec. {self.kecamatan.nama}"
