"""The write path of complaints, in small named actions on top of `layanan.aksi`.

Intake creates the engine case (`layanan.aksi.daftarkan_tanpa_pemohon`) and the complaint in
one transaction. A handler's step runs the engine transition that fits the current step's
kind (`aksi_langkah`) through `layanan.aksi.jalankan` (lock, state check, permission, riwayat);
the complaint's own rows (replies, notes) are written in the same transaction. The
complainant's actions (add information, rate, reopen) are checked by ticket and code in the
view; here they run atomically like the rest. E-mails leave after commit.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from dinsos import unggahan
from layanan import aksi as kasus
from layanan import lacak_kode
from layanan import langkah as mesin
from layanan.models import SELESAI, Permohonan, Riwayat, Status
from pengaduan.models import (
    SALURAN_LANGSUNG,
    Lampiran,
    NomorTiket,
    Pengaduan,
    Saluran,
    Tanggapan,
    hash_kode,
)
from sop.models import JenisLangkah, VersiSop

logger = logging.getLogger(__name__)

AksiGagal = kasus.AksiGagal
PENGGUNA_WEB = "pengaduan-web"

# Complaint SOPs of the seed offices, by the way the complaint came in (docs/keputusan.md).
KODE_SOP = {
    "langsung": ["pengaduan-langsung", "layanan-langsung", "pengaduan-pkh"],
    "online": ["pengaduan-online", "e-lapor", "pengaduan-pkh"],
}
# Final statuses a complainant may reopen from (a hand-over step ends "diserahkan").
SELESAI_DIJAWAB = {Status.SELESAI, Status.DISERAHKAN}


def _kabupaten(kabupaten):
    if kabupaten is None:
        from dinsos.models import Instansi

        instansi = Instansi.get_current()
        kabupaten = instansi.kabupaten if instansi else None
    return kabupaten


def versi_pengaduan(kabupaten=None) -> dict:
    """{"langsung": version, "online": version} of this office's complaint SOPs (one query; a group may be None)."""
    kabupaten = _kabupaten(kabupaten)
    semua = {k for kode in KODE_SOP.values() for k in kode}
    qs = VersiSop.objects.terbit().select_related("sop").filter(sop__kode__in=semua)
    if kabupaten:
        qs = qs.filter(sop__kabupaten=kabupaten)
    versi = {v.sop.kode: v for v in qs}
    hasil = {}
    for kelompok, kode in KODE_SOP.items():
        hasil[kelompok] = next((versi[k] for k in kode if k in versi), None)
    return hasil


def versi_untuk(saluran, kabupaten=None):
    """The published complaint SOP version this office runs a complaint of `saluran` on (None: none)."""
    return versi_pengaduan(kabupaten)["langsung" if saluran in SALURAN_LANGSUNG else "online"]


def boleh_mencatat(pegawai, kabupaten=None) -> bool:
    """Whoever records the first office step of one of the office's complaint SOPs may register complaints."""
    if pegawai is None:
        return False
    semua = {v.pk: v for v in versi_pengaduan(kabupaten).values() if v is not None}
    return any(kasus.boleh_mulai(v.muat_struktur(), pegawai.user) for v in semua.values())


def pengguna_web():
    """The account public submissions are recorded under (no password, cannot sign in)."""
    User = get_user_model()
    user, dibuat = User.objects.get_or_create(username=PENGGUNA_WEB, defaults={"is_active": False})
    if dibuat:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _nomor_tiket(tahun):
    counter, _ = NomorTiket.objects.get_or_create(tahun=tahun)
    counter = NomorTiket.objects.select_for_update().get(pk=counter.pk)
    counter.terakhir += 1
    counter.save(update_fields=["terakhir"])
    return f"ADU-{tahun}-{counter.terakhir:06d}"


def simpan_lampiran(pengaduan, berkas, dari_pelapor=True):
    kind = unggahan.jenis_berkas(berkas)
    return Lampiran.objects.create(
        pengaduan=pengaduan,
        berkas=berkas,
        nama=berkas.name[:200],
        jenis_konten=kind.mime if kind else "",
        ukuran=berkas.size,
        dari_pelapor=dari_pelapor,
    )


