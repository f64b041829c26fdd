"""What the office issues: templates, numbering series, the archive of issued letters.

An issued `Surat` keeps its PDF bytes in the database (`pdf`), so taking the number,
storing the PDF and its SHA-256 and creating the verification token commit or roll back
together. Stored PDFs are never rewritten: `save()` refuses to change them.
"""

import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

ROMAWI = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

# Variables a letter body must use: the required elements Lumajang's SOPs list.
VARIABEL_WAJIB = {
    "termohon.nama": "nama",
    "termohon.nik": "NIK",
    "termohon.alamat": "alamat",
    "termohon.ttl": "tempat dan tanggal lahir",
    "keperluan": "maksud dan tujuan",
}
# Variables an organisation letter must use (UGB, PUB, LKS/LKSA, Karang Taruna): the
# organisation and its person in charge, never a birth date.
VARIABEL_WAJIB_ORGANISASI = {
    "organisasi.nama": "nama organisasi",
    "organisasi.nomor_badan_hukum": "nomor badan hukum",
    "organisasi.alamat": "alamat organisasi",
    "penanggung_jawab.nama": "nama penanggung jawab",
    "penanggung_jawab.nik": "NIK penanggung jawab",
    "keperluan": "maksud dan tujuan",
}

# SOP extra fields that only repeat the applicant organisation's name: the registration form
# fills them from the organisation instead of asking twice.
ISIAN_NAMA_ORGANISASI = {"nama_lembaga", "nama_lks", "nama_organisasi", "nama_karang_taruna"}


# Sample sequence numbers and months used to compare what two series can produce:
# every width from 1 to 5 digits, so zero-padding differences ("0001" against "1") show up.
_CONTOH_URUTAN = [*range(1, 13), 99, 100, 101, 999, 1000, 1001, 1234, 9999, 10000, 12345]


def mode_penomoran() -> str:
    """`prefiks` (default): one counter per klasifikasi + unit + year; `agenda`: one per office per year."""
    mode = getattr(settings, "PENOMORAN_SURAT", "prefiks")
    return "agenda" if mode == "agenda" else "prefiks"


class SeriNomor(models.Model):
    """A numbering series, e.g. `400.9.3.3/{nomor:04}/DINSOS/{tahun}`.

    Tokens: {nomor} or {nomor:04} (sequence, optionally zero-padded), {klasifikasi},
    {unit}, {bulan} (1-12), {bulan_romawi} (I-XII), {tahun}. The sequence restarts each year.

    Series do not own their sequence: by default every series with the same klasifikasi and
    unit draws from one counter (`kunci_penomoran`), so two kinds of letter filed under the
    same code can never get the same number; with `PENOMORAN_SURAT=agenda` the whole office
    shares one agenda counter. `clean()` refuses a series that could still print a number
    another series prints (a prefix written out by hand, say).
    """

    kode = models.SlugField(max_length=40, unique=True)
    nama = models.CharField(max_length=120)
    klasifikasi = models.CharField("kode klasifikasi", max_length=40, blank=True)
    unit = models.CharField(max_length=40, default="DINSOS")
    format = models.CharField(max_length=120, default="{klasifikasi}/{nomor:04}/{unit}/{tahun}")

    class Meta:
        verbose_name = "seri penomoran"
        verbose_name_plural = "seri penomoran"

    def __str__(self):
        return self.nama

    def format_nomor(self, urutan: int, tanggal) -> str:
        return self.format.format(
            nomor=urutan,
            klasifikasi=self.klasifikasi,
            unit=self.unit,
            bulan=tanggal.month,
            bulan_romawi=ROMAWI[tanggal.month],
            tahun=tanggal.year,
        )

    def kunci_penomoran(self) -> str:
        """The counter this series draws from (see the class docstring)."""
        if mode_penomoran() == "agenda":
            return "agenda"
        return f"{self.klasifikasi}|{self.unit}"

    def contoh_nomor(self, tahun: int) -> dict[str, int]:
        """Numbers this series prints for sample sequence numbers in every month of a year."""
        import datetime

        return {
            self.format_nomor(urutan, datetime.date(tahun, bulan, 1)): urutan
            for urutan in _CONTOH_URUTAN
            for bulan in range(1, 13)
        }

    def bentrok_dengan(self, lain, tahun: int = 2026) -> str:
        """A number both series could print for different letters, or "" if none."""
        sama_penghitung = self.kunci_penomoran() == lain.kunci_penomoran()
        milik_lain = lain.contoh_nomor(tahun)
        for nomor, urutan in self.contoh_nomor(tahun).items():
            if nomor in milik_lain and not (sama_penghitung and milik_lain[nomor] == urutan):
                return nomor
        return ""

    def clean(self):
        import datetime

        if "{nomor" not in self.format:
            raise ValidationError({"format": "Format wajib memuat {nomor}."})
        if "{tahun" not in self.format:
            raise ValidationError({"format": "Format wajib memuat {tahun}: nomor urut dimulai lagi dari 1 setiap tahun."})
        try:
            self.format_nomor(1, datetime.date(2026, 1, 1))
        except (KeyError, ValueError, IndexError) as exc:
            raise ValidationError({"format": f"Format tidak dapat dipakai: {exc}"}) from exc
        for lain in SeriNomor.objects.exclude(pk=self.pk).order_by("pk"):
            try:
                nomor = self.bentrok_dengan(lain)
            except (KeyError, ValueError, IndexError):
                continue  # the other series is broken itself; its own clean() reports it
            if nomor:
                raise ValidationError(
                    {
                        "format": f"Seri ini dapat menghasilkan nomor yang sama dengan seri “{lain.nama}” "
                        f"(misalnya {nomor}) untuk surat yang berbeda. Bedakan kode klasifikasi atau unit, "
                        "dan tulis format dengan {klasifikasi} dan {unit}."
                    }
                )


