"""Survei Kepuasan Masyarakat (Permenpan-RB 14/2017): one row per response.

The nine elements (unsur) of the regulation are nine integer columns on the 1–4 scale so
that the IKM of any period and service is one `SUM`/`COUNT` in the database
(`skm.ikm`). A response reached through a case's link is tied to that case (one response
per case); a kiosk response names the service the respondent chose.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

# (field, element name, question, answers 1..4) — the order and the answer labels of the
# regulation's sample questionnaire (Lampiran Permenpan-RB 14/2017).
UNSUR = [
    (
        "u1",
        "Persyaratan",
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    (
        "u2",
        "Sistem, mekanisme dan prosedur",
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ),
    (
        "u3",
        "Waktu penyelesaian",
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ),
    (
        "u4",
        "Biaya/tarif",
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    ),
    (
        "u5",
        "Produk spesifikasi jenis pelayanan",
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
        "pelayanan dengan hasil yang diberikan?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    (
        "u6",
        "Kompetensi pelaksana",
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ),
    (
        "u7",
        "Perilaku pelaksana",
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
        ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"),
    ),
    (
        "u8",
        "Penanganan pengaduan, saran dan masukan",
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"),
    ),
    (
        "u9",
        "Sarana dan prasarana",
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
    ),
]
KODE_UNSUR = [kode for kode, *_ in UNSUR]
NAMA_UNSUR = {kode: nama for kode, nama, *_ in UNSUR}
BATAS_SARAN = 1000


class Saluran(models.TextChoices):
    TAUTAN = "tautan", "Tautan/QR pada tanda terima"
    KIOSK = "kiosk", "Kiosk di loket"


class JenisKelamin(models.TextChoices):
    L = "L", "Laki-laki"
    P = "P", "Perempuan"


class KelompokUmur(models.TextChoices):
    U_19 = "<20", "Di bawah 20 tahun"
    U_20 = "20-29", "20–29 tahun"
    U_30 = "30-39", "30–39 tahun"
    U_40 = "40-49", "40–49 tahun"
    U_50 = "50-59", "50–59 tahun"
    U_60 = "60+", "60 tahun ke atas"


class Pendidikan(models.TextChoices):
    SD = "sd", "SD ke bawah"
    SMP = "smp", "SMP"
    SMA = "sma", "SMA/sederajat"
    DIPLOMA = "diploma", "D1/D2/D3/D4"
    S1 = "s1", "S1"
    S2 = "s2", "S2 ke atas"


class Pekerjaan(models.TextChoices):
    PNS = "pns", "PNS"
    TNI = "tni", "TNI"
    POLRI = "polri", "POLRI"
    SWASTA = "swasta", "Pegawai swasta"
    WIRAUSAHA = "wirausaha", "Wirausaha"
    PELAJAR = "pelajar", "Pelajar/mahasiswa"
    LAINNYA = "lainnya", "Lainnya"


PROFIL = [
    ("jenis_kelamin", "Jenis kelamin", JenisKelamin),
    ("kelompok_umur", "Umur", KelompokUmur),
    ("pendidikan", "Pendidikan terakhir", Pendidikan),
    ("pekerjaan", "Pekerjaan utama", Pekerjaan),
]


def _unsur_field(nama):
    return models.PositiveSmallIntegerField(
        nama, choices=[(i, str(i)) for i in range(1, 5)], validators=[MinValueValidator(1), MaxValueValidator(4)]
    )


class TanggapanQuerySet(models.QuerySet):
    def periode(self, periode):
        return self.filter(dibuat_pada__gte=periode.awal, dibuat_pada__lt=periode.akhir)


class Tanggapan(models.Model):
    """One respondent's answers to the nine elements, with the profile the report tabulates."""

    sop = models.ForeignKey("sop.Sop", on_delete=models.PROTECT, related_name="+", verbose_name="layanan")
    permohonan = models.OneToOneField(
        "layanan.Permohonan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tanggapan_skm",
        help_text="Diisi bila responden datang lewat tautan tanda terima (satu tanggapan per permohonan).",
    )
    saluran = models.CharField(max_length=10, choices=Saluran.choices)
    perangkat = models.CharField(max_length=32, blank=True, help_text="Kode kiosk yang dipakai (bila lewat kiosk).")
    jenis_kelamin = models.CharField(max_length=1, choices=JenisKelamin.choices)
    kelompok_umur = models.CharField("umur", max_length=6, choices=KelompokUmur.choices)
    pendidikan = models.CharField(max_length=10, choices=Pendidikan.choices)
    pekerjaan = models.CharField(max_length=10, choices=Pekerjaan.choices)
    u1 = _unsur_field(NAMA_UNSUR["u1"])
    u2 = _unsur_field(NAMA_UNSUR["u2"])
    u3 = _unsur_field(NAMA_UNSUR["u3"])
    u4 = _unsur_field(NAMA_UNSUR["u4"])
    u5 = _unsur_field(NAMA_UNSUR["u5"])
    u6 = _unsur_field(NAMA_UNSUR["u6"])
    u7 = _unsur_field(NAMA_UNSUR["u7"])
    u8 = _unsur_field(NAMA_UNSUR["u8"])
    u9 = _unsur_field(NAMA_UNSUR["u9"])
    saran = models.TextField("saran dan masukan", max_length=BATAS_SARAN, blank=True)
    dibuat_pada = models.DateTimeField(default=timezone.now, db_index=True)

    objects = TanggapanQuerySet.as_manager()

    class Meta:
        verbose_name = "tanggapan SKM"
        verbose_name_plural = "tanggapan SKM"
        ordering = ["-dibuat_pada"]
        indexes = [models.Index(fields=["sop", "dibuat_pada"], name="skm_tanggapan_sop_waktu")]
        constraints = [
            models.CheckConstraint(condition=models.Q(**{f"{k}__gte": 1, f"{k}__lte": 4}), name=f"skm_{k}_1_sampai_4")
            for k in KODE_UNSUR
        ]

    def __str__(self):
        return f"SKM {self.sop_id} {self.dibuat_pada:%Y-%m-%d}"


class TanggalKerja(models.Model):
    """The working-day calendar as a table, so durations in working time sum in SQL.

    `urutan` counts the working days strictly before `tanggal` since the table's first
    date; working time up to a moment is urutan × day length + the worked part of that day
    (`skm.kalender_kerja`). Rebuilt from `dinsos.kalender.Kalender` when empty; emptied
    whenever the office's days off change.
    """

    tanggal = models.DateField(primary_key=True)
    kerja = models.BooleanField()
    urutan = models.PositiveIntegerField()

    class Meta:
        verbose_name = "tanggal kerja"
        verbose_name_plural = "tanggal kerja"
