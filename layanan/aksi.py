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

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed, has_transition_perm

from dinsos import unggahan
from dinsos.kalender import Kalender
from dinsos.models import Instansi, Pegawai
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
from surat.models import FaktaRegistri, TemplatSurat


class AksiGagal(Exception):
    """An action could not be done; `str()` is the message for the user."""


class NaskahBerubah(Exception):
    """The letter's text differs from the text that was initialled (see `_periksa_naskah`)."""


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
        revisi_templat=_revisi_terakhir(versi.jenis_surat),
    )
    permohonan.cek_teks()
    _atur_giliran(permohonan, Kalender.untuk_kantor(), sekarang)
    permohonan.save()
    for nama, berkas in dokumen:
        simpan_dokumen(permohonan, nama, berkas, user)
    _catat(permohonan, user, "daftarkan", "", Status.VERIFIKASI, "", "Permohonan didaftarkan.")
    return permohonan


def _revisi_terakhir(jenis_surat):
    templat = TemplatSurat.objects.filter(jenis_surat=jenis_surat).first() if jenis_surat else None
    return templat.revisi_terakhir() if templat else None


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
        try:
            with transaction.atomic():
                return _jalankan(permohonan_id, user, nama_aksi, token, catatan, base_url, kwargs)
        except NaskahBerubah:
            with transaction.atomic():
                _jalankan(permohonan_id, user, "ulang_paraf", None, PESAN_ULANG_PARAF, "", {})
            raise AksiGagal(PESAN_ULANG_PARAF) from None
    except (TransitionNotAllowed, ConcurrentTransition):
        raise AksiGagal("Tindakan ini tidak dapat dilakukan pada tahap permohonan sekarang. Muat ulang halaman.") from None
    except ValidationError as exc:
        raise AksiGagal(" ".join(exc.messages)) from None


def _cek_panjang(catatan, alasan=None):
    BatasPanjang(BATAS_CATATAN, "Catatan")(catatan or "")
    BatasPanjang(BATAS_CATATAN, "Alasan")(alasan or "")


PESAN_ULANG_PARAF = (
    "Isi surat berubah sesudah diparaf (data permohonan atau data registri berubah). "
    "Paraf diulang dari awal rantai; tindakan Anda belum tersimpan."
)


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
    if nama_aksi in ("kembalikan_ke_konsep", "tetapkan_layak"):
        kwargs["catatan"] = catatan
    if nama_aksi in ("paraf", "tandatangani"):
        _periksa_naskah(permohonan)
    if nama_aksi == "ajukan_konsep":
        _siapkan_naskah(permohonan, user, kwargs.pop("alasan_registri", ""))
    if nama_aksi == "tandatangani":
        _periksa_fakta(permohonan, user)
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


def data_surat(permohonan, user=None) -> penerbitan.DataSurat:
    """The letter's data; for the drafter of an open draft, registry facts are read now."""
    paraf = [{"jabatan": r.sebagai, "nama": r.nama_pelaku, "waktu": r.waktu} for r in _paraf_terakhir(permohonan)]
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
