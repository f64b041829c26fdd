"""Who may see which cases: staff see the services their positions serve."""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from audit import models as audit
from dinsos.models import Peran
from layanan.models import GiliranPermohonan, Permohonan
from sop.models import VersiSop


def pegawai_of(user):
    pegawai = getattr(user, "pegawai", None)
    if pegawai is None or not pegawai.aktif:
        return None
    return pegawai


def versi_dilayani(pegawai):
    """Ids of SOP versions whose steps, paraf chain or signatory name one of the positions."""
    held = list(pegawai.jabatan_ids())
    if pegawai.jabatan.peran == Peran.FO:
        # The counter registers every letter service.
        return None
    # Published versions answer from the mapping frozen at publishing; drafts read it live.
    hidup = (
        Q(langkah__pelaksana__jabatan__in=held) | Q(paraf__pelaksana__jabatan__in=held) | Q(penandatangan__jabatan__in=held)
    )
    draft = Q(status=VersiSop.Status.DRAFT)
    q = (draft & hidup) | (~draft & Q(peta_jabatan__jabatan__in=held))
    if pegawai.jabatan.peran == Peran.SEKRETARIS:
        q |= Q(boleh_an=True, jenis_surat__gt="")
    if pegawai.jabatan.peran == Peran.KADIS:
        # A letter SOP that names no signatory is signed by the Kepala Dinas (Permohonan.jabatan_untuk).
        q |= Q(jenis_surat__gt="", penandatangan__isnull=True)
    return set(VersiSop.objects.filter(q).values_list("pk", flat=True).distinct())


def permohonan_terlihat(pegawai):
    qs = Permohonan.objects.all()
    versi = versi_dilayani(pegawai)
    if versi is None:
        return qs
    # Whoever the case waits for may always open it, whatever the SOP names elsewhere.
    menunggu = Exists(
        GiliranPermohonan.objects.filter(permohonan=OuterRef("pk"), jabatan_id__in=list(pegawai.jabatan_ids()))
    )
    return qs.filter(Q(versi_sop__in=versi) | Q(petugas_survei=pegawai) | menunggu)


def get_permohonan_for_user(user, nomor) -> Permohonan:
    """The case if this user's position serves its service; 404 otherwise."""
    pegawai = pegawai_of(user)
    if pegawai is None:
        raise Http404("Permohonan tidak ditemukan.")
    qs = permohonan_terlihat(pegawai).select_related(
        "versi_sop__sop",
        "versi_sop__penandatangan",
        "pemohon__desa__kecamatan",
        "termohon__desa__kecamatan",
        "desa",
        "kecamatan",
        "jabatan_giliran",
        "jabatan_tujuan",
        "langkah_kini",
        "petugas_survei",
        "surat",
    )
    try:
        return qs.get(nomor_registrasi=nomor)
    except Permohonan.DoesNotExist:
        raise Http404("Permohonan tidak ditemukan.") from None


# -- the access log (audit) -------------------------------------------------------


def catat_baca(request, aksi, permohonan, objek="", keterangan=""):
    """One allowed read of a case's personal data: who, which case, which people."""
    return audit.catat(
        aksi,
        request=request,
        nomor=permohonan.nomor_registrasi,
        objek=objek,
        nik=permohonan.subjek.nik if permohonan.subjek else "",
        nik_lain=permohonan.pemohon.nik if permohonan.termohon_id else "",
        keterangan=keterangan,
    )


def pegawai_atau_404(request):
    """The signed-in staff member; anyone else gets 404 and the refusal is logged."""
    pegawai = pegawai_of(request.user)
    if pegawai is None:
        catat_ditolak(request, audit.Aksi.HALAMAN_PETUGAS, objek=request.path, keterangan="bukan petugas dinas")
        raise Http404("Halaman ini untuk petugas dinas.")
    return pegawai


def catat_ditolak(request, aksi, nomor="", objek="", keterangan=""):
    """One refused request or action."""
    return audit.catat(aksi, request=request, diizinkan=False, nomor=nomor, objek=objek, keterangan=keterangan)


def buka_permohonan(request, nomor, aksi, objek="", baca=True) -> Permohonan:
    """`get_permohonan_for_user` that writes the access log: the read, or the refusal."""
    try:
        permohonan = get_permohonan_for_user(request.user, nomor)
    except Http404:
        ada = Permohonan.objects.filter(nomor_registrasi=nomor).exists()
        catat_ditolak(
            request, aksi, nomor=nomor, objek=objek, keterangan="tidak berwenang" if ada else "permohonan tidak ditemukan"
        )
        raise
    if baca:
        catat_baca(request, aksi, permohonan, objek=objek)
    return permohonan