class Penomoran(models.Model):
    """The last number taken from one counter in a year; locked while a number is taken.

    `kunci` is `SeriNomor.kunci_penomoran()`: "400.9.3.3|DINSOS" (per klasifikasi and unit)
    or "agenda" (office-wide). A counter starts after the highest number already issued
    under it, so switching `PENOMORAN_SURAT` mid-year never repeats a number.
    """

    kunci = models.CharField(max_length=100)
    tahun = models.PositiveIntegerField()
    terakhir = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "penomoran"
        verbose_name_plural = "penomoran"
        constraints = [models.UniqueConstraint(fields=["kunci", "tahun"], name="penomoran_kunci_unik")]

    def __str__(self):
        return f"{self.kunci} {self.tahun}: {self.terakhir}"


class BentukSurat(models.TextChoices):
    """Forms of a letter under tata naskah dinas (Permendagri 1/2023)."""

    KETERANGAN = "keterangan", "Surat keterangan/rekomendasi (judul dan nomor di tengah)"
    DINAS = "dinas", "Surat dinas kepada instansi (Nomor, Sifat, Lampiran, Hal, Yth., tembusan)"


def isi_kolom(teks: str, nilai: dict) -> str:
    """Replace `{kode}` in a header field (Hal, Yth., tembusan) by the case's values.

    Plain string substitution, no template language: an unknown key stays as typed.
    """
    return re.sub(r"\{(\w+)\}", lambda m: str(nilai.get(m.group(1), m.group(0))), teks or "")


class FaktaRegistri(models.TextChoices):
    """A registry fact a letter states; the case checks it before the letter goes up."""

    DTKS_TERDAFTAR = "dtks_terdaftar", "Terdaftar di DTKS"


# The fields of a template that make up a letter's text; a change makes a new revision.
FIELD_TEKS = [
    "judul",
    "isi",
    "tampilkan_paraf",
    "fakta_registri",
    "untuk_organisasi",
    "bentuk",
    "sifat",
    "lampiran",
    "hal",
    "tujuan",
    "tembusan",
]


