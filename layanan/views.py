import contextlib
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import Aksi, catat
from dinsos import unggahan
from dinsos.parameter import parameter_salah
from dinsos.roles import peran_of
from layanan import aksi, batas_lacak, forms, halaman, lacak_kode, pencarian, titipan
from layanan import langkah as mesin
from layanan.akses import (
    buka_permohonan,
    catat_baca,
    catat_ditolak,
    pegawai_atau_404,
    pegawai_of,
    permohonan_terlihat,
)
from layanan.linimasa import linimasa
from layanan.models import FotoSurvei, Orang, Permohonan, Status
from layanan.ringkasan import kinerja_layanan, langkah_terlambat, ringkasan_beranda
from registri.cari import boleh_registri
from sop.models import VersiSop
from surat import penerbitan, tte
from surat.models import Surat

TOKEN_ACTIONS = {
    # name → (form class, label, button style)
    "verifikasi_berkas": (forms.TokenForm, "Berkas lengkap, lanjutkan", "success"),
    "disposisikan": (forms.DisposisiForm, "Disposisikan", "primary"),
    "selesaikan_langkah": (forms.LangkahForm, "Langkah selesai, lanjutkan", "success"),
    "putuskan_ya": (forms.KeputusanForm, "Ya", "success"),
    "putuskan_tidak": (forms.KeputusanForm, "Tidak", "outline-danger"),
    "catat_jawaban": (forms.JawabanForm, "Catat jawaban, lanjutkan", "success"),
    "ajukan_konsep": (forms.AjukanKonsepForm, "Ajukan konsep untuk paraf/tanda tangan", "primary"),
    "tetapkan_tolak": (forms.AlasanForm, "Setujui hasil survei: tolak permohonan", "danger"),
    "tetapkan_layak": (forms.TetapkanLayakForm, "Tidak setuju: lanjutkan permohonan", "outline-primary"),
    "paraf": (forms.TokenForm, "Paraf", "success"),
    "tandatangani": (forms.TandatanganiForm, "Tanda tangani dan terbitkan", "success"),
    "serahkan": (forms.TokenForm, "Serahkan kepada pemohon", "success"),
    "kembalikan_ke_konsep": (forms.CatatanWajibForm, "Kembalikan ke konsep", "outline-danger"),
    "teruskan": (forms.TeruskanForm, "Teruskan ke instansi tujuan", "primary"),
    "tolak": (forms.AlasanForm, "Tolak permohonan", "outline-danger"),
    "batalkan": (forms.AlasanForm, "Batalkan permohonan", "outline-secondary"),
}
# Block titles of the action panel, and the actions that cannot be undone (confirmed first).
JUDUL_AKSI = {
    "verifikasi_berkas": "Verifikasi berkas",
    "disposisikan": "Disposisi",
    "selesaikan_langkah": "Selesaikan langkah",
    "putuskan_ya": "Keputusan",
    "putuskan_tidak": "Keputusan",
    "catat_jawaban": "Jawaban pihak luar",
    "ajukan_konsep": "Ajukan konsep",
    "tetapkan_tolak": "Tinjauan survei",
    "tetapkan_layak": "Tinjauan survei",
    "paraf": "Paraf",
    "tandatangani": "Tanda tangan",
    "serahkan": "Penyerahan",
    "kembalikan_ke_konsep": "Kembalikan ke konsep",
    "teruskan": "Penerusan ke instansi lain",
    "tolak": "Penolakan",
    "batalkan": "Pembatalan",
}
KONFIRMASI = {
    "tandatangani": "Tanda tangani dan terbitkan surat ini? Surat bernomor tidak dapat ditarik kecuali dicabut.",
    "tolak": "Tolak permohonan ini? Permohonan berakhir.",
    "tetapkan_tolak": "Tolak permohonan ini? Permohonan berakhir.",
    "putuskan_tidak": "Jawab Tidak? Bila SOP tidak menyebut langkah lanjutan, permohonan berakhir ditolak.",
    "batalkan": "Batalkan permohonan ini? Tindakan ini tidak dapat dibatalkan.",
}


# A rejected or cancelled case will never have a letter: no draft preview.
TANPA_SURAT = {Status.DITOLAK, Status.DIBATALKAN}


@login_required
def beranda(request):
    """The role's home page: what waits for this person, and the role's entry points."""
    peran = peran_of(request.user)
    if peran == "admin":
        return render(request, "dinsos/beranda_admin.html", {"peran": peran})
    if peran is None:
        return render(request, "dinsos/beranda_tanpa_peran.html", status=403)
    context = {"peran": peran, "pegawai": request.user.pegawai, **ringkasan_beranda(request.user)}
    return render(request, "dinsos/beranda.html", context)


def _layanan_surat(request):
    """Published SOP versions of this office that end in a letter (the counter's services)."""
    qs = VersiSop.objects.terbit().exclude(jenis_surat="").select_related("sop")
    if request.instansi is not None:
        qs = qs.filter(sop__kabupaten=request.instansi.kabupaten)
    return qs


@login_required
def tugas(request):
    """ "Tugas saya": cases waiting for this person's positions, oldest due first."""
    with _ingat_jabatan(request):
        return _tugas(request)


def _tugas(request):
    pegawai = pegawai_atau_404(request)
    if request.method == "POST":
        return pencarian.simpan(request)
    saring = forms.TugasFilterForm(pencarian.params(request))
    if not saring.is_valid():
        return parameter_salah(request, saring)
    data = saring.cleaned_data
    semua = data["semua"] == "1"
    qs = permohonan_terlihat(pegawai) if semua else Permohonan.objects.untuk_tugas(pegawai)
    qs = (
        _filter(qs, data)
        .select_related("versi_sop", "pemohon", "termohon", "organisasi", "desa", "jabatan_giliran")
        .order_by("batas_waktu", "dibuat_pada")
    )
    page = Paginator(qs, 50).get_page(data["halaman"])
    if pencarian.adalah_nik(data["q"]):
        cocok = ", ".join(p.nomor_registrasi for p in page)
        catat(Aksi.CARI_NIK, request=request, nik=data["q"], keterangan=f"{page.paginator.count} cocok: {cocok or '-'}")
    layanan = _layanan_surat(request)
    return render(
        request,
        "layanan/tugas.html",
        {
            "page": page,
            "semua": semua,
            "layanan": layanan,
            "status_choices": Status.choices,
            "f": saring.data,
            "kolektif": aksi.kolektif_menunggu(pegawai),
        },
    )


