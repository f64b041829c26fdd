"""Complaint pages: the public form and status page, the staff list, page and actions, the recap."""

import contextlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit.models import Aksi
from audit.models import catat as catat_log
from dinsos.batas import alamat, lewat_batas
from layanan import aksi as kasus
from layanan import langkah as mesin
from layanan.akses import catat_ditolak, pegawai_atau_404, pegawai_of
from layanan.models import AKTIF, SELESAI
from pengaduan import aksi, forms, rekap
from pengaduan.akses import get_pengaduan_for_user, identitas, pengaduan_terlihat, tandai_penanganan
from pengaduan.models import Lampiran, Pengaduan, Saluran, Tanggapan

SESI_BARU = "pengaduan_baru"
SESI_PUBLIK = "pengaduan_publik"
SESI_SURAT = "pengaduan_surat_balasan"  # what was typed, kept for the form after a refusal
PER_HALAMAN = 50
PESAN_BATAS_KIRIM = "Terlalu banyak pengaduan terkirim dari alamat Anda dalam satu jam. Silakan coba lagi nanti."
PESAN_BATAS_KODE = "Terlalu banyak percobaan kode yang salah dari alamat Anda. Silakan coba lagi satu menit lagi."


def _batas(nama, default):
    return getattr(settings, nama, default)


# -- public ---------------------------------------------------------------------------


def kirim(request):
    """The public complaint form (no login): honeypot and a per-address limit, no captcha service."""
    form = forms.PengaduanPublikForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if lewat_batas("pengaduan-kirim", request, _batas("PENGADUAN_BATAS_KIRIM", 5), 3600):
            form.add_error(
                None, "Terlalu banyak pengaduan terkirim dari alamat Anda dalam satu jam. Silakan coba lagi nanti."
            )
            return render(request, "pengaduan/kirim.html", {"form": form}, status=429)
        if form.is_valid():
            if form.cleaned_data["situs"]:
                # A robot filled the hidden field: answer like a success, store nothing.
                return redirect("pengaduan:tanda_terima")
            try:
                pengaduan, kode = aksi.buat(
                    aksi.pengguna_web(),
                    Saluran.WEB,
                    form.data_pengaduan(),
                    form.cleaned_data["lampiran"],
                    kabupaten=_kabupaten(request),
                )
            except aksi.AksiGagal as exc:
                form.add_error(None, str(exc))
            else:
                request.session[SESI_BARU] = {"tiket": pengaduan.nomor_tiket, "kode": kode}
                return redirect("pengaduan:tanda_terima")
    return render(request, "pengaduan/kirim.html", {"form": form}, status=400 if form.errors else 200)


def _kabupaten(request):
    instansi = getattr(request, "instansi", None)
    return instansi.kabupaten if instansi else None


def tanda_terima(request):
    """The ticket and its secret code, shown once (the session forgets the code)."""
    baru = request.session.pop(SESI_BARU, None)
    return render(request, "pengaduan/tanda_terima.html", {"baru": baru, "kode_tampil": _tampil(baru)})


def _tampil(baru):
    from layanan import lacak_kode

    return lacak_kode.tampil(baru["kode"]) if baru else ""


def _kode_terkunci(request):
    maks = _batas("PENGADUAN_BATAS_KODE", 5)
    return (cache.get(f"batas:pengaduan-kode:{alamat(request)}") or 0) >= maks


def cek(request):
    """Ticket + code: the same answer for a wrong code and an unknown ticket; wrong codes limited per address."""
    form = forms.CekForm(request.POST or None)
    if request.method == "POST":
        if _kode_terkunci(request):
            form.add_error(
                None, "Terlalu banyak percobaan kode yang salah dari alamat Anda. Silakan coba lagi satu menit lagi."
            )
            return render(request, "pengaduan/cek.html", {"form": form}, status=429)
        if form.is_valid():
            pengaduan = Pengaduan.objects.filter(nomor_tiket=form.cleaned_data["tiket"]).first()
            if pengaduan is not None and pengaduan.cocok_kode(form.cleaned_data["kode"]):
                request.session[SESI_PUBLIK] = pengaduan.pk
                return redirect("pengaduan:status")
            lewat_batas("pengaduan-kode", request, _batas("PENGADUAN_BATAS_KODE", 5), 60)
            form.add_error(None, "Nomor tiket atau kode rahasia tidak cocok.")
    return render(request, "pengaduan/cek.html", {"form": form}, status=400 if form.errors else 200)


