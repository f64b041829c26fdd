"""The write path of cases, in small named actions.

Every action runs in one transaction: lock the case row, check the state the user saw is
still the state in the database (two people acting at once: exactly one wins), check
permission, run the django-fsm transition, recompute who acts next and by when, save, and
write the immutable `Riwayat` row. Failures raise `AksiGagal` with an Indonesian message
and leave nothing half-done.
"""

import datetime
import hashlib
import json
import logging

from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.db.models import Count
from django.utils import timezone
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed, has_transition_perm

from dinsos import unggahan
from dinsos.kalender import Kalender
from dinsos.models import Instansi, Pegawai
from layanan import langkah as mesin
from layanan.models import (
    SELESAI,
    Dokumen,
    FotoSurvei,
    GiliranPermohonan,
    Kolektif,
    NomorRegistrasi,
    Orang,
    Organisasi,
    Permohonan,
    Riwayat,
    Status,
    Survei,
)
from layanan.validators import BATAS_CATATAN, BATAS_CATATAN_SURVEI, BatasPanjang
from sop.models import JenisLangkah
from surat import penerbitan, tte
from surat.models import FaktaRegistri, Surat, TemplatSurat

logger = logging.getLogger(__name__)


class AksiGagal(Exception):
    """An action could not be done; `str()` is the message for the user."""


class NaskahBerubah(Exception):
    """The letter's text differs from the text that was initialled (see `_periksa_naskah`)."""


FASE_KOLEKTIF = [Status.KONSEP, Status.PARAF, Status.TTD]


def token_status(permohonan) -> str:
    """What the user saw when they opened the page; compared again under lock."""
    return f"{permohonan.status}:{permohonan.paraf_ke}:{permohonan.langkah_kini_id or 0}:{permohonan.giliran_ke}"


# -- registration ---------------------------------------------------------------


def _nomor_registrasi(tahun):
    counter, _ = NomorRegistrasi.objects.get_or_create(tahun=tahun)
    counter = NomorRegistrasi.objects.select_for_update().get(pk=counter.pk)
    counter.terakhir += 1
    counter.save(update_fields=["terakhir"])
    return f"REG-{tahun}-{counter.terakhir:06d}"


def _orang(data, kode_wilayah):
    orang = Orang(**data)
    orang.luar_daerah = bool(kode_wilayah) and not orang.nik.startswith(kode_wilayah)
    orang.full_clean()
    orang.save()
    return orang


@unggahan.hapus_bila_batal()
@transaction.atomic
def daftarkan(
    user,
    versi,
    pemohon: dict,
    termohon: dict | None,
    hubungan,
    keperluan,
    isian,
    dokumen: list,
    kode_wilayah: str,
    kunci_form=None,
    organisasi: dict | None = None,
) -> Permohonan:
    """Front-office registration: the case starts in verifikasi berkas.

    `dokumen` is a list of (nama, uploaded file or None) for the documents handed in. For an
    organisation applicant, `organisasi` holds its data and `pemohon` is its person in charge.
    """
    pemohon_obj = _orang(pemohon, kode_wilayah)
    termohon_obj = _orang(termohon, kode_wilayah) if termohon and not organisasi else None
    organisasi_obj = None
    if organisasi:
        organisasi_obj = Organisasi(**organisasi)
        organisasi_obj.full_clean()
        organisasi_obj.save()
    subjek = organisasi_obj or termohon_obj or pemohon_obj
    sekarang = timezone.now()
    mulai = _langkah_mulai(versi)
    permohonan = Permohonan(
        status=mesin.status_langkah(_Baru(versi), mulai),
        langkah_kini=mulai,
        nomor_registrasi=_nomor_registrasi(timezone.localdate().year),
        versi_sop=versi,
        pemohon=pemohon_obj,
        termohon=termohon_obj,
        hubungan=hubungan if termohon_obj else "",
        organisasi=organisasi_obj,
        keperluan=keperluan,
        isian=isian,
        desa=subjek.desa,
        kecamatan=subjek.desa.kecamatan,
        didaftarkan_oleh=user,
        dibuat_pada=sekarang,
        status_sejak=sekarang,
        kunci_form=kunci_form,
        revisi_templat=_revisi_terakhir(versi.jenis_surat),
    )
    _simpan_baru(permohonan, sekarang)
    for nama, berkas in dokumen:
        simpan_dokumen(permohonan, nama, berkas, user)
    _catat(
        permohonan,
        user,
        "daftarkan",
        "",
        permohonan.status,
        _sebagai_pendaftar(permohonan, user),
        _catatan_mulai(versi, mulai, "Permohonan didaftarkan."),
        langkah=False,  # registration is not a step move (the reception steps are noted)
    )
    return permohonan


class _Baru:
    """What `mesin.status_langkah` reads of a case not yet created."""

    surat_id = None
    surat = None

    def __init__(self, versi):
        self.versi_sop = versi


def _langkah_mulai(versi):
    mulai = mesin.langkah_mulai(versi)
    if mulai is None:
        raise AksiGagal("SOP ini belum memiliki langkah; permohonan tidak dapat dimulai.")
    return mulai


def _catatan_mulai(versi, mulai, teks):
    selesai = [lk for lk in mesin.daftar(versi) if lk.urutan < mulai.urutan]
    if selesai:
        nomor = ", ".join(str(lk.urutan) for lk in selesai)
        teks = f"{teks} Langkah {nomor} tercatat selesai saat pendaftaran."
    return teks


def _sebagai_pendaftar(permohonan, user):
    pegawai = getattr(user, "pegawai", None)
    return pegawai.jabatan.nama if pegawai else ""


def boleh_mulai(versi, user) -> bool:
    """Whoever holds a pelaksana of the SOP's first office step may start a case on it."""
    pegawai = getattr(user, "pegawai", None)
    if pegawai is None or not pegawai.aktif or versi.tanpa_langkah or not mesin.daftar(versi):
        return False
    mulai = mesin.langkah_mulai(versi)
    held = pegawai.jabatan_ids()
    return any(j.pk in held for j in mesin.pencatat(versi, mulai))


