"""Bansos pages: thin function views over `bansos.aksi`, each checking the user's right first."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit.models import Aksi
from audit.models import catat as catat_akses
from bansos import aksi, laporan
from bansos.forms import CalonLoketForm, ImporForm, LoloskanForm, MonevForm, PenyaluranForm, TetapkanForm
from bansos.impor import ImporGagal, impor_berkas
from bansos.models import Bast, Calon, CatatanMonev, ImporCalon, Penetapan, Program, rupiah
from registri.cari import boleh_registri
from surat.penerbitan import samarkan_nik

PER_HALAMAN = 200


def _cek(request):
    if not aksi.boleh_bansos(request.user):
        raise Http404("Halaman tidak ditemukan.")


def _program_untuk(request, pk) -> Program:
    _cek(request)
    return get_object_or_404(Program.objects.select_related("versi_sop"), pk=pk)


def _calon_untuk(request, pk) -> Calon:
    _cek(request)
    return get_object_or_404(Calon.objects.select_related("program__versi_sop", "penetapan__surat"), pk=pk)


def _nik(request, nik):
    """Full NIK for roles that verify (as for registry look-ups), masked for the others."""
    return nik if boleh_registri(request.user) else samarkan_nik(nik)


@login_required
def program_daftar(request):
    _cek(request)
    programs = laporan.dengan_realisasi(Program.objects.all())
    return render(request, "bansos/program_daftar.html", {"programs": programs, "rupiah": rupiah})


@login_required
def program_detail(request, pk):
    program = _program_untuk(request, pk)
    status = request.GET.get("status", "")
    calon = program.calon.select_related("penetapan", "penyaluran").order_by("pk")
    if status in Calon.Status.values:
        calon = calon.filter(status=status)
    calon = list(calon[:PER_HALAMAN])
    for c in calon:
        c.nik_tampil = _nik(request, c.nik)
    konteks = {
        "program": program,
        "calon": calon,
        "status": status,
        "status_pilihan": Calon.Status.choices,
        "realisasi": laporan.realisasi(program),
        "penetapan": program.penetapan.select_related("surat"),
        "bast": program.bast.only("pk", "nomor", "desa", "tanggal"),
        "impor": program.impor.only("pk", "nama_berkas", "jumlah", "dimuat", "ditolak", "dibuat_pada")[:5],
        "monev": program.monev.select_related("oleh__pegawai")[:10],
        "impor_form": ImporForm(),
        "tetapkan_form": TetapkanForm(),
        "monev_form": MonevForm(),
        "boleh_putus": aksi.boleh_putus(request.user),
        "desa_bast": sorted(
            set(
                program.calon.filter(penyaluran__status="tersalur", penyaluran__bast__isnull=True).values_list(
                    "desa", flat=True
                )
            )
        ),
        "per_wilayah": laporan.per_wilayah(program),
    }
    return render(request, "bansos/program_detail.html", konteks)


@login_required
def calon_loket(request, pk):
    program = _program_untuk(request, pk)
    form = CalonLoketForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            calon = aksi.daftar_loket(program.pk, request.user, form.cleaned_data)
        except aksi.BansosGagal as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{calon.nama} didaftarkan sebagai calon: {calon.get_status_display().lower()}.")
            return redirect("bansos:calon_detail", calon.pk)
    return render(request, "bansos/calon_loket.html", {"program": program, "form": form})


@login_required
@require_POST
def impor(request, pk):
    program = _program_untuk(request, pk)
    form = ImporForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect("bansos:program_detail", program.pk)
    try:
        hasil = impor_berkas(program, form.cleaned_data["asal"], form.cleaned_data["berkas"], request.user)
    except ImporGagal as exc:
        messages.error(request, str(exc))
        return redirect("bansos:program_detail", program.pk)
    messages.success(request, f"{hasil.dimuat} baris dimuat, {hasil.ditolak} baris ditolak.")
    return redirect("bansos:impor_laporan", hasil.pk)


@login_required
def impor_laporan(request, pk):
    _cek(request)
    hasil = get_object_or_404(ImporCalon.objects.select_related("program"), pk=pk)
    baris = [{**b, "nik": _nik(request, b.get("nik", ""))} for b in hasil.laporan]
    return render(request, "bansos/impor_laporan.html", {"impor": hasil, "baris": baris})


@login_required
@require_POST
def periksa(request, pk):
    program = _program_untuk(request, pk)
    jumlah = aksi.periksa_program_dicatat(program, request.user)
    messages.success(request, f"{jumlah} calon diperiksa ulang.")
    return redirect("bansos:program_detail", program.pk)


@login_required
def calon_detail(request, pk):
    calon = _calon_untuk(request, pk)
    penyaluran = getattr(calon, "penyaluran", None)
    catat_akses(Aksi.LIHAT_PERMOHONAN, request=request, nik=calon.nik, objek=f"calon bansos {calon.pk}")
    konteks = {
        "calon": calon,
        "program": calon.program,
        "nik": _nik(request, calon.nik),
        "penyaluran": penyaluran,
        "riwayat": calon.riwayat.select_related("oleh__pegawai"),
        "loloskan_form": LoloskanForm(),
        "salurkan_form": PenyaluranForm(initial={"tanggal": timezone.localdate()}, bencana=calon.program.bencana),
        "boleh_putus": aksi.boleh_putus(request.user),
        "boleh_salur": penyaluran is None
        and (
            calon.status == Calon.Status.DITETAPKAN
            and calon.penetapan is not None
            and calon.penetapan.status == Penetapan.Status.TERBIT
            or (calon.program.bencana and calon.status == Calon.Status.LAYAK and calon.nilai == 0)
        ),
    }
    return render(request, "bansos/calon_detail.html", konteks)


@login_required
@require_POST
def loloskan(request, pk):
    calon = _calon_untuk(request, pk)
    form = LoloskanForm(request.POST)
    if form.is_valid():
        try:
            aksi.loloskan(calon.pk, request.user, form.cleaned_data["alasan"])
        except aksi.BansosGagal as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Calon diloloskan; alasan dicatat di riwayat.")
    else:
        messages.error(request, "Tuliskan alasan meloloskan calon (paling sedikit 10 karakter).")
    return redirect("bansos:calon_detail", calon.pk)


@login_required
@require_POST
def salurkan(request, pk):
    calon = _calon_untuk(request, pk)
    form = PenyaluranForm(request.POST, request.FILES, bencana=calon.program.bencana)
    if form.is_valid():
        try:
            aksi.salurkan(calon.pk, request.user, form.cleaned_data)
        except aksi.BansosGagal as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Penyaluran dicatat.")
            return redirect("bansos:calon_detail", calon.pk)
    konteks = {
        "calon": calon,
        "program": calon.program,
        "nik": _nik(request, calon.nik),
        "penyaluran": None,
        "riwayat": calon.riwayat.select_related("oleh__pegawai"),
        "loloskan_form": LoloskanForm(),
        "salurkan_form": form,
        "boleh_putus": aksi.boleh_putus(request.user),
        "boleh_salur": True,
    }
    return render(request, "bansos/calon_detail.html", konteks, status=400)


@login_required
@require_POST
def tetapkan(request, pk):
    program = _program_untuk(request, pk)
    form = TetapkanForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pilih jenis keputusan.")
        return redirect("bansos:program_detail", program.pk)
    try:
        penetapan = aksi.tetapkan(program.pk, request.user, form.cleaned_data["penanda"])
    except aksi.BansosGagal as exc:
        messages.error(request, str(exc))
        return redirect("bansos:program_detail", program.pk)
    messages.success(request, f"Draf SK dibuat: {penetapan.jumlah} penerima, {rupiah(penetapan.total)}.")
    return redirect("bansos:penetapan_detail", penetapan.pk)


def _penetapan_untuk(request, pk) -> Penetapan:
    _cek(request)
    return get_object_or_404(Penetapan.objects.select_related("program", "surat"), pk=pk)


@login_required
def penetapan_detail(request, pk):
    penetapan = _penetapan_untuk(request, pk)
    penerima = list(penetapan.penerima.select_related("penyaluran").order_by("kecamatan", "desa", "nama", "pk"))
    for c in penerima:
        c.nik_tampil = _nik(request, c.nik)
    konteks = {
        "penetapan": penetapan,
        "program": penetapan.program,
        "penerima": penerima,
        "boleh_ttd": aksi.boleh_ttd_sk(request.user),
        "boleh_putus": aksi.boleh_putus(request.user),
    }
    if penetapan.surat_id and not penetapan.lampiran_pdf:
        # A long list made by the worker: its state and, when done, its download link.
        from bansos.sk import lampiran_latar
        from surat.tugas_lampiran import keadaan_tugas

        lampiran = lampiran_latar(penetapan)
        konteks["lampiran"] = lampiran
        konteks["tugas"] = keadaan_tugas(lampiran) if lampiran and not lampiran.berakhir else None
    return render(request, "bansos/penetapan_detail.html", konteks)


def _aksi_penetapan(request, pk, jalankan, pesan_berhasil):
    """Run one action on a penetapan the user may open; report it and return to its page."""
    penetapan = _penetapan_untuk(request, pk)
    try:
        jalankan(penetapan.pk)
    except aksi.BansosGagal as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, pesan_berhasil)
    return redirect("bansos:penetapan_detail", penetapan.pk)


@login_required
@require_POST
def tandatangani(request, pk):
    base_url = request.build_absolute_uri("/")
    return _aksi_penetapan(
        request, pk, lambda p: aksi.terbitkan_sk(p, request.user, base_url), "SK ditandatangani dan terbit."
    )


@login_required
@require_POST
def teruskan(request, pk):
    return _aksi_penetapan(
        request,
        pk,
        lambda p: aksi.teruskan_bupati(p, request.user),
        "Draf Keputusan Bupati dicatat sudah diteruskan.",
    )


@login_required
@require_POST
def lampiran_ulang(request, pk):
    return _aksi_penetapan(
        request,
        pk,
        lambda p: aksi.ulangi_lampiran(p, request.user),
        "Lampiran SK diantrekan untuk dibuat ulang.",
    )


def _pdf(data: bytes, nama: str):
    return FileResponse(io.BytesIO(bytes(data)), content_type="application/pdf", filename=nama)


@login_required
def sk_pdf(request, pk):
    penetapan = _penetapan_untuk(request, pk)
    if penetapan.surat is None:
        raise Http404("SK belum terbit.")
    catat_akses(Aksi.SURAT, request=request, nomor=penetapan.surat.nomor, objek="SK bansos")
    return _pdf(penetapan.surat.pdf, f"sk-{penetapan.pk}.pdf")


@login_required
def lampiran_pdf(request, pk):
    penetapan = _penetapan_untuk(request, pk)
    if not penetapan.lampiran_pdf:
        from bansos.sk import lampiran_latar

        lampiran = lampiran_latar(penetapan) if penetapan.surat_id else None
        if lampiran is not None and lampiran.status == lampiran.Status.SELESAI:
            # Made by the worker: served (and logged) by the surat app's checked view.
            return redirect("surat:lampiran_unduh", lampiran.pk)
        raise Http404("Lampiran belum ada.")
    catat_akses(Aksi.SURAT, request=request, nomor=penetapan.surat.nomor, objek="lampiran SK bansos")
    return _pdf(penetapan.lampiran_pdf, f"lampiran-sk-{penetapan.pk}.pdf")


@login_required
def draf_pdf(request, pk, bagian):
    """The draft SK or its lampiran before signature (also what is forwarded to the Bupati)."""
    penetapan = _penetapan_untuk(request, pk)
    from bansos import sk
    from surat.penerbitan import SuratGagal, pratinjau_pdf

    sk.pastikan_templat_sk()
    ttd = aksi.penandatangan_rencana()
    catat_akses(Aksi.PRATINJAU, request=request, objek=f"draf SK bansos {penetapan.pk} {bagian}")
    if bagian == "lampiran":
        pdf = sk.lampiran_pdf(penetapan, "(draf)", timezone.localdate(), ttd, draf=True)
        return _pdf(pdf, f"draf-lampiran-{penetapan.pk}.pdf")
    try:
        return _pdf(pratinjau_pdf(sk.data_sk(penetapan), ttd), f"draf-sk-{penetapan.pk}.pdf")
    except SuratGagal as exc:
        messages.error(request, str(exc))
        return redirect("bansos:penetapan_detail", penetapan.pk)


@login_required
@require_POST
def bast_buat(request, pk):
    program = _program_untuk(request, pk)
    try:
        bast = aksi.buat_bast(program.pk, request.user, request.POST.get("desa", ""))
    except aksi.BansosGagal as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"BAST {bast.nomor} dibuat.")
    return redirect("bansos:program_detail", program.pk)


@login_required
def bast_pdf(request, pk):
    _cek(request)
    bast = get_object_or_404(Bast, pk=pk)
    catat_akses(Aksi.SURAT, request=request, nomor=bast.nomor, objek="BAST bansos")
    return _pdf(bast.pdf, f"bast-{bast.pk}.pdf")


@login_required
def berkas_penyaluran(request, pk, jenis):
    """A hand-over photo or signature scan, only through this permission-checked view (logged)."""
    calon = _calon_untuk(request, pk)
    penyaluran = getattr(calon, "penyaluran", None)
    if penyaluran is None or jenis not in ("foto", "tanda_tangan"):
        raise Http404("Berkas tidak ditemukan.")
    berkas = getattr(penyaluran, jenis)
    if not berkas:
        raise Http404("Berkas tidak ditemukan.")
    catat_akses(Aksi.DOKUMEN, request=request, nik=calon.nik, objek=f"penyaluran bansos {calon.pk} {jenis}")
    return FileResponse(berkas.open("rb"), filename=berkas.name.rsplit("/", 1)[-1])


@login_required
def ekspor(request, pk):
    program = _program_untuk(request, pk)
    out = io.BytesIO()
    laporan.ekspor_xlsx(program, out, nik=lambda n: _nik(request, n))
    catat_akses(Aksi.UNDUH_SANDING, request=request, objek=f"ekspor penerima bansos program {program.pk}")
    response = HttpResponse(out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="penerima-bansos-{program.pk}.xlsx"'
    return response


@login_required
@require_POST
def monev(request, pk):
    program = _program_untuk(request, pk)
    form = MonevForm(request.POST)
    if form.is_valid():
        CatatanMonev.objects.create(program=program, catatan=form.cleaned_data["catatan"], oleh=request.user)
        messages.success(request, "Catatan monev disimpan.")
    else:
        messages.error(request, "Catatan monev wajib diisi (paling banyak 1.000 karakter).")
    return redirect("bansos:program_detail", program.pk)


@login_required
def rekap(request):
    _cek(request)
    try:
        tahun = int(request.GET.get("tahun") or timezone.localdate().year)
    except ValueError:
        tahun = timezone.localdate().year
    programs = laporan.dengan_realisasi(Program.objects.filter(tahun_anggaran=tahun))
    konteks = {"tahun": tahun, "per_sumber": laporan.per_sumber_dana(tahun), "programs": programs, "rupiah": rupiah}
    return render(request, "bansos/rekap.html", konteks)
