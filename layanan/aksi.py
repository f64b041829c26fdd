"""The write path of cases, in small named actions.

Every action runs in one transaction: lock the case row, check the state the user saw is
still the state in the database (two people acting at once: exactly one wins), check
permission, run the django-fsm transition, recompute who acts next and by when, save, and
write the immutable `Riwayat` row. Failures raise `AksiGagal` with an Indonesian message
and leave nothing half-done.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed, has_transition_perm

from dinsos import unggahan
from dinsos.kalender import Kalender
from dinsos.models import Pegawai
from layanan.models import (
    STATUS_KE_FASE,
    Dokumen,
    FotoSurvei,
    NomorRegistrasi,
    Orang,
    Organisasi,
    Permohonan,
    Riwayat,
    Status,
    Survei,
)
from layanan.validators import BATAS_CATATAN, BATAS_CATATAN_SURVEI, BatasPanjang
from surat import penerbitan


class AksiGagal(Exception):
    """An action could not be done; `str()` is the message for the user."""


def token_status(permohonan) -> str:
    """What the user saw when they opened the page; compared again under lock."""
    return f"{permohonan.status}:{permohonan.paraf_ke}"


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
    permohonan = Permohonan(
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
    )
    permohonan.cek_teks()
    _atur_giliran(permohonan, Kalender.untuk_kantor(), sekarang)
    permohonan.save()
    for nama, berkas in dokumen:
        simpan_dokumen(permohonan, nama, berkas, user)
    _catat(permohonan, user, "daftarkan", "", Status.VERIFIKASI, "", "Permohonan didaftarkan.")
    return permohonan


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


def durasi_fase(versi, fase):
    """The time standards of the SOP's steps of one phase."""
    return [langkah.waktu for langkah in versi.langkah_fase(fase) if langkah.waktu]


def tambah_waktu(kalender, mulai, waktu):
    amount = waktu.max
    if waktu.satuan == "menit":
        return kalender.tambah_waktu_kerja(mulai, datetime.timedelta(minutes=amount))
    if waktu.satuan == "jam":
        return kalender.tambah_waktu_kerja(mulai, datetime.timedelta(hours=amount))
    if waktu.satuan == "hari_kerja":
        return kalender.tambah_hari_kerja(mulai, int(round(amount)))
    days = {"hari_kalender": 1, "minggu": 7, "bulan": 30}[waktu.satuan]
    return kalender.tambah_hari_kalender(mulai, int(round(amount * days)))


def hitung_batas(versi, status, mulai, kalender):
    """Due moment of a status from its SOP steps' time standards, or None if none apply."""
    fase = STATUS_KE_FASE.get(status)
    if fase is None:
        return None
    waktu = durasi_fase(versi, fase)
    if not waktu:
        return None
    batas = mulai
    for item in waktu:
        batas = tambah_waktu(kalender, batas, item)
    return batas


def _atur_giliran(permohonan, kalender, sekarang, status_lama=None):
    status = permohonan.status
    jabatan = (
        permohonan.jabatan_untuk(status)
        if status not in {Status.DISERAHKAN, Status.DITERUSKAN, Status.DITOLAK, Status.DIBATALKAN}
        else []
    )
    permohonan.jabatan_giliran = jabatan[0] if jabatan else None
    if status != status_lama:
        permohonan.status_sejak = sekarang
        permohonan.batas_waktu = hitung_batas(permohonan.versi_sop, status, sekarang, kalender)


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