NOMOR_REGISTRASI = re.compile(r"^(?:REG[\s-]*)?(\d{4})[\s/-]+(\d{1,6})$", re.IGNORECASE)


def nomor_registrasi_dari(teks):
    """ "REG-2026-000002", "2026-000002", "reg 2026-2" → "REG-2026-000002"; "" when not a number."""
    cocok = NOMOR_REGISTRASI.match(teks.strip())
    return f"REG-{cocok[1]}-{int(cocok[2]):06d}" if cocok else ""


def _filter(qs, params):
    """Narrow the worklist by the validated filter (`TugasFilterForm.cleaned_data`)."""
    if params.get("layanan"):
        qs = qs.filter(versi_sop__sop__kode=params["layanan"])
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("dari"):
        qs = qs.filter(dibuat_pada__date__gte=params["dari"])
    if params.get("sampai"):
        qs = qs.filter(dibuat_pada__date__lte=params["sampai"])
    if params.get("desa"):
        qs = qs.filter(desa__nama__icontains=params["desa"])
    q = params.get("q", "").strip()
    if q.isdigit() and len(q) == 16:
        # A literal id list lets PostgreSQL use the foreign-key indexes, not a walk in due order.
        orang = list(Orang.objects.filter(nik=q).values_list("pk", flat=True)[:500])
        qs = qs.filter(Q(pemohon_id__in=orang) | Q(termohon_id__in=orang))
    elif nomor := nomor_registrasi_dari(q):
        qs = qs.filter(nomor_registrasi=nomor)
    elif q:
        qs = qs.filter(Q(pemohon__nama__icontains=q) | Q(termohon__nama__icontains=q))
    return qs


def _layanan_terbit(request):
    """Published SOP versions of this office (every SOP, with or without a letter)."""
    qs = VersiSop.objects.terbit().select_related("sop")
    if request.instansi is not None:
        qs = qs.filter(sop__kabupaten=request.instansi.kabupaten)
    return qs


@login_required
def baru(request):
    """ "Layanan baru": every SOP by bidang; start those whose first office step is yours."""
    pegawai_atau_404(request)
    kelompok = {}
    boleh_satu = False
    for versi in _layanan_terbit(request).prefetch_related("langkah__pelaksana", "peta_jabatan__jabatan"):
        if versi.tanpa_langkah or not mesin.daftar(versi):
            alasan = "Tabel langkah SOP ini belum ada; lengkapi langkahnya di admin SOP."
            boleh = False
        else:
            boleh = aksi.boleh_mulai(versi, request.user)
            alasan = (
                ""
                if boleh
                else "Dimulai oleh: " + ", ".join(j.nama for j in mesin.pencatat(versi, mesin.langkah_mulai(versi)))
            )
        boleh_satu |= boleh
        kelompok.setdefault(versi.bidang or "Lainnya", []).append({"v": versi, "boleh": boleh, "alasan": alasan})
    return render(request, "layanan/baru_pilih.html", {"kelompok": sorted(kelompok.items()), "boleh_satu": boleh_satu})


def _prefill(nik):
    orang = Orang.objects.filter(nik=nik).select_related("desa__kecamatan").order_by("-pk").first()
    return _orang_initial(orang) if orang else None


@login_required
def baru_form(request, kode):
    pegawai_atau_404(request)
    versi = get_object_or_404(_layanan_terbit(request).prefetch_related("persyaratan", "isian_tambahan"), sop__kode=kode)
    if not aksi.boleh_mulai(versi, request.user):
        catat_ditolak(request, Aksi.DAFTAR, objek=request.path, keterangan="bukan pelaksana langkah pertama")
        raise Http404("Layanan ini dimulai oleh pelaksana langkah pertamanya.")
    if versi.internal:
        return _mulai_internal(request, versi)
    kode_wilayah = request.instansi.kode_wilayah if request.instansi else ""
    ditemukan = None
    initial = {}
    nik_cari = ""
    mendaftar = request.method == "POST" and "cari_nik" not in request.POST
    if request.method == "POST" and not mendaftar:
        # The returning-applicant search is POSTed so the NIK stays out of the URL.
        nik_cari = request.POST.get("cari_nik", "").strip()[:16]
        if nik_cari:
            initial = _prefill(nik_cari) or {}
            ditemukan = bool(initial)
            initial.setdefault("nik", nik_cari)
            keterangan = "pemohon lama ditemukan" if ditemukan else "tidak ditemukan"
            catat(Aksi.ISI_DARI_NIK, request=request, nik=nik_cari, objek=f"layanan {kode}", keterangan=keterangan)
    post = request.POST if mendaftar else None
    files = request.FILES if mendaftar else None
    untuk_organisasi = penerbitan.untuk_organisasi(versi.jenis_surat)
    organisasi_form = forms.OrganisasiForm(post, prefix="organisasi") if untuk_organisasi else None
    pemohon_form = forms.OrangForm(post, prefix="pemohon", initial=initial, kode_wilayah=kode_wilayah)
    termohon_form = forms.OrangForm(post, prefix="termohon", kode_wilayah=kode_wilayah)
    kunci = request.POST.get("kunci", "") if mendaftar else ""
    simpanan = _titipan_dipakai(request, kunci, versi) if mendaftar else {}
    form = forms.PermohonanForm(
        post,
        files,
        versi=versi,
        organisasi=untuk_organisasi,
        titipan=simpanan,
        tersimpan=titipan.info(request, kunci),
    )
    if mendaftar:
        beda = not untuk_organisasi and request.POST.get("termohon_beda") == "on"
        valid = form.is_valid() & pemohon_form.is_valid() & (termohon_form.is_valid() if beda else True)
        valid &= organisasi_form.is_valid() if organisasi_form else True
        sudah = Permohonan.objects.filter(kunci_form=kunci).first() if kunci else None
        if sudah is not None:
            return _sudah_terkirim(request, sudah)
        if valid:
            organisasi = organisasi_form.organisasi_data() if organisasi_form else None
            orang_forms = [("pemohon", pemohon_form)] + ([("termohon", termohon_form)] if beda else [])
            catatan_nik = [f.catatan_beda_nik(peran) for peran, f in orang_forms]
            try:
                permohonan = _daftarkan(
                    request.user,
                    versi,
                    pemohon_form.orang_data(),
                    termohon_form.orang_data() if beda else None,
                    form.cleaned_data.get("hubungan", ""),
                    form.cleaned_data["keperluan"],
                    form.isian(nama_organisasi=organisasi["nama"] if organisasi else ""),
                    form.dokumen(),
                    kode_wilayah,
                    kunci_form=kunci,
                    organisasi=organisasi,
                    catatan_nik=[c for c in catatan_nik if c],
                )
            except IntegrityError:
                return _sudah_terkirim(request, Permohonan.objects.get(kunci_form=kunci))
            finally:
                for berkas in simpanan.values():
                    berkas.close()
            titipan.selesai(request, kunci)
            kurang = form.kurang()
            if kurang and permohonan.status == Status.VERIFIKASI:
                permohonan = aksi.jalankan(
                    permohonan.pk,
                    request.user,
                    "kembalikan",
                    kurang=kurang,
                    catatan="Berkas kurang saat pendaftaran.",
                )
                messages.warning(
                    request,
                    "Permohonan didaftarkan tetapi berkas belum lengkap; "
                    "cetak pemberitahuan kekurangan berkas untuk pemohon.",
                )
            else:
                messages.success(request, f"Permohonan {permohonan.nomor_registrasi} terdaftar.")
            # Shown to the clerk once; afterwards it is only on the printed receipt.
            messages.info(
                request,
                f"Kode lacak untuk pemohon: {lacak_kode.tampil(permohonan.kode_lacak)} "
                "(tercetak di tanda terima; berikan kepada pemohon).",
            )
            return redirect("layanan:detail", nomor=permohonan.nomor_registrasi)
        for berkas in simpanan.values():
            berkas.close()
        baru_disimpan = form.unggahan_sah()
        titipan.simpan(request, kunci, baru_disimpan)
        form.tersimpan = titipan.info(request, kunci)
        pesan = "Periksa kembali isian yang ditandai merah."
        if form.tersimpan:
            pesan += " Pindaian yang sudah dipilih tetap terlampir."
        messages.error(request, pesan)
    return render(
        request,
        "layanan/baru_form.html",
        {
            "versi": versi,
            "form": form,
            "pemohon_form": pemohon_form,
            "termohon_form": termohon_form,
            "organisasi_form": organisasi_form,
            "ditemukan": ditemukan,
            "boleh_registri": boleh_registri(request.user),
            "nik_cari": nik_cari,
        },
    )