@unggahan.hapus_bila_batal()
def buat(user, saluran, data: dict, lampiran=(), kabupaten=None) -> tuple[Pengaduan, str]:
    """Register a complaint: the case on its SOP, the ticket, a fresh secret code (returned once).

    `data` holds the complaint's fields (kategori, judul, isi, identity …). An SP4N-LAPOR!
    ticket already registered is refused.
    """
    versi = versi_untuk(saluran, kabupaten)
    if versi is None:
        raise AksiGagal("Kantor ini belum memiliki SOP pengaduan yang terbit; pengaduan belum dapat dicatat.")
    nomor_lapor = (data.get("nomor_lapor") or "").strip()
    lama = Pengaduan.objects.filter(nomor_lapor=nomor_lapor).first() if nomor_lapor else None
    if lama is not None:
        raise AksiGagal(f"Nomor tiket SP4N-LAPOR! {nomor_lapor} sudah tercatat sebagai {lama.nomor_tiket}.")
    kode = lacak_kode.buat()
    try:
        with transaction.atomic():
            nomor = _nomor_tiket(timezone.localdate().year)
            sebagai = "Formulir web" if saluran == Saluran.WEB else ""
            permohonan = kasus.daftarkan_tanpa_pemohon(
                user,
                versi,
                nomor,
                data["judul"][:500],
                sebagai=sebagai,
                catatan=f"Pengaduan diterima melalui {Saluran(saluran).label}.",
            )
            pengaduan = Pengaduan(permohonan=permohonan, nomor_tiket=nomor, kode_hash=hash_kode(kode), saluran=saluran)
            for field, value in data.items():
                setattr(pengaduan, field, value)
            if not pengaduan.nomor_lapor:
                pengaduan.nomor_lapor = None
            pengaduan.dibuat_pada = permohonan.dibuat_pada
            pengaduan.full_clean(exclude=["permohonan", "kode_hash"])
            pengaduan.save()
            for berkas in lampiran:
                simpan_lampiran(pengaduan, berkas)
    except ValidationError as exc:
        raise AksiGagal(" ".join(exc.messages)) from None
    except IntegrityError:
        raise AksiGagal("Nomor tiket SP4N-LAPOR! ini sudah tercatat.") from None
    return pengaduan, kode


# -- the handler's steps --------------------------------------------------------------


def aksi_langkah(permohonan) -> str | None:
    """The engine transition that completes the current step (None: nothing to do here)."""
    status = permohonan.status
    if status in SELESAI:
        return None
    if status == Status.VERIFIKASI:
        return "verifikasi_berkas"
    if status == Status.DISPOSISI:
        return "disposisikan"
    if status == Status.SURVEI:
        return "survei_layak"
    if status == Status.MENUNGGU:
        return "catat_jawaban"
    langkah = permohonan.langkah_untuk()
    if langkah is not None and langkah.jenis == JenisLangkah.SERAH or status == Status.TERBIT:
        return "serahkan"
    return "selesaikan_langkah"


def menutup(permohonan) -> bool:
    """Completing the current step ends the case (last step, last turn)."""
    langkah = permohonan.langkah_untuk()
    if langkah is None:
        return False
    giliran = mesin.giliran_posisi(permohonan.versi_sop, langkah)
    if permohonan.giliran_ke + 1 < len(giliran):
        return False
    return mesin.berikut(permohonan.versi_sop, langkah) is None


def tujuan_disposisi(permohonan):
    """Positions the disposition may address: the next step's."""
    if permohonan.status != Status.DISPOSISI or permohonan.langkah_kini_id is None:
        return []
    nxt = mesin.berikut(permohonan.versi_sop, permohonan.langkah_kini)
    return mesin.pencatat(permohonan.versi_sop, nxt) if nxt is not None else []


def _jabatan_pelaku(permohonan, user):
    """The position the user acts in on this case (the first held one the step names)."""
    held = user.pegawai.jabatan_ids()
    for jabatan in permohonan.jabatan_untuk():
        if jabatan.pk in held:
            return jabatan
    return user.pegawai.jabatan