class TemplatSurat(models.Model):
    """The body of one kind of letter, in Django template language.

    Every change of the text (`FIELD_TEKS`) is kept as an immutable `RevisiTemplat`; a case
    records the revision it uses (pinned at registration, with its SOP version), so an
    admin's edit never changes a letter already in progress.

    The frame (kop surat, number, date, signature block, QR code) is the same for every
    letter (templates/surat/kerangka.html); a template only writes the body. Variables are
    documented in docs/templat-surat.md.
    """

    jenis_surat = models.SlugField(max_length=60, unique=True)
    nama = models.CharField(max_length=150)
    judul = models.CharField("judul surat", max_length=150)
    seri = models.ForeignKey(SeriNomor, on_delete=models.PROTECT)
    isi = models.TextField("isi surat (HTML + templat Django)")
    tampilkan_paraf = models.BooleanField(
        "tampilkan tabel paraf", default=True, help_text="Cetak tabel paraf pejabat yang memaraf."
    )
    tentang_orang = models.BooleanField(
        "surat tentang orang",
        default=True,
        help_text="Wajib memuat data kependudukan (nama, NIK, alamat, TTL). Matikan untuk surat "
        "kepada lembaga, misalnya hasil sanding data.",
    )
    perlu_tujuan = models.BooleanField(
        "wajib memuat tujuan",
        default=False,
        help_text="Surat ini wajib menyebut tujuan (RS tujuan, lokasi tujuan).",
    )
    untuk_organisasi = models.BooleanField(
        "surat untuk organisasi",
        default=False,
        help_text="Pemohon adalah organisasi (UGB, PUB, LKS/LKSA, Karang Taruna): surat memuat nama "
        "organisasi, nomor badan hukum, alamat, dan penanggung jawab beserta NIK-nya.",
    )
    bentuk = models.CharField("bentuk surat", max_length=12, choices=BentukSurat.choices, default=BentukSurat.KETERANGAN)
    sifat = models.CharField("sifat", max_length=40, default="Biasa", help_text="Misalnya Biasa, Segera, Penting.")
    lampiran = models.CharField("lampiran", max_length=80, default="-", help_text="Misalnya 1 (satu) berkas, atau -.")
    hal = models.CharField(
        "hal",
        max_length=200,
        blank=True,
        help_text="Pokok surat dinas. Kosong: judul surat. Boleh memuat {nama} atau isian, mis. {rs_tujuan}.",
    )
    tujuan = models.TextField(
        "tujuan surat (Yth.)",
        blank=True,
        help_text="Penerima surat dinas, satu baris per baris cetak, mis. Direktur {rs_tujuan} / di / Tempat. "
        "{kode} diganti isian permohonan.",
    )
    tembusan = models.TextField(
        "tembusan", blank=True, help_text="Satu penerima tembusan per baris; dicetak bernomor di bawah surat."
    )
    fakta_registri = models.CharField(
        "menyatakan fakta registri",
        max_length=20,
        choices=FaktaRegistri.choices,
        blank=True,
        help_text="Isi surat menyatakan fakta data registri. Surat tidak dapat diajukan bila data registri "
        "menyatakan sebaliknya, kecuali petugas menuliskan alasan.",
    )
    isi_kolektif = models.TextField(
        "isi surat kolektif (HTML + templat Django)",
        blank=True,
        help_text="Isi surat yang memuat banyak permohonan sekaligus, dengan daftar orang di lampiran "
        "(mis. pengajuan KIS PBID ke BPJS sebulan sekali). Kosong: surat ini tidak dapat dibuat kolektif.",
    )

    class Meta:
        verbose_name = "templat surat"
        verbose_name_plural = "templat surat"
        ordering = ["nama"]

    def __str__(self):
        return self.nama

    def clean(self):
        from surat import templat

        masalah = templat.periksa(self.isi)
        if masalah:
            raise ValidationError({"isi": masalah})
        errors = []
        used = set(re.findall(r"{{\s*([\w.]+)", self.isi))
        if self.untuk_organisasi:
            wajib = VARIABEL_WAJIB_ORGANISASI
        elif self.tentang_orang:
            wajib = VARIABEL_WAJIB
        else:
            wajib = {"keperluan": "maksud dan tujuan"}
        for variable, label in wajib.items():
            if variable not in used:
                errors.append(f"Templat wajib memuat {label} ({{{{ {variable} }}}}).")
        if self.perlu_tujuan and not any(v.startswith("isian.") for v in used):
            errors.append("Templat wajib memuat tujuan, misalnya {{ isian.rs_tujuan }}.")
        if self.untuk_organisasi and re.search(r"{{\s*(termohon|pemohon|penanggung_jawab)\.(ttl|tanggal_lahir)", self.isi):
            errors.append("Surat untuk organisasi tidak memuat tanggal lahir orang.")
        if errors:
            raise ValidationError({"isi": errors})
        if self.bentuk == BentukSurat.DINAS and not self.tujuan.strip():
            raise ValidationError({"tujuan": "Surat dinas wajib menyebut tujuan (Yth.)."})
        self._periksa_kolom_kepala()
        self._periksa_isi_kolektif()

    def _periksa_isi_kolektif(self):
        if not self.isi_kolektif:
            return
        from surat import templat

        masalah = templat.periksa(self.isi_kolektif)
        if masalah:
            raise ValidationError({"isi_kolektif": masalah})
        if not re.search(r"{{\s*jumlah\s*}}", self.isi_kolektif):
            raise ValidationError({"isi_kolektif": "Isi surat kolektif wajib menyebut jumlah orang ({{ jumlah }})."})

    def _periksa_kolom_kepala(self):
        """Every {kode} in Hal, Yth. and tembusan must be a value a case of this kind has."""
        from sop.models import IsianTambahan

        dikenal = {"nama", "organisasi", "kabupaten"} | set(
            IsianTambahan.objects.filter(versi__jenis_surat=self.jenis_surat).values_list("kode", flat=True)
        )
        errors = {}
        for name in ("hal", "tujuan", "tembusan"):
            asing = sorted(set(re.findall(r"\{(\w+)\}", getattr(self, name))) - dikenal)
            if asing:
                errors[name] = (
                    f"Tidak dikenal: {', '.join('{' + k + '}' for k in asing)}. Pakai {{nama}}, {{organisasi}}, "
                    "{kabupaten} atau kode isian tambahan SOP layanan ini."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def boleh_kolektif(self) -> bool:
        return bool(self.isi_kolektif.strip())

    def render_isi(self, context: dict) -> str:
        """The body, rendered in the letter sandbox (surat/templat.py) from plain values."""
        from surat import templat

        return templat.render(self.isi, context)

    def render_kolektif(self, context: dict) -> str:
        """The body of a letter covering several cases; the list itself is the lampiran."""
        from surat import templat

        return templat.render(self.isi_kolektif, context)

    def save(self, *args, **kwargs):
        if getattr(self, "_revisi", None) is not None:
            raise ValidationError("Templat yang dibaca dari revisi tidak dapat disimpan.")
        super().save(*args, **kwargs)
        terakhir = self.revisi.order_by("-nomor").first()
        teks = {name: getattr(self, name) for name in FIELD_TEKS}
        if terakhir is None or any(getattr(terakhir, name) != value for name, value in teks.items()):
            RevisiTemplat.objects.create(templat=self, nomor=(terakhir.nomor + 1) if terakhir else 1, **teks)

    def revisi_terakhir(self):
        return self.revisi.order_by("-nomor").first()

    @property
    def revisi_dipakai(self):
        """The revision this instance's text comes from (see `untuk`), else the latest."""
        return getattr(self, "_revisi", None) or self.revisi_terakhir()

    @classmethod
    def untuk(cls, jenis_surat, revisi_id=None) -> "TemplatSurat":
        """The template of a letter kind, with the text of one revision if given.

        The result is the live row (series and everything else as today) whose text fields
        hold the revision's text; it refuses to be saved.
        """
        templat = cls.objects.select_related("seri").get(jenis_surat=jenis_surat)
        if revisi_id:
            revisi = templat.revisi.get(pk=revisi_id)
            for name in FIELD_TEKS:
                setattr(templat, name, getattr(revisi, name))
            templat._revisi = revisi
        return templat


class RevisiTemplat(models.Model):
    """One version of a template's text. Immutable: written once, never changed or deleted."""

    templat = models.ForeignKey(TemplatSurat, on_delete=models.CASCADE, related_name="revisi")
    nomor = models.PositiveIntegerField()
    judul = models.CharField("judul surat", max_length=150)
    isi = models.TextField()
    tampilkan_paraf = models.BooleanField(default=True)
    fakta_registri = models.CharField(max_length=20, choices=FaktaRegistri.choices, blank=True)
    untuk_organisasi = models.BooleanField(default=False)
    bentuk = models.CharField(max_length=12, choices=BentukSurat.choices, default=BentukSurat.KETERANGAN)
    sifat = models.CharField(max_length=40, blank=True)
    lampiran = models.CharField(max_length=80, blank=True)
    hal = models.CharField(max_length=200, blank=True)
    tujuan = models.TextField(blank=True)
    tembusan = models.TextField(blank=True)
    dibuat_pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "revisi templat surat"
        verbose_name_plural = "revisi templat surat"
        ordering = ["templat", "-nomor"]
        constraints = [models.UniqueConstraint(fields=["templat", "nomor"], name="revisi_templat_unik")]

    def __str__(self):
        return f"{self.templat} (revisi {self.nomor})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Revisi templat tidak dapat diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Revisi templat tidak dapat dihapus.")