def _mulai_internal(request, versi):
    """The start form of an internal procedure: perihal and an optional attachment."""
    form = forms.MulaiInternalForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        kunci = request.POST.get("kunci", "")
        sudah = Permohonan.objects.filter(kunci_form=kunci).first() if kunci else None
        if sudah is not None:
            return _sudah_terkirim(request, sudah)
        if form.is_valid():
            try:
                permohonan = aksi.mulai_internal(
                    request.user, versi, form.cleaned_data["keperluan"], form.cleaned_data.get("lampiran"), kunci_form=kunci
                )
            except aksi.AksiGagal as exc:
                messages.error(request, str(exc))
            except IntegrityError:
                return _sudah_terkirim(request, Permohonan.objects.get(kunci_form=kunci))
            else:
                messages.success(request, f"{versi.nama} dimulai: {permohonan.nomor_registrasi}.")
                return redirect("layanan:detail", nomor=permohonan.nomor_registrasi)
        else:
            messages.error(request, "Periksa kembali isian yang ditandai merah.")
    return render(request, "layanan/mulai_internal.html", {"versi": versi, "form": form})


def _titipan_dipakai(request, kunci, versi):
    """The kept scans of this form, after dropping those the clerk chose to remove. A newly
    chosen file takes a kept one's place only if it passes its checks (`titipan.simpan`)."""
    uploads = [f"berkas_{i}" for i in range(len(versi.persyaratan.all()))]
    titipan.lepas(request, kunci, [f for f in uploads if request.POST.get(f"lepas_{f}")])
    return titipan.buka(request, kunci)


@unggahan.hapus_bila_batal()
@transaction.atomic
def _daftarkan(user, *args, catatan_nik=(), **kwargs):
    """Register, and log the accepted NIK mismatches in the same transaction."""
    permohonan = aksi.daftarkan(user, *args, **kwargs)
    for catatan in catatan_nik:
        aksi.catat_beda_nik(permohonan, user, catatan)
    return permohonan


def _sudah_terkirim(request, permohonan):
    """A second submit of the same form opens the case the first one created."""
    messages.info(request, f"Formulir ini sudah terkirim: permohonan {permohonan.nomor_registrasi}.")
    return redirect("layanan:detail", nomor=permohonan.nomor_registrasi)


def _aksi_tersedia(permohonan, user, fakta_bertentangan=""):
    """The transitions this user may run now, with their forms."""
    result = []
    token = aksi.token_status(permohonan)
    alasan_survei = ""
    if permohonan.status == Status.TINJAU:
        survei = permohonan.survei.order_by("-dibuat_pada").first()
        alasan_survei = survei.catatan if survei else ""
    names = []
    for transition in permohonan.get_available_user_status_transitions(user):
        if transition.name == "putuskan":
            names += ["putuskan_ya", "putuskan_tidak"]
        else:
            names.append(transition.name)
    for name in names:
        if name in ("survei_layak", "lengkapi", "kembalikan") or name not in TOKEN_ACTIONS:
            continue
        form_class, label, style = TOKEN_ACTIONS[name]
        if name == "batalkan" and permohonan.status == Status.TERBIT:
            if permohonan.surat is not None and permohonan.surat.is_kolektif:
                continue  # one case cannot take the others' letter with it: revoke on the letter's page
            label = "Batalkan permohonan dan cabut surat"
        initial = {"token": token}
        if name == "tetapkan_tolak":
            initial["alasan"] = alasan_survei  # the survey's note is the proposed reason
        extra = {"tujuan": _tujuan_disposisi(permohonan)} if name == "disposisikan" else {}
        form = form_class(initial=initial, auto_id=f"id_{name}_%s", **extra)
        if name == "ajukan_konsep" and not fakta_bertentangan:
            del form.fields["alasan_registri"]
        if name == "tandatangani" and not tte.perlu_frasa_sandi(user):
            del form.fields["frasa_sandi"]  # signs wet: no passphrase to ask for
        result.append(
            {
                "nama": name,
                "label": label,
                "style": style,
                "form": form,
                "judul": JUDUL_AKSI.get(name, label),
                "konfirmasi": KONFIRMASI.get(name, ""),
            }
        )
    # A decision is one block: one note, a Ya button and a Tidak button (posting to its own URL).
    tidak = next((a for a in result if a["nama"] == "putuskan_tidak"), None)
    ya = next((a for a in result if a["nama"] == "putuskan_ya"), None)
    if ya and tidak:
        result.remove(tidak)
        ya["tombol_lain"] = [tidak]
    # The step forward first, sending back or cancelling after it.
    result.sort(key=lambda a: 0 if a["style"] in ("success", "primary", "danger") or a["nama"] == "putuskan_tidak" else 1)
    return result


