"""One append-only log of every read of personal data and every refused action.

Rows are written once and never changed or deleted: `save()` refuses updates, `delete()`
and the queryset's `update()`/`delete()` refuse, the admin is read-only, and on PostgreSQL
a trigger (migration 0001) raises on UPDATE or DELETE whatever the client.

NIKs are stored as a keyed hash (HMAC-SHA256 with SECRET_KEY, so a copy of this table is no
list of NIKs) plus a masked form for reading; the admin searches by hashing the typed NIK.
This app imports no case or registry code (only `dinsos.auth` for the client address):
callers pass case numbers and NIKs as strings.
"""

import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from dinsos.zona import label_waktu

_SALT = "audit.LogAkses.nik"


def hash_nik(nik: str, secret=None) -> str:
    return salted_hmac(_SALT, nik, secret=secret, algorithm="sha256").hexdigest()


def hash_nik_semua_kunci(nik: str) -> list[str]:
    """The NIK's hash under the current key and every SECRET_KEY_FALLBACKS key (key rotation)."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [hash_nik(nik, secret=key) for key in keys]


def samarkan_nik(nik: str) -> str:
    """ "3508123456780001" → "3508********0001"."""
    if len(nik) < 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]


class Aksi(models.TextChoices):
    LIHAT_PERMOHONAN = "lihat_permohonan", "Membuka halaman permohonan"
    TANDA_TERIMA = "tanda_terima", "Mencetak tanda terima"
    KEKURANGAN = "kekurangan_berkas", "Mencetak pemberitahuan kekurangan berkas"
    BUKTI_PENYERAHAN = "bukti_penyerahan", "Mencetak bukti penyerahan"
    PRATINJAU = "pratinjau_surat", "Membuka pratinjau konsep surat"
    SURAT = "unduh_surat", "Membuka PDF surat"
    DOKUMEN = "lihat_dokumen", "Membuka pindaian berkas"
    ISI_DARI_NIK = "isi_dari_nik", "Mengisi formulir dari NIK pemohon lama"
    CARI_NIK = "cari_nik", "Mencari permohonan dengan NIK"
    CEK_REGISTRI = "cek_registri", "Memeriksa NIK di DTKS/PBI"
    SANDING = "sanding", "Sanding data DTKS"
    UNDUH_SANDING = "unduh_sanding", "Mengunduh hasil sanding"
    LAPORAN_IMPOR = "laporan_impor", "Mengunduh laporan baris impor yang ditolak"
    TINDAKAN = "tindakan", "Tindakan pada permohonan"
    DAFTAR = "daftar", "Mendaftarkan permohonan"
    HALAMAN_PETUGAS = "halaman_petugas", "Membuka halaman petugas"


class LogAksesQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError("Log akses tidak dapat diubah.")

    def delete(self):
        raise ValidationError("Log akses tidak dapat dihapus.")

    def cari_nik(self, nik: str):
        hashes = hash_nik_semua_kunci(nik)
        return self.filter(models.Q(nik_hash__in=hashes) | models.Q(nik_hash_lain__in=hashes))


class LogAkses(models.Model):
    waktu = models.DateTimeField(default=timezone.now, db_index=True)
    # No database constraint and no cascade: the log outlives accounts and cases.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name="pengguna",
    )
    nama_pengguna = models.CharField(max_length=150, blank=True)
    alamat_ip = models.GenericIPAddressField("alamat IP", null=True, blank=True)
    aksi = models.CharField(max_length=30, choices=Aksi.choices)
    diizinkan = models.BooleanField(default=True)
    nomor_permohonan = models.CharField(max_length=40, blank=True, db_index=True)
    objek = models.CharField("objek", max_length=120, blank=True)
    nik_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    nik_hash_lain = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    nik_samar = models.CharField("NIK (disamarkan)", max_length=40, blank=True)
    keterangan = models.TextField(blank=True)

    objects = LogAksesQuerySet.as_manager()

    class Meta:
        verbose_name = "log akses"
        verbose_name_plural = "log akses"
        ordering = ["-waktu", "-pk"]
        indexes = [models.Index(fields=["user", "waktu"], name="logakses_user_waktu")]

    def __str__(self):
        return f"{label_waktu(self.waktu)} {self.nama_pengguna} {self.aksi}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError("Log akses tidak dapat diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Log akses tidak dapat dihapus.")

    @classmethod
    def baru(
        cls,
        aksi,
        *,
        user=None,
        request=None,
        pelaku="",
        diizinkan=True,
        nomor="",
        objek="",
        nik="",
        nik_lain="",
        keterangan="",
    ):
        """An unsaved row (for bulk writes); `catat` saves one.

        `request` gives the user and address; without one, `user` (or `pelaku`, a label for
        command-line runs) says who.
        """
        if request is not None:
            user = request.user
        user = user if user is not None and user.is_authenticated else None
        niks = [n for n in (nik, nik_lain) if n]
        return cls(
            user=user,
            nama_pengguna=user.get_username() if user else pelaku[:150],
            alamat_ip=alamat_klien(request) if request is not None else None,
            aksi=aksi,
            diizinkan=diizinkan,
            nomor_permohonan=str(nomor)[:40],
            objek=str(objek)[:120],
            nik_hash=hash_nik(nik) if nik else "",
            nik_hash_lain=hash_nik(nik_lain) if nik_lain and nik_lain != nik else "",
            nik_samar=", ".join(dict.fromkeys(samarkan_nik(n) for n in niks))[:40],
            keterangan=str(keterangan)[:2000],
        )


def catat(aksi, **kwargs) -> LogAkses:
    """Write one log row; see `LogAkses.baru` for the arguments."""
    row = LogAkses.baru(aksi, **kwargs)
    row.save()
    return row


def alamat_klien(request):
    """The client's address as the login throttle reads it (JUMLAH_PROXY), if it is an IP."""
    from dinsos.auth import alamat_klien as alamat

    try:
        return str(ipaddress.ip_address(alamat(request) or ""))
    except ValueError:
        return None
