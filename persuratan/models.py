"""Correspondence that is not a citizen's case: incoming letters and their disposition tree,
and outgoing official letters (naskah dinas) issued through the `surat` app.

- `SuratMasuk`: the agenda of incoming letters, one gapless agenda number per year
  (`PenomoranAgenda`, locked while a number is taken).
- `Disposisi` / `PenerimaDisposisi`: the disposition tree. A disposition is written by one
  position to one or more positions; a recipient may dispose further down the hierarchy
  (`asal` points at the receipt it continues) and reports its follow-up on its receipt.
- `NaskahDinas`: an outgoing letter drafted by staff, initialled up the drafter's chain,
  signed by the head of office and issued as a `surat.Surat` (same numbering, archive, QR).

Who may see a letter is decided in one place, `SuratMasukQuerySet.terlihat` (persuratan/akses.py
calls it); a rahasia letter only to the positions on its chain.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from dinsos.models import Jabatan, Peran
from dinsos.unggahan import NamaAcak
from layanan.validators import BATAS_CATATAN, BatasPanjang, UnggahanValidator

# Positions that dispose a letter first (the Kadis, or the Sekretaris for them): they are on
# every letter's chain.
PERAN_PIMPINAN = {Peran.KADIS, Peran.SEKRETARIS}
# Roles that keep the agenda (register letters, see every letter that is not rahasia): the
# Sekretariat and the front office that receives mail, as for the outgoing agenda.
PERAN_AGENDA = {Peran.FO, Peran.SEKRETARIS, Peran.KADIS}


class KodeKlasifikasi(models.Model):
    """A classification code of the archive (kode klasifikasi arsip), e.g. 400.9.3.3."""

    kode = models.CharField("kode", max_length=30, unique=True)
    nama = models.CharField("uraian", max_length=200)
    aktif = models.BooleanField(default=True)

    class Meta:
        verbose_name = "kode klasifikasi arsip"
        verbose_name_plural = "kode klasifikasi arsip"
        ordering = ["kode"]

    def __str__(self):
        return f"{self.kode} — {self.nama}"


class Instruksi(models.Model):
    """A standard instruction of the disposition tick list ("tindak lanjuti", ...)."""

    teks = models.CharField("instruksi", max_length=100, unique=True)
    urutan = models.PositiveSmallIntegerField(default=0)
    aktif = models.BooleanField(default=True)

    class Meta:
        verbose_name = "instruksi disposisi"
        verbose_name_plural = "instruksi disposisi"
        ordering = ["urutan", "teks"]

    def __str__(self):
        return self.teks


class Sifat(models.TextChoices):
    BIASA = "biasa", "Biasa"
    SEGERA = "segera", "Segera"
    SANGAT_SEGERA = "sangat_segera", "Sangat segera"
    RAHASIA = "rahasia", "Rahasia"


class PenomoranAgenda(models.Model):
    """The last agenda number of incoming letters in a year; locked while one is taken."""

    tahun = models.PositiveIntegerField(unique=True)
    terakhir = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "penomoran agenda surat masuk"
        verbose_name_plural = "penomoran agenda surat masuk"

    def __str__(self):
        return f"{self.tahun}: {self.terakhir}"


class SuratMasukQuerySet(models.QuerySet):
    def terlihat(self, jabatan_ids, agenda: bool, pimpinan: bool):
        """Letters a person holding `jabatan_ids` may see.

        `pimpinan` (a Kadis or Sekretaris position) is on every chain. Everyone else sees a
        letter whose chain holds one of their positions (registrar, disposer or recipient);
        `agenda` keepers also see every letter that is not rahasia.
        """
        jabatan_ids = list(jabatan_ids)
        if pimpinan:
            return self
        pada_rantai = (
            Q(dicatat_jabatan_id__in=jabatan_ids)
            | Exists(PenerimaDisposisi.objects.filter(disposisi__surat_masuk=OuterRef("pk"), jabatan_id__in=jabatan_ids))
            | Exists(Disposisi.objects.filter(surat_masuk=OuterRef("pk"), dari_jabatan_id__in=jabatan_ids))
        )
        if agenda:
            return self.filter(~Q(sifat=Sifat.RAHASIA) | pada_rantai)
        return self.filter(pada_rantai)


class SuratMasuk(models.Model):
    """An incoming letter in the agenda."""

    tahun = models.PositiveIntegerField()
    nomor_agenda = models.PositiveIntegerField("nomor agenda")
    tanggal_diterima = models.DateField("tanggal diterima", default=timezone.localdate)
    pengirim = models.CharField(max_length=200, validators=[BatasPanjang(200, "Pengirim")])
    nomor_surat = models.CharField("nomor surat", max_length=120)
    tanggal_surat = models.DateField("tanggal surat")
    perihal = models.CharField("hal", max_length=300)
    sifat = models.CharField(max_length=14, choices=Sifat.choices, default=Sifat.BIASA)
    klasifikasi = models.ForeignKey(KodeKlasifikasi, on_delete=models.PROTECT, verbose_name="kode klasifikasi")
    berkas = models.FileField(
        "pindaian surat", upload_to=NamaAcak("surat-masuk/%Y/", "berkas"), validators=[UnggahanValidator()]
    )
    jenis_konten = models.CharField(max_length=40, blank=True, editable=False)
    permohonan = models.ForeignKey(
        "layanan.Permohonan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surat_masuk",
        verbose_name="permohonan terkait",
    )
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    dicatat_jabatan = models.ForeignKey(Jabatan, null=True, on_delete=models.SET_NULL, related_name="+")
    dibuat_pada = models.DateTimeField(default=timezone.now)

    objects = SuratMasukQuerySet.as_manager()

    class Meta:
        verbose_name = "surat masuk"
        verbose_name_plural = "surat masuk"
        ordering = ["-tahun", "-nomor_agenda"]
        constraints = [models.UniqueConstraint(fields=["tahun", "nomor_agenda"], name="agenda_masuk_unik")]
        indexes = [models.Index(fields=["sifat", "-tahun", "-nomor_agenda"], name="surat_masuk_sifat")]

    def __str__(self):
        return f"{self.label_agenda} {self.perihal}"

    @property
    def label_agenda(self) -> str:
        return f"{self.nomor_agenda}/{self.tahun}"

    @property
    def is_rahasia(self) -> bool:
        return self.sifat == Sifat.RAHASIA


class Disposisi(models.Model):
    """One disposition: from a position to one or more positions (`penerima`)."""

    surat_masuk = models.ForeignKey(SuratMasuk, on_delete=models.CASCADE, related_name="disposisi")
    asal = models.ForeignKey(
        "PenerimaDisposisi",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="lanjutan",
        help_text="Disposisi yang diteruskan (kosong: disposisi pertama pimpinan).",
    )
    dari_jabatan = models.ForeignKey(Jabatan, on_delete=models.PROTECT, related_name="+")
    oleh = models.ForeignKey("dinsos.Pegawai", on_delete=models.PROTECT, related_name="+")
    cara = models.CharField(max_length=4, blank=True, help_text="Plt./Plh. bila bertindak sebagai pelaksana tugas.")
    instruksi = models.ManyToManyField(Instruksi, blank=True)
    catatan = models.TextField(blank=True, validators=[BatasPanjang(BATAS_CATATAN, "Catatan")])
    batas_waktu = models.DateField("batas waktu", null=True, blank=True)
    dibuat_pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "disposisi"
        verbose_name_plural = "disposisi"
        ordering = ["dibuat_pada", "pk"]

    def __str__(self):
        return f"Disposisi {self.dari_jabatan} ({self.surat_masuk.label_agenda})"


class PenerimaDisposisi(models.Model):
    """A position a disposition goes to, and the follow-up it reports."""

    disposisi = models.ForeignKey(Disposisi, on_delete=models.CASCADE, related_name="penerima")
    jabatan = models.ForeignKey(Jabatan, on_delete=models.PROTECT, related_name="+")
    tindak_lanjut = models.TextField(
        "laporan tindak lanjut", blank=True, validators=[BatasPanjang(BATAS_CATATAN, "Laporan tindak lanjut")]
    )
    dilaporkan_oleh = models.ForeignKey("dinsos.Pegawai", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    dilaporkan_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "penerima disposisi"
        verbose_name_plural = "penerima disposisi"
        ordering = ["disposisi", "pk"]
        constraints = [models.UniqueConstraint(fields=["disposisi", "jabatan"], name="penerima_disposisi_unik")]

    def __str__(self):
        return f"{self.jabatan} ← {self.disposisi.dari_jabatan}"


class JenisNaskah(models.TextChoices):
    SURAT_DINAS = "surat_dinas", "Surat Dinas"
    UNDANGAN = "undangan", "Undangan"
    NOTA_DINAS = "nota_dinas", "Nota Dinas"
    SURAT_EDARAN = "surat_edaran", "Surat Edaran"
    SURAT_TUGAS = "surat_tugas", "Surat Tugas"


class StatusNaskah(models.TextChoices):
    KONSEP = "konsep", "Konsep"
    PARAF = "paraf", "Menunggu paraf"
    TTD = "ttd", "Menunggu tanda tangan"
    TERBIT = "terbit", "Terbit"


class NaskahDinas(models.Model):
    """An outgoing official letter not bound to a citizen's case.

    Lifecycle: konsep (the drafter edits) → paraf (each position of `rantai` in turn) → ttd
    (the head of office, or the Sekretaris a.n.) → terbit (a `surat.Surat` exists). Returning
    it from paraf or ttd puts it back to konsep with a note.
    """

    jenis = models.CharField(max_length=14, choices=JenisNaskah.choices, default=JenisNaskah.SURAT_DINAS)
    klasifikasi = models.ForeignKey(KodeKlasifikasi, on_delete=models.PROTECT, verbose_name="kode klasifikasi")
    sifat = models.CharField(max_length=14, choices=Sifat.choices, default=Sifat.BIASA)
    lampiran = models.CharField(max_length=80, default="-")
    hal = models.CharField(max_length=300)
    tujuan = models.TextField("tujuan (Yth.)", help_text="Satu baris per baris cetak, mis. Kepala ... / di / Tempat.")
    tembusan = models.TextField(blank=True, help_text="Satu penerima per baris.")
    isi = models.TextField("isi surat", validators=[BatasPanjang(10_000, "Isi surat")])
    atas_nama = models.BooleanField(
        "ditandatangani Sekretaris a.n. Kepala Dinas", default=False, help_text="Kosong: Kepala Dinas menandatangani."
    )
    membalas = models.ForeignKey(
        SuratMasuk,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="balasan",
        verbose_name="membalas surat masuk",
    )
    pengaduan = models.ForeignKey(
        "pengaduan.Pengaduan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surat_balasan",
        verbose_name="menjawab pengaduan",
        help_text="Surat jawaban atas pengaduan: saat terbit, pelapor melihat nomornya dan dapat mengunduhnya.",
    )
    pembuat = models.ForeignKey("dinsos.Pegawai", on_delete=models.PROTECT, related_name="+")
    jabatan_pembuat = models.ForeignKey(Jabatan, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=StatusNaskah.choices, default=StatusNaskah.KONSEP)
    rantai = models.JSONField(default=list, help_text="Jabatan pemaraf berurutan (id), dibekukan saat diajukan.")
    paraf_ke = models.PositiveSmallIntegerField(default=0)
    catatan_kembali = models.TextField(blank=True)
    diajukan_pada = models.DateTimeField(null=True, blank=True)
    surat = models.OneToOneField("surat.Surat", null=True, blank=True, on_delete=models.PROTECT, related_name="naskah_dinas")
    dibuat_pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "naskah dinas keluar"
        verbose_name_plural = "naskah dinas keluar"
        ordering = ["-dibuat_pada", "-pk"]

    def __str__(self):
        return f"{self.get_jenis_display()}: {self.hal}"


class ParafNaskah(models.Model):
    """One initial on a naskah dinas (immutable record of who initialled when)."""

    naskah = models.ForeignKey(NaskahDinas, on_delete=models.CASCADE, related_name="paraf")
    jabatan = models.ForeignKey(Jabatan, on_delete=models.PROTECT, related_name="+")
    pegawai = models.ForeignKey("dinsos.Pegawai", on_delete=models.PROTECT, related_name="+")
    cara = models.CharField(max_length=4, blank=True)
    waktu = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "paraf naskah"
        verbose_name_plural = "paraf naskah"
        ordering = ["waktu", "pk"]


class LampiranNaskah(models.Model):
    """A PDF attached to a naskah dinas: printed as extra pages after the letter when it is issued.

    Attached and removed only while the naskah is a konsep (the drafter); served only through
    `persuratan:naskah_lampiran`, which applies the naskah's own access rule (rahasia respected).
    """

    naskah = models.ForeignKey(NaskahDinas, on_delete=models.CASCADE, related_name="berkas_lampiran")
    berkas = models.FileField(
        "berkas lampiran (PDF)", upload_to=NamaAcak("naskah-lampiran/%Y/", "berkas"), validators=[UnggahanValidator()]
    )
    nama = models.CharField("nama berkas", max_length=200)
    halaman = models.PositiveSmallIntegerField("jumlah halaman", default=0)
    dibuat_pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "lampiran naskah"
        verbose_name_plural = "lampiran naskah"
        ordering = ["pk"]

    def __str__(self):
        return self.nama