def _tujuan_disposisi(permohonan):
    """The disposer's choice of addressee: the positions of the step the case goes to next."""
    versi = permohonan.versi_sop
    langkah = permohonan.langkah_kini
    if langkah is None:
        return []
    giliran = mesin.giliran_posisi(versi, langkah)
    if giliran and permohonan.giliran_ke + 1 < len(giliran):
        return []  # the next turn is fixed by the SOP
    nxt = mesin.berikut(versi, langkah)
    if nxt is None or mesin.giliran_posisi(versi, nxt):
        return []  # the next step's own giliran decides who acts first
    jabatan = mesin.pencatat(versi, nxt)
    return [(str(j.pk), j.nama) for j in jabatan] if len(jabatan) > 1 else []


def _ingat_jabatan(request):
    """One read of the user's positions (rangkap, Plt./Plh.) per page view."""
    pegawai = pegawai_of(request.user)
    return pegawai.ingat_jabatan() if pegawai is not None else contextlib.nullcontext()


@login_required
def detail(request, nomor):
    with _ingat_jabatan(request):
        return _detail(request, nomor)


def _detail(request, nomor):
    tujuan = halaman.url_jenis(nomor)
    if tujuan is not None:
        return redirect(tujuan)
    permohonan = buka_permohonan(request, nomor, Aksi.LIHAT_PERMOHONAN)
    permohonan.versi_sop.muat_struktur()
    token = aksi.token_status(permohonan)
    bisa = permohonan.bisa_bertindak(request.user)
    templat = aksi.templat_surat(permohonan)
    fakta, bertentangan = None, ""
    konsep_saya = permohonan.status == Status.KONSEP and bisa is not None
    if konsep_saya and templat and templat.fakta_registri:
        fakta = aksi.fakta_registri(permohonan, request.user)
        bertentangan = aksi.bertentangan(templat, fakta)
    elif templat and templat.fakta_registri and permohonan.fakta_registri:
        fakta = permohonan.fakta_registri
    riwayat = list(permohonan.riwayat.select_related("langkah"))
    context = {
        "p": permohonan,
        "token": token,
        "aksi_list": _aksi_tersedia(permohonan, request.user, bertentangan),
        "kembali": aksi.catatan_kembali(permohonan),
        "templat": templat,
        "fakta": fakta,
        "bertentangan": bertentangan,
        "revisi_baru": aksi.revisi_lebih_baru(permohonan) if konsep_saya else None,
        # A case correcting a revoked letter drafts again although it has a (revoked) letter.
        "boleh_pratinjau": bool(templat)
        and permohonan.status not in TANPA_SURAT
        and (permohonan.surat_id is None or permohonan.status in (Status.KONSEP, Status.PARAF, Status.TTD)),
        "dokumen": permohonan.dokumen.all(),
        "survei": permohonan.survei.select_related("petugas").prefetch_related("foto"),
        "riwayat": riwayat,
        "langkah_label": mesin.label(permohonan.langkah_kini),
        "langkah_output": permohonan.langkah_kini.output if permohonan.langkah_kini_id else "",
        "linimasa": linimasa(permohonan, riwayat),
        "bisa": bisa,
        "boleh_registri": boleh_registri(request.user),
        "boleh_cabut": permohonan.surat is not None
        and not permohonan.surat.dicabut
        and permohonan.boleh_cabut_surat(request.user),
    }
    if permohonan.kolektif_id:
        context["kolektif"] = list(permohonan.kolektif.anggota.select_related("pemohon", "termohon").order_by("pk"))
    elif permohonan.status == Status.KONSEP and context["bisa"] is not None:
        context["bisa_kolektif"] = aksi.templat_kolektif(permohonan.versi_sop)
    if permohonan.status == Status.VERIFIKASI and context["bisa"] is not None:
        context["kembalikan_form"] = forms.KembalikanForm(
            initial={"token": token}, pilihan=[p.nama for p in permohonan.versi_sop.persyaratan.all()]
        )
    context["batas_kekurangan"] = aksi.batas_kekurangan(permohonan)
    if permohonan.status == Status.DIKEMBALIKAN and context["bisa"] is not None:
        context["lengkapi_form"] = forms.LengkapiForm(initial={"token": token}, kurang=permohonan.berkas_kurang)
    if permohonan.status == Status.SURVEI:
        if context["bisa"] is not None:
            context["survei_form"] = forms.SurveiForm(initial={"token": token})
        if permohonan.boleh_batalkan(request.user) or context["bisa"] is not None:
            context["tugaskan_form"] = forms.TugaskanForm(kecamatan=permohonan.kecamatan)
    return render(request, "layanan/detail.html", context)


def _kirim(request, nomor, form, run, pesan, level=messages.SUCCESS):
    """Validate a case-action form, run the action, report the outcome, back to the case page."""
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    else:
        try:
            run(form.cleaned_data)
        except aksi.AksiGagal as exc:
            nama = request.resolver_match.kwargs.get("nama") or request.resolver_match.url_name
            catat_ditolak(request, Aksi.TINDAKAN, nomor=nomor, objek=nama, keterangan=str(exc))
            messages.error(request, str(exc))
        else:
            if level is not None:
                messages.add_message(request, level, pesan)
    return redirect("layanan:detail", nomor=nomor)