def _tanggapan(pengaduan, user, jenis, teks, jabatan, langkah, instansi=""):
    t = Tanggapan(
        pengaduan=pengaduan, jenis=jenis, teks=teks, instansi=instansi, oleh=user, jabatan=jabatan, langkah=langkah
    )
    t.full_clean(exclude=["pengaduan", "oleh", "jabatan", "langkah"])
    t.save()
    return t


def _kabari(pengaduan, jawaban):
    """E-mail the complainant the answer after commit (the background worker sends it)."""
    if not pengaduan.email:
        return
    from operasi.surel import antrekan_surel

    subjek = f"Jawaban pengaduan {pengaduan.nomor_tiket}"
    isi = (
        f"Pengaduan Anda nomor {pengaduan.nomor_tiket} telah dijawab:\n\n{jawaban}\n\n"
        "Lihat jawaban lengkap dan beri penilaian di halaman status pengaduan dengan nomor tiket dan kode rahasia Anda."
    )
    email = pengaduan.email
    transaction.on_commit(lambda: antrekan_surel([email], subjek, isi))


def _jawab(pengaduan, user, teks, jabatan, langkah):
    _tanggapan(pengaduan, user, Tanggapan.Jenis.JAWABAN, teks, jabatan, langkah)
    pengaduan.dijawab_pada = timezone.now()
    pengaduan.save(update_fields=["dijawab_pada"])
    _kabari(pengaduan, teks)


def tindak(pengaduan_id, user, token, catatan="", jawaban="", tujuan=None) -> Pengaduan:
    """The handler completes the current step: a note, an optional public reply, the engine move.

    The step that closes the complaint needs an answer for the complainant (given now or
    earlier since the complaint was received or reopened).
    """
    catatan, jawaban = catatan.strip(), jawaban.strip()
    try:
        with transaction.atomic():
            pengaduan = Pengaduan.objects.select_for_update().get(pk=pengaduan_id)
            permohonan = Permohonan.objects.select_related("versi_sop").get(pk=pengaduan.permohonan_id)
            nama = aksi_langkah(permohonan)
            if nama is None:
                raise AksiGagal("Pengaduan ini sudah selesai.")
            if permohonan.bisa_bertindak(user) is None:
                raise AksiGagal("Anda tidak berwenang menindaklanjuti pengaduan pada langkah ini.")
            if menutup(permohonan) and not jawaban and pengaduan.dijawab_pada is None:
                raise AksiGagal("Tulis jawaban untuk pelapor sebelum pengaduan ditutup.")
            langkah = permohonan.langkah_untuk()
            jabatan = _jabatan_pelaku(permohonan, user)
            if jawaban:
                _jawab(pengaduan, user, jawaban, jabatan, langkah)
            kwargs = {"tujuan": tujuan} if nama == "disposisikan" and tujuan else {}
            permohonan = kasus.jalankan(permohonan.pk, user, nama, token=token, catatan=catatan, **kwargs)
            if permohonan.status in SELESAI:
                pengaduan.ditutup_pada = permohonan.selesai_pada or timezone.now()
                pengaduan.save(update_fields=["ditutup_pada"])
    except ValidationError as exc:
        raise AksiGagal(" ".join(exc.messages)) from None
    return pengaduan


def catat(pengaduan_id, user, jenis, teks, instansi="") -> Tanggapan:
    """A note without moving the step: a public reply, an internal note, a coordination with another agency."""
    teks = teks.strip()
    if not teks:
        raise AksiGagal("Isi tanggapan wajib diisi.")
    if jenis == Tanggapan.Jenis.KOORDINASI and not instansi.strip():
        raise AksiGagal("Sebutkan instansi yang dihubungi.")
    try:
        with transaction.atomic():
            pengaduan = Pengaduan.objects.select_for_update().get(pk=pengaduan_id)
            permohonan = Permohonan.objects.select_related("versi_sop").get(pk=pengaduan.permohonan_id)
            if permohonan.is_selesai or permohonan.bisa_bertindak(user) is None:
                raise AksiGagal("Anda tidak berwenang menanggapi pengaduan pada langkah ini.")
            jabatan = _jabatan_pelaku(permohonan, user)
            langkah = permohonan.langkah_untuk()
            if jenis == Tanggapan.Jenis.JAWABAN:
                _jawab(pengaduan, user, teks, jabatan, langkah)
                return pengaduan.tanggapan.last()
            return _tanggapan(pengaduan, user, jenis, teks, jabatan, langkah, instansi.strip())
    except ValidationError as exc:
        raise AksiGagal(" ".join(exc.messages)) from None