@unggahan.hapus_bila_batal()
@transaction.atomic
def mulai_internal(user, versi, keperluan, lampiran=None, kunci_form=None) -> Permohonan:
    """An employee starts an internal procedure (cuti, LPPD …): no citizen data."""
    if not boleh_mulai(versi, user):
        raise AksiGagal("Anda tidak termasuk pelaksana langkah pertama SOP ini.")
    sekarang = timezone.now()
    mulai = _langkah_mulai(versi)
    permohonan = Permohonan(
        status=mesin.status_langkah(_Baru(versi), mulai),
        langkah_kini=mulai,
        nomor_registrasi=_nomor_registrasi(timezone.localdate().year),
        versi_sop=versi,
        diajukan_pegawai=user.pegawai,
        keperluan=keperluan,
        didaftarkan_oleh=user,
        dibuat_pada=sekarang,
        status_sejak=sekarang,
        kunci_form=kunci_form,
        revisi_templat=_revisi_terakhir(versi.jenis_surat),
    )
    _simpan_baru(permohonan, sekarang)
    if lampiran is not None:
        simpan_dokumen(permohonan, "Lampiran", lampiran, user)
    _catat(
        permohonan,
        user,
        "mulai",
        "",
        permohonan.status,
        _sebagai_pendaftar(permohonan, user),
        _catatan_mulai(versi, mulai, "Prosedur dimulai."),
        langkah=False,
    )
    return permohonan


@unggahan.hapus_bila_batal()
@transaction.atomic
def daftarkan_tanpa_pemohon(user, versi, nomor, keperluan, sebagai="", catatan="") -> Permohonan:
    """A case of a kind that keeps its people in its own data (a complaint): no `Orang` row.

    Starts on the SOP's first office step like any case (`mesin.langkah_mulai`), with its
    deadline and worklist rows; `nomor` is the kind's own number (e.g. ADU-2026-000001).
    """
    sekarang = timezone.now()
    mulai = _langkah_mulai(versi)
    permohonan = Permohonan(
        status=mesin.status_langkah(_Baru(versi), mulai),
        langkah_kini=mulai,
        nomor_registrasi=nomor,
        versi_sop=versi,
        keperluan=keperluan,
        didaftarkan_oleh=user,
        dibuat_pada=sekarang,
        status_sejak=sekarang,
    )
    _simpan_baru(permohonan, sekarang)
    _catat(
        permohonan,
        user,
        "daftarkan",
        "",
        permohonan.status,
        sebagai or _sebagai_pendaftar(permohonan, user),
        _catatan_mulai(versi, mulai, catatan or "Didaftarkan."),
        langkah=False,
    )
    return permohonan


@transaction.atomic
def buka_kembali(permohonan_id, user, langkah, jabatan=None, sebagai="", catatan="") -> Permohonan:
    """Reopen a finished case on `langkah` (waiting for `jabatan` alone when given).

    The caller decides who may (a complaint's complainant with ticket and code); the move is
    written to the riwayat like every other.
    """
    permohonan = _kunci(permohonan_id, None)
    dari = permohonan.status
    if not has_transition_perm(permohonan.buka_kembali, user):
        raise AksiGagal("Kasus hanya dapat dibuka kembali oleh warga yang mengajukannya.")
    try:
        permohonan.buka_kembali(langkah, jabatan)
    except TransitionNotAllowed:
        raise AksiGagal("Hanya kasus yang sudah selesai yang dapat dibuka kembali.") from None
    _atur_giliran(permohonan, Kalender.untuk_kantor(), timezone.now(), status_lama=dari, langkah_lama=None)
    permohonan.save()
    _simpan_giliran(permohonan)
    _catat(permohonan, user, "buka_kembali", dari, permohonan.status, sebagai, catatan)
    return permohonan


def _revisi_terakhir(jenis_surat):
    templat = TemplatSurat.objects.filter(jenis_surat=jenis_surat).first() if jenis_surat else None
    return templat.revisi_terakhir() if templat else None


def _simpan_baru(permohonan, sekarang):
    """Check the free text, set who acts and the first deadline, save, write the worklist rows."""
    permohonan.cek_teks()
    _atur_giliran(permohonan, Kalender.untuk_kantor(), sekarang)
    permohonan.save()
    _simpan_giliran(permohonan)


def simpan_dokumen(permohonan, nama, berkas, user):
    """A document row, with its scan stored under a generated name (`NamaAcak`)."""
    jenis = ""
    ukuran = 0
    if berkas is not None:
        kind = unggahan.jenis_berkas(berkas)
        jenis = kind.mime if kind else ""
        ukuran = berkas.size
    return Dokumen.objects.create(
        permohonan=permohonan,
        nama=nama,
        berkas=berkas or "",
        jenis_konten=jenis,
        ukuran=ukuran,
        diunggah_oleh=user,
    )


# -- time standards ---------------------------------------------------------------


def tambah_waktu(kalender, mulai, waktu):
    """The deadline of a step's time standard `waktu` started at `mulai` (`Kalender.tambah`)."""
    jumlah, satuan = waktu.untuk_batas()
    return kalender.tambah(mulai, jumlah, satuan)


def batas_langkah(langkah, mulai, kalender):
    """Due moment of a step from its time standard (None: no standard, or a wait for an outside party)."""
    if langkah is None or langkah.waktu is None or langkah.jenis == JenisLangkah.TUNGGU:
        return None
    return tambah_waktu(kalender, mulai, langkah.waktu)


def _atur_giliran(permohonan, kalender, sekarang, status_lama=None, langkah_lama=None):
    """Who acts next and by when: the deadline is set when a step is entered."""
    status = permohonan.status
    jabatan = permohonan.jabatan_untuk(status) if status not in SELESAI else []
    permohonan.jabatan_giliran = jabatan[0] if jabatan else None
    permohonan._giliran_baru = jabatan
    if status != status_lama:
        permohonan.status_sejak = sekarang
    terbit_di_tempat = status == Status.TERBIT and status_lama == Status.TTD
    if status in SELESAI or status == Status.DIKEMBALIKAN or permohonan.langkah_kini_id is None or terbit_di_tempat:
        permohonan.batas_waktu = None
    elif status_lama is None or permohonan.langkah_kini_id != langkah_lama or status_lama == Status.DIKEMBALIKAN:
        permohonan.batas_waktu = batas_langkah(permohonan.langkah_kini, sekarang, kalender)


def _simpan_giliran(permohonan):
    """Rebuild the "Tugas saya" rows: every position that may act on the current step."""
    jabatan = getattr(permohonan, "_giliran_baru", None)
    if jabatan is None:
        jabatan = permohonan.jabatan_untuk() if permohonan.status not in SELESAI else []
    GiliranPermohonan.objects.filter(permohonan=permohonan).delete()
    GiliranPermohonan.objects.bulk_create(
        [GiliranPermohonan(permohonan=permohonan, jabatan=j) for j in {j.pk: j for j in jabatan}.values()]
    )