@login_required
@require_POST
@sensitive_post_parameters("frasa_sandi")
def jalankan(request, nomor, nama):
    permohonan = buka_permohonan(request, nomor, Aksi.TINDAKAN, objek=nama, baca=False)
    if nama not in TOKEN_ACTIONS:
        raise Http404("Tindakan tidak dikenal.")
    nama_aksi = nama
    extra = {}
    if nama in ("putuskan_ya", "putuskan_tidak"):
        nama_aksi = "putuskan"
    if nama == "disposisikan":
        extra["tujuan"] = _tujuan_disposisi(permohonan)

    def run(data):
        kwargs = {}
        if nama_aksi == "putuskan":
            kwargs["ya"] = nama == "putuskan_ya"
            kwargs["alasan"] = data.get("catatan") or ""
        if nama == "disposisikan" and data.get("tujuan"):
            kwargs["tujuan"] = int(data["tujuan"])
        if nama in ("tolak", "batalkan", "tetapkan_tolak"):
            kwargs["alasan"] = data["alasan"]
        if nama == "ajukan_konsep":
            kwargs["alasan_registri"] = data.get("alasan_registri", "")
        if nama == "teruskan":
            kwargs.update(tujuan=data["tujuan"], tanggal=data["tanggal"])
        if nama == "tandatangani":
            kwargs["frasa_sandi"] = data.get("frasa_sandi", "")
        aksi.jalankan(
            permohonan.pk,
            request.user,
            nama_aksi,
            token=data["token"],
            catatan=data.get("catatan") or data.get("alasan") or "",
            base_url=request.build_absolute_uri("/"),
            **kwargs,
        )

    return _kirim(request, nomor, TOKEN_ACTIONS[nama][0](request.POST, **extra), run, "Tindakan tersimpan.")


@login_required
@require_POST
def kembalikan(request, nomor):
    permohonan = buka_permohonan(request, nomor, Aksi.TINDAKAN, objek="kembalikan", baca=False)
    form = forms.KembalikanForm(request.POST, pilihan=[p.nama for p in permohonan.versi_sop.persyaratan.all()])

    def run(data):
        aksi.jalankan(
            permohonan.pk, request.user, "kembalikan", token=data["token"], catatan=data["catatan"], kurang=data["kurang"]
        )

    return _kirim(
        request, nomor, form, run, "Permohonan dikembalikan. Cetak pemberitahuan kekurangan berkas.", messages.WARNING
    )


@login_required
@require_POST
def lengkapi(request, nomor):
    permohonan = buka_permohonan(request, nomor, Aksi.TINDAKAN, objek="lengkapi", baca=False)
    form = forms.LengkapiForm(request.POST, request.FILES, kurang=permohonan.berkas_kurang)

    def run(data):
        hasil = aksi.lengkapi_berkas(permohonan.pk, request.user, data["token"], form.dokumen())
        if hasil.status == Status.DIKEMBALIKAN:
            messages.warning(
                request,
                "Berkas yang dibawa tersimpan. Masih kurang: " + ", ".join(hasil.berkas_kurang) + ". "
                "Cetak ulang pemberitahuan kekurangan berkas untuk pemohon.",
            )
        else:
            messages.success(request, "Berkas lengkap; permohonan kembali ke verifikasi.")

    return _kirim(request, nomor, form, run, "", level=None)


@login_required
@require_POST
def survei(request, nomor):
    permohonan = buka_permohonan(request, nomor, Aksi.TINDAKAN, objek="survei", baca=False)

    def run(data):
        aksi.catat_survei(
            permohonan.pk,
            request.user,
            data["token"],
            data["tanggal_kunjungan"],
            data["hasil"] == "layak",
            data["catatan"],
            [data["foto"]] if data.get("foto") else [],
        )

    return _kirim(request, nomor, forms.SurveiForm(request.POST, request.FILES), run, "Hasil survei tersimpan.")


@login_required
@require_POST
def tugaskan(request, nomor):
    permohonan = buka_permohonan(request, nomor, Aksi.TINDAKAN, objek="tugaskan", baca=False)

    def run(data):
        aksi.tugaskan_survei(permohonan.pk, request.user, data["petugas"])

    form = forms.TugaskanForm(request.POST, kecamatan=permohonan.kecamatan)
    return _kirim(request, nomor, form, run, "Petugas survei ditugaskan.")


@login_required
def dokumen(request, nomor, pk):
    """A scan, served only after the access check, and every view is recorded."""
    permohonan = buka_permohonan(request, nomor, Aksi.DOKUMEN, objek=f"dokumen {pk}", baca=False)
    doc = get_object_or_404(permohonan.dokumen, pk=pk)
    if not doc.berkas:
        raise Http404("Dokumen ini tidak memiliki pindaian.")
    catat_baca(request, Aksi.DOKUMEN, permohonan, objek=f"dokumen {doc.pk}: {doc.nama}")
    response = FileResponse(doc.berkas.open("rb"), content_type=doc.jenis_konten or "application/octet-stream")
    response["Content-Disposition"] = f'inline; filename="dokumen-{doc.pk}"'
    response["Cache-Control"] = "private, no-store"
    return response


JENIS_FOTO = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}


@login_required
def foto_survei(request, nomor, pk):
    """A survey photo, for whoever may see the case; every view is recorded like a scan's."""
    permohonan = buka_permohonan(request, nomor, Aksi.DOKUMEN, objek=f"foto survei {pk}", baca=False)
    foto = get_object_or_404(FotoSurvei.objects.filter(survei__permohonan=permohonan), pk=pk)
    catat_baca(request, Aksi.DOKUMEN, permohonan, objek=f"foto survei {foto.pk}")
    # The stored name's extension comes from the sniffed content (NamaAcak).
    jenis = JENIS_FOTO.get(foto.berkas.name.rsplit(".", 1)[-1], "application/octet-stream")
    response = FileResponse(foto.berkas.open("rb"), content_type=jenis)
    response["Content-Disposition"] = f'inline; filename="foto-survei-{foto.pk}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _pdf(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def tanda_terima(request, nomor):
    p = buka_permohonan(request, nomor, Aksi.TANDA_TERIMA)
    lacak_url = request.build_absolute_uri(reverse("layanan:lacak"))
    # The code rides in the fragment: browsers never send it, so it is in no server log.
    qr_url = f"{lacak_url}#{p.kode_lacak}"
    context = {
        "p": p,
        "dokumen": p.dokumen.all(),
        "lacak_url": lacak_url,
        "kode_lacak": lacak_kode.tampil(p.kode_lacak),
        "qr": penerbitan.qr_data_uri(qr_url),
    }
    pdf = penerbitan.render_dokumen("surat/tanda_terima.html", context)
    return _pdf(pdf, f"tanda-terima-{p.nomor_registrasi}.pdf")