def tolak(pengaduan_id, user, token, alasan) -> Pengaduan:
    """Not a complaint this office handles (verification or disposition): ends; the reason goes to the complainant."""
    alasan = alasan.strip()
    if not alasan:
        raise AksiGagal("Alasan wajib diisi.")
    with transaction.atomic():
        pengaduan = Pengaduan.objects.select_for_update().get(pk=pengaduan_id)
        permohonan = kasus.jalankan(pengaduan.permohonan_id, user, "tolak", token=token, alasan=alasan)
        jabatan = user.pegawai.jabatan
        _jawab(pengaduan, user, alasan, jabatan, None)
        pengaduan.ditutup_pada = permohonan.selesai_pada
        pengaduan.save(update_fields=["ditutup_pada"])
    return pengaduan


def ubah_triase(pengaduan_id, user, kategori, prioritas, nik_terkait, permohonan_terkait) -> Pengaduan:
    """Category, priority and the links to a person or a case (whoever may act on the current step)."""
    with transaction.atomic():
        pengaduan = Pengaduan.objects.select_for_update().select_related("permohonan__versi_sop").get(pk=pengaduan_id)
        if pengaduan.permohonan.is_selesai or pengaduan.permohonan.bisa_bertindak(user) is None:
            raise AksiGagal("Anda tidak berwenang mengubah pengaduan pada langkah ini.")
        pengaduan.kategori = kategori
        pengaduan.prioritas = prioritas
        pengaduan.nik_terkait = nik_terkait
        pengaduan.permohonan_terkait = permohonan_terkait
        pengaduan.save(update_fields=["kategori", "prioritas", "nik_terkait", "permohonan_terkait"])
    return pengaduan


# -- the complainant (checked by ticket and code in the view) -------------------------


@unggahan.hapus_bila_batal()
@transaction.atomic
def tambah_info(pengaduan, teks, lampiran=()):
    teks = teks.strip()
    if not teks:
        raise AksiGagal("Tulis keterangan tambahan.")
    t = Tanggapan(pengaduan=pengaduan, jenis=Tanggapan.Jenis.PELAPOR, teks=teks)
    try:
        t.full_clean(exclude=["pengaduan"])
    except ValidationError as exc:
        raise AksiGagal(" ".join(exc.messages)) from None
    t.save()
    for berkas in lampiran:
        simpan_lampiran(pengaduan, berkas)
    return t


@transaction.atomic
def beri_nilai(pengaduan_id, nilai, catatan=""):
    pengaduan = Pengaduan.objects.select_for_update().get(pk=pengaduan_id)
    if pengaduan.dijawab_pada is None and pengaduan.ditutup_pada is None:
        raise AksiGagal("Penilaian dapat diberikan setelah pengaduan dijawab.")
    pengaduan.nilai = nilai
    pengaduan.catatan_nilai = catatan.strip()[:500]
    pengaduan.save(update_fields=["nilai", "catatan_nilai"])
    return pengaduan


def _langkah_penjawab(pengaduan):
    """The step and position of the last public reply (where reopening returns to)."""
    jawaban = pengaduan.tanggapan.filter(jenis=Tanggapan.Jenis.JAWABAN, langkah__isnull=False).last()
    if jawaban is not None:
        return jawaban.langkah, jawaban.jabatan
    riwayat = Riwayat.objects.filter(permohonan_id=pengaduan.permohonan_id, langkah__isnull=False).last()
    return (riwayat.langkah if riwayat else None), None


