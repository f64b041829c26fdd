"""The cases that flow through the office: `Permohonan` and its history.

The lifecycle is a django-fsm-2 state machine over the phases every SOP is built from.
Which phases a case visits, who may act in each, and how long each may take come from
the SOP version the case pinned at registration (`versi_sop`):

- verifikasi → (disposisi) → (survei) → konsep → (paraf …) → ttd → terbit → diserahkan /
  diteruskan; exits dikembalikan (documents incomplete), ditolak, dibatalkan.
- A survey that concludes tidak layak goes to the Kasi (tinjau), who confirms the
  rejection (ditolak) or overrides it (the case continues as if layak).
- A phase in parentheses is visited only if the SOP has a step of that phase (paraf: if
  the SOP has a paraf chain). Letter services always draft, sign and issue: several SOP
  tables fold "diproses dan diterbitkan" into one step; that step's time standard then
  covers konsep → terbit.

Transitions are called through `layanan.aksi`, which locks the row, checks permission and
writes the `Riwayat` row in the same transaction.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from dinsos.models import Desa, Jabatan, Kecamatan, Pegawai
from dinsos.unggahan import NamaAcak
from layanan import lacak_kode
from layanan import langkah as mesin
from layanan.validators import (
    BATAS_CATATAN,
    BATAS_CATATAN_SURVEI,
    BATAS_ISIAN,
    BATAS_KEPERLUAN,
    BatasPanjang,
    validate_kk,
    validate_nik,
)
from sop.models import Fase, JenisLangkah, VersiSop


class Status(models.TextChoices):
    VERIFIKASI = "verifikasi", "Verifikasi berkas"
    DIKEMBALIKAN = "dikembalikan", "Dikembalikan (berkas kurang)"
    DISPOSISI = "disposisi", "Disposisi"
    SURVEI = "survei", "Survei lapangan"
    TINJAU = "tinjau", "Tinjauan hasil survei tidak layak"
    KONSEP = "konsep", "Penyusunan konsep surat"
    PARAF = "paraf", "Paraf berjenjang"
    TTD = "ttd", "Menunggu tanda tangan"
    TERBIT = "terbit", "Surat terbit"
    DISERAHKAN = "diserahkan", "Diserahkan kepada pemohon"
    DITERUSKAN = "diteruskan", "Diteruskan ke instansi tujuan"
    DITOLAK = "ditolak", "Ditolak"
    DIBATALKAN = "dibatalkan", "Dibatalkan"
    BERJALAN = "berjalan", "Sedang diproses"
    MENUNGGU = "menunggu", "Menunggu pihak luar"
    SELESAI = "selesai", "Selesai"


SELESAI = {Status.DISERAHKAN, Status.DITERUSKAN, Status.DITOLAK, Status.DIBATALKAN, Status.SELESAI}
AKTIF = [s for s in Status.values if s not in SELESAI]
# The SOP step phase each status is measured against.
STATUS_KE_FASE = {
    Status.VERIFIKASI: Fase.VERIFIKASI,
    Status.DISPOSISI: Fase.DISPOSISI,
    Status.SURVEI: Fase.SURVEI,
    Status.KONSEP: Fase.KONSEP,
    Status.PARAF: Fase.PARAF,
    Status.TTD: Fase.TTD,
    Status.TERBIT: Fase.TERBIT,
}


class JenisKelamin(models.TextChoices):
    L = "L", "Laki-laki"
    P = "P", "Perempuan"


class Orang(models.Model):
    """A person as typed on one case (a snapshot: later cases get their own row)."""

    nik = models.CharField("NIK", max_length=16, validators=[validate_nik], db_index=True)
    nama = models.CharField("nama lengkap", max_length=150)
    tempat_lahir = models.CharField(max_length=80)
    tanggal_lahir = models.DateField()
    jenis_kelamin = models.CharField(max_length=1, choices=JenisKelamin.choices)
    alamat = models.CharField(max_length=250)
    rt = models.CharField("RT", max_length=3, blank=True)
    rw = models.CharField("RW", max_length=3, blank=True)
    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, verbose_name="desa/kelurahan")
    nomor_kk = models.CharField("nomor KK", max_length=16, validators=[validate_kk])
    nomor_hp = models.CharField("nomor HP", max_length=20, blank=True)
    luar_daerah = models.BooleanField(default=False, help_text="Kode wilayah NIK di luar kabupaten ini.")

    class Meta:
        verbose_name = "orang"
        verbose_name_plural = "orang"

    def __str__(self):
        return self.nama

    @property
    def ttl(self):
        from django.utils.formats import date_format

        return f"{self.tempat_lahir}, {date_format(self.tanggal_lahir, 'j F Y')}"

    def as_surat(self) -> dict:
        """The fields a letter template may use (docs/templat-surat.md)."""
        return {
            "nik": self.nik,
            "nama": self.nama,
            "tempat_lahir": self.tempat_lahir,
            "tanggal_lahir": self.tanggal_lahir,
            "ttl": self.ttl,
            "jenis_kelamin": self.get_jenis_kelamin_display(),
            "alamat": self.alamat_lengkap,
            "desa": self.desa.nama,
            "kecamatan": self.desa.kecamatan.nama,
            "nomor_kk": self.nomor_kk,
        }

    @property
    def alamat_lengkap(self):
        parts = [self.alamat]
        if self.rt or self.rw:
            parts.append(f"RT {self.rt or '-'}/RW {self.rw or '-'}")
        parts.append(self.desa.wilayah)
        return ", ".join(parts)


class Organisasi(models.Model):
    """An applicant organisation as typed on one case (UGB, PUB, LKS/LKSA, Karang Taruna).

    Its person in charge is the case's `pemohon` (an `Orang` with NIK).
    """

    nama = models.CharField("nama organisasi", max_length=200)
    nomor_badan_hukum = models.CharField(
        "nomor badan hukum",
        max_length=100,
        help_text="Nomor SK Kemenkumham (AHU-…) atau, bila belum berbadan hukum, nomor SK pendirian/pengukuhan.",
    )
    alamat = models.CharField("alamat organisasi", max_length=250)
    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, verbose_name="desa/kelurahan")
    telepon = models.CharField("telepon", max_length=30, blank=True)
    jabatan_penanggung_jawab = models.CharField(
        "jabatan penanggung jawab", max_length=80, help_text="Misalnya Ketua, Direktur, Pimpinan."
    )

    class Meta:
        verbose_name = "organisasi pemohon"
        verbose_name_plural = "organisasi pemohon"

    def __str__(self):
        return self.nama

    @property
    def alamat_lengkap(self):
        return f"{self.alamat}, {self.desa.wilayah}"

    def as_surat(self) -> dict:
        """The fields a letter template may use (docs/templat-surat.md)."""
        return {
            "nama": self.nama,
            "nomor_badan_hukum": self.nomor_badan_hukum,
            "alamat": self.alamat_lengkap,
            "desa": self.desa.nama,
            "kecamatan": self.desa.kecamatan.nama,
            "telepon": self.telepon,
        }


class PermohonanQuerySet(models.QuerySet):
    def aktif(self):
        return self.filter(status__in=AKTIF)

    def untuk_tugas(self, pegawai):
        """Cases waiting for one of the positions this person may act for today.

        A survey assigned to a named officer waits for that officer only.
        """
        jabatan_ids = list(pegawai.jabatan_ids())
        giliran = GiliranPermohonan.objects.filter(permohonan=models.OuterRef("pk"), jabatan_id__in=jabatan_ids)
        menunggu_jabatan = models.Exists(giliran) & ~models.Q(status=Status.SURVEI, petugas_survei__isnull=False)
        return self.filter(menunggu_jabatan | models.Q(status=Status.SURVEI, petugas_survei=pegawai)).exclude(
            status__in=SELESAI
        )


def _boleh(status):
    def permission(instance, user):
        return instance.bisa_bertindak(user, status) is not None

    return permission


def _boleh_langkah(instance, user):
    return instance.bisa_bertindak(user) is not None


def _jenis_kini(instance):
    langkah = instance.langkah_untuk()
    return langkah.jenis if langkah is not None else None


def _langkah_kerja(instance):
    """The current step is generic work (not a decision, a hand-over or a wait)."""
    if instance.langkah_kini_id is None or mesin.serah_terlipat(instance):
        return False
    if _jenis_kini(instance) == JenisLangkah.KEPUTUSAN:
        return not _giliran_terakhir(instance)  # earlier turns pass the file to the decider
    return _jenis_kini(instance) not in (JenisLangkah.SERAH, JenisLangkah.TUNGGU)


def _giliran_terakhir(instance):
    """No turn of the current step's giliran is left after this one."""
    langkah = instance.langkah_kini
    if langkah is None:
        return True
    return instance.giliran_ke + 1 >= len(mesin.giliran_posisi(instance.versi_sop, langkah))


