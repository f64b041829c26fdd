"""Pages of correspondence: agendas, an incoming letter and its disposition tree, naskah dinas."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from audit import models as audit
from dinsos.models import Jabatan
from dinsos.parameter import parameter_salah
from dinsos.unggahan import hapus_bila_batal
from persuratan import aksi, ekspor, forms
from persuratan.akses import (
    buka_naskah,
    buka_surat_masuk,
    pegawai_wajib,
    pemegang_agenda,
    penglihat,
    surat_masuk_terlihat,
)
from persuratan.models import Disposisi, JenisNaskah, NaskahDinas, PenerimaDisposisi, Sifat, StatusNaskah
from surat import penerbitan
from surat.models import Surat

PER_HALAMAN = 50


class Halaman:
    """One page of a long register without counting every row (a COUNT over 100,000 letters
    with the access filter costs more than the page itself): one row more tells whether a
    next page exists."""

    def __init__(self, qs, nomor, per=PER_HALAMAN):
        self.number = nomor or 1
        rows = list(qs[(self.number - 1) * per : self.number * per + 1])
        self.object_list = rows[:per]
        self.has_next = len(rows) > per
        self.has_previous = self.number > 1
        self.next_page_number = self.number + 1
        self.previous_page_number = self.number - 1


def _render(request, template, konteks, status=200):
    """Pages of this app: the tabs show the outgoing register only to those who may open it."""
    konteks = {**konteks, "tab_keluar": penglihat(request.user).agenda}
    return render(request, template, konteks, status=status)


def _pdf(isi, nama):
    response = HttpResponse(bytes(isi), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{nama}"'
    response["Cache-Control"] = "private, no-store"
    return response


# -- agenda surat masuk ------------------------------------------------------------------


def _agenda_masuk_qs(pegawai, data):
    qs = surat_masuk_terlihat(pegawai).select_related("klasifikasi").order_by("-tahun", "-nomor_agenda")
    if data.get("tahun"):
        qs = qs.filter(tahun=data["tahun"])
    if data.get("sifat"):
        qs = qs.filter(sifat=data["sifat"])
    if data.get("klasifikasi"):
        qs = qs.filter(klasifikasi=data["klasifikasi"])
    if data.get("q"):
        q = data["q"]
        qs = qs.filter(Q(perihal__icontains=q) | Q(pengirim__icontains=q) | Q(nomor_surat__icontains=q))
    return qs


@login_required
def agenda_masuk(request, format="html"):
    """Agenda surat masuk: letters the person may see (rahasia only on its chain), newest first."""
    pegawai = pegawai_wajib(request.user)
    saring = forms.AgendaMasukFilter(request.GET)
    if not saring.is_valid():
        return parameter_salah(request, saring)
    qs = _agenda_masuk_qs(pegawai, saring.cleaned_data)
    if format == "xlsx":
        return ekspor.unduh(ekspor.agenda_masuk(qs), "agenda-surat-masuk.xlsx")
    page = Halaman(qs, saring.cleaned_data["halaman"])
    query = request.GET.copy()
    query.pop("halaman", None)
    konteks = {"page": page, "saring": saring, "query": query.urlencode(), "pencatat": pemegang_agenda(pegawai)}
    return _render(request, "persuratan/agenda_masuk.html", konteks)


@login_required
def surat_masuk_baru(request):
    pegawai = pegawai_wajib(request.user)
    if not pemegang_agenda(pegawai):
        raise Http404("Halaman tidak ditemukan.")
    form = forms.SuratMasukForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        surat = form.save(commit=False)
        surat.permohonan = form.cleaned_data["nomor_registrasi"]
        aksi.catat_surat_masuk(surat, request.user)
        messages.success(request, f"Surat masuk tercatat dengan nomor agenda {surat.label_agenda}.")
        return redirect("persuratan:surat_masuk", surat.pk)
    return _render(request, "persuratan/surat_masuk_baru.html", {"form": form})


def pohon_disposisi(surat):
    """The disposition tree, flattened depth-first: [{"d": Disposisi, "tingkat": n}], 3 queries."""
    semua = list(
        Disposisi.objects.filter(surat_masuk=surat)
        .select_related("dari_jabatan", "oleh")
        .prefetch_related(
            "instruksi", Prefetch("penerima", PenerimaDisposisi.objects.select_related("jabatan", "dilaporkan_oleh"))
        )
    )
    anak = {}
    for d in semua:
        anak.setdefault(d.asal_id, []).append(d)
    hasil = []

    def turun(asal_id, tingkat):
        for d in anak.get(asal_id, []):
            hasil.append({"d": d, "tingkat": tingkat, "indent": f"{tingkat * 1.5:.1f}rem"})
            for p in d.penerima.all():
                turun(p.pk, tingkat + 1)

    turun(None, 0)
    return hasil


@login_required
def surat_masuk(request, pk):
    surat = buka_surat_masuk(request, pk)
    pegawai = request.user.pegawai
    return _halaman_surat_masuk(request, surat, pegawai)


def _halaman_surat_masuk(request, surat, pegawai, form_disposisi=None, form_lapor=None, status=200):
    boleh = aksi.posisi_pendisposisi(surat, pegawai)
    jabatan = {j.pk: j for j in Jabatan.objects.filter(pk__in=list(boleh))}
    dari_pilihan = [(pk, jabatan[pk].nama) for pk in boleh]
    kepada = {}
    for pk in boleh:
        for j in aksi.tujuan_disposisi(jabatan[pk]):
            kepada.setdefault(j.pk, j.nama)
    if form_disposisi is None and boleh:
        form_disposisi = forms.DisposisiForm(
            dari_pilihan=dari_pilihan, kepada_pilihan=sorted(kepada.items(), key=lambda x: x[1])
        )
    held = pegawai.jabatan_ids()
    pohon = pohon_disposisi(surat)
    laporan = [p for row in pohon for p in row["d"].penerima.all() if p.jabatan_id in held]
    konteks = {
        "s": surat,
        "pohon": pohon,
        "form_disposisi": form_disposisi,
        "laporan": laporan,
        "form_lapor": form_lapor or forms.LaporForm(),
        "balasan": surat.balasan.select_related("surat").order_by("pk"),
    }
    return _render(request, "persuratan/surat_masuk.html", konteks, status=status)


@login_required
def surat_masuk_berkas(request, pk):
    """The scan, after the access check (rahasia: chain only); every view is recorded."""
    surat = buka_surat_masuk(request, pk, objek="pindaian surat masuk")
    audit.catat(audit.Aksi.DOKUMEN, request=request, objek=f"pindaian surat masuk {surat.label_agenda}")
    response = FileResponse(surat.berkas.open("rb"), content_type=surat.jenis_konten or "application/octet-stream")
    response["Content-Disposition"] = f'inline; filename="surat-masuk-{surat.pk}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def disposisikan(request, pk):
    surat = buka_surat_masuk(request, pk)
    pegawai = request.user.pegawai
    boleh = aksi.posisi_pendisposisi(surat, pegawai)
    if not boleh:
        raise Http404("Halaman tidak ditemukan.")
    jabatan = {j.pk: j for j in Jabatan.objects.filter(pk__in=list(boleh))}
    kepada = {j.pk: j for pk in boleh for j in aksi.tujuan_disposisi(jabatan[pk])}
    form = forms.DisposisiForm(
        request.POST,
        dari_pilihan=[(pk, jabatan[pk].nama) for pk in boleh],
        kepada_pilihan=sorted(((pk, j.nama) for pk, j in kepada.items()), key=lambda x: x[1]),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            aksi.disposisikan(
                surat.pk,
                request.user,
                data["dari"],
                [kepada[int(pk)] for pk in data["kepada"]],
                data["instruksi"],
                data["catatan"],
                data["batas_waktu"],
            )
        except aksi.Ditolak as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Disposisi terkirim.")
            return redirect("persuratan:surat_masuk", surat.pk)
    return _halaman_surat_masuk(request, surat, pegawai, form_disposisi=form, status=400)


@login_required
@require_POST
def lapor(request, pk, penerima_pk):
    surat = buka_surat_masuk(request, pk)
    pegawai = request.user.pegawai
    penerima = PenerimaDisposisi.objects.filter(pk=penerima_pk, disposisi__surat_masuk=surat).first()
    if penerima is None or penerima.jabatan_id not in pegawai.jabatan_ids():
        raise Http404("Halaman tidak ditemukan.")
    form = forms.LaporForm(request.POST)
    if form.is_valid():
        aksi.laporkan(penerima.pk, request.user, form.cleaned_data["tindak_lanjut"])
        messages.success(request, "Laporan tindak lanjut tersimpan.")
        return redirect("persuratan:surat_masuk", surat.pk)
    return _halaman_surat_masuk(request, surat, pegawai, form_lapor=form, status=400)


@login_required
def lembar_disposisi(request, pk):
    """Lembar disposisi: the letter's facts and the whole chain, on the office's letterhead."""
    surat = buka_surat_masuk(request, pk)
    audit.catat(audit.Aksi.DOKUMEN, request=request, objek=f"lembar disposisi {surat.label_agenda}")
    pdf = penerbitan.render_dokumen("persuratan/lembar_disposisi.html", {"s": surat, "pohon": pohon_disposisi(surat)})
    return _pdf(pdf, f"lembar-disposisi-{surat.tahun}-{surat.nomor_agenda}.pdf")


# -- naskah dinas keluar -----------------------------------------------------------------


@login_required
def naskah_daftar(request):
    """Open naskah the person may see (their turn first), and their own recent ones."""
    siapa = penglihat(request.user)
    pegawai, pejabat = siapa.pegawai, aksi.Pejabat()
    terbuka = NaskahDinas.objects.exclude(status=StatusNaskah.TERBIT).select_related("jabatan_pembuat")
    with pegawai.ingat_jabatan():
        terbuka = [n for n in terbuka.order_by("-pk")[:500] if aksi.boleh_lihat_naskah(n, pegawai, pejabat, siapa.peran)]
        giliran = [
            n for n in terbuka if aksi.cara_paraf(n, pegawai) is not None or aksi.cara_ttd(n, pegawai, pejabat) is not None
        ]
    lain = [n for n in terbuka if n not in giliran]
    konteks = {"giliran": giliran, "lain": lain}
    return _render(request, "persuratan/naskah_daftar.html", konteks)


@login_required
def naskah_baru(request):
    pegawai = pegawai_wajib(request.user)
    membalas = None
    if request.GET.get("membalas") or request.POST.get("membalas"):
        try:
            pk = int(request.GET.get("membalas") or request.POST.get("membalas"))
        except ValueError:
            raise Http404("Surat tidak ditemukan.") from None
        membalas = buka_surat_masuk(request, pk)
    jenis = request.GET.get("jenis") if request.GET.get("jenis") in aksi.ISI_AWAL else "surat_dinas"
    awal = {"jenis": jenis, "isi": aksi.ISI_AWAL[jenis]}
    if membalas is not None and jenis == "surat_dinas":
        awal.update(
            hal=f"Balasan surat nomor {membalas.nomor_surat}",
            tujuan=f"{membalas.pengirim}\ndi\nTempat",
            klasifikasi=membalas.klasifikasi_id,
            isi=aksi.ISI_AWAL["surat_dinas"]
            .replace("[nomor]", membalas.nomor_surat)
            .replace("[tanggal]", membalas.tanggal_surat.strftime("%d-%m-%Y"))
            .replace("[hal]", membalas.perihal),
        )
    form = forms.NaskahForm(request.POST or None, request.FILES or None, initial=awal)
    if request.method == "POST" and form.is_valid():
        try:
            with hapus_bila_batal(), transaction.atomic():
                naskah = form.save(commit=False)
                naskah.pembuat = pegawai
                naskah.jabatan_pembuat = pegawai.jabatan
                naskah.membalas = membalas
                naskah.save()
                _simpan_lampiran(request, naskah, form)
        except aksi.Ditolak as exc:
            form.add_error("berkas_baru", str(exc))
        else:
            messages.success(request, "Konsep naskah tersimpan. Periksa pratinjau, lalu ajukan untuk diparaf.")
            return redirect("persuratan:naskah", naskah.pk)
    templat = [(kode, label) for kode, label in JenisNaskah.choices]
    konteks = {"form": form, "membalas": membalas, "templat": templat, "jenis": jenis}
    return _render(request, "persuratan/naskah_form.html", konteks)


@login_required
def naskah_ubah(request, pk):
    naskah = buka_naskah(request, pk)
    if not aksi.boleh_ubah(naskah, request.user.pegawai):
        raise Http404("Naskah ini tidak dapat diubah sekarang.")
    form = forms.NaskahForm(request.POST or None, request.FILES or None, instance=naskah)
    if request.method == "POST" and form.is_valid():
        try:
            with hapus_bila_batal(), transaction.atomic():
                form.save()
                hapus = [row.pk for row in form.cleaned_data.get("hapus_lampiran") or []]
                if hapus:
                    aksi.hapus_lampiran(naskah.pk, request.user, hapus)
                _simpan_lampiran(request, naskah, form)
        except aksi.Ditolak as exc:
            form.add_error("berkas_baru", str(exc))
        else:
            messages.success(request, "Konsep naskah tersimpan.")
            return redirect("persuratan:naskah", naskah.pk)
    return _render(request, "persuratan/naskah_form.html", {"form": form, "naskah": naskah, "membalas": naskah.membalas})


def _simpan_lampiran(request, naskah, form):
    berkas = form.cleaned_data.get("berkas_baru")
    if berkas:
        aksi.tambah_lampiran(naskah.pk, request.user, berkas, berkas.name, form.halaman_lampiran)


@login_required
def naskah_lampiran(request, pk, lampiran_pk):
    """An attached PDF, under the naskah's own access rule (rahasia respected); views are recorded."""
    naskah = buka_naskah(request, pk)
    row = naskah.berkas_lampiran.filter(pk=lampiran_pk).first()
    if row is None:
        raise Http404("Lampiran tidak ditemukan.")
    audit.catat(audit.Aksi.DOKUMEN, request=request, objek=f"lampiran naskah {naskah.pk}: {row.nama}")
    response = FileResponse(row.berkas.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="lampiran-naskah-{naskah.pk}-{row.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def naskah(request, pk):
    naskah = buka_naskah(request, pk)
    return _halaman_naskah(request, naskah)


def _halaman_naskah(request, naskah, form_kembali=None, form_ttd=None, galat="", status=200):
    pegawai = request.user.pegawai
    rantai = {j.pk: j for j in Jabatan.objects.filter(pk__in=naskah.rantai)}
    berkas_lampiran = list(naskah.berkas_lampiran.all())
    konteks = {
        "n": naskah,
        "rantai": [
            {
                "jabatan": rantai.get(pk),
                "selesai": i < naskah.paraf_ke or naskah.status in (StatusNaskah.TTD, StatusNaskah.TERBIT),
            }
            for i, pk in enumerate(naskah.rantai)
        ],
        "paraf": aksi.paraf_tercetak(naskah),
        "berkas_lampiran": berkas_lampiran,
        "baris_lampiran": aksi.baris_lampiran(naskah, len(berkas_lampiran)),
        "penandatangan": aksi.jabatan_penandatangan(naskah),
        "boleh_ubah": aksi.boleh_ubah(naskah, pegawai),
        "boleh_paraf": aksi.cara_paraf(naskah, pegawai) is not None,
        "boleh_ttd": aksi.cara_ttd(naskah, pegawai) is not None,
        "perlu_frasa": aksi._perlu_tte(pegawai),
        "form_kembali": form_kembali or forms.KembalikanForm(),
        "form_ttd": form_ttd or forms.TandatanganForm(),
        "galat": galat,
    }
    return _render(request, "persuratan/naskah.html", konteks, status=status)


@login_required
@require_POST
def naskah_aksi(request, pk, nama):
    naskah = buka_naskah(request, pk)
    try:
        if nama == "ajukan":
            aksi.ajukan(naskah.pk, request.user)
            messages.success(request, "Naskah diajukan untuk diparaf.")
        elif nama == "paraf":
            aksi.paraf(naskah.pk, request.user)
            messages.success(request, "Naskah telah Anda paraf.")
        elif nama == "kembalikan":
            form = forms.KembalikanForm(request.POST)
            if not form.is_valid():
                return _halaman_naskah(request, naskah, form_kembali=form, status=400)
            aksi.kembalikan(naskah.pk, request.user, form.cleaned_data["catatan"])
            messages.success(request, "Naskah dikembalikan kepada pembuatnya.")
        elif nama == "tandatangani":
            form = forms.TandatanganForm(request.POST)
            form.is_valid()
            base_url = request.build_absolute_uri("/")
            surat = aksi.tandatangani(naskah.pk, request.user, base_url, form.cleaned_data.get("frasa_sandi", ""))
            messages.success(request, f"Naskah ditandatangani dan terbit dengan nomor {surat.nomor}.")
        else:
            raise Http404("Tindakan tidak dikenal.")
    except (aksi.Ditolak, penerbitan.SuratGagal, ValidationError) as exc:
        naskah.refresh_from_db()
        pesan = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        return _halaman_naskah(request, naskah, galat=pesan, status=409)
    return redirect("persuratan:naskah", naskah.pk)


@login_required
def naskah_pratinjau(request, pk):
    naskah = buka_naskah(request, pk)
    try:
        pdf = aksi.pratinjau(naskah)
    except penerbitan.SuratGagal as exc:
        return _halaman_naskah(request, naskah, galat=str(exc), status=500)
    return _pdf(pdf, f"draf-naskah-{naskah.pk}.pdf")


@login_required
def naskah_pdf(request, pk):
    naskah = buka_naskah(request, pk)
    if naskah.surat_id is None:
        raise Http404("Naskah ini belum terbit.")
    audit.catat(audit.Aksi.SURAT, request=request, objek=f"surat {naskah.surat.nomor}")
    isi = Surat.objects.values_list("pdf_arsip", flat=True).get(pk=naskah.surat_id)
    return _pdf(isi, f"naskah-{naskah.pk}.pdf")


# -- agenda surat keluar -----------------------------------------------------------------


@login_required
def agenda_keluar(request, format="html"):
    """Every letter the product issues (service letters and naskah dinas), with filters."""
    pegawai = pegawai_wajib(request.user)
    if not pemegang_agenda(pegawai):
        raise Http404("Halaman tidak ditemukan.")
    saring = forms.AgendaKeluarFilter(request.GET)
    if not saring.is_valid():
        return parameter_salah(request, saring)
    data = saring.cleaned_data
    qs = (
        Surat.objects.defer("pdf", "pdf_arsip")
        .select_related("naskah_dinas")
        .only(
            "nomor",
            "tanggal",
            "judul",
            "nama_subjek",
            "penandatangan_nama",
            "dicabut",
            "referensi",
            "tahun",
            "naskah_dinas__hal",
            "naskah_dinas__sifat",
            "naskah_dinas__membalas_id",
        )
        .order_by("-dibuat_pada", "-pk")
    )
    if data.get("tahun"):
        qs = qs.filter(tahun=data["tahun"])
    if data.get("q"):
        q = data["q"]
        # A rahasia letter is found by its number only: its addressee and subject stay hidden.
        rahasia = Q(naskah_dinas__sifat=Sifat.RAHASIA)
        qs = qs.filter(
            Q(nomor__icontains=q)
            | ((Q(nama_subjek__icontains=q) | Q(judul__icontains=q) | Q(naskah_dinas__hal__icontains=q)) & ~rahasia)
        )
    if format == "xlsx":
        return ekspor.unduh(ekspor.agenda_keluar(qs), "agenda-surat-keluar.xlsx")
    page = Halaman(qs, data["halaman"])
    query = request.GET.copy()
    query.pop("halaman", None)
    return _render(request, "persuratan/agenda_keluar.html", {"page": page, "saring": saring, "query": query.urlencode()})


def naskah_url(surat):
    naskah = getattr(surat, "naskah_dinas", None)
    return reverse("persuratan:naskah", args=[naskah.pk]) if naskah else reverse("layanan:surat_detail", args=[surat.pk])