def _pengaduan_publik(request):
    pk = request.session.get(SESI_PUBLIK)
    pengaduan = Pengaduan.objects.select_related("permohonan", "kategori").filter(pk=pk).first() if pk is not None else None
    if pengaduan is None:
        raise Http404("Buka status pengaduan dengan nomor tiket dan kode rahasia.")
    return pengaduan


def status(request):
    """What the complainant sees: status, public replies by jabatan only, own additions; never notes, NIK or names."""
    pengaduan = _pengaduan_publik(request)
    tanggapan = pengaduan.tanggapan.filter(jenis__in=[Tanggapan.Jenis.JAWABAN, Tanggapan.Jenis.PELAPOR]).select_related(
        "jabatan"
    )
    context = {
        "a": pengaduan,
        "tanggapan": tanggapan,
        "info_form": forms.TambahInfoForm(),
        "nilai_form": forms.NilaiForm(initial={"nilai": pengaduan.nilai}),
        "buka_form": forms.BukaKembaliForm(),
        "boleh_buka": pengaduan.boleh_buka_kembali(),
        "boleh_nilai": pengaduan.dijawab_pada is not None or pengaduan.ditutup_pada is not None,
        "selesai": pengaduan.permohonan.is_selesai,
        "surat": _surat_terbit(pengaduan),
    }
    return render(request, "pengaduan/status.html", context)


def _surat_terbit(pengaduan):
    """The issued reply letters of a complaint, without their PDFs."""
    from surat.models import Surat

    return list(
        Surat.objects.filter(naskah_dinas__pengaduan=pengaduan)
        .only("pk", "nomor", "tanggal", "dicabut", "naskah_dinas__hal")
        .select_related("naskah_dinas")
        .order_by("pk")
    )


