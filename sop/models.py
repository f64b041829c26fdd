"""What the office promises: SOPs as versioned data.

`Sop` is the service's identity; `VersiSop` holds the content of one version (header,
steps, requirements, paraf chain, signatory, Standar Pelayanan). A published version is
frozen: every write to it or its children raises `VersiTerkunci`. Cases pin a version.

Who acts is frozen too: publishing copies each pelaksana's position into the version
(`JabatanPelaksana`), so a later edit of a `Pelaksana` (shared by all versions of an office)
or of a draft never reroutes a case running on a published version.
"""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone

from dinsos.models import Jabatan
from sop.waktu import SATUAN_CHOICES, Waktu, parse_waktu

# How long the structure of a published version stays in Django's cache (`muat_struktur`).
# The structure itself never changes; the bound only limits how long a renamed position's
# old name may show.
STRUKTUR_CACHE_DETIK = 600

# Cap of every SOP free-text field (the admin form refuses longer text); the longest text in
# the four offices' catalogs is under 2,000 characters.
BATAS_TEKS_SOP = 5000


class VersiTerkunci(ValidationError):
    """Raised on any attempt to change a published or retired SOP version."""


class Fase(models.TextChoices):
    """Lifecycle phases every SOP step belongs to (see ARCHITECTURE.md)."""

    TERIMA = "terima", "Penerimaan"
    VERIFIKASI = "verifikasi", "Verifikasi berkas"
    DISPOSISI = "disposisi", "Disposisi"
    SURVEI = "survei", "Survei / asesmen"
    KONSEP = "konsep", "Konsep surat"
    PARAF = "paraf", "Paraf"
    TTD = "ttd", "Tanda tangan"
    TERBIT = "terbit", "Penerbitan"
    SERAH = "serah", "Penyerahan"
    TERUSKAN = "teruskan", "Diteruskan"
    LAINNYA = "lainnya", "Lainnya"


class JenisLangkah(models.TextChoices):
    """What a step does: a fixed set implemented once in code (`layanan.langkah`).

    The SOP's data says which kind each step is; the code of the kind decides what the
    step page asks for and what happens when the step is done. See docs/format-sop.md.
    """

    VERIFIKASI = "verifikasi", "Penerimaan/verifikasi berkas"
    DISPOSISI = "disposisi", "Disposisi"
    SURVEI = "survei", "Survei/asesmen"
    KEGIATAN = "kegiatan", "Kegiatan"
    KEPUTUSAN = "keputusan", "Keputusan Ya/Tidak"
    KONSEP = "konsep", "Konsep surat"
    PARAF = "paraf", "Paraf"
    TTD = "ttd", "Tanda tangan dan terbit"
    SERAH = "serah", "Penyerahan/penerusan"
    TUNGGU = "tunggu", "Menunggu pihak luar"


# Kinds that work on the SOP's letter; a letter SOP needs at least one of them.
JENIS_SURAT = {JenisLangkah.KONSEP, JenisLangkah.PARAF, JenisLangkah.TTD}


class PelaksanaManager(models.Manager):
    def get_by_natural_key(self, kabupaten, kode):
        return self.get(kabupaten=kabupaten, kode=kode)


class Pelaksana(models.Model):
    """A column of an SOP table: a position of the office or an outside party."""

    class Jenis(models.TextChoices):
        JABATAN = "jabatan", "Jabatan di dinas"
        PIHAK_LUAR = "pihak_luar", "Pihak luar"

    kabupaten = models.SlugField(max_length=40)
    kode = models.SlugField(max_length=60)
    nama = models.CharField(max_length=150)
    jenis = models.CharField(max_length=10, choices=Jenis.choices)
    jabatan = models.ForeignKey(
        Jabatan,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="Jabatan di dinas yang menjalankan langkah ini (wajib untuk jenis jabatan).",
    )
    urutan = models.PositiveIntegerField(default=0)

    objects = PelaksanaManager()

    class Meta:
        verbose_name = "pelaksana"
        verbose_name_plural = "pelaksana"
        ordering = ["kabupaten", "urutan", "kode"]
        constraints = [models.UniqueConstraint(fields=["kabupaten", "kode"], name="pelaksana_unik")]

    def __str__(self):
        return self.nama

    def natural_key(self):
        return (self.kabupaten, self.kode)

    def clean(self):
        if self.jenis == self.Jenis.JABATAN and self.jabatan_id is None:
            raise ValidationError({"jabatan": "Pelaksana jenis jabatan harus dikaitkan ke jabatan."})