def buka_kembali(pengaduan_id, alasan) -> Pengaduan:
    """The complainant reopens once within 14 days of closing; the complaint returns to its handler."""
    alasan = alasan.strip()
    if not alasan:
        raise AksiGagal("Tulis alasan pengaduan dibuka kembali.")
    with transaction.atomic():
        pengaduan = Pengaduan.objects.select_for_update().select_related("permohonan").get(pk=pengaduan_id)
        if pengaduan.permohonan.status not in SELESAI_DIJAWAB or not pengaduan.boleh_buka_kembali():
            raise AksiGagal("Pengaduan hanya dapat dibuka kembali satu kali, paling lambat 14 hari setelah ditutup.")
        langkah, jabatan = _langkah_penjawab(pengaduan)
        if langkah is None:
            raise AksiGagal("Langkah penanganan pengaduan ini tidak ditemukan.")
        tambah_info(pengaduan, f"Permintaan buka kembali: {alasan}")
        kasus.buka_kembali(
            pengaduan.permohonan_id,
            pengguna_web(),
            langkah,
            jabatan,
            sebagai="Pelapor",
            catatan=f"Dibuka kembali oleh pelapor: {alasan}",
        )
        pengaduan.dibuka_kembali_pada = timezone.now()
        pengaduan.ditutup_pada = None
        pengaduan.dijawab_pada = None
        pengaduan.save(update_fields=["dibuka_kembali_pada", "ditutup_pada", "dijawab_pada"])
    return pengaduan


# -- answering with a letter (persuratan) ---------------------------------------------

# Step actions at which a handler may answer with a letter: the handling steps after
# verification and disposition (not a field visit or a wait for another agency).
AKSI_JAWAB_SURAT = {"selesaikan_langkah", "serahkan"}
# The archive code a reply letter starts with (the handler may change it on the draft).
KLASIFIKASI_JAWABAN = "400.9"


def boleh_jawab_surat(pengaduan, permohonan) -> bool:
    """The current step is one where the complaint is handled, and it has no answer yet
    (since it was received or reopened)."""
    return pengaduan.dijawab_pada is None and aksi_langkah(permohonan) in AKSI_JAWAB_SURAT


def surat_balasan_terbuka(pengaduan):
    """The reply letter being drafted, initialled or signed (None: none)."""
    from persuratan.models import StatusNaskah

    return pengaduan.surat_balasan.exclude(status=StatusNaskah.TERBIT).order_by("-pk").first()


def tujuan_surat(pengaduan) -> str:
    """Whom the letter is addressed to: the complainant by name, or "Pelapor" when anonymous or hidden.

    A letter passes the Sekretaris's and the Kadis's desks and the outgoing agenda, so a
    hidden identity stays off it.
    """
    if pengaduan.anonim or pengaduan.rahasiakan:
        nama = f"Pelapor pengaduan {pengaduan.nomor_tiket}"
    else:
        nama = f"Sdr. {pengaduan.nama_pelapor}"
    return f"{nama}\ndi\nTempat"


def isi_surat(pengaduan, teks) -> str:
    from layanan.forms import tanggal_indonesia

    return (
        f"Menindaklanjuti pengaduan Saudara nomor tiket {pengaduan.nomor_tiket} tanggal "
        f"{tanggal_indonesia(timezone.localtime(pengaduan.dibuat_pada).date())} hal {pengaduan.judul}, "
        f"dengan ini kami sampaikan hal-hal sebagai berikut.\n\n{teks}\n\n"
        "Demikian disampaikan, atas perhatiannya diucapkan terima kasih."
    )