def _catat(permohonan, user, aksi, dari, ke, sebagai, catatan="", batas=None):
    pegawai = getattr(user, "pegawai", None)
    sekarang = timezone.now()
    Riwayat.objects.create(
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
    """Run one transition by name; see the module docstring."""
    try:
        _cek_panjang(catatan, kwargs.get("alasan"))
        with transaction.atomic():
            return _jalankan(permohonan_id, user, nama_aksi, token, catatan, base_url, kwargs)
    except (TransitionNotAllowed, ConcurrentTransition):
        raise AksiGagal("Tindakan ini tidak dapat dilakukan pada tahap permohonan sekarang. Muat ulang halaman.") from None
    except ValidationError as exc:
        raise AksiGagal(" ".join(exc.messages)) from None


def _cek_panjang(catatan, alasan=None):
    BatasPanjang(BATAS_CATATAN, "Catatan")(catatan or "")
    BatasPanjang(BATAS_CATATAN, "Alasan")(alasan or "")


def _jalankan(permohonan_id, user, nama_aksi, token, catatan, base_url, kwargs):
    permohonan = _kunci(permohonan_id, token)
    method = getattr(permohonan, nama_aksi, None)
    if method is None or not hasattr(method, "_django_fsm"):
        raise AksiGagal("Tindakan tidak dikenal.")
    if not can_proceed(method):
        raise AksiGagal("Tindakan ini tidak tersedia pada tahap permohonan sekarang.")
    if not has_transition_perm(method, user):
        raise AksiGagal("Anda tidak berwenang melakukan tindakan ini pada permohonan ini.")
    dari = permohonan.status
    sebagai = _sebagai(permohonan, user, dari)
    if nama_aksi == "kembalikan_ke_konsep":
        kwargs["catatan"] = catatan
    if nama_aksi == "tandatangani":
        kwargs["surat"] = _terbitkan_surat(permohonan, user, base_url)
    batas_lama = permohonan.batas_waktu
    method(**kwargs)
    sekarang = timezone.now()
    _atur_giliran(permohonan, Kalender.untuk_kantor(), sekarang, status_lama=dari)
    permohonan.save()
    _catat(
        permohonan,
        user,
        nama_aksi,
        dari,
        permohonan.status,
        sebagai,
        catatan,
        batas=batas_lama if permohonan.status != dari else None,
    )
    return permohonan


# -- actions with more than a transition ------------------------------------------


@transaction.atomic
def tugaskan_survei(permohonan_id, user, petugas: Pegawai):
    permohonan = _kunci(permohonan_id, None)
    if permohonan.status != Status.SURVEI:
        raise AksiGagal("Permohonan tidak sedang menunggu survei.")
    if not (user.pegawai.jabatan.peran in {"fo", "kasi", "kabid"} or permohonan.bisa_bertindak(user)):
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
    """Record the field visit and move on (layak) or reject (tidak layak)."""
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
            return _jalankan(permohonan.pk, user, "tolak", None, f"Survei tidak layak. {catatan}", "", {"alasan": catatan})
    except (TransitionNotAllowed, ConcurrentTransition):
        raise AksiGagal("Permohonan tidak sedang menunggu survei. Muat ulang halaman.") from None
    except ValidationError as exc:
        raise AksiGagal(" ".join(exc.messages)) from None


@unggahan.hapus_bila_batal()
def lengkapi_berkas(permohonan_id, user, token, dokumen: list):
    """The applicant came back: add the documents and continue the same case."""
    try:
        with transaction.atomic():
            permohonan = _kunci(permohonan_id, token)
            for nama, berkas in dokumen:
                simpan_dokumen(permohonan, nama, berkas, user)
            names = ", ".join(nama for nama, _ in dokumen)
            return _jalankan(permohonan.pk, user, "lengkapi", None, f"Berkas dilengkapi: {names}.", "", {})
    except (TransitionNotAllowed, ConcurrentTransition):
        raise AksiGagal("Permohonan tidak sedang dikembalikan. Muat ulang halaman.") from None


# -- letters -------------------------------------------------------------------------


def data_surat(permohonan) -> penerbitan.DataSurat:
    paraf = [{"jabatan": r.sebagai, "nama": r.nama_pelaku, "waktu": r.waktu} for r in _paraf_terakhir(permohonan)]
    pemohon = permohonan.pemohon.as_surat()
    organisasi = None
    if permohonan.organisasi_id:
        organisasi = permohonan.organisasi.as_surat()
        pemohon["jabatan"] = permohonan.organisasi.jabatan_penanggung_jawab
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
    )


def _paraf_terakhir(permohonan):
    rows = list(permohonan.riwayat.filter(aksi__in=["paraf", "ajukan_konsep", "kembalikan_ke_konsep"]))
    result = []
    for row in rows:
        if row.aksi == "paraf":
            result.append(row)
        else:
            result = []
    return result


def penandatangan_untuk(permohonan, user) -> penerbitan.Penandatangan:
    pegawai = user.pegawai
    cara = permohonan.bisa_bertindak(user, Status.TTD) or ""
    jabatan = permohonan.jabatan_untuk(Status.TTD)
    nama_jabatan = jabatan[0].judul_surat if jabatan else pegawai.jabatan.judul_surat
    if cara == "a.n.":
        label = penerbitan.label_jabatan(pegawai.jabatan.judul_surat, atas_nama=nama_jabatan)
    else:
        label = penerbitan.label_jabatan(nama_jabatan, cara=cara)
    return penerbitan.Penandatangan(
        nama=pegawai.nama,
        nip=pegawai.nip,
        pangkat_golongan=pegawai.pangkat_golongan,
        jabatan_label=label,
        spesimen_url=pegawai.spesimen_ttd.path if pegawai.spesimen_ttd else "",
    )


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


def _terbitkan_surat(permohonan, user, base_url):
    if not permohonan.versi_sop.jenis_surat:
        raise AksiGagal("Layanan ini tidak menerbitkan surat.")
    return penerbitan.terbitkan(data_surat(permohonan), penandatangan_untuk(permohonan, user), base_url, user)