# -- transitions ------------------------------------------------------------------


def _sebagai(permohonan, user, status):
    cara = permohonan.bisa_bertindak(user, status)
    jabatan = permohonan.jabatan_untuk(status)
    nama_jabatan = jabatan[0].nama if jabatan else user.pegawai.jabatan.nama
    if cara == "a.n.":
        return f"a.n. {nama_jabatan} — {user.pegawai.jabatan.nama}"
    if cara:
        return f"{cara} {nama_jabatan}"
    return nama_jabatan


def _catat(permohonan, user, aksi, dari, ke, sebagai, catatan="", batas=None, langkah=None):
    pegawai = getattr(user, "pegawai", None)
    sekarang = timezone.now()
    if langkah is None and permohonan.langkah_kini_id:
        langkah = permohonan.langkah_kini
    Riwayat.objects.create(
        langkah=langkah or None,
        waktu=sekarang,
        tepat_waktu=None if batas is None else sekarang <= batas,
        permohonan=permohonan,
        aksi=aksi,
        dari_status=dari,
        ke_status=ke,
        oleh=user,
        nama_pelaku=pegawai.nama if pegawai else user.get_username(),
        sebagai=sebagai,
        catatan=catatan,
    )


def _kunci(permohonan_id, token):
    permohonan = Permohonan.objects.select_for_update(of=("self",)).select_related("versi_sop").get(pk=permohonan_id)
    if token is not None and token != token_status(permohonan):
        raise AksiGagal(
            "Permohonan ini baru saja diproses oleh petugas lain. Muat ulang halaman untuk melihat keadaan terbaru."
        )
    return permohonan


def jalankan(permohonan_id, user, nama_aksi, token=None, catatan="", base_url="", **kwargs):
    """Run one transition by name; see the module docstring.

    Signing renders the letter before the transaction (`penerbitan.siapkan`), so the
    numbering lock is held for milliseconds; if another letter took the number meanwhile,
    the letter is prepared again.
    """
    frasa_sandi = kwargs.pop("frasa_sandi", "")  # TTE passphrase (surat.tte): used for this signing only
    try:
        _cek_panjang(catatan, kwargs.get("alasan"))
        for percobaan in range(penerbitan.PERCOBAAN + 1):
            siap = None
            if nama_aksi == "tandatangani" and percobaan < penerbitan.PERCOBAAN:
                siap = _siapkan_surat(permohonan_id, user, token, base_url, frasa_sandi)
            try:
                with transaction.atomic():
                    return _jalankan(permohonan_id, user, nama_aksi, token, catatan, base_url, kwargs, siap, frasa_sandi)
            except penerbitan.NomorBerubah:
                continue
            except NaskahBerubah:
                with transaction.atomic():
                    _jalankan(permohonan_id, user, "ulang_paraf", None, PESAN_ULANG_PARAF, "", {})
                raise AksiGagal(PESAN_ULANG_PARAF) from None
    except (TransitionNotAllowed, ConcurrentTransition):
        raise AksiGagal("Tindakan ini tidak dapat dilakukan pada tahap permohonan sekarang. Muat ulang halaman.") from None
    except ValidationError as exc:
        raise AksiGagal(" ".join(exc.messages)) from None
    except penerbitan.SuratGagal as exc:
        raise AksiGagal(str(exc)) from None
    except OperationalError:
        logger.exception("Tindakan %s pada permohonan %s gagal", nama_aksi, permohonan_id)
        raise AksiGagal("Server sedang sibuk memproses tindakan lain. Coba lagi sebentar.") from None


def _cek_panjang(catatan, alasan=None):
    BatasPanjang(BATAS_CATATAN, "Catatan")(catatan or "")
    BatasPanjang(BATAS_CATATAN, "Alasan")(alasan or "")


PESAN_ULANG_PARAF = (
    "Isi surat berubah sesudah diparaf (data permohonan atau data registri berubah). "
    "Paraf diulang dari awal rantai; tindakan Anda belum tersimpan."
)


# Actions on a case in a collective letter that run on every case of it (one letter).
AKSI_KOLEKTIF = {"ajukan_konsep", "paraf", "kembalikan_ke_konsep", "tandatangani"}


def _periksa(permohonan, user, nama_aksi):
    method = getattr(permohonan, nama_aksi, None)
    if method is None or not hasattr(method, "_django_fsm"):
        raise AksiGagal("Tindakan tidak dikenal.")
    if not can_proceed(method):
        raise AksiGagal("Tindakan ini tidak tersedia pada tahap permohonan sekarang.")
    if not has_transition_perm(method, user):
        raise AksiGagal("Anda tidak berwenang melakukan tindakan ini pada permohonan ini.")
    return method


def _kunci_kelompok(permohonan_id, token, nama_aksi):
    """The case, and for a collective letter's joint step every case of it, locked in one order."""
    kolektif_id = Permohonan.objects.filter(pk=permohonan_id).values_list("kolektif_id", flat=True).first()
    if not (kolektif_id and nama_aksi in AKSI_KOLEKTIF):
        permohonan = _kunci(permohonan_id, token)
        return permohonan, [permohonan]
    # The collective row first: two signers on two cases of one letter queue, never deadlock.
    Kolektif.objects.select_for_update().get(pk=kolektif_id)
    permohonan = _kunci(permohonan_id, token)
    if permohonan.status not in FASE_KOLEKTIF:
        return permohonan, [permohonan]
    kelompok = list(
        Permohonan.objects.select_for_update(of=("self",))
        .select_related("versi_sop")
        .filter(kolektif_id=kolektif_id, status__in=FASE_KOLEKTIF)
        .order_by("pk")
    )
    if any(token_status(p) != token_status(permohonan) for p in kelompok):
        raise AksiGagal(
            "Permohonan dalam surat kolektif ini tidak lagi berada pada tahap yang sama. "
            "Keluarkan permohonan yang tertinggal dari surat kolektif, lalu ulangi."
        )
    return permohonan, [permohonan if p.pk == permohonan.pk else p for p in kelompok]