def _token():
    return secrets.token_urlsafe(24)


class Surat(models.Model):
    """An issued letter: its number, archived PDF, hash and verification token."""

    seri = models.ForeignKey(SeriNomor, on_delete=models.PROTECT, related_name="surat")
    tahun = models.PositiveIntegerField()
    urutan = models.PositiveIntegerField()
    nomor = models.CharField(max_length=120, unique=True)
    jenis_surat = models.SlugField(max_length=60)
    judul = models.CharField(max_length=150)
    tanggal = models.DateField()
    nama_subjek = models.CharField(max_length=150)
    nik_subjek = models.CharField(max_length=16, blank=True)
    penandatangan_nama = models.CharField(max_length=150)
    penandatangan_nip = models.CharField(max_length=18, blank=True)
    penandatangan_jabatan = models.CharField(max_length=200)
    referensi = models.CharField("nomor registrasi", max_length=40, blank=True, db_index=True)
    jumlah_subjek = models.PositiveIntegerField(
        "jumlah orang", default=1, help_text="Lebih dari satu untuk surat kolektif (daftar di lampiran)."
    )
    menggantikan = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pengganti",
        verbose_name="menggantikan surat",
        help_text="Surat yang dicabut dan dibetulkan oleh surat ini.",
    )
    cara_ttd = models.CharField(
        "cara tanda tangan",
        max_length=12,
        choices=[("basah", "Basah"), ("elektronik", "Elektronik (TTE)")],
        default="basah",
        editable=False,
    )
    pdf = models.BinaryField("salinan pemohon", editable=False)
    sha256 = models.CharField(max_length=64, editable=False, db_index=True)
    pdf_arsip = models.BinaryField("salinan arsip (dengan paraf)", editable=False, default=b"")
    sha256_arsip = models.CharField("SHA-256 salinan arsip", max_length=64, blank=True, editable=False, db_index=True)
    token = models.CharField(max_length=40, unique=True, default=_token, editable=False)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    dicabut = models.BooleanField(default=False)
    alasan_pencabutan = models.TextField(blank=True)
    dicabut_pada = models.DateTimeField(null=True, blank=True)
    dicabut_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "surat keluar"
        verbose_name_plural = "surat keluar"
        ordering = ["-tahun", "seri", "-urutan"]
        constraints = [models.UniqueConstraint(fields=["seri", "tahun", "urutan"], name="urutan_unik")]

    def __str__(self):
        return self.nomor

    def save(self, *args, **kwargs):
        if self.pk is not None:
            update_fields = kwargs.get("update_fields")
            allowed = {"dicabut", "alasan_pencabutan", "dicabut_pada", "dicabut_oleh"}
            if not update_fields or not set(update_fields) <= allowed:
                raise ValidationError("Surat yang sudah terbit tidak dapat diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Surat yang sudah terbit tidak dapat dihapus; cabut bila perlu.")

    def cocok(self, sha256: str) -> bool:
        """An uploaded PDF's hash matches the applicant's copy or the archive copy."""
        return bool(sha256) and sha256 in {self.sha256, self.sha256_arsip}

    @property
    def is_kolektif(self) -> bool:
        return self.jumlah_subjek > 1