def _langkah_keputusan(instance):
    """A keputusan step, at its last turn: in a keputusan with a giliran the last position decides."""
    return _jenis_kini(instance) == JenisLangkah.KEPUTUSAN and _giliran_terakhir(instance)


def _langkah_serah(instance):
    """The current step hands over or forwards (a letter case without a hand-over step: after issue)."""
    jenis = _jenis_kini(instance)
    if jenis == JenisLangkah.SERAH:
        return True
    if instance.status == Status.TERBIT and instance.langkah_kini_id is None:
        return True  # a case migrated at "surat terbit"
    return mesin.serah_terlipat(instance)


def _bukan_pegawai(instance, user):
    """Citizen-side moves run under a system account, never a staff member's."""
    return getattr(user, "pegawai", None) is None


def _jenis_boleh_dibuka_kembali(instance):
    """The case kind lets its citizen reopen a finished case (complaints)."""
    from layanan import halaman

    return halaman.boleh_buka_kembali(instance.nomor_registrasi)


def _boleh_tolak(instance):
    """Rejection is a decision of verification or disposition (a keputusan rejects by its Tidak)."""
    return instance.status in (Status.VERIFIKASI, Status.DISPOSISI)


def _adalah_surat(instance):
    """The SOP ends in a letter the office issues."""
    return bool(instance.versi_sop.jenis_surat)


def _surat_berlaku(instance):
    """The issued letter (if any) has not been revoked."""
    return instance.surat is None or not instance.surat.dicabut