def _jalankan(permohonan_id, user, nama_aksi, token, catatan, base_url, kwargs, siap=None, frasa_sandi=""):
    permohonan, kelompok = _kunci_kelompok(permohonan_id, token, nama_aksi)
    for p in kelompok:
        _periksa(p, user, nama_aksi)
    dari = permohonan.status
    sebagai = _sebagai(permohonan, user, dari)
    if nama_aksi in ("kembalikan_ke_konsep", "tetapkan_layak"):
        kwargs["catatan"] = catatan
    alasan_registri = kwargs.pop("alasan_registri", "")
    if not permohonan.kolektif_id:
        # One case, one letter: its text is pinned, checked and frozen (collective letters
        # use the collective body of the live template).
        if nama_aksi in ("paraf", "tandatangani"):
            _periksa_naskah(permohonan)
        if nama_aksi == "ajukan_konsep":
            _siapkan_naskah(permohonan, user, alasan_registri)
        if nama_aksi == "tandatangani":
            _periksa_fakta(permohonan, user)
    if nama_aksi == "tandatangani":
        kwargs["surat"] = _terbitkan_surat(kelompok, user, base_url, siap, frasa_sandi)
    if nama_aksi == "batalkan" and permohonan.surat_id:
        catatan = _cabut_karena_batal(permohonan, user, kwargs.get("alasan", ""), catatan)
    if len(kelompok) > 1:
        catatan = f"{catatan} (surat kolektif {permohonan.kolektif.kode}: {len(kelompok)} permohonan)".strip()
    kolektif_lama = permohonan.kolektif_id
    sekarang = timezone.now()
    for p in kelompok:
        batas_lama = p.batas_waktu
        langkah = p.langkah_untuk()
        langkah_lama = p.langkah_kini_id
        getattr(p, nama_aksi)(**kwargs)
        _atur_giliran(p, Kalender.untuk_kantor(), sekarang, status_lama=dari, langkah_lama=langkah_lama)
        p.save()
        _simpan_giliran(p)
        # The step's standard is met when it is left, or when its letter is issued on it.
        keluar = p.langkah_kini_id != langkah_lama or p.status in SELESAI or nama_aksi == "tandatangani"
        batas = batas_lama if keluar else None
        _catat(p, user, nama_aksi, dari, p.status, sebagai, catatan, batas=batas, langkah=langkah)
    if kolektif_lama and permohonan.kolektif_id is None:
        _rapikan_kolektif(kolektif_lama)
    return permohonan


def _cabut_karena_batal(permohonan, user, alasan, catatan):
    """Cancelling after numbering revokes the letter in the same transaction."""
    surat = permohonan.surat
    if surat.dicabut:
        return catatan
    lain = Permohonan.objects.filter(surat=surat).exclude(pk=permohonan.pk).count()
    if lain:
        raise AksiGagal(
            f"Surat {surat.nomor} adalah surat kolektif yang juga memuat {lain} permohonan lain. "
            "Cabut surat itu dengan pembetulan dari halaman surat; permohonan kembali ke tahap konsep "
            "dan permohonan ini dapat dibatalkan di sana."
        )
    penerbitan.cabut(surat, f"Permohonan {permohonan.nomor_registrasi} dibatalkan: {alasan}", user)
    return f"{catatan} Surat {surat.nomor} dicabut.".strip()


# -- actions with more than a transition ------------------------------------------


@transaction.atomic
def tugaskan_survei(permohonan_id, user, petugas: Pegawai):
    permohonan = _kunci(permohonan_id, None)
    if permohonan.status != Status.SURVEI:
        raise AksiGagal("Permohonan tidak sedang menunggu survei.")
    if not (permohonan.boleh_batalkan(user) or permohonan.bisa_bertindak(user) is not None):
        raise AksiGagal("Anda tidak berwenang menugaskan petugas survei.")
    permohonan.petugas_survei = petugas
    permohonan.save(update_fields=["petugas_survei"])
    _catat(
        permohonan,
        user,
        "tugaskan_survei",
        Status.SURVEI,
        Status.SURVEI,
        user.pegawai.jabatan.nama,
        f"Ditugaskan kepada {petugas.nama}.",
    )
    return permohonan


@unggahan.hapus_bila_batal()
def catat_survei(permohonan_id, user, token, tanggal_kunjungan, layak, catatan, foto=()):
    """Record the field visit and move on (layak) or hand it to the Kasi (tidak layak)."""
    try:
        BatasPanjang(BATAS_CATATAN_SURVEI, "Catatan survei")(catatan)
        with transaction.atomic():
            permohonan = _kunci(permohonan_id, token)
            if permohonan.bisa_bertindak(user, Status.SURVEI) is None:
                raise AksiGagal("Anda tidak berwenang mencatat survei permohonan ini.")
            survei = Survei.objects.create(
                permohonan=permohonan,
                petugas=user.pegawai,
                tanggal_kunjungan=tanggal_kunjungan,
                layak=layak,
                catatan=catatan,
            )
            for berkas in foto:
                FotoSurvei.objects.create(survei=survei, berkas=berkas)
            if layak:
                return _jalankan(permohonan.pk, user, "survei_layak", None, f"Survei layak. {catatan}", "", {})
            return _jalankan(permohonan.pk, user, "survei_tidak_layak", None, f"Survei tidak layak. {catatan}", "", {})
    except (TransitionNotAllowed, ConcurrentTransition):
        raise AksiGagal("Permohonan tidak sedang menunggu survei. Muat ulang halaman.") from None
    except ValidationError as exc:
        raise AksiGagal(" ".join(exc.messages)) from None


@unggahan.hapus_bila_batal()
def lengkapi_berkas(permohonan_id, user, token, dokumen: list):
    """The applicant came back: add the documents brought. All of them: the same case
    continues at verification. Some of them: they are kept, the list of what is missing
    shrinks, and the case keeps waiting for the rest."""
    try:
        with transaction.atomic():
            permohonan = _kunci(permohonan_id, token)
            _periksa(permohonan, user, "lengkapi")
            dibawa = [nama for nama, _ in dokumen]
            asing = [nama for nama in dibawa if nama not in permohonan.berkas_kurang]
            if asing or not dibawa:
                raise AksiGagal("Berkas yang diserahkan tidak ada dalam daftar kekurangan. Muat ulang halaman.")
            for nama, berkas in dokumen:
                simpan_dokumen(permohonan, nama, berkas, user)
            sisa = [nama for nama in permohonan.berkas_kurang if nama not in dibawa]
            names = ", ".join(dibawa)
            if not sisa:
                return _jalankan(permohonan.pk, user, "lengkapi", None, f"Berkas dilengkapi: {names}.", "", {})
            permohonan.berkas_kurang = sisa
            permohonan.save(update_fields=["berkas_kurang"])
            sebagai = _sebagai(permohonan, user, Status.DIKEMBALIKAN)
            catatan = f"Berkas diserahkan sebagian: {names}. Masih kurang: {', '.join(sisa)}."
            _catat(permohonan, user, "lengkapi_sebagian", Status.DIKEMBALIKAN, Status.DIKEMBALIKAN, sebagai, catatan)
            return permohonan
    except (TransitionNotAllowed, ConcurrentTransition):
        raise AksiGagal("Permohonan tidak sedang dikembalikan. Muat ulang halaman.") from None