def status_surat(request, pk):
    """The applicant copy of a reply letter, to whoever opened the complaint with ticket and code.

    Keyed by the complaint in the session (set only by `cek`, which limits wrong codes) and
    limited per address like the code check; a letter of another complaint is a 404.
    """
    pengaduan = _pengaduan_publik(request)
    if lewat_batas("pengaduan-unduh", request, _batas("PENGADUAN_BATAS_UNDUH", 20), 60):
        return HttpResponse("Terlalu banyak unduhan dari alamat Anda. Silakan coba lagi satu menit lagi.", status=429)
    from surat.models import Surat

    surat = Surat.objects.filter(pk=pk, naskah_dinas__pengaduan=pengaduan, dicabut=False).only("pk", "nomor", "pdf").first()
    if surat is None:
        raise Http404("Surat tidak ditemukan.")
    catat_log(Aksi.SURAT, request=request, pelaku="Pelapor", nomor=pengaduan.nomor_tiket, objek=f"surat {surat.nomor}")
    resp = HttpResponse(bytes(surat.pdf), content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="jawaban-{pengaduan.nomor_tiket}.pdf"'
    resp["Cache-Control"] = "private, no-store"
    return resp


@require_POST
def status_aksi(request, nama):
    pengaduan = _pengaduan_publik(request)
    formulir = {"info": forms.TambahInfoForm, "nilai": forms.NilaiForm, "buka": forms.BukaKembaliForm}.get(nama)
    if formulir is None:
        raise Http404
    form = formulir(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("pengaduan:status")
    d = form.cleaned_data
    if nama == "info" and pengaduan.permohonan.is_selesai:
        messages.error(request, "Pengaduan sudah selesai. Bila belum tuntas, minta pengaduan dibuka kembali.")
        return redirect("pengaduan:status")
    try:
        if nama == "info":
            aksi.tambah_info(pengaduan, d["teks"], d["lampiran"])
            messages.success(request, "Keterangan tambahan terkirim.")
        elif nama == "nilai":
            aksi.beri_nilai(pengaduan.pk, d["nilai"], d["catatan"])
            messages.success(request, "Terima kasih atas penilaian Anda.")
        else:
            aksi.buka_kembali(pengaduan.pk, d["alasan"])
            messages.success(request, "Pengaduan dibuka kembali dan dikembalikan kepada petugas yang menanganinya.")
    except aksi.AksiGagal as exc:
        messages.error(request, str(exc))
    return redirect("pengaduan:status")


# -- staff ----------------------------------------------------------------------------


def _ingat(pegawai):
    return pegawai.ingat_jabatan() if pegawai is not None else contextlib.nullcontext()


@login_required
def daftar(request):
    pegawai = pegawai_atau_404(request)
    with _ingat(pegawai):
        saring = forms.SaringForm(request.GET)
        if not saring.is_valid():
            saring = forms.SaringForm({})
            saring.is_valid()
        data = saring.cleaned_data
        qs = pengaduan_terlihat(pegawai)
        q = data.get("q", "").strip()
        if q:
            qs = qs.filter(Q(nomor_tiket__iexact=q) | Q(nomor_lapor__iexact=q) | Q(judul__icontains=q))
        status = data.get("status") or "aktif"
        sekarang = timezone.now()
        if status == "aktif":
            qs = qs.filter(permohonan__status__in=AKTIF)
        elif status == "selesai":
            qs = qs.filter(permohonan__status__in=SELESAI)
        elif status == "terlambat":
            qs = qs.filter(permohonan__status__in=AKTIF, permohonan__batas_waktu__lt=sekarang)
        halaman = data.get("halaman") or 1
        qs = qs.select_related("kategori", "permohonan__jabatan_giliran", "permohonan__langkah_kini")
        baris = list(qs.order_by("-dibuat_pada", "-pk")[(halaman - 1) * PER_HALAMAN : halaman * PER_HALAMAN + 1])
        ada_berikut = len(baris) > PER_HALAMAN
        baris = tandai_penanganan(baris[:PER_HALAMAN], request.user, pegawai)
        baris = [(a, identitas(a)) for a in baris]
        bawahan = _terlambat_bawahan(pegawai, sekarang)
        context = {
            "baris": baris,
            "bawahan": bawahan,
            "status": status,
            "q": q,
            "halaman": halaman,
            "ada_berikut": ada_berikut,
            "sekarang": sekarang,
            "boleh_catat": aksi.boleh_mencatat(pegawai, _kabupaten(request)),
        }
        return render(request, "pengaduan/daftar.html", context)


def _terlambat_bawahan(pegawai, sekarang, jumlah=20):
    """Overdue complaints waiting for a position directly under one of this person's (most overdue first)."""
    from dinsos.models import Jabatan

    bawahan = list(Jabatan.objects.filter(atasan_id__in=list(pegawai.jabatan_ids())).values_list("pk", flat=True))
    if not bawahan:
        return []
    return list(
        Pengaduan.objects.filter(
            permohonan__jabatan_giliran_id__in=bawahan,
            permohonan__status__in=AKTIF,
            permohonan__batas_waktu__lt=sekarang,
        )
        .select_related("permohonan__jabatan_giliran", "kategori")
        .order_by("permohonan__batas_waktu")[:jumlah]
    )


@login_required
def baru(request):
    """The counter records a complaint (loket, telepon, WhatsApp, SP4N-LAPOR!)."""
    pegawai = pegawai_atau_404(request)
    if not aksi.boleh_mencatat(pegawai, _kabupaten(request)):
        catat_ditolak(request, Aksi.HALAMAN_PETUGAS, objek=request.path, keterangan="bukan pencatat pengaduan")
        raise Http404("Halaman ini untuk petugas pencatat pengaduan.")
    form = forms.PengaduanPetugasForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            pengaduan, kode = aksi.buat(
                request.user,
                form.cleaned_data["saluran"],
                form.data_pengaduan(),
                form.cleaned_data["lampiran"],
                kabupaten=_kabupaten(request),
            )
        except aksi.AksiGagal as exc:
            form.add_error(None, str(exc))
        else:
            request.session[SESI_BARU] = {"tiket": pengaduan.nomor_tiket, "kode": kode}
            return redirect("pengaduan:tanda_terima")
    return render(request, "pengaduan/baru.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def detail(request, nomor):
    pegawai = pegawai_atau_404(request)
    with _ingat(pegawai):
        a = get_pengaduan_for_user(request.user, nomor)
        # Every read of a complaint is logged, with the people's NIK only when this reader sees them.
        catat_log(
            Aksi.LIHAT_PERMOHONAN,
            request=request,
            nomor=a.nomor_tiket,
            objek="pengaduan",
            nik=a.nik_pelapor if a.ditangani else "",
            nik_lain=a.nik_terkait,
        )
        p = a.permohonan
        versi = p.versi_sop
        versi.muat_struktur()
        bisa = p.bisa_bertindak(request.user) is not None
        token = kasus.token_status(p)
        context = {
            "a": a,
            "p": p,
            "ident": identitas(a),
            "tanggapan": list(a.tanggapan.select_related("jabatan", "oleh__pegawai")),
            "lampiran": list(a.lampiran.all()),
            "riwayat": list(p.riwayat.select_related("langkah")),
            "langkah_label": mesin.label(p.langkah_kini),
            "bisa": bisa,
            "surat_balasan": list(a.surat_balasan.select_related("surat").defer("surat__pdf", "surat__pdf_arsip")),
        }
        if bisa:
            context["tindak_form"] = forms.TindakForm(initial={"token": token}, tujuan=aksi.tujuan_disposisi(p))
            context["nama_aksi"] = aksi.aksi_langkah(p)
            context["menutup"] = aksi.menutup(p)
            context["catat_form"] = forms.CatatForm(initial={"jenis": "internal"})
            context["triase_form"] = forms.TriaseForm(
                initial={
                    "kategori": a.kategori_id,
                    "prioritas": a.prioritas,
                    "nik_terkait": a.nik_terkait,
                    "nomor_permohonan": a.permohonan_terkait.nomor_registrasi if a.permohonan_terkait else "",
                }
            )
            if aksi.boleh_jawab_surat(a, p):
                context["surat_form"] = forms.SuratBalasanForm(initial={"teks": request.session.pop(SESI_SURAT, "")})
                context["surat_terbuka"] = next((n for n in context["surat_balasan"] if n.surat_id is None), None)
            if p.status in ("verifikasi", "disposisi"):
                context["tolak_form"] = forms.TolakForm(initial={"token": token})
        return render(request, "pengaduan/detail.html", context)


LABEL_TOMBOL = {
    "verifikasi_berkas": "Pengaduan diterima, lanjutkan",
    "disposisikan": "Disposisikan",
    "survei_layak": "Kunjungan lapangan selesai, lanjutkan",
    "catat_jawaban": "Jawaban instansi lain dicatat, lanjutkan",
    "serahkan": "Jawaban disampaikan, lanjutkan",
    "selesaikan_langkah": "Langkah selesai, lanjutkan",
}


def _jalankan_form(request, nomor, form, run, pesan):
    with _ingat(pegawai_of(request.user)):
        get_pengaduan_for_user(request.user, nomor)
        if not form.is_valid():
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        else:
            try:
                run(form.cleaned_data)
            except aksi.AksiGagal as exc:
                catat_ditolak(request, Aksi.TINDAKAN, nomor=nomor, keterangan=str(exc))
                messages.error(request, str(exc))
            else:
                messages.success(request, pesan)
    return redirect("pengaduan:detail", nomor=nomor)


@login_required
@require_POST
def tindak(request, nomor):
    a = get_pengaduan_for_user(request.user, nomor)
    form = forms.TindakForm(request.POST, tujuan=aksi.tujuan_disposisi(a.permohonan))
    return _jalankan_form(
        request,
        nomor,
        form,
        lambda d: aksi.tindak(a.pk, request.user, d["token"], d["catatan"], d["jawaban"], d.get("tujuan")),
        "Langkah pengaduan tercatat.",
    )


@login_required
@require_POST
def catat(request, nomor):
    a = get_pengaduan_for_user(request.user, nomor)
    return _jalankan_form(
        request,
        nomor,
        forms.CatatForm(request.POST),
        lambda d: aksi.catat(a.pk, request.user, d["jenis"], d["teks"], d["instansi"]),
        "Tanggapan tersimpan.",
    )


@login_required
@require_POST
def surat_balasan(request, nomor):
    """Answer with a letter: start a Surat Dinas in persuratan and open it for review and paraf."""
    with _ingat(pegawai_of(request.user)):
        a = get_pengaduan_for_user(request.user, nomor)
        form = forms.SuratBalasanForm(request.POST)
        if form.is_valid():
            try:
                naskah = aksi.mulai_surat_balasan(a.pk, request.user, form.cleaned_data["teks"])
            except aksi.AksiGagal as exc:
                catat_ditolak(request, Aksi.TINDAKAN, nomor=nomor, keterangan=str(exc))
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Konsep surat balasan tersimpan. Periksa pratinjau, lalu ajukan untuk diparaf.")
                return redirect("persuratan:naskah", naskah.pk)
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        request.session[SESI_SURAT] = request.POST.get("teks", "")[:5000]
    return redirect(f"{reverse('pengaduan:detail', args=[nomor])}#surat-balasan")


@login_required
@require_POST
def tolak(request, nomor):
    a = get_pengaduan_for_user(request.user, nomor)
    return _jalankan_form(
        request,
        nomor,
        forms.TolakForm(request.POST),
        lambda d: aksi.tolak(a.pk, request.user, d["token"], d["alasan"]),
        "Pengaduan ditutup.",
    )


@login_required
@require_POST
def triase(request, nomor):
    a = get_pengaduan_for_user(request.user, nomor)
    return _jalankan_form(
        request,
        nomor,
        forms.TriaseForm(request.POST),
        lambda d: aksi.ubah_triase(
            a.pk, request.user, d["kategori"], d["prioritas"], d["nik_terkait"], d["nomor_permohonan"]
        ),
        "Kategori dan keterkaitan tersimpan.",
    )


@login_required
def lampiran(request, nomor, pk):
    """An attachment, to staff who may see the complaint (and, if identity is hidden, handle it); logged."""
    a = get_pengaduan_for_user(request.user, nomor)
    berkas = Lampiran.objects.filter(pengaduan=a, pk=pk).first()
    if berkas is None or (a.rahasiakan and not a.ditangani):
        catat_ditolak(request, Aksi.DOKUMEN, nomor=nomor, objek=f"lampiran {pk}", keterangan="tidak berwenang")
        raise Http404("Lampiran tidak ditemukan.")
    catat_log(Aksi.DOKUMEN, request=request, nomor=nomor, objek=f"lampiran {pk}")
    return FileResponse(berkas.berkas.open("rb"), content_type=berkas.jenis_konten or "application/octet-stream")


@login_required
def impor(request):
    """SP4N-LAPOR! tickets from an XLSX export, one complaint per row, with a per-row report."""
    pegawai = pegawai_atau_404(request)
    if not aksi.boleh_mencatat(pegawai, _kabupaten(request)):
        raise Http404("Halaman ini untuk petugas pencatat pengaduan.")
    form = forms.ImporForm(request.POST or None, request.FILES or None)
    laporan = None
    if request.method == "POST" and form.is_valid():
        from pengaduan.impor import impor_xlsx

        try:
            laporan = impor_xlsx(request.user, form.cleaned_data["berkas"], kabupaten=_kabupaten(request))
        except aksi.AksiGagal as exc:
            form.add_error("berkas", str(exc))
    return render(request, "pengaduan/impor.html", {"form": form, "laporan": laporan})


@login_required
def rekap_bulanan(request, format="html"):
    pegawai_atau_404(request)
    form = forms.RekapForm(request.GET)
    bulan = form.cleaned_data["bulan"] if form.is_valid() and form.cleaned_data["bulan"] else None
    r = rekap.hitung(*rekap.bulan_dari(bulan))
    if format == "xlsx":
        resp = HttpResponse(rekap.xlsx(r), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = f'attachment; filename="rekap-pengaduan-{r.kode_bulan}.xlsx"'
        return resp
    if format == "pdf":
        resp = HttpResponse(rekap.pdf(r, request), content_type="application/pdf")
        resp["Content-Disposition"] = f'inline; filename="rekap-pengaduan-{r.kode_bulan}.pdf"'
        return resp
    rata, terlama = rekap.durasi_teks(r)
    return render(request, "pengaduan/rekap.html", {"r": r, "form": form, "rata": rata, "terlama": terlama})