def _surat_dicabut(instance):
    """The case's letter was revoked, so a corrected one may be drafted."""
    return instance.surat is not None and instance.surat.dicabut


class Kolektif(models.Model):
    """Several cases of one SOP version drafted, initialled and signed as one letter.

    The letter lists the people in its lampiran (Lumajang sends KIS PBID submissions to BPJS
    once a month for many people). Each case keeps its own status and history; while the
    members wait at konsep, paraf or ttd an action on one of them is run on all of them
    (`layanan.aksi.jalankan`), and signing issues one `Surat` that every member links to.
    A bansos SK with its list of recipients is the same shape: cases of one program at the
    same step, one SK with the list as lampiran.
    """

    versi_sop = models.ForeignKey(VersiSop, on_delete=models.PROTECT, related_name="+")
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "surat kolektif"
        verbose_name_plural = "surat kolektif"

    def __str__(self):
        return self.kode

    @property
    def kode(self):
        return f"KOL-{self.dibuat_pada:%Y}-{self.pk:05d}"


class Permohonan(ConcurrentTransitionMixin, models.Model):
    nomor_registrasi = models.CharField(max_length=20, unique=True)
    kode_lacak = models.CharField(
        max_length=12,
        unique=True,
        default=lacak_kode.buat,
        editable=False,
        help_text="Kode acak pada tanda terima untuk lacak publik (bukan nomor urut).",
    )
    versi_sop = models.ForeignKey(VersiSop, on_delete=models.PROTECT, related_name="permohonan")
    status = FSMField(default=Status.VERIFIKASI, choices=Status.choices, protected=True, db_index=True)
    langkah_kini = models.ForeignKey(
        "sop.Langkah",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="langkah sekarang",
        help_text="Langkah SOP (pada versi yang dipakai) yang sedang dijalankan; kosong bila selesai.",
    )
    giliran_ke = models.PositiveSmallIntegerField(
        default=0, help_text="Pada langkah bergiliran: urutan pelaksana yang sedang mendapat giliran."
    )
    pemohon = models.ForeignKey(
        Orang, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="Kosong pada prosedur internal."
    )
    diajukan_pegawai = models.ForeignKey(
        Pegawai,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="diajukan oleh pegawai",
        help_text="Prosedur internal: pegawai yang memulainya.",
    )
    termohon = models.ForeignKey(
        Orang,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Kosong bila sama dengan pemohon.",
    )
    hubungan = models.CharField("hubungan pemohon dengan termohon", max_length=60, blank=True)
    organisasi = models.OneToOneField(
        Organisasi,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="permohonan",
        help_text="Diisi bila pemohon organisasi; pemohon menjadi penanggung jawabnya.",
    )
    keperluan = models.TextField(
        "keperluan (maksud dan tujuan)",
        max_length=BATAS_KEPERLUAN,
        validators=[BatasPanjang(BATAS_KEPERLUAN, "Keperluan")],
    )
    isian = models.JSONField("isian tambahan", default=dict, blank=True)
    desa = models.ForeignKey(Desa, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kecamatan = models.ForeignKey(Kecamatan, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    didaftarkan_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(default=timezone.now, db_index=True)
    status_sejak = models.DateTimeField(default=timezone.now)
    batas_waktu = models.DateTimeField(null=True, blank=True, db_index=True)
    jabatan_giliran = models.ForeignKey(
        Jabatan,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Jabatan yang harus bertindak sekarang.",
    )
    paraf_ke = models.PositiveSmallIntegerField(default=0)
    jabatan_tujuan = models.ForeignKey(
        Jabatan,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="tujuan disposisi",
        help_text="Jabatan yang dipilih pemberi disposisi untuk langkah sekarang (kosong: semua pelaksananya).",
    )
    petugas_survei = models.ForeignKey(Pegawai, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    berkas_kurang = models.JSONField(default=list, blank=True)
    alasan = models.TextField(
        "alasan penolakan/pembatalan",
        blank=True,
        max_length=BATAS_CATATAN_SURVEI,
        validators=[BatasPanjang(BATAS_CATATAN_SURVEI, "Alasan")],
    )
    tujuan_teruskan = models.CharField(max_length=150, blank=True)
    tanggal_teruskan = models.DateField(null=True, blank=True)
    # A foreign key, not one-to-one: a collective letter covers several cases.
    surat = models.ForeignKey("surat.Surat", null=True, blank=True, on_delete=models.PROTECT, related_name="permohonan")
    kolektif = models.ForeignKey(
        Kolektif,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="anggota",
        verbose_name="surat kolektif",
        help_text="Permohonan lain yang dibuatkan satu surat bersama permohonan ini.",
    )
    revisi_templat = models.ForeignKey(
        "surat.RevisiTemplat",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Teks templat surat yang dipakai permohonan ini (dikunci saat pendaftaran).",
    )
    uraian_tambahan = models.TextField(
        "uraian tambahan pada surat",
        blank=True,
        validators=[BatasPanjang(BATAS_CATATAN, "Uraian tambahan")],
        help_text="Paragraf bebas dari konseptor, dicetak di isi surat bila templat memuatnya.",
    )
    sidik_naskah = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Sidik isi surat saat konsep diajukan; bila berubah, paraf diulang dari awal.",
    )
    fakta_registri = models.JSONField(
        "fakta registri pada surat",
        default=dict,
        blank=True,
        help_text="Fakta data registri (dan tanggal datanya) yang dinyatakan surat, dibaca saat konsep diajukan.",
    )
    # Indexed for the leadership dashboard: cases finished in a month (skm.dasbor).
    selesai_pada = models.DateTimeField(null=True, blank=True, db_index=True)
    kunci_form = models.CharField(
        max_length=32,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="Kunci formulir pendaftaran: kirim ganda tidak membuat permohonan kedua.",
    )

    objects = PermohonanQuerySet.as_manager()

    class Meta:
        verbose_name = "permohonan"
        verbose_name_plural = "permohonan"
        ordering = ["-dibuat_pada"]
        indexes = [
            models.Index(fields=["jabatan_giliran", "status", "batas_waktu"]),
            # "Tugas saya" walks this index in due order and stops after one page.
            models.Index(fields=["batas_waktu", "dibuat_pada"], name="permohonan_urut_batas"),
        ]

    def __str__(self):
        return self.nomor_registrasi

    def clean(self):
        for kode, nilai in (self.isian or {}).items():
            BatasPanjang(BATAS_ISIAN, f"Isian “{kode}”")(str(nilai))

    def cek_teks(self):
        """Length caps of the free text (field validators, without the database look-ups)."""
        teks = ("keperluan", "alasan", "uraian_tambahan")
        self.clean_fields(exclude=[f.name for f in self._meta.fields if f.name not in teks])
        self.clean()

    @property
    def subjek(self):
        """The person the service is for."""
        return self.termohon or self.pemohon

    @property
    def is_terlambat(self):
        return bool(self.batas_waktu and self.status not in SELESAI and timezone.now() > self.batas_waktu)

    @property
    def is_selesai(self):
        return self.status in SELESAI

    # -- who acts -------------------------------------------------------

    def langkah_untuk(self, status=None):
        """The SOP step a status is acted on (normally `langkah_kini`)."""
        return mesin.langkah_untuk_status(self, status or self.status)

    def jabatan_untuk(self, status=None) -> list:
        """Positions allowed to act on the case in a status, from the pinned SOP's data only.

        Paraf: the chain's position in turn. Signature: the version's signatory (else the step's
        positions). A step with a giliran: the position whose turn it is. Otherwise any of the
        step's positions; a step of outside parties only is recorded by the nearest office step's.
        """
        status = status or self.status
        if status in SELESAI:
            return []
        versi = self.versi_sop
        if status == Status.PARAF:
            chain = mesin.rantai(versi)
            return [chain[self.paraf_ke]] if self.paraf_ke < len(chain) else []
        if status == Status.TTD:
            penandatangan = versi.jabatan_dari(versi.penandatangan)
            if penandatangan is not None:
                return [penandatangan]
            langkah = self.langkah_untuk(status)
            if langkah is not None:
                # No signatory named: the head of the office signs its letter, found by walking
                # up the organisation chart (`Jabatan.atasan`) from the step's positions.
                return [_pimpinan(j) for j in mesin.pencatat(versi, langkah)][:1]
        langkah = self.langkah_untuk(status)
        if langkah is None:
            return []
        if status == Status.TERBIT and langkah.jenis in mesin.JENIS_SURAT and not mesin.serah_sesudah(versi, langkah):
            # The SOP has no hand-over step: whoever received the case hands the letter over.
            mulai = mesin.langkah_mulai(versi)
            return mesin.pencatat(versi, mulai) if mulai else []
        if status == Status.KONSEP and langkah.jenis != JenisLangkah.KONSEP:
            # Drafting folded into a paraf/ttd step: whoever received and verified the case drafts.
            mulai = mesin.langkah_mulai(versi)
            if mulai is not None and mulai.urutan < langkah.urutan:
                jabatan = mesin.pencatat(versi, mulai)
                if jabatan:
                    return jabatan
        if status == Status.TINJAU:
            # The SOPs name no one for this review: the first of the paraf chain (the section
            # head who would initial the letter), else whoever acts on the next office step.
            chain = mesin.rantai(versi)
            if chain:
                return chain[:1]
            nxt = mesin.berikut(versi, langkah)
            return mesin.pencatat(versi, nxt or langkah)[:1]
        # A giliran orders the step's own work (a konsep folded into a ttd step is not its work).
        sendiri = status not in mesin.SUB or langkah.jenis == status
        if sendiri and status != Status.TTD and langkah.pk == getattr(self.langkah_kini, "pk", None):
            if self.jabatan_tujuan_id:
                return [self.jabatan_tujuan]
            giliran = mesin.giliran_posisi(versi, langkah)
            if giliran:
                return [giliran[min(self.giliran_ke, len(giliran) - 1)]]
        return mesin.pencatat(versi, langkah)

    def bisa_bertindak(self, user, status=None):
        """The acting capacity ("", "Plt.", "Plh.", "a.n.") or None if the user may not act."""
        status = status or self.status
        pegawai = getattr(user, "pegawai", None)
        if pegawai is None or not pegawai.aktif:
            return None
        if status == Status.SURVEI and self.petugas_survei_id == pegawai.pk:
            return ""
        held = pegawai.jabatan_ids()
        for jabatan in self.jabatan_untuk(status):
            if jabatan is not None and jabatan.pk in held:
                return held[jabatan.pk] or ""
        if status == Status.TTD:
            # `boleh_an` is "Sekretaris boleh menandatangani atas nama": the one role rule left
            # (docs/keputusan.md, mesin langkah).
            if self.versi_sop.boleh_an and Jabatan.objects.filter(pk__in=held, peran="sekretaris").exists():
                return "a.n."
        return None

    def jabatan_pendaftar(self):
        """Positions that received the case (the first office step) and the paraf chain."""
        versi = self.versi_sop
        mulai = mesin.langkah_mulai(versi)
        jabatan = list(mesin.pencatat(versi, mulai)) if mulai else []
        for j in mesin.rantai(versi):
            if j not in jabatan:
                jabatan.append(j)
        return jabatan

    # -- walking the steps ------------------------------------------------

    def _ke_langkah(self, langkah):
        """Enter a step (None: past the last step) and return the status it gives."""
        self.giliran_ke = 0
        self.jabatan_tujuan = None
        if langkah is None:
            self.langkah_kini = None
            self.selesai_pada = timezone.now()
            if self.tujuan_teruskan:
                return Status.DITERUSKAN
            if getattr(self, "_diserahkan", False) or (self.pk and self.riwayat.filter(aksi="serahkan").exists()):
                return Status.DISERAHKAN
            return Status.SELESAI
        self.langkah_kini = langkah
        return mesin.status_langkah(self, langkah)

    def _selesai_langkah(self, giliran=True):
        """The current step is done (its next turn, if it has one), or on to the next step."""
        langkah = self.langkah_untuk()
        if langkah is None:
            return self._ke_langkah(None)
        if self.langkah_kini_id != langkah.pk:
            self.langkah_kini = langkah
        if giliran:
            urut = mesin.giliran_posisi(self.versi_sop, langkah)
            if self.giliran_ke + 1 < len(urut):
                self.giliran_ke += 1
                return self.status
        return self._ke_langkah(mesin.berikut(self.versi_sop, langkah))

    def _ke_sub(self, sub):
        """Move the letter to a sub-stage: on the same step if it folds there, else walk on."""
        self.paraf_ke = 0 if sub in ("konsep", "paraf") else self.paraf_ke
        langkah = self.langkah_untuk()
        target = mesin.langkah_sub(self.versi_sop, sub)
        if target is not None and langkah is not None and target.pk == langkah.pk:
            self.langkah_kini = langkah
            return Status(sub)
        return self._selesai_langkah(giliran=False)

    def _kembali_ke_sub(self, sub):
        """Back to a letter sub-stage's step (send-back to konsep, paraf again)."""
        target = mesin.langkah_sub(self.versi_sop, sub)
        if target is not None:
            if target.pk != self.langkah_kini_id:
                self.giliran_ke = 0
            self.langkah_kini = target
        return Status(sub)

    # -- transitions, in lifecycle order ----------------------------------

    @transition(
        field=status,
        source=Status.VERIFIKASI,
        target=RETURN_VALUE(),
        permission=_boleh(Status.VERIFIKASI),
    )
    def verifikasi_berkas(self):
        """Step "persyaratan diverifikasi petugas": documents complete."""
        self.berkas_kurang = []
        return self._selesai_langkah()

    @transition(
        field=status,
        source=Status.VERIFIKASI,
        target=Status.DIKEMBALIKAN,
        permission=_boleh(Status.VERIFIKASI),
    )
    def kembalikan(self, kurang):
        """ "Jika syarat tidak lengkap kembali ke pemohon": list what is missing."""
        if not kurang:
            raise ValidationError("Sebutkan berkas yang kurang.")
        self.berkas_kurang = list(kurang)

    @transition(
        field=status,
        source=Status.DIKEMBALIKAN,
        target=Status.VERIFIKASI,
        permission=_boleh(Status.DIKEMBALIKAN),
    )
    def lengkapi(self):
        """The applicant returns with the missing documents; the same case continues."""

    @transition(
        field=status,
        source=Status.DISPOSISI,
        target=RETURN_VALUE(),
        permission=_boleh(Status.DISPOSISI),
    )
    def disposisikan(self, tujuan=None):
        """Step "disposisi": a superior forwards with an instruction (to a chosen addressee).

        `tujuan` (a position id) must be one of the next step's positions; that step is then
        waiting for it alone.
        """
        status = self._selesai_langkah()
        if tujuan and self.langkah_kini is not None:
            pilihan = {j.pk for j in mesin.pencatat(self.versi_sop, self.langkah_kini)}
            if int(tujuan) not in pilihan:
                raise ValidationError("Tujuan disposisi bukan pelaksana langkah berikutnya.")
            self.jabatan_tujuan_id = int(tujuan)
        return status

    @transition(
        field=status,
        source=Status.SURVEI,
        target=RETURN_VALUE(),
        permission=_boleh(Status.SURVEI),
    )
    def survei_layak(self):
        """Step "survei lokasi": the visit concludes layak."""
        return self._selesai_langkah(giliran=False)

    @transition(
        field=status,
        source=Status.SURVEI,
        target=Status.TINJAU,
        permission=_boleh(Status.SURVEI),
    )
    def survei_tidak_layak(self):
        """The visit concludes tidak layak: a reviewer decides before the case is rejected."""

    @transition(field=status, source=Status.TINJAU, target=Status.DITOLAK, permission=_boleh(Status.TINJAU))
    def tetapkan_tolak(self, alasan):
        """The reviewer confirms the survey: the case is rejected with the reason."""
        self._tolak(alasan)

    @transition(
        field=status,
        source=Status.TINJAU,
        target=RETURN_VALUE(),
        permission=_boleh(Status.TINJAU),
    )
    def tetapkan_layak(self, catatan):
        """The reviewer overrides the survey with a written reason; the case continues."""
        if not catatan.strip():
            raise ValidationError("Tulis alasan permohonan tetap dilanjutkan.")
        return self._selesai_langkah(giliran=False)

    @transition(
        field=status,
        source=[Status.BERJALAN, Status.TERBIT],
        target=RETURN_VALUE(),
        permission=_boleh_langkah,
        conditions=[_langkah_kerja],
    )
    def selesaikan_langkah(self):
        """A step of generic work (kegiatan, or a letter step with no letter work left) is done."""
        return self._selesai_langkah()

    @transition(
        field=status,
        source=Status.BERJALAN,
        target=RETURN_VALUE(),
        permission=_boleh_langkah,
        conditions=[_langkah_keputusan],
    )
    def putuskan(self, ya, alasan=""):
        """Keputusan: Ya → `jika_ya` or the next step; Tidak → `jika_tidak`, else the case ends ditolak."""
        versi = self.versi_sop
        langkah = self.langkah_kini
        nomor = langkah.jika_ya if ya else langkah.jika_tidak
        if nomor:
            tujuan = mesin.menurut_urutan(versi, nomor)
            if tujuan is None:
                raise ValidationError(f"Langkah {nomor} yang dituju keputusan ini tidak ada di SOP.")
            return self._ke_langkah(tujuan)
        if ya:
            return self._selesai_langkah(giliran=False)
        self._tolak(alasan)
        self.langkah_kini = None
        return Status.DITOLAK

    @transition(
        field=status,
        source=Status.MENUNGGU,
        target=RETURN_VALUE(),
        permission=_boleh_langkah,
    )
    def catat_jawaban(self):
        """The outside party answered (BPJS, Kemensos …): the wait ends."""
        return self._selesai_langkah(giliran=False)

    @transition(
        field=status,
        source=[Status.VERIFIKASI, Status.DISPOSISI, Status.BERJALAN, Status.MENUNGGU],
        target=Status.DITOLAK,
        permission=lambda instance, user: instance.bisa_bertindak(user) is not None,
        conditions=[_boleh_tolak],
    )
    def tolak(self, alasan):
        """Not eligible at verification, disposition or a decision, with the reason."""
        self._tolak(alasan)
        self.langkah_kini = None

    def _tolak(self, alasan):
        if not alasan.strip():
            raise ValidationError("Alasan penolakan wajib diisi.")
        self.alasan = alasan
        self.selesai_pada = timezone.now()

    @transition(
        field=status,
        source=Status.KONSEP,
        target=RETURN_VALUE(),
        permission=_boleh(Status.KONSEP),
        conditions=[_adalah_surat],
    )
    def ajukan_konsep(self):
        """The drafted letter goes up for initials (or straight to signature).

        On a konsep step with a giliran, the earlier turns pass the draft on to the next.
        """
        self.paraf_ke = 0
        langkah = self.langkah_untuk()
        if langkah is not None and langkah.jenis == JenisLangkah.KONSEP and not _giliran_terakhir(self):
            self.langkah_kini = langkah
            self.giliran_ke += 1
            return Status.KONSEP
        return self._ke_sub(mesin.sub_berikut(self.versi_sop, "konsep"))

    @transition(
        field=status,
        source=Status.PARAF,
        target=RETURN_VALUE(),
        permission=_boleh(Status.PARAF),
    )
    def paraf(self):
        """Paraf hierarki: the current holder initials; the last one sends it to signature."""
        self.paraf_ke += 1
        if self.paraf_ke < len(mesin.rantai(self.versi_sop)):
            return Status.PARAF
        paraf_ke = self.paraf_ke
        status = self._ke_sub("ttd")
        self.paraf_ke = paraf_ke
        return status

    @transition(
        field=status,
        source=[Status.PARAF, Status.TTD],
        target=Status.KONSEP,
        permission=lambda instance, user: instance.bisa_bertindak(user) is not None,
    )
    def kembalikan_ke_konsep(self, catatan):
        """Anyone in the chain (or the signatory) sends the draft back with a note."""
        if not catatan.strip():
            raise ValidationError("Tulis catatan perbaikan untuk konseptor.")
        self.paraf_ke = 0
        self._kembali_ke_sub("konsep")

    @transition(
        field=status,
        source=[Status.PARAF, Status.TTD],
        target=Status.PARAF,
        permission=lambda instance, user: instance.bisa_bertindak(user) is not None,
    )
    def ulang_paraf(self):
        """The letter's text changed after it was initialled: the chain starts again."""
        self.paraf_ke = 0
        self._kembali_ke_sub("paraf")

    @transition(field=status, source=Status.TTD, target=RETURN_VALUE(), permission=_boleh(Status.TTD))
    def tandatangani(self, surat):
        """TTD and terbit: the signatory signs; the letter is numbered and archived.

        With no hand-over step after this one, the case stays on it (status terbit) until the
        counter hands the letter over or forwards it.
        """
        self.surat = surat
        langkah = self.langkah_untuk()
        if langkah is not None and (langkah.jenis == JenisLangkah.SERAH or not mesin.serah_sesudah(self.versi_sop, langkah)):
            self.langkah_kini = langkah
            return Status.TERBIT
        return self._selesai_langkah(giliran=False)

    @transition(
        field=status,
        source=[Status.TERBIT, Status.DISERAHKAN, Status.DITERUSKAN, Status.SELESAI, Status.BERJALAN, Status.MENUNGGU],
        target=Status.KONSEP,
        permission=_boleh(Status.TTD),
        conditions=[_surat_dicabut],
    )
    def buka_pembetulan(self):
        """Pembetulan: the signer revoked the letter; the draft is fixed and signed again."""
        self.paraf_ke = 0
        self.selesai_pada = None
        self._kembali_ke_sub("konsep")

    @transition(
        field=status,
        source=[Status.TERBIT, Status.BERJALAN],
        target=RETURN_VALUE(),
        permission=_boleh_langkah,
        conditions=[_surat_berlaku, _langkah_serah],
    )
    def serahkan(self):
        """Hand-over to the applicant (the letter or the aid) against a receipt."""
        self._diserahkan = True
        return self._selesai_langkah()

    @transition(
        field=status,
        source=[Status.TERBIT, Status.BERJALAN],
        target=RETURN_VALUE(),
        permission=_boleh_langkah,
        conditions=[_surat_berlaku, _langkah_serah],
    )
    def teruskan(self, tujuan, tanggal):
        """Forwarded to BPJS / Dinkes / RS / Dinsos Provinsi / another agency."""
        if not tujuan.strip():
            raise ValidationError("Instansi tujuan wajib diisi.")
        self.tujuan_teruskan = tujuan
        self.tanggal_teruskan = tanggal
        return self._selesai_langkah()

    @transition(
        field=status,
        source=AKTIF,
        target=Status.DIBATALKAN,
        permission=lambda instance, user: instance.boleh_batalkan(user),
    )
    def batalkan(self, alasan):
        """The applicant withdraws or the case was registered in error.

        From ttd on it is the signer's decision; once the letter is numbered the action layer
        revokes it in the same transaction (`layanan.aksi`).
        """
        if not alasan.strip():
            raise ValidationError("Alasan pembatalan wajib diisi.")
        self.alasan = alasan
        self.selesai_pada = timezone.now()
        self.kolektif = None
        self.langkah_kini = None

    @transition(
        field=status,
        source=[Status.SELESAI, Status.DISERAHKAN],
        target=RETURN_VALUE(),
        permission=_bukan_pegawai,
        conditions=[_jenis_boleh_dibuka_kembali],
    )
    def buka_kembali(self, langkah, jabatan=None):
        """A finished case reopened by the citizen (a complaint): back to `langkah`.

        Only for case kinds that allow it (`layanan.halaman.izinkan_buka_kembali`) and never by
        staff: the kind's public page checks the citizen (pengaduan: ticket and secret code) and
        acts through its system account. `jabatan` (optional) is the position the step then
        waits for alone: whoever handled it.
        """
        self.selesai_pada = None
        status = self._ke_langkah(langkah)
        self.jabatan_tujuan = jabatan
        return status

    def boleh_batalkan(self, user) -> bool:
        """Before signature: who received the case and the paraf chain. From ttd: the signer's level."""
        if self.status in (Status.TTD, Status.TERBIT):
            return self.bisa_bertindak(user, Status.TTD) is not None
        pegawai = getattr(user, "pegawai", None)
        if pegawai is None or not pegawai.aktif:
            return False
        if self.versi_sop.internal and self.diajukan_pegawai_id == pegawai.pk:
            return True
        held = pegawai.jabatan_ids()
        return any(j.pk in held for j in self.jabatan_pendaftar())

    def boleh_cabut_surat(self, user) -> bool:
        """Revoking the letter is the signer's decision (signatory, a.n., Plt./Plh.)."""
        return self.bisa_bertindak(user, Status.TTD) is not None


def _pimpinan(jabatan):
    """The top of the organisation chart above a position."""
    seen = set()
    while jabatan.atasan_id and jabatan.pk not in seen:
        seen.add(jabatan.pk)
        jabatan = jabatan.atasan
    return jabatan


class GiliranPermohonan(models.Model):
    """A position that may act on a case's current step (rebuilt on every move; "Tugas saya")."""

    permohonan = models.ForeignKey(Permohonan, on_delete=models.CASCADE, related_name="giliran")
    jabatan = models.ForeignKey(Jabatan, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "giliran permohonan"
        verbose_name_plural = "giliran permohonan"
        constraints = [models.UniqueConstraint(fields=["jabatan", "permohonan"], name="giliran_permohonan_unik")]


class Dokumen(models.Model):
    """A required document handed in at the counter, with its scan when uploaded."""

    permohonan = models.ForeignKey(Permohonan, on_delete=models.CASCADE, related_name="dokumen")
    nama = models.CharField(max_length=300)
    berkas = models.FileField(upload_to=NamaAcak("berkas/%Y/%m/", "berkas"), blank=True)
    jenis_konten = models.CharField(max_length=40, blank=True)
    ukuran = models.PositiveIntegerField(default=0)
    diunggah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    diunggah_pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "dokumen"
        verbose_name_plural = "dokumen"
        ordering = ["pk"]

    def __str__(self):
        return self.nama


class Survei(models.Model):
    permohonan = models.ForeignKey(Permohonan, on_delete=models.CASCADE, related_name="survei")
    petugas = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+")
    tanggal_kunjungan = models.DateField()
    layak = models.BooleanField()
    catatan = models.TextField(
        max_length=BATAS_CATATAN_SURVEI, validators=[BatasPanjang(BATAS_CATATAN_SURVEI, "Catatan survei")]
    )
    dibuat_pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "hasil survei"
        verbose_name_plural = "hasil survei"


class FotoSurvei(models.Model):
    survei = models.ForeignKey(Survei, on_delete=models.CASCADE, related_name="foto")
    berkas = models.FileField(upload_to=NamaAcak("survei/%Y/%m/", "berkas"))


LABEL_AKSI = {
    "daftarkan": "Didaftarkan",
    "mulai": "Dimulai",
    "verifikasi_berkas": "Berkas lengkap",
    "kembalikan": "Dikembalikan (berkas kurang)",
    "lengkapi": "Berkas dilengkapi",
    "disposisikan": "Disposisi",
    "tugaskan_survei": "Petugas survei ditugaskan",
    "survei_layak": "Survei: layak",
    "survei_tidak_layak": "Survei: tidak layak",
    "tetapkan_tolak": "Tinjauan: ditolak",
    "tetapkan_layak": "Tinjauan: dilanjutkan",
    "selesaikan_langkah": "Langkah selesai",
    "putuskan": "Keputusan",
    "catat_jawaban": "Jawaban pihak luar dicatat",
    "tolak": "Ditolak",
    "ajukan_konsep": "Konsep diajukan",
    "paraf": "Paraf",
    "kembalikan_ke_konsep": "Dikembalikan ke konsep",
    "ulang_paraf": "Paraf diulang",
    "tandatangani": "Ditandatangani dan terbit",
    "buka_pembetulan": "Dibuka untuk pembetulan",
    "serahkan": "Diserahkan",
    "teruskan": "Diteruskan",
    "batalkan": "Dibatalkan",
    "cabut_surat": "Surat dicabut",
    "buka_kembali": "Dibuka kembali",
}


class Riwayat(models.Model):
    """One transition of a case. Immutable: written once, never changed or deleted."""

    permohonan = models.ForeignKey(Permohonan, on_delete=models.PROTECT, related_name="riwayat")
    aksi = models.CharField(max_length=40)
    langkah = models.ForeignKey(
        "sop.Langkah",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Langkah SOP tempat tindakan ini dilakukan.",
    )
    dari_status = models.CharField(max_length=15, choices=Status.choices, blank=True)
    ke_status = models.CharField(max_length=15, choices=Status.choices)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    nama_pelaku = models.CharField(max_length=150)
    sebagai = models.CharField(
        "bertindak sebagai",
        max_length=200,
        blank=True,
        help_text="Jabatan, dengan Plt./Plh./a.n. bila bertindak untuk orang lain.",
    )
    waktu = models.DateTimeField(default=timezone.now)
    catatan = models.TextField(blank=True)
    tepat_waktu = models.BooleanField(
        null=True, help_text="Tahap sebelumnya selesai dalam batas waktu SOP (kosong bila tanpa batas)."
    )

    class Meta:
        verbose_name = "riwayat"
        verbose_name_plural = "riwayat"
        ordering = ["waktu", "pk"]

    def __str__(self):
        return f"{self.permohonan} {self.dari_status}→{self.ke_status}"

    @property
    def label_langkah(self):
        """ "Langkah 3 · Disposisi Kepala Dinas" (select_related("langkah") on lists)."""
        return mesin.label(self.langkah) if self.langkah_id else ""

    @property
    def label_aksi(self):
        return LABEL_AKSI.get(self.aksi, self.aksi.replace("_", " ").capitalize())

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Riwayat tidak dapat diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Riwayat tidak dapat dihapus.")


class NomorRegistrasi(models.Model):
    """Per-year counter for REG-2026-000123 (locked row, like letter numbers)."""

    tahun = models.PositiveIntegerField(unique=True)
    terakhir = models.PositiveIntegerField(default=0)


class HitunganLacak(models.Model):
    """Public tracking look-ups per client address per time window (the rate limit's counter).

    Kept in the database so the limit holds across processes and servers; rows older than a
    day are removed as new windows start.
    """

    alamat = models.CharField(max_length=45)
    jendela = models.DateTimeField()
    jumlah = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "hitungan lacak"
        verbose_name_plural = "hitungan lacak"
        constraints = [models.UniqueConstraint(fields=["alamat", "jendela"], name="hitungan_lacak_unik")]