# -- letters -------------------------------------------------------------------------


def data_surat(permohonan, kelompok=None, user=None) -> penerbitan.DataSurat:
    """What the letter says; for a collective letter the body names the count, the lampiran the people.

    For the drafter of an open draft (`user`), registry facts the letter states are read now.
    """
    data = _data_surat(permohonan, kelompok, user)
    diganti = surat_diganti(permohonan)
    if diganti is not None:
        data.menggantikan = {"nomor": diganti.nomor, "tanggal": diganti.tanggal}
    return data


def _data_surat(permohonan, kelompok, user=None):
    paraf = [{"jabatan": r.sebagai, "nama": r.nama_pelaku, "waktu": r.waktu} for r in _paraf_terakhir(permohonan)]
    if kelompok is None and permohonan.kolektif_id:
        kelompok = anggota_kolektif(permohonan)
    if kelompok and permohonan.kolektif_id:
        return penerbitan.DataSurat(
            jenis_surat=permohonan.versi_sop.jenis_surat,
            termohon={},
            keperluan="",
            referensi=permohonan.kolektif.kode,
            paraf=paraf,
            lampiran=[
                {**p.subjek.as_surat(), "nomor_registrasi": p.nomor_registrasi, "keperluan": p.keperluan} for p in kelompok
            ],
        )
    pemohon = permohonan.pemohon.as_surat()
    organisasi = None
    if permohonan.organisasi_id:
        organisasi = permohonan.organisasi.as_surat()
        pemohon["jabatan"] = permohonan.organisasi.jabatan_penanggung_jawab
    fakta = permohonan.fakta_registri
    drafter = user is not None and permohonan.bisa_bertindak(user, Status.KONSEP) is not None
    if drafter and permohonan.status == Status.KONSEP:
        templat = templat_surat(permohonan)
        if templat is not None and templat.fakta_registri:
            fakta = fakta_registri(permohonan, user)
    return penerbitan.DataSurat(
        jenis_surat=permohonan.versi_sop.jenis_surat,
        termohon=(permohonan.termohon or permohonan.pemohon).as_surat(),
        pemohon=pemohon,
        hubungan=permohonan.hubungan,
        keperluan=permohonan.keperluan,
        isian=permohonan.isian,
        referensi=permohonan.nomor_registrasi,
        paraf=paraf,
        organisasi=organisasi,
        revisi_templat=permohonan.revisi_templat_id,
        tambahan={
            # "survei lapangan" only when a field visit found the case layak (a Kasi's
            # override of a tidak layak visit is not a survey result to cite).
            "survei_dilakukan": permohonan.survei.filter(layak=True).exists(),
            "uraian_tambahan": permohonan.uraian_tambahan,
            "registri": fakta,
        },
    )


def anggota_kolektif(permohonan):
    """The cases of the same collective letter at the same step, in registration order."""
    if not permohonan.kolektif_id:
        return [permohonan]
    return list(
        Permohonan.objects.filter(kolektif_id=permohonan.kolektif_id, status=permohonan.status)
        .select_related("pemohon__desa__kecamatan", "termohon__desa__kecamatan")
        .order_by("pk")
    )


def surat_diganti(permohonan):
    """The revoked letter a new one on this case will correct, if any."""
    surat = permohonan.surat
    return surat if surat is not None and surat.dicabut else None


def templat_surat(permohonan):
    """The template text this case uses (its pinned revision), or None."""
    jenis = permohonan.versi_sop.jenis_surat
    if not jenis:
        return None
    try:
        return TemplatSurat.untuk(jenis, permohonan.revisi_templat_id)
    except TemplatSurat.DoesNotExist:
        return None


def fakta_registri(permohonan, user) -> dict:
    """The registry facts a letter may state, from the active snapshots; the query is logged.

    Plain values only: {"dtks": {"terdaftar", "desil", "per" (snapshot date), "snapshot"}}.
    """
    from django.utils.formats import date_format

    from registri.cari import cek_nik

    hasil = cek_nik(permohonan.subjek.nik, user, tujuan="surat")
    snapshot = hasil.snapshot.get("dtks")
    per = ""
    if snapshot is not None:
        per = date_format(timezone.localtime(snapshot.selesai_pada or snapshot.dibuat_pada), "j F Y")
    return {
        "dtks": {
            "terdaftar": hasil.dtks is not None,
            "desil": hasil.dtks.desil if hasil.dtks else None,
            "per": per,
            "snapshot": snapshot.pk if snapshot else None,
        }
    }


def bertentangan(templat, fakta) -> str:
    """Why the letter's claim contradicts the registry fact, or "" when it does not."""
    if templat is None or templat.fakta_registri != FaktaRegistri.DTKS_TERDAFTAR:
        return ""
    dtks = fakta.get("dtks", {})
    if dtks.get("terdaftar") or dtks.get("alasan"):
        return ""
    if not dtks.get("per"):
        return "Surat ini menyatakan terdaftar di DTKS, tetapi data DTKS belum dimuat."
    return f"Surat ini menyatakan terdaftar di DTKS, tetapi NIK ini tidak terdaftar dalam data DTKS per {dtks['per']}."