class Sop(models.Model):
    kabupaten = models.SlugField(max_length=40)
    kode = models.SlugField(max_length=60)
    nama = models.CharField(max_length=250)
    urutan = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "SOP"
        verbose_name_plural = "SOP"
        ordering = ["kabupaten", "urutan", "kode"]
        constraints = [models.UniqueConstraint(fields=["kabupaten", "kode"], name="sop_unik")]

    def __str__(self):
        return self.nama

    @property
    def versi_terbit(self):
        return self.versi.filter(status=VersiSop.Status.TERBIT).first()


class VersiSopQuerySet(models.QuerySet):
    def terbit(self):
        return self.filter(status=VersiSop.Status.TERBIT)


class VersiSop(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        TERBIT = "terbit", "Terbit"
        PENSIUN = "pensiun", "Tidak berlaku"

    sop = models.ForeignKey(Sop, on_delete=models.CASCADE, related_name="versi", verbose_name="SOP")
    nomor_versi = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    diterbitkan_pada = models.DateTimeField(null=True, blank=True, editable=False)

    nama = models.CharField("nama SOP", max_length=250)
    nomor = models.CharField("nomor SOP", max_length=100, blank=True)
    tanggal_pembuatan = models.DateField(null=True, blank=True)
    tanggal_revisi = models.DateField(null=True, blank=True)
    tanggal_efektif = models.DateField(null=True, blank=True)
    disahkan_oleh = models.CharField(max_length=150, blank=True)
    bidang = models.CharField(max_length=150, blank=True)
    dasar_hukum = models.TextField(max_length=BATAS_TEKS_SOP, blank=True, help_text="Satu peraturan per baris, berurutan.")
    kualifikasi_pelaksana = models.TextField(max_length=BATAS_TEKS_SOP, blank=True, help_text="Satu butir per baris.")
    keterkaitan = models.TextField(max_length=BATAS_TEKS_SOP, blank=True, help_text="Satu butir per baris.")
    peralatan = models.TextField(
        "peralatan/perlengkapan", max_length=BATAS_TEKS_SOP, blank=True, help_text="Satu butir per baris."
    )
    peringatan = models.TextField(max_length=BATAS_TEKS_SOP, blank=True)
    pencatatan = models.TextField("pencatatan dan pendataan", max_length=BATAS_TEKS_SOP, blank=True)
    kriteria_sasaran = models.TextField(max_length=BATAS_TEKS_SOP, blank=True, help_text="Satu butir per baris.")
    pihak_terkait = models.TextField(max_length=BATAS_TEKS_SOP, blank=True, help_text="Satu butir per baris.")
    produk = models.CharField("produk layanan", max_length=250, blank=True)
    jenis_surat = models.SlugField(
        max_length=60,
        blank=True,
        help_text="Kunci templat surat bila layanan ini menerbitkan surat; kosong bila tidak.",
    )
    tanpa_langkah = models.BooleanField(
        "belum ada langkah",
        default=False,
        help_text="Tabel langkah hilang dari dokumen sumber.",
    )
    catatan = models.TextField(max_length=BATAS_TEKS_SOP, blank=True)
    internal = models.BooleanField(
        "prosedur internal",
        default=False,
        help_text="Dijalankan pegawai tanpa data warga (mis. cuti, LPPD); tidak tampil di halaman publik.",
    )
    penandatangan = models.ForeignKey(
        Pelaksana,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"jenis": Pelaksana.Jenis.JABATAN},
    )
    boleh_an = models.BooleanField("boleh a.n.", default=True, help_text="Sekretaris boleh menandatangani atas nama.")

    objects = VersiSopQuerySet.as_manager()

    class Meta:
        verbose_name = "versi SOP"
        verbose_name_plural = "versi SOP"
        ordering = ["sop__kabupaten", "sop__urutan", "-nomor_versi"]
        constraints = [
            models.UniqueConstraint(fields=["sop", "nomor_versi"], name="versi_unik"),
            models.UniqueConstraint(
                fields=["sop"],
                condition=models.Q(status="terbit"),
                name="satu_versi_terbit",
            ),
        ]
        permissions = [
            ("terbitkan_versisop", "Dapat menerbitkan versi SOP"),
            ("salin_versisop", "Dapat membuat versi baru SOP"),
        ]

    def __str__(self):
        return f"{self.nama} (versi {self.nomor_versi}, {self.get_status_display().lower()})"

    # -- immutability -----------------------------------------------------

    @property
    def is_terkunci(self) -> bool:
        return self.status != self.Status.DRAFT

    def _stored_status(self):
        if self.pk is None:
            return None
        return VersiSop.objects.filter(pk=self.pk).values_list("status", flat=True).first()

    def save(self, *args, **kwargs):
        allowed = {"status", "diterbitkan_pada"}
        update_fields = kwargs.get("update_fields")
        stored = self._stored_status()
        if stored not in (None, self.Status.DRAFT) and not (update_fields and set(update_fields) <= allowed):
            raise VersiTerkunci("Versi SOP yang sudah terbit tidak dapat diubah. Buat versi baru.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_status() not in (None, self.Status.DRAFT):
            raise VersiTerkunci("Versi SOP yang sudah terbit tidak dapat dihapus.")
        return super().delete(*args, **kwargs)

    # -- reading ----------------------------------------------------------

    @staticmethod
    def _lines(text):
        return [line.strip() for line in text.splitlines() if line.strip()]

    def daftar(self, field_name):
        """A one-item-per-line field as a list."""
        return self._lines(getattr(self, field_name))

    @staticmethod
    def pelaksana_kolom(langkah):
        """Pelaksana that appear in these steps (pelaksana prefetched), in table-column order."""
        unik = {p.pk: p for item in langkah for p in item.pelaksana.all()}
        return sorted(unik.values(), key=lambda p: (p.urutan, p.kode))

    def has_fase(self, fase) -> bool:
        return any(langkah.fase == fase for langkah in self.langkah.all())

    def langkah_fase(self, fase):
        return [langkah for langkah in self.langkah.all() if langkah.fase == fase]

    @property
    def larangan_ganda_pbi(self) -> bool:
        """The SOP forbids double membership ("tidak boleh dobel dengan data PBI ...")."""
        return any(
            ("dobel" in langkah.uraian.lower() or "ganda" in langkah.uraian.lower()) and "pbi" in langkah.uraian.lower()
            for langkah in self.langkah.all()
        )

    def rantai_paraf(self):
        if "paraf" in getattr(self, "_prefetched_objects_cache", {}):
            return [p.pelaksana for p in self.paraf.all()]
        return [p.pelaksana for p in self.paraf.select_related("pelaksana__jabatan")]

    def muat_struktur(self):
        """Load steps (with pelaksana), paraf chain, requirements, extra fields and the frozen
        position mapping of a published version in one go, from Django's cache when there.

        A published version is frozen, so its structure can be shared by every process (the
        cache key names the version and its publishing moment). A draft reads the database
        as usual. Pages that show a case call this once; `layanan.langkah.daftar`,
        `rantai_paraf`, `jabatan_dari` and `.persyaratan.all()` then ask no query.
        """
        if not self.is_terkunci or self.diterbitkan_pada is None:
            return self
        key = f"struktur-versi-sop:{self.pk}:{self.diterbitkan_pada.timestamp()}"
        bundle = cache.get(key)
        if bundle is None:
            bundle = {
                "langkah": list(self.langkah.prefetch_related("pelaksana").order_by("urutan")),
                "paraf": list(self.paraf.select_related("pelaksana__jabatan")),
                "persyaratan": list(self.persyaratan.all()),
                "isian_tambahan": list(self.isian_tambahan.all()),
                "peta": {row.pelaksana_id: row.jabatan for row in self.peta_jabatan.select_related("jabatan")},
            }
            cache.set(key, bundle, STRUKTUR_CACHE_DETIK)
        prefetched = getattr(self, "_prefetched_objects_cache", None)
        if prefetched is None:
            prefetched = self._prefetched_objects_cache = {}
        for name in ("langkah", "paraf", "persyaratan", "isian_tambahan"):
            prefetched[name] = bundle[name]
        self.__dict__["_langkah_mesin"] = bundle["langkah"]
        self.__dict__["_peta_jabatan_cache"] = bundle["peta"]
        return self

    # -- who acts (frozen at publishing) -------------------------------------

    def pelaksana_dipakai(self):
        """Every pelaksana the version names: step performers, paraf chain, signatory."""
        ids = set(Langkah.pelaksana.through.objects.filter(langkah__versi=self).values_list("pelaksana_id", flat=True))
        ids.update(self.paraf.values_list("pelaksana_id", flat=True))
        if self.penandatangan_id:
            ids.add(self.penandatangan_id)
        return Pelaksana.objects.filter(pk__in=ids)

    def _peta_jabatan(self):
        """{pelaksana id: Jabatan or None} as copied when this version was published."""
        peta = self.__dict__.get("_peta_jabatan_cache")
        if peta is None:
            peta = {row.pelaksana_id: row.jabatan for row in self.peta_jabatan.select_related("jabatan")}
            self.__dict__["_peta_jabatan_cache"] = peta
        return peta

    def jabatan_dari(self, pelaksana):
        """The office position that acts for `pelaksana` in this version (None: outside party).

        A published or retired version answers from its frozen copy only; a draft reads the
        pelaksana as it is today.
        """
        if pelaksana is None:
            return None
        if self.is_terkunci:
            return self._peta_jabatan().get(pelaksana.pk)
        if pelaksana.jenis != Pelaksana.Jenis.JABATAN:
            return None
        return pelaksana.jabatan

    def _salin_peta_jabatan(self):
        """Copy the pelaksana → jabatan mapping into this (still draft) version."""
        self.peta_jabatan.all().delete()
        JabatanPelaksana.objects.bulk_create(
            [
                JabatanPelaksana(
                    versi=self,
                    pelaksana=p,
                    jabatan_id=p.jabatan_id if p.jenis == Pelaksana.Jenis.JABATAN else None,
                )
                for p in self.pelaksana_dipakai()
            ]
        )
        self.__dict__.pop("_peta_jabatan_cache", None)

    # -- validation -------------------------------------------------------

    def masalah(self) -> list[str]:
        """Problems that block publishing, as Indonesian sentences."""
        problems = []
        if not self.tanpa_langkah and not self.langkah.exists():
            problems.append("SOP belum memiliki langkah.")
        langkah_semua = list(self.langkah.prefetch_related("pelaksana"))
        nomor = {langkah.urutan for langkah in langkah_semua}
        for langkah in langkah_semua:
            kode = {p.kode for p in langkah.pelaksana.all()}
            if not kode:
                problems.append(f"Langkah {langkah.urutan} belum memiliki pelaksana.")
            asing = [k for k in langkah.giliran or [] if k not in kode]
            if asing:
                problems.append(
                    f"Langkah {langkah.urutan}: giliran menyebut “{', '.join(asing)}”, yang bukan pelaksana langkah ini."
                )
            for label, tujuan in (("Ya", langkah.jika_ya), ("Tidak", langkah.jika_tidak)):
                if tujuan is not None and tujuan not in nomor:
                    problems.append(f"Langkah {langkah.urutan}: jawaban {label} menuju langkah {tujuan}, yang tidak ada.")
        if self.jenis_surat and not any(langkah.jenis in JENIS_SURAT for langkah in langkah_semua):
            problems.append("SOP ini menerbitkan surat, tetapi tidak ada langkah konsep surat, paraf, atau tanda tangan.")
        for paraf in self.paraf.select_related("pelaksana"):
            if paraf.pelaksana.jenis != Pelaksana.Jenis.JABATAN or not paraf.pelaksana.jabatan_id:
                problems.append(f"Rantai paraf menyebut “{paraf.pelaksana.nama}”, yang bukan jabatan di kantor ini.")
        if self.penandatangan_id and not self.penandatangan.jabatan_id:
            problems.append(f"Penandatangan “{self.penandatangan.nama}” bukan jabatan di kantor ini.")
        return problems

    # -- lifecycle --------------------------------------------------------

    @transaction.atomic
    def terbitkan(self):
        """Publish this draft; the previously published version is retired."""
        if self.status != self.Status.DRAFT:
            raise VersiTerkunci("Hanya draf yang dapat diterbitkan.")
        problems = self.masalah()
        if problems:
            raise ValidationError(problems)
        for lama in VersiSop.objects.select_for_update().filter(sop=self.sop, status=self.Status.TERBIT):
            lama.status = self.Status.PENSIUN
            lama.save(update_fields=["status"])
        self._salin_peta_jabatan()
        self.status = self.Status.TERBIT
        self.diterbitkan_pada = timezone.now()
        self.save(update_fields=["status", "diterbitkan_pada"])

    @transaction.atomic
    def buat_versi_baru(self):
        """An editable copy of this version (or the SOP's existing draft, if any)."""
        draft = self.sop.versi.filter(status=self.Status.DRAFT).first()
        if draft is not None:
            return draft
        nomor_baru = (self.sop.versi.aggregate(m=models.Max("nomor_versi"))["m"] or 0) + 1
        langkah_lama = list(self.langkah.prefetch_related("pelaksana"))
        persyaratan_lama = list(self.persyaratan.all())
        paraf_lama = list(self.paraf.all())
        isian_lama = list(self.isian_tambahan.all())
        standar = getattr(self, "standar_pelayanan", None)

        baru = VersiSop.objects.get(pk=self.pk)
        baru.pk = None
        baru.nomor_versi = nomor_baru
        baru.status = self.Status.DRAFT
        baru.diterbitkan_pada = None
        baru.save()
        for langkah in langkah_lama:
            pelaksana = list(langkah.pelaksana.all())
            langkah.pk = None
            langkah.versi = baru
            langkah._prefetched_objects_cache = {}  # else set() compares with the old rows
            langkah.save()
            langkah.pelaksana.set(pelaksana)
        for item in persyaratan_lama + paraf_lama + isian_lama:
            item.pk = None
            item.versi = baru
            item.save()
        if standar is not None:
            standar.pk = None
            standar.versi = baru
            standar.save()
        return baru


class _BagianVersi(models.Model):
    """A child row of a version; frozen together with it."""

    class Meta:
        abstract = True

    def _check_terbuka(self):
        if self.versi_id and VersiSop.objects.filter(pk=self.versi_id).exclude(status=VersiSop.Status.DRAFT).exists():
            raise VersiTerkunci("Versi SOP yang sudah terbit tidak dapat diubah. Buat versi baru.")

    def save(self, *args, **kwargs):
        self._check_terbuka()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_terbuka()
        return super().delete(*args, **kwargs)


class Langkah(_BagianVersi):
    versi = models.ForeignKey(VersiSop, on_delete=models.CASCADE, related_name="langkah")
    urutan = models.PositiveIntegerField()
    alur = models.CharField("sub-alur", max_length=200, blank=True)
    uraian = models.TextField("uraian kegiatan", max_length=BATAS_TEKS_SOP)
    fase = models.CharField(max_length=12, choices=Fase.choices, default=Fase.LAINNYA)
    jenis = models.CharField(
        "jenis langkah",
        max_length=12,
        choices=JenisLangkah.choices,
        default=JenisLangkah.KEGIATAN,
        help_text="Apa yang dikerjakan langkah ini; menentukan isian dan tindakan pada halaman permohonan.",
    )
    pelaksana = models.ManyToManyField(Pelaksana, related_name="langkah")
    giliran = models.JSONField(
        "urutan giliran",
        default=list,
        blank=True,
        help_text="Kode pelaksana yang bertindak bergiliran, berurutan; kosong bila bersama (siapa saja dari "
        "pelaksana langkah).",
    )
    kelengkapan = models.TextField("kelengkapan/persyaratan", max_length=BATAS_TEKS_SOP, blank=True)
    waktu_teks = models.CharField(
        "waktu",
        max_length=60,
        blank=True,
        help_text="Misalnya “30 menit”, “2 hari kerja”, “1-3 hari”; “-” bila tidak ada.",
    )
    waktu_min = models.FloatField(null=True, blank=True, editable=False)
    waktu_max = models.FloatField(null=True, blank=True, editable=False)
    waktu_satuan = models.CharField(max_length=15, choices=SATUAN_CHOICES, blank=True, editable=False)
    output = models.TextField(max_length=BATAS_TEKS_SOP, blank=True)
    keterangan = models.TextField(max_length=BATAS_TEKS_SOP, blank=True)
    catatan_pelaksana = models.TextField(
        max_length=BATAS_TEKS_SOP, blank=True, help_text="Bagaimana pelaksana disimpulkan bila tanda di sumber hilang."
    )
    jika_ya = models.PositiveIntegerField("jika Ya, ke langkah", null=True, blank=True)
    jika_tidak = models.PositiveIntegerField("jika Tidak, ke langkah", null=True, blank=True)

    class Meta:
        verbose_name = "langkah"
        verbose_name_plural = "langkah"
        ordering = ["versi", "urutan"]

    def __str__(self):
        return f"{self.urutan}. {self.uraian[:60]}"

    @property
    def waktu(self) -> Waktu | None:
        if not self.waktu_satuan:
            return None
        return Waktu(self.waktu_teks, self.waktu_min, self.waktu_max, self.waktu_satuan)

    @property
    def waktu_label(self) -> str:
        return self.waktu.label() if self.waktu else "-"

    def clean(self):
        try:
            waktu = parse_waktu(self.waktu_teks)
        except ValueError as exc:
            raise ValidationError({"waktu_teks": str(exc)}) from exc
        self.set_waktu(waktu)

    def set_waktu(self, waktu: Waktu | None):
        if waktu is None:
            self.waktu_min = self.waktu_max = None
            self.waktu_satuan = ""
            if self.waktu_teks.strip() in {"", "-"}:
                self.waktu_teks = self.waktu_teks.strip()
        else:
            self.waktu_teks = waktu.teks
            self.waktu_min, self.waktu_max, self.waktu_satuan = waktu.min, waktu.max, waktu.satuan


class Persyaratan(_BagianVersi):
    versi = models.ForeignKey(VersiSop, on_delete=models.CASCADE, related_name="persyaratan")
    urutan = models.PositiveIntegerField(default=0)
    nama = models.CharField(max_length=300)
    kelompok = models.CharField(
        max_length=100,
        blank=True,
        help_text="Kosong bila selalu wajib; nama paket alternatif (mis. “Kartu hilang”) bila tidak.",
    )

    class Meta:
        verbose_name = "persyaratan"
        verbose_name_plural = "persyaratan"
        ordering = ["versi", "urutan"]

    def __str__(self):
        return self.nama


class ParafSop(_BagianVersi):
    versi = models.ForeignKey(VersiSop, on_delete=models.CASCADE, related_name="paraf")
    urutan = models.PositiveIntegerField(default=0)
    pelaksana = models.ForeignKey(Pelaksana, on_delete=models.PROTECT, related_name="+", verbose_name="jabatan")

    class Meta:
        verbose_name = "paraf"
        verbose_name_plural = "rantai paraf"
        ordering = ["versi", "urutan"]

    def __str__(self):
        return f"{self.urutan}. {self.pelaksana}"

    def clean(self):
        if self.pelaksana_id and (self.pelaksana.jenis != Pelaksana.Jenis.JABATAN or not self.pelaksana.jabatan_id):
            raise ValidationError({"pelaksana": f"“{self.pelaksana.nama}” bukan jabatan di kantor ini."})


class IsianTambahan(_BagianVersi):
    """An extra case field the letter needs, e.g. "RS tujuan"."""

    versi = models.ForeignKey(VersiSop, on_delete=models.CASCADE, related_name="isian_tambahan")
    urutan = models.PositiveIntegerField(default=0)
    kode = models.SlugField(max_length=40)
    label = models.CharField(max_length=100)

    class Meta:
        verbose_name = "isian tambahan"
        verbose_name_plural = "isian tambahan"
        ordering = ["versi", "urutan"]

    def __str__(self):
        return self.label


class StandarPelayanan(_BagianVersi):
    versi = models.OneToOneField(VersiSop, on_delete=models.CASCADE, related_name="standar_pelayanan")
    persyaratan = models.TextField(max_length=BATAS_TEKS_SOP, blank=True)
    prosedur = models.TextField("sistem, mekanisme dan prosedur", max_length=BATAS_TEKS_SOP, blank=True)
    jangka_waktu = models.TextField("jangka waktu pelayanan", max_length=BATAS_TEKS_SOP, blank=True)
    biaya = models.TextField("biaya/tarif", max_length=BATAS_TEKS_SOP, blank=True)
    produk = models.TextField("produk pelayanan", max_length=BATAS_TEKS_SOP, blank=True)
    pengaduan = models.TextField("penanganan pengaduan, saran dan masukan", max_length=BATAS_TEKS_SOP, blank=True)
    dasar_hukum = models.TextField(max_length=BATAS_TEKS_SOP, blank=True)
    sarana = models.TextField("sarana, prasarana dan/atau fasilitas", max_length=BATAS_TEKS_SOP, blank=True)
    kompetensi = models.TextField("kompetensi pelaksana", max_length=BATAS_TEKS_SOP, blank=True)
    pengawasan_internal = models.TextField(max_length=BATAS_TEKS_SOP, blank=True)
    jumlah_pelaksana = models.TextField(max_length=BATAS_TEKS_SOP, blank=True)
    evaluasi_kinerja = models.TextField("evaluasi kinerja pelaksana", max_length=BATAS_TEKS_SOP, blank=True)

    class Meta:
        verbose_name = "standar pelayanan"
        verbose_name_plural = "standar pelayanan"

    def __str__(self):
        return f"Standar pelayanan {self.versi.nama}"


class JabatanPelaksana(_BagianVersi):
    """One pelaksana's position as it was when the version was published (frozen with it)."""

    versi = models.ForeignKey(VersiSop, on_delete=models.CASCADE, related_name="peta_jabatan")
    pelaksana = models.ForeignKey(Pelaksana, on_delete=models.PROTECT, related_name="+")
    jabatan = models.ForeignKey(
        Jabatan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Kosong untuk pihak luar.",
    )

    class Meta:
        verbose_name = "jabatan pelaksana versi"
        verbose_name_plural = "jabatan pelaksana versi"
        constraints = [models.UniqueConstraint(fields=["versi", "pelaksana"], name="jabatan_pelaksana_unik")]

    def __str__(self):
        return f"{self.pelaksana} → {self.jabatan or 'pihak luar'}"


@receiver(m2m_changed, sender=Langkah.pelaksana.through)
def _tolak_ubah_pelaksana_terkunci(sender, instance, action, reverse, pk_set, **kwargs):
    """The pelaksana of a published step cannot be added, removed or cleared (either side)."""
    if not action.startswith("pre_"):
        return
    if not reverse:
        langkah = Langkah.objects.filter(pk=instance.pk)
    elif action == "pre_clear":
        langkah = Langkah.objects.filter(pelaksana=instance)
    else:
        langkah = Langkah.objects.filter(pk__in=pk_set or ())
    if langkah.exclude(versi__status=VersiSop.Status.DRAFT).exists():
        raise VersiTerkunci("Pelaksana langkah pada versi SOP yang sudah terbit tidak dapat diubah. Buat versi baru.")