@login_required
def pemberitahuan_kekurangan(request, nomor):
    p = buka_permohonan(request, nomor, Aksi.KEKURANGAN, baca=False)
    if not p.berkas_kurang:
        raise Http404("Permohonan ini tidak kekurangan berkas.")
    catat_baca(request, Aksi.KEKURANGAN, p)
    context = {"p": p, "batas": aksi.batas_kekurangan(p), "hari": settings.BATAS_KEKURANGAN_HARI}
    pdf = penerbitan.render_dokumen("surat/pemberitahuan_kekurangan.html", context)
    return _pdf(pdf, f"kekurangan-berkas-{p.nomor_registrasi}.pdf")


@login_required
def bukti_penyerahan(request, nomor):
    p = buka_permohonan(request, nomor, Aksi.BUKTI_PENYERAHAN, baca=False)
    if p.status != Status.DISERAHKAN:
        raise Http404("Surat belum diserahkan.")
    catat_baca(request, Aksi.BUKTI_PENYERAHAN, p)
    pdf = penerbitan.render_dokumen("surat/bukti_penyerahan.html", {"p": p})
    return _pdf(pdf, f"bukti-penyerahan-{p.nomor_registrasi}.pdf")


@login_required
def pratinjau_surat(request, nomor):
    p = buka_permohonan(request, nomor, Aksi.PRATINJAU, baca=False)
    if not p.versi_sop.jenis_surat:
        raise Http404("Layanan ini tidak menerbitkan surat.")
    if p.status in TANPA_SURAT:
        raise Http404("Permohonan ini ditolak atau dibatalkan; tidak ada surat yang akan terbit.")
    catat_baca(request, Aksi.PRATINJAU, p)
    try:
        pdf = penerbitan.pratinjau_pdf(aksi.data_surat(p, user=request.user), aksi.penandatangan_rencana(p))
    except penerbitan.SuratGagal as exc:
        messages.error(request, str(exc))
        return redirect("layanan:detail", nomor=p.nomor_registrasi)
    return _pdf(pdf, f"konsep-{p.nomor_registrasi}.pdf")


@login_required
def penolakan(request, nomor):
    """The surat penolakan for the applicant: the service, the reason, who decided."""
    p = buka_permohonan(request, nomor, Aksi.SURAT, objek="surat penolakan", baca=False)
    if p.status != Status.DITOLAK:
        raise Http404("Permohonan ini tidak ditolak.")
    catat_baca(request, Aksi.SURAT, p, objek="surat penolakan")
    keputusan = p.riwayat.filter(ke_status=Status.DITOLAK).last()
    pdf = penerbitan.render_dokumen("surat/penolakan.html", {"p": p, "keputusan": keputusan})
    return _pdf(pdf, f"penolakan-{p.nomor_registrasi}.pdf")


@login_required
def ubah(request, nomor):
    """The drafter corrects the case data and the letter's free paragraph before submission."""
    p = buka_permohonan(request, nomor, Aksi.LIHAT_PERMOHONAN, objek="ubah konsep")
    if p.status != Status.KONSEP or p.bisa_bertindak(request.user, Status.KONSEP) is None:
        catat_ditolak(request, Aksi.TINDAKAN, nomor=nomor, objek="ubah konsep", keterangan="bukan penyusun konsep")
        messages.error(request, "Data hanya dapat diperbaiki oleh penyusun konsep saat konsep surat disusun.")
        return redirect("layanan:detail", nomor=nomor)
    kode_wilayah = request.instansi.kode_wilayah if request.instansi else ""
    templat = aksi.templat_surat(p)
    post = request.POST if request.method == "POST" else None
    orang_forms = {
        peran: forms.OrangForm(post, prefix=peran, initial=_orang_initial(orang), kode_wilayah=kode_wilayah)
        for peran, orang in (("pemohon", p.pemohon), ("termohon", p.termohon))
        if orang is not None
    }
    initial = {"token": aksi.token_status(p), "keperluan": p.keperluan, "hubungan": p.hubungan}
    initial.update({"uraian_tambahan": p.uraian_tambahan, **{f"isian_{k}": v for k, v in p.isian.items()}})
    form = forms.KonsepForm(post, initial=initial, permohonan=p, uraian=bool(templat and "uraian_tambahan" in templat.isi))
    if post is not None:
        if all([form.is_valid()] + [f.is_valid() for f in orang_forms.values()]):
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    berubah = aksi.ubah_konsep(
                        p.pk,
                        request.user,
                        data["token"],
                        orang_forms["pemohon"].orang_data(),
                        orang_forms["termohon"].orang_data() if "termohon" in orang_forms else None,
                        data.get("hubungan", ""),
                        data["keperluan"],
                        form.isian(p.isian),
                        data.get("uraian_tambahan", p.uraian_tambahan),
                    )
                    for peran, f in orang_forms.items():
                        if f.catatan_beda_nik(peran):
                            aksi.catat_beda_nik(p, request.user, f.catatan_beda_nik(peran))
            except aksi.AksiGagal as exc:
                catat_ditolak(request, Aksi.TINDAKAN, nomor=nomor, objek="ubah konsep", keterangan=str(exc))
                messages.error(request, str(exc))
            else:
                pesan = "Konsep diperbaiki: " + ", ".join(berubah) + "." if berubah else "Tidak ada yang berubah."
                messages.success(request, pesan)
                return redirect("layanan:detail", nomor=nomor)
        else:
            messages.error(request, "Periksa kembali isian yang ditandai merah.")
    context = {"p": p, "form": form, "orang_forms": orang_forms, "kembali": aksi.catatan_kembali(p)}
    return render(request, "layanan/ubah_konsep.html", context)