def mulai_surat_balasan(pengaduan_id, user, teks):
    """Start a Surat Dinas answering the complaint (persuratan), drafted by the handler.

    Prefilled: hal "Jawaban atas pengaduan <tiket>", the addressee (`tujuan_surat`), the
    handler's text as the body. It then follows the naskah's paraf chain and signature;
    issuing it gives the complaint its public reply (`jawab_dengan_surat`). One open reply
    letter per complaint.
    """
    from persuratan.models import JenisNaskah, KodeKlasifikasi, NaskahDinas

    teks = teks.strip()
    if not teks:
        raise AksiGagal("Tulis isi jawaban untuk surat balasan.")
    try:
        with transaction.atomic():
            pengaduan = Pengaduan.objects.select_for_update().get(pk=pengaduan_id)
            permohonan = Permohonan.objects.select_related("versi_sop").get(pk=pengaduan.permohonan_id)
            if permohonan.is_selesai or permohonan.bisa_bertindak(user) is None:
                raise AksiGagal("Anda tidak berwenang menjawab pengaduan pada langkah ini.")
            if pengaduan.dijawab_pada is not None:
                raise AksiGagal(
                    "Pengaduan ini sudah dijawab; surat balasan baru dapat dibuat bila pengaduan dibuka kembali."
                )
            if not boleh_jawab_surat(pengaduan, permohonan):
                raise AksiGagal("Surat balasan dibuat pada langkah penanganan pengaduan.")
            terbuka = surat_balasan_terbuka(pengaduan)
            if terbuka is not None:
                raise AksiGagal(f"Surat balasan pengaduan ini sedang diproses ({terbuka.get_status_display().lower()}).")
            aktif = KodeKlasifikasi.objects.filter(aktif=True)
            klasifikasi = aktif.filter(kode=KLASIFIKASI_JAWABAN).first() or aktif.order_by("kode").first()
            if klasifikasi is None:
                raise AksiGagal("Belum ada kode klasifikasi arsip yang aktif; hubungi admin.")
            jabatan = _jabatan_pelaku(permohonan, user)
            naskah = NaskahDinas(
                jenis=JenisNaskah.SURAT_DINAS,
                klasifikasi=klasifikasi,
                hal=f"Jawaban atas pengaduan {pengaduan.nomor_tiket}",
                tujuan=tujuan_surat(pengaduan),
                isi=isi_surat(pengaduan, teks),
                pengaduan=pengaduan,
                pembuat=user.pegawai,
                # The drafter's own post in the chart decides the paraf chain, as for any naskah.
                jabatan_pembuat=user.pegawai.jabatan,
            )
            naskah.full_clean(exclude=["pengaduan", "pembuat", "jabatan_pembuat", "klasifikasi", "rantai"])
            naskah.save()
            # Where the answer was started (step and the position acting on the case): the reply
            # is recorded there when the letter is issued, and reopening returns there.
            _tanggapan(
                pengaduan,
                user,
                Tanggapan.Jenis.INTERNAL,
                _catatan_mulai(naskah),
                jabatan,
                permohonan.langkah_untuk(),
            )
    except ValidationError as exc:
        raise AksiGagal(" ".join(exc.messages)) from None
    return naskah


def _catatan_mulai(naskah) -> str:
    return f"Jawaban disiapkan dalam surat dinas (konsep naskah {naskah.pk})."


def jawab_dengan_surat(naskah, surat) -> Tanggapan:
    """The reply letter was issued: the complaint's public reply names its number.

    Runs inside the transaction that issues the letter (persuratan.aksi.tandatangani). The
    reply is recorded for the drafter's position at the step the letter was started, so the
    answering step can complete and reopening returns there, as with a text reply.
    """
    from layanan.forms import tanggal_indonesia

    pengaduan = Pengaduan.objects.select_for_update().get(pk=naskah.pengaduan_id)
    mulai = (
        pengaduan.tanggapan.filter(jenis=Tanggapan.Jenis.INTERNAL, teks=_catatan_mulai(naskah))
        .select_related("langkah", "jabatan")
        .last()
    )
    teks = (
        f"Dijawab dengan surat nomor {surat.nomor} tanggal {tanggal_indonesia(surat.tanggal)} "
        f"hal {naskah.hal}. Surat dapat diunduh di halaman status pengaduan."
    )
    jawaban = _tanggapan(
        pengaduan,
        naskah.pembuat.user,
        Tanggapan.Jenis.JAWABAN,
        teks,
        mulai.jabatan if mulai else naskah.jabatan_pembuat,
        mulai.langkah if mulai else None,
    )
    pengaduan.dijawab_pada = timezone.now()
    pengaduan.save(update_fields=["dijawab_pada"])
    _kabari(pengaduan, teks)
    return jawaban