class JenisSertifikat(models.TextChoices):
    P12 = "p12", "Berkas sertifikat PKCS#12 (.p12/.pfx) di server ini"
    BSRE = "bsre", "Layanan tanda tangan jarak jauh (BSrE)"


class SertifikatTTE(models.Model):
    """How one official signs electronically (docs/tte.md); none: the official signs wet.

    A PKCS#12 file is kept as uploaded (its private key stays encrypted under the official's
    passphrase, which is typed at each signing and never stored). For the remote service the
    official's NIK there is kept; the passphrase goes to the service at each signing.
    """

    pegawai = models.OneToOneField("dinsos.Pegawai", on_delete=models.CASCADE, related_name="sertifikat_tte")
    jenis = models.CharField(max_length=8, choices=JenisSertifikat.choices, default=JenisSertifikat.P12)
    berkas_p12 = models.BinaryField("berkas PKCS#12", editable=False, default=b"")
    nik = models.CharField(
        "NIK terdaftar di layanan TTE",
        max_length=16,
        blank=True,
        validators=[RegexValidator(r"^\d{16}$", "NIK terdiri atas 16 angka.")],
    )
    subjek = models.CharField("pemilik sertifikat", max_length=250, blank=True, editable=False)
    penerbit = models.CharField("penerbit sertifikat", max_length=250, blank=True, editable=False)
    berlaku_sampai = models.DateTimeField(null=True, blank=True, editable=False)
    aktif = models.BooleanField(default=True)
    diperbarui_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "sertifikat elektronik pejabat"
        verbose_name_plural = "sertifikat elektronik pejabat"

    def __str__(self):
        return f"{self.pegawai} ({self.get_jenis_display()})"

    def clean(self):
        if self.jenis == JenisSertifikat.BSRE and not self.nik:
            raise ValidationError({"nik": "Isi NIK pejabat yang terdaftar di layanan TTE."})