@login_required
@require_POST
def templat_terbaru(request, nomor):
    permohonan = buka_permohonan(request, nomor, Aksi.TINDAKAN, objek="templat_terbaru", baca=False)

    def run(data):
        aksi.pakai_templat_terbaru(permohonan.pk, request.user, data["token"])

    form = forms.TokenForm(request.POST)
    return _kirim(request, nomor, form, run, "Konsep kini memakai templat surat terbaru.")


def _orang_initial(orang):
    if orang is None:
        return {}
    data = {f: getattr(orang, f) for f in forms.ORANG_FIELDS if f not in ("desa", "kecamatan")}
    return {**data, "desa": orang.desa_id, "kecamatan": orang.desa.kecamatan_id}


@login_required
def unduh_surat(request, nomor):
    p = buka_permohonan(request, nomor, Aksi.SURAT, baca=False)
    if p.surat is None:
        raise Http404("Surat belum terbit.")
    catat_baca(request, Aksi.SURAT, p, objek=f"surat {p.surat.nomor}")
    return _pdf(bytes(p.surat.pdf), f"{p.surat.jenis_surat}-{p.nomor_registrasi}.pdf")


@login_required
def unduh_surat_arsip(request, nomor):
    """The office's file copy, with the paraf table (never handed to the applicant)."""
    p = buka_permohonan(request, nomor, Aksi.SURAT, baca=False)
    if p.surat is None or not p.surat.sha256_arsip:
        raise Http404("Salinan arsip tidak ada.")
    catat_baca(request, Aksi.SURAT, p, objek=f"surat {p.surat.nomor} (salinan arsip)")
    return _pdf(bytes(p.surat.pdf_arsip), f"{p.surat.jenis_surat}-{p.nomor_registrasi}-arsip.pdf")


# -- issued letters: the letter's page, revoke, collective letters -----------------------

PERAN_AGENDA = {"fo", "sekretaris", "kadis"}
SURAT_TANPA_PDF = ("pdf", "pdf_arsip", "menggantikan__pdf", "menggantikan__pdf_arsip")


def _naskah_dari(surat):
    """The naskah dinas this letter issued, or None (a service letter)."""
    from persuratan.models import NaskahDinas

    return NaskahDinas.objects.filter(surat=surat).first()


def _surat_for_user(user, pk):
    """The letter and the cases it covers or corrects, if this staff member may see it."""
    pegawai = pegawai_of(user)
    if pegawai is None:
        raise Http404("Surat tidak ditemukan.")
    surat = get_object_or_404(Surat.objects.select_related("menggantikan").defer(*SURAT_TANPA_PDF), pk=pk)
    naskah = _naskah_dari(surat)
    if naskah is not None:
        # A naskah dinas (persuratan): its own rule, so a rahasia letter stays inside its chain.
        from persuratan.aksi import boleh_lihat_naskah

        if not boleh_lihat_naskah(naskah, pegawai):
            raise Http404("Surat tidak ditemukan.")
        return surat, []
    kasus = list(
        permohonan_terlihat(pegawai)
        .filter(Q(surat=surat) | Q(surat__menggantikan=surat))
        .select_related("versi_sop", "pemohon", "termohon")
        .order_by("pk")
    )
    if not kasus and pegawai.jabatan.peran not in PERAN_AGENDA:
        raise Http404("Surat tidak ditemukan.")
    return surat, kasus


def _halaman_surat(request, surat, kasus, form=None, status=200):
    context = {
        "s": surat,
        "kasus": kasus,
        "pengganti": surat.pengganti.defer("pdf", "pdf_arsip").order_by("pk"),
        "boleh_cabut": not surat.dicabut and aksi.boleh_cabut(surat, request.user),
        "form": form or forms.CabutSuratForm(),
    }
    return render(request, "layanan/surat_detail.html", context, status=status)


@login_required
def surat_detail(request, pk):
    """The letter's page: its facts, the cases it covers, corrections, and "Cabut" for the signer."""
    surat, kasus = _surat_dicatat(request, pk, Aksi.SURAT)
    return _halaman_surat(request, surat, kasus)


def _surat_dicatat(request, pk, aksi_log, baca=True):
    """`_surat_for_user` that writes the access log: the read (with the letter's subject), or the refusal."""
    try:
        surat, kasus = _surat_for_user(request.user, pk)
    except Http404:
        catat_ditolak(request, aksi_log, objek=f"surat id {pk}", keterangan="tidak berwenang atau tidak ada")
        raise
    if baca:
        nomor = ", ".join(p.nomor_registrasi for p in kasus)
        catat(aksi_log, request=request, nomor=nomor, objek=f"surat {surat.nomor}", nik=surat.nik_subjek)
    return surat, kasus


@login_required
def surat_pdf(request, pk):
    surat, _ = _surat_dicatat(request, pk, Aksi.SURAT)
    pdf = Surat.objects.values_list("pdf", flat=True).get(pk=surat.pk)
    return _pdf(bytes(pdf), f"{surat.jenis_surat}-{surat.pk}.pdf")


@login_required
@require_POST
def cabut_surat(request, pk):
    """Revoke: only the signer's level of the letter's service; an IT admin is refused."""
    if pegawai_of(request.user) is None:
        catat_ditolak(request, Aksi.TINDAKAN, objek=f"cabut surat id {pk}", keterangan="bukan pejabat penandatangan")
        pesan = "Pencabutan surat adalah keputusan pejabat penandatangan, bukan admin aplikasi."
        return render(request, "layanan/ditolak.html", {"pesan": pesan}, status=403)
    surat, kasus = _surat_dicatat(request, pk, Aksi.TINDAKAN, baca=False)
    if not surat.dicabut and not aksi.boleh_cabut(surat, request.user):
        catat_ditolak(request, Aksi.TINDAKAN, objek=f"cabut surat {surat.nomor}", keterangan="bukan pejabat penandatangan")
        pesan = (
            "Pencabutan surat adalah keputusan pejabat penandatangan (Kepala Dinas, Sekretaris atas nama "
            "Kepala Dinas, atau Plt./Plh.)."
        )
        return render(request, "layanan/ditolak.html", {"pesan": pesan}, status=403)
    form = forms.CabutSuratForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return _halaman_surat(request, surat, kasus, form, status=400)
    try:
        aksi.cabut_surat(surat.pk, request.user, form.cleaned_data["alasan"], form.cleaned_data["tindak_lanjut"])
    except aksi.AksiGagal as exc:
        catat_ditolak(request, Aksi.TINDAKAN, objek=f"cabut surat {surat.nomor}", keterangan=str(exc))
        messages.error(request, str(exc))
        return _halaman_surat(request, surat, kasus, form, status=409)
    if form.cleaned_data["tindak_lanjut"] == aksi.TindakLanjut.PERBAIKI:
        messages.success(request, f"Surat {surat.nomor} dicabut. Permohonan kembali ke tahap konsep untuk pembetulan.")
    else:
        messages.success(request, f"Surat {surat.nomor} dicabut.")
    return redirect("layanan:surat_detail", pk=surat.pk)