def sidik_naskah(permohonan) -> str:
    """Fingerprint of everything that makes the letter's text: template revision and data."""
    data = data_surat(permohonan)
    payload = {
        name: getattr(data, name)
        for name in (
            "jenis_surat",
            "termohon",
            "pemohon",
            "organisasi",
            "hubungan",
            "keperluan",
            "isian",
            "revisi_templat",
            "tambahan",
        )
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _siapkan_naskah(permohonan, user, alasan_registri):
    """On submission: pin the text, read the registry facts it states, refuse a contradiction."""
    if permohonan.revisi_templat_id is None:
        permohonan.revisi_templat = _revisi_terakhir(permohonan.versi_sop.jenis_surat)
    templat = templat_surat(permohonan)
    fakta = {}
    if templat is not None and templat.fakta_registri:
        fakta = fakta_registri(permohonan, user)
        masalah = bertentangan(templat, fakta)
        if masalah:
            alasan = (alasan_registri or "").strip()
            BatasPanjang(BATAS_CATATAN, "Alasan")(alasan)
            if not alasan:
                raise AksiGagal(f"{masalah} Konsep tidak dapat diajukan kecuali Anda menuliskan alasannya.")
            fakta["dtks"]["alasan"] = alasan
            _catat(
                permohonan,
                user,
                "kesampingkan_registri",
                Status.KONSEP,
                Status.KONSEP,
                _sebagai(permohonan, user, Status.KONSEP),
                f"{masalah} Tetap diajukan dengan alasan: {alasan}",
            )
    permohonan.fakta_registri = fakta
    permohonan.sidik_naskah = sidik_naskah(permohonan)


def _periksa_naskah(permohonan):
    """Before a paraf or the signature: the text must be the one initialled so far."""
    if not permohonan.sidik_naskah or not permohonan.versi_sop.rantai_paraf():
        return
    if permohonan.status == Status.PARAF and permohonan.paraf_ke == 0:
        # Nobody has initialled yet: the text is frozen as the first paraf sees it.
        permohonan.sidik_naskah = sidik_naskah(permohonan)
        return
    if sidik_naskah(permohonan) != permohonan.sidik_naskah:
        raise NaskahBerubah()


def _periksa_fakta(permohonan, user):
    """Last guard at signature: never issue a registry claim the registry contradicts."""
    templat = templat_surat(permohonan)
    if templat is None or not templat.fakta_registri:
        return
    if not permohonan.fakta_registri:
        permohonan.fakta_registri = fakta_registri(permohonan, user)
    masalah = bertentangan(templat, permohonan.fakta_registri)
    if masalah:
        raise AksiGagal(f"{masalah} Kembalikan ke konsep; konseptor dapat mengajukan ulang dengan alasan tertulis.")


def catatan_kembali(permohonan):
    """The send-back row the drafter must act on (the last one since the last submission)."""
    if permohonan.status != Status.KONSEP:
        return None
    for row in reversed(list(permohonan.riwayat.all())):
        if row.aksi == "kembalikan_ke_konsep":
            return row
        if row.aksi == "ajukan_konsep":
            return None
    return None


def revisi_lebih_baru(permohonan):
    """A newer revision of the case's template than the one it pinned, or None."""
    terakhir = _revisi_terakhir(permohonan.versi_sop.jenis_surat)
    if terakhir is None or permohonan.revisi_templat_id in (None, terakhir.pk):
        return None
    return terakhir


@transaction.atomic
def pakai_templat_terbaru(permohonan_id, user, token):
    """The drafter moves an open draft onto the template's latest text (e.g. a fixed wording)."""
    permohonan = _kunci(permohonan_id, token)
    if permohonan.status != Status.KONSEP or permohonan.bisa_bertindak(user, Status.KONSEP) is None:
        raise AksiGagal("Templat hanya dapat diganti oleh penyusun konsep saat konsep surat disusun.")
    baru = revisi_lebih_baru(permohonan)
    if baru is None:
        raise AksiGagal("Permohonan ini sudah memakai templat terbaru.")
    lama = permohonan.revisi_templat.nomor if permohonan.revisi_templat else "-"
    permohonan.revisi_templat = baru
    permohonan.save(update_fields=["revisi_templat"])
    _catat(
        permohonan,
        user,
        "pakai_templat_terbaru",
        Status.KONSEP,
        Status.KONSEP,
        _sebagai(permohonan, user, Status.KONSEP),
        f"Templat surat diganti dari revisi {lama} ke revisi {baru.nomor}.",
    )
    return permohonan


@transaction.atomic
def ubah_konsep(permohonan_id, user, token, pemohon: dict, termohon, hubungan, keperluan, isian, uraian_tambahan):
    """The drafter corrects the case data and the letter's free paragraph (draft only).

    Returns the labels of what changed; nothing changed writes no history.
    """
    permohonan = _kunci(permohonan_id, token)
    if permohonan.status != Status.KONSEP:
        raise AksiGagal("Data hanya dapat diperbaiki saat konsep surat disusun.")
    if permohonan.bisa_bertindak(user, Status.KONSEP) is None:
        raise AksiGagal("Anda tidak berwenang memperbaiki konsep permohonan ini.")
    kode_wilayah = getattr(Instansi.get_current(), "kode_wilayah", "") or ""
    berubah = []
    for label, orang, data in (("pemohon", permohonan.pemohon, pemohon), ("termohon", permohonan.termohon, termohon)):
        if orang is None or data is None:
            continue
        fields = [k for k, v in data.items() if getattr(orang, k) != v]
        if fields:
            for k in fields:
                setattr(orang, k, data[k])
            orang.luar_daerah = bool(kode_wilayah) and not orang.nik.startswith(kode_wilayah)
            try:
                orang.full_clean()
            except ValidationError as exc:
                raise AksiGagal(" ".join(exc.messages)) from None
            orang.save()
            berubah.append(f"data {label}")
    baru = {"hubungan": hubungan if permohonan.termohon_id else "", "keperluan": keperluan, "isian": isian}
    baru["uraian_tambahan"] = uraian_tambahan
    label = {"hubungan": "hubungan", "keperluan": "keperluan", "isian": "isian tambahan", "uraian_tambahan": "uraian surat"}
    for name, value in baru.items():
        if getattr(permohonan, name) != value:
            setattr(permohonan, name, value)
            berubah.append(label[name])
    if not berubah:
        return []
    try:
        permohonan.cek_teks()
    except ValidationError as exc:
        raise AksiGagal(" ".join(exc.messages)) from None
    subjek = permohonan.subjek
    permohonan.desa, permohonan.kecamatan = subjek.desa, subjek.desa.kecamatan
    permohonan.save()
    _catat(
        permohonan,
        user,
        "ubah_konsep",
        Status.KONSEP,
        Status.KONSEP,
        _sebagai(permohonan, user, Status.KONSEP),
        "Konsep diperbaiki: " + ", ".join(berubah) + ".",
    )
    return berubah


def _paraf_terakhir(permohonan):
    rows = list(permohonan.riwayat.filter(aksi__in=["paraf", "ajukan_konsep", "kembalikan_ke_konsep", "ulang_paraf"]))
    result = []
    for row in rows:
        if row.aksi == "paraf":
            result.append(row)
        else:
            result = []
    return result


def penandatangan_untuk(permohonan, user, frasa_sandi="") -> penerbitan.Penandatangan:
    pegawai = user.pegawai
    cara = permohonan.bisa_bertindak(user, Status.TTD) or ""
    jabatan = permohonan.jabatan_untuk(Status.TTD)
    nama_jabatan = jabatan[0].judul_surat if jabatan else pegawai.jabatan.judul_surat
    if cara == "a.n.":
        label = penerbitan.label_jabatan(pegawai.jabatan.judul_surat, atas_nama=nama_jabatan)
    else:
        label = penerbitan.label_jabatan(nama_jabatan, cara=cara)
    # penanda: the electronic signature, or None: wet.
    return penerbitan.Penandatangan.dari_pegawai(pegawai, label, penanda=tte.penanda_untuk(pegawai, frasa_sandi))


def penandatangan_rencana(permohonan) -> penerbitan.Penandatangan:
    """Who is expected to sign, for the draft preview."""
    jabatan = permohonan.jabatan_untuk(Status.TTD)
    pegawai = None
    if jabatan:
        pegawai = Pegawai.objects.filter(jabatan=jabatan[0], aktif=True).first()
    nama_jabatan = jabatan[0].judul_surat if jabatan else "Kepala Dinas"
    if pegawai is None:
        return penerbitan.Penandatangan("(nama penandatangan)", "", "", nama_jabatan)
    return penerbitan.Penandatangan(
        pegawai.nama,
        pegawai.nip,
        pegawai.pangkat_golongan,
        penerbitan.label_jabatan(nama_jabatan, cara=pegawai.sifat_jabatan),
    )


def _siapkan_surat(permohonan_id, user, token, base_url, frasa_sandi=""):
    """The letter rendered before the transaction, or None when it is rendered under the lock.

    None when the action will be refused anyway (stale page, wrong step, not the signer) and
    for collective letters (their group is only known under the lock).
    """
    permohonan = Permohonan.objects.select_related("versi_sop").get(pk=permohonan_id)
    if token is not None and token != token_status(permohonan):
        return None  # refused under the lock with "baru saja diproses"
    if permohonan.status != Status.TTD or not permohonan.versi_sop.jenis_surat or permohonan.kolektif_id:
        return None
    if permohonan.bisa_bertindak(user, Status.TTD) is None:
        return None
    data = data_surat(permohonan)
    ttd = penandatangan_untuk(permohonan, user, frasa_sandi)
    return penerbitan.siapkan(data, ttd, base_url, menggantikan=surat_diganti(permohonan))


def _terbitkan_surat(kelompok, user, base_url, siap=None, frasa_sandi=""):
    permohonan = kelompok[0]
    if not permohonan.versi_sop.jenis_surat:
        raise AksiGagal("Layanan ini tidak menerbitkan surat.")
    data = data_surat(permohonan, kelompok if permohonan.kolektif_id else None)
    ttd = penandatangan_untuk(permohonan, user, frasa_sandi)
    return penerbitan.simpan(data, ttd, base_url, user, siap, menggantikan=surat_diganti(permohonan))


# -- remedies after issue ----------------------------------------------------------


class TindakLanjut:
    PERBAIKI = "perbaiki"
    CABUT = "cabut"


def boleh_cabut(surat, user, kasus=None) -> bool:
    """Only the signer's level of the letter's service revokes it (never an IT admin)."""
    kasus = list(surat.permohonan.select_related("versi_sop")) if kasus is None else kasus
    if not kasus:
        pegawai = getattr(user, "pegawai", None)
        return bool(pegawai and pegawai.aktif and pegawai.jabatan.peran in {"kadis", "sekretaris"})
    return all(p.boleh_cabut_surat(user) for p in kasus)


def cabut_surat(surat_id, user, alasan, tindak_lanjut):
    """Revoke an issued letter, with the reason in every case's history.

    `perbaiki`: the cases reopen at konsep; the next letter signed on them is the correction and
    records `menggantikan`. `cabut`: no replacement; a case not yet handed over is cancelled.
    """
    if not alasan.strip():
        raise AksiGagal("Alasan pencabutan wajib diisi.")
    try:
        BatasPanjang(BATAS_CATATAN, "Alasan pencabutan")(alasan)
    except ValidationError as exc:
        raise AksiGagal(" ".join(exc.messages)) from None
    try:
        with transaction.atomic():
            surat = Surat.objects.select_for_update().get(pk=surat_id)
            if surat.dicabut:
                raise AksiGagal(f"Surat {surat.nomor} sudah dicabut.")
            kasus = list(
                Permohonan.objects.select_for_update(of=("self",))
                .select_related("versi_sop")
                .filter(surat=surat)
                .order_by("pk")
            )
            if not boleh_cabut(surat, user, kasus):
                raise AksiGagal(
                    "Pencabutan surat adalah keputusan pejabat penandatangan (Kepala Dinas, Sekretaris atas "
                    "nama Kepala Dinas, atau Plt./Plh.). Anda tidak berwenang mencabut surat ini."
                )
            sebagai = _sebagai(kasus[0], user, Status.TTD) if kasus else user.pegawai.jabatan.nama
            surat = penerbitan.cabut(surat, alasan, user)
            sekarang = timezone.now()
            for p in kasus:
                p.surat = surat
                dari = p.status
                langkah_lama = p.langkah_kini_id
                lanjut = ""
                if tindak_lanjut == TindakLanjut.PERBAIKI and can_proceed(p.buka_pembetulan):
                    p.buka_pembetulan()
                    lanjut = " Permohonan dibuka kembali pada tahap konsep untuk surat pembetulan."
                elif p.status not in SELESAI:
                    p.batalkan(alasan=f"Surat {surat.nomor} dicabut: {alasan}")
                    lanjut = " Permohonan dibatalkan."
                _atur_giliran(p, Kalender.untuk_kantor(), sekarang, status_lama=dari, langkah_lama=langkah_lama)
                p.save()
                _simpan_giliran(p)
                _catat(
                    p,
                    user,
                    "cabut_surat",
                    dari,
                    p.status,
                    sebagai,
                    f"Surat {surat.nomor} dicabut. Alasan: {alasan}.{lanjut}",
                )
            return surat
    except (TransitionNotAllowed, ConcurrentTransition):
        raise AksiGagal("Surat ini baru saja diproses oleh petugas lain. Muat ulang halaman.") from None


# -- collective letters --------------------------------------------------------------


def templat_kolektif(versi) -> bool:
    """The service's letter template has a collective body."""
    templat = TemplatSurat.objects.filter(jenis_surat=versi.jenis_surat).only("isi_kolektif").first()
    return bool(versi.jenis_surat and templat and templat.boleh_kolektif)


def kolektif_menunggu(pegawai):
    """Services with at least two cases waiting for this person's draft that may share one letter.

    The (few) letter kinds with a collective template are read first, so the worklist counts
    only the cases of those services, and none at all when the office has no such template.
    """
    kolektif = list(TemplatSurat.objects.exclude(isi_kolektif="").values_list("jenis_surat", flat=True))
    if not kolektif:
        return []
    rows = (
        Permohonan.objects.untuk_tugas(pegawai)
        .filter(status=Status.KONSEP, kolektif__isnull=True, versi_sop__jenis_surat__in=kolektif)
        .values("versi_sop__jenis_surat", "versi_sop__sop__kode", "versi_sop__nama")
        .annotate(jumlah=Count("pk"))
        .filter(jumlah__gte=2)
        .order_by("versi_sop__nama")
    )
    return [{"kode": r["versi_sop__sop__kode"], "nama": r["versi_sop__nama"], "jumlah": r["jumlah"]} for r in rows]


def calon_kolektif(versi, user):
    """Cases of one SOP version waiting at konsep, not yet in a collective letter, this user may draft."""
    qs = (
        Permohonan.objects.filter(versi_sop=versi, status=Status.KONSEP, kolektif__isnull=True)
        .select_related("versi_sop", "pemohon__desa__kecamatan", "termohon__desa__kecamatan")
        .order_by("dibuat_pada", "pk")
    )
    return [p for p in qs if p.bisa_bertindak(user, Status.KONSEP) is not None]


def buat_kolektif(user, nomor_list) -> Kolektif:
    """The drafter puts several cases at konsep into one letter with a lampiran list."""
    nomor_list = sorted(set(nomor_list))
    if len(nomor_list) < 2:
        raise AksiGagal("Pilih sedikitnya dua permohonan untuk satu surat kolektif.")
    with transaction.atomic():
        kasus = list(
            Permohonan.objects.select_for_update(of=("self",))
            .select_related("versi_sop")
            .filter(nomor_registrasi__in=nomor_list)
            .order_by("pk")
        )
        if len(kasus) != len(nomor_list):
            raise AksiGagal("Sebagian permohonan yang dipilih tidak ditemukan. Muat ulang halaman.")
        versi = kasus[0].versi_sop
        if any(p.versi_sop_id != versi.pk for p in kasus):
            raise AksiGagal("Surat kolektif hanya untuk permohonan dari SOP (dan versi) yang sama.")
        if not templat_kolektif(versi):
            raise AksiGagal("Templat surat layanan ini belum memiliki isi surat kolektif (atur di admin).")
        for p in kasus:
            if p.status != Status.KONSEP or p.kolektif_id:
                raise AksiGagal(
                    f"Permohonan {p.nomor_registrasi} tidak lagi menunggu konsep atau sudah masuk surat kolektif. "
                    "Muat ulang halaman."
                )
            if p.bisa_bertindak(user, Status.KONSEP) is None:
                raise AksiGagal(f"Anda tidak berwenang menyusun konsep surat permohonan {p.nomor_registrasi}.")
        kolektif = Kolektif.objects.create(versi_sop=versi, dibuat_oleh=user)
        sebagai = _sebagai(kasus[0], user, Status.KONSEP)
        for p in kasus:
            p.kolektif = kolektif
            p.save(update_fields=["kolektif"])
            lain = ", ".join(q.nomor_registrasi for q in kasus if q.pk != p.pk)
            _catat(
                p,
                user,
                "gabung_kolektif",
                Status.KONSEP,
                Status.KONSEP,
                sebagai,
                f"Satu surat kolektif {kolektif.kode} bersama {lain}.",
            )
        return kolektif


def keluarkan_kolektif(permohonan_id, user):
    """Take one case out of its collective letter before the draft goes up for paraf."""
    with transaction.atomic():
        permohonan = _kunci(permohonan_id, None)
        if not permohonan.kolektif_id:
            raise AksiGagal("Permohonan ini tidak termasuk surat kolektif.")
        if permohonan.status != Status.KONSEP:
            raise AksiGagal("Permohonan hanya dapat dikeluarkan dari surat kolektif pada tahap konsep.")
        if permohonan.bisa_bertindak(user, Status.KONSEP) is None:
            raise AksiGagal("Anda tidak berwenang mengubah konsep surat permohonan ini.")
        kolektif = permohonan.kolektif
        permohonan.kolektif = None
        permohonan.save(update_fields=["kolektif"])
        sebagai = _sebagai(permohonan, user, Status.KONSEP)
        _catat(
            permohonan,
            user,
            "keluar_kolektif",
            Status.KONSEP,
            Status.KONSEP,
            sebagai,
            f"Dikeluarkan dari surat kolektif {kolektif.kode}.",
        )
        _rapikan_kolektif(kolektif.pk)
        return permohonan


def _rapikan_kolektif(kolektif_id):
    """A collective letter still being drafted with one case left becomes that case's own letter."""
    sisa = Permohonan.objects.filter(kolektif_id=kolektif_id, status__in=FASE_KOLEKTIF)
    if sisa.count() == 1:
        sisa.update(kolektif=None)


# -- notes on a case that do not move it -----------------------------------------------


def catat_beda_nik(permohonan, user, catatan):
    """The clerk accepted data the NIK contradicts (real KTPs do): one riwayat row with the note.

    Call inside the transaction that saved the data, so the note and the data land together.
    """
    pegawai = getattr(user, "pegawai", None)
    sebagai = pegawai.jabatan.nama if pegawai else ""
    _catat(permohonan, user, "beda_nik", permohonan.status, permohonan.status, sebagai, catatan)


def batas_kekurangan(permohonan):
    """The date by which a returned case's missing documents are due (calendar days from the
    return, `BATAS_KEKURANGAN_HARI`; docs/keputusan.md), or None when nothing is missing."""
    if permohonan.status != Status.DIKEMBALIKAN or not permohonan.berkas_kurang:
        return None
    from django.conf import settings

    mulai = timezone.localdate(permohonan.status_sejak)
    return mulai + datetime.timedelta(days=settings.BATAS_KEKURANGAN_HARI)