class AkarTepercaya(models.Model):
    """A root certificate the verification page trusts (beside TTE_AKAR_TEPERCAYA files)."""

    nama = models.CharField(max_length=150)
    sertifikat_pem = models.TextField("sertifikat (PEM)")
    ditambahkan_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "otoritas sertifikat tepercaya"
        verbose_name_plural = "otoritas sertifikat tepercaya"
        ordering = ["nama"]

    def __str__(self):
        return self.nama

    def clean(self):
        from surat import tte

        try:
            tte.baca_pem(self.sertifikat_pem)
        except ValueError:
            raise ValidationError({"sertifikat_pem": "Bukan sertifikat X.509 berformat PEM."}) from None


class LampiranSurat(models.Model):
    """A long list attached to a letter (e.g. the recipients of a bansos SK), rendered by a job.

    The rows come from a registered source (`surat.tugas_lampiran.daftar_sumber`), named by
    `sumber` and `kunci` (e.g. "bansos-sk" and the program's id), so the job can be run again
    from scratch after an interruption. The PDF is stored through the storage API and
    served only by a permission-checked view (`surat:lampiran_unduh`).
    """

    class Status(models.TextChoices):
        ANTRE = "antre", "Menunggu"
        BERJALAN = "berjalan", "Sedang dibuat"
        SELESAI = "selesai", "Selesai"
        GAGAL = "gagal", "Gagal"

    sumber = models.SlugField(max_length=40)
    kunci = models.CharField(max_length=100)
    surat = models.ForeignKey(Surat, null=True, blank=True, on_delete=models.PROTECT, related_name="lampiran_panjang")
    judul = models.CharField(max_length=200, blank=True)
    nomor = models.CharField("nomor surat", max_length=120, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ANTRE, db_index=True)
    diproses = models.PositiveIntegerField("baris selesai", default=0)
    jumlah_baris = models.PositiveIntegerField(default=0)
    jumlah_halaman = models.PositiveIntegerField(default=0)
    pesan = models.TextField(blank=True)
    berkas = models.FileField(upload_to="lampiran/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    diminta_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat_pada = models.DateTimeField(default=timezone.now)
    mulai_pada = models.DateTimeField(null=True, blank=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "lampiran surat"
        verbose_name_plural = "lampiran surat"
        indexes = [models.Index(fields=["sumber", "kunci"], name="lampiran_sumber_kunci")]

    def __str__(self):
        return f"Lampiran {self.nomor or self.kunci}"

    @property
    def persen(self) -> int:
        if self.status == self.Status.SELESAI:
            return 100
        return int(100 * self.diproses / self.jumlah_baris) if self.jumlah_baris else 0

    @property
    def berakhir(self) -> bool:
        return self.status in {self.Status.SELESAI, self.Status.GAGAL}

    @property
    def ringkas_kemajuan(self) -> str:
        """ "8.000 dari 20.000 baris" (thousands with a dot, as the office writes them)."""
        from surat.lampiran import angka

        return f"{angka(self.diproses)} dari {angka(self.jumlah_baris)} baris"

    @property
    def ringkas_hasil(self) -> str:
        """ "581 halaman, 20.000 baris"."""
        from surat.lampiran import angka

        return f"{angka(self.jumlah_halaman)} halaman, {angka(self.jumlah_baris)} baris"