@login_required
def kolektif(request, kode):
    """The drafter selects cases of one SOP waiting at konsep for one letter with a lampiran."""
    pegawai_atau_404(request)
    versi = get_object_or_404(_layanan_surat(request), sop__kode=kode)
    if not aksi.templat_kolektif(versi):
        raise Http404("Layanan ini tidak menerbitkan surat kolektif.")
    calon = aksi.calon_kolektif(versi, request.user)
    form = forms.KolektifForm(request.POST or None, calon=calon)
    if request.method == "POST":
        if form.is_valid():
            try:
                hasil = aksi.buat_kolektif(request.user, form.cleaned_data["pilih"])
            except aksi.AksiGagal as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"Surat kolektif {hasil.kode} dibuat untuk {hasil.anggota.count()} permohonan.")
                return redirect("layanan:detail", nomor=hasil.anggota.order_by("pk").first().nomor_registrasi)
        else:
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return render(request, "layanan/kolektif.html", {"versi": versi, "calon": calon, "form": form})


@login_required
@require_POST
def keluar_kolektif(request, nomor):
    permohonan = buka_permohonan(request, nomor, Aksi.TINDAKAN, objek="keluar_kolektif", baca=False)
    try:
        aksi.keluarkan_kolektif(permohonan.pk, request.user)
    except aksi.AksiGagal as exc:
        catat_ditolak(request, Aksi.TINDAKAN, nomor=nomor, objek="keluar_kolektif", keterangan=str(exc))
        messages.error(request, str(exc))
    else:
        messages.success(request, "Permohonan dikeluarkan dari surat kolektif; suratnya kini dibuat sendiri.")
    return redirect("layanan:detail", nomor=nomor)


@require_http_methods(["GET", "POST"])
def lacak(request):
    """Public tracking by the code on the receipt: status and dates only, rate-limited per address."""
    form = forms.LacakForm(request.POST or None)
    hasil = None
    if request.method == "POST":
        if not batas_lacak.boleh(request):
            form.add_error(None, batas_lacak.pesan())
            return render(request, "layanan/lacak.html", {"form": form}, status=429)
        if form.is_valid():
            hasil = Permohonan.objects.filter(kode_lacak=form.cleaned_data["kode"]).first()
            if hasil is None:
                form.add_error("kode", "Kode lacak tidak ditemukan. Periksa kembali kode pada tanda terima.")
    # Phase changes only: a survey assignment or the second paraf is not a new phase.
    riwayat = hasil.riwayat.exclude(dari_status=F("ke_status")).only("waktu", "ke_status") if hasil else []
    context = {"form": form, "hasil": hasil, "riwayat": riwayat, "batas": aksi.batas_kekurangan(hasil) if hasil else None}
    return render(request, "layanan/lacak.html", context)


@login_required
def kinerja(request):
    pegawai_atau_404(request)
    return render(request, "layanan/kinerja.html", {"baris": kinerja_layanan(), "langkah": langkah_terlambat()})


@login_required
@require_POST
def cek_registri(request):
    """htmx partial: DTKS / PBI membership and earlier cases for a NIK (every query logged).

    POSTed, never GET: the NIK comes from the registration form, or the case page sends only
    the case number and the subject's NIK is read here.
    """
    from registri.cari import cek_nik

    if not boleh_registri(request.user):
        catat_ditolak(request, Aksi.CEK_REGISTRI, keterangan="peran tidak boleh memeriksa data registri")
        raise Http404("Halaman tidak ditemukan.")
    saring = forms.CekRegistriForm(request.POST)
    if not saring.is_valid():
        pesan = " ".join(e for errors in saring.errors.values() for e in errors)
        return render(request, "layanan/_registri.html", {"pesan": pesan}, status=400)
    kecuali = ""
    versi_id = saring.cleaned_data["versi"]
    if request.POST.get("permohonan"):
        p = buka_permohonan(request, request.POST["permohonan"][:40], Aksi.CEK_REGISTRI, baca=False)
        if p.subjek is None:
            return render(request, "layanan/_registri.html", {"pesan": "Prosedur internal: tidak ada data warga."})
        nik, kecuali, versi_id = p.subjek.nik, p.nomor_registrasi, p.versi_sop_id
    else:
        raw = request.POST.get("nik") or request.POST.get("pemohon-nik", "")
        nik = "".join(ch for ch in raw[:40] if ch in "0123456789")
    if len(nik) != 16:
        return render(request, "layanan/_registri.html", {"pesan": "Isi NIK 16 angka untuk memeriksa."})
    hasil = cek_nik(nik, request.user, request=request, nomor=kecuali)
    versi = VersiSop.objects.filter(pk=versi_id).first() if versi_id else None
    orang = Orang.objects.filter(nik=nik).values("pk")
    sebelumnya = (
        (
            permohonan_terlihat(request.user.pegawai)
            .filter(Q(pemohon__in=orang) | Q(termohon__in=orang))
            .exclude(nomor_registrasi=kecuali)
            .select_related("versi_sop")
            .order_by("-dibuat_pada")[:10]
        )
        if pegawai_of(request.user)
        else []
    )
    return render(
        request,
        "layanan/_registri.html",
        {
            "h": hasil,
            "sebelumnya": sebelumnya,
            "larangan_ganda": versi is not None and versi.larangan_ganda_pbi,
        },
    )
