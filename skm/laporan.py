"""The SKM report (the structure of a Laporan SKM) and the monthly leadership report, as
data for HTML, PDF and XLSX; and the dashboard's charts, drawn here as SVG."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from dinsos.models import Instansi
from dinsos.pdf import html_ke_pdf
from skm import ikm, sumber
from skm.models import PROFIL, Tanggapan
from sop.models import Sop

BATAS_SARAN_PDF = 200


@dataclass
class LaporanSkm:
    periode: object
    layanan: Sop | None
    hasil: ikm.Hasil
    populasi: int
    sampel_minimal: int
    per_layanan: list = field(default_factory=list)
    per_bulan: list = field(default_factory=list)
    profil: list = field(default_factory=list)
    saran: list = field(default_factory=list)
    jumlah_saran: int = 0
    dibuat_pada: object = None
    saran_qs: object = None

    def semua_saran(self):
        return list(self.saran_qs.values("dibuat_pada", "sop__nama", "saran")) if self.saran_qs is not None else self.saran

    @property
    def sampel_cukup(self) -> bool:
        return self.hasil.responden >= self.sampel_minimal

    @property
    def judul(self) -> str:
        return f"Laporan Survei Kepuasan Masyarakat — {self.periode.label}"


def susun(periode, layanan=None, kabupaten=None) -> LaporanSkm:
    qs = Tanggapan.objects.periode(periode)
    kasus = sumber.selesai(periode)
    if layanan is not None:
        qs = qs.filter(sop=layanan)
        kasus = kasus.filter(**{sumber.KUNCI_LAYANAN: layanan.pk})
    elif kabupaten:
        qs = qs.filter(sop__kabupaten=kabupaten)
        kasus = kasus.filter(versi_sop__sop__kabupaten=kabupaten)
    hasil = ikm.hitung(qs)
    populasi_layanan = dict(kasus.values_list(sumber.KUNCI_LAYANAN).annotate(n=Count("pk")))
    populasi = sum(populasi_layanan.values())
    nama = dict(Sop.objects.filter(pk__in=qs.values("sop_id")).values_list("pk", "nama"))
    per_layanan = sorted(
        (
            {
                "nama": nama.get(sop_id, "-"),
                "hasil": h,
                "populasi": populasi_layanan.get(sop_id, 0),
                "sampel_minimal": ikm.sampel_minimal(populasi_layanan.get(sop_id, 0)),
            }
            for sop_id, h in ikm.per_layanan(qs).items()
        ),
        key=lambda r: r["nama"],
    )
    per_bulan = []
    if periode.jumlah_bulan > 1:
        bulanan = ikm.per_bulan(qs)
        per_bulan = [{"label": b.label, "hasil": bulanan.get((b.tahun, b.bulan_awal))} for b in periode.bulan_bulan()]
    profil = []
    for nama_field, label, pilihan in PROFIL:
        hitungan = dict(qs.order_by().values_list(nama_field).annotate(n=Count("pk")))
        profil.append(
            {
                "label": label,
                "baris": [
                    {
                        "nama": teks,
                        "jumlah": hitungan.get(nilai, 0),
                        "persen": round(100 * hitungan.get(nilai, 0) / hasil.responden, 1) if hasil.responden else 0,
                    }
                    for nilai, teks in pilihan.choices
                ],
            }
        )
    saran_qs = qs.exclude(saran="").select_related("sop").order_by("dibuat_pada")
    return LaporanSkm(
        periode=periode,
        layanan=layanan,
        hasil=hasil,
        populasi=populasi,
        sampel_minimal=ikm.sampel_minimal(populasi),
        per_layanan=per_layanan,
        per_bulan=per_bulan,
        profil=profil,
        saran=list(saran_qs.values("dibuat_pada", "sop__nama", "saran")[:BATAS_SARAN_PDF]),
        jumlah_saran=saran_qs.count(),
        dibuat_pada=timezone.now(),
        saran_qs=saran_qs,
    )


def pdf(data: LaporanSkm) -> bytes:
    html = render_to_string("skm/laporan_pdf.html", {"d": data, "instansi": Instansi.get_current()})
    return html_ke_pdf(html)


def pdf_bulanan(data, layanan=None) -> bytes:
    context = {"d": data, "layanan": layanan, "instansi": Instansi.get_current(), "grafik": grafik(data)}
    context["dibuat_pada"] = timezone.now()
    return html_ke_pdf(render_to_string("skm/laporan_bulanan_pdf.html", context))


# -- charts ------------------------------------------------------------------------------

BIRU, HIJAU, MERAH, ABU = "#0d6efd", "#198754", "#dc3545", "#6c757d"


def _batang_mendatar(baris, judul, warna=BIRU, satuan=""):
    """Horizontal bars, one per (label, value), the label above its bar: readable at phone width."""
    if not baris:
        return ""
    lebar, tinggi_baris = 360, 34
    maks = max(v for _, v in baris) or 1

    def panjang(v):
        return max(1, round((lebar - 50) * v / maks))

    isi = format_html_join(
        "",
        '<text x="0" y="{}" font-size="11" fill="#212529">{}</text>'
        '<rect x="0" y="{}" width="{}" height="12" rx="2" fill="{}"></rect>'
        '<text x="{}" y="{}" font-size="11" fill="#212529">{}{}</text>',
        (
            (
                i * tinggi_baris + 11,
                label if len(label) <= 60 else label[:59] + "…",
                i * tinggi_baris + 16,
                panjang(v),
                warna,
                panjang(v) + 4,
                i * tinggi_baris + 26,
                v,
                satuan,
            )
            for i, (label, v) in enumerate(baris)
        ),
    )
    return format_html(
        '<svg role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" xmlns="http://www.w3.org/2000/svg">'
        "<title>{}</title>{}</svg>",
        judul,
        lebar,
        tinggi_baris * len(baris),
        judul,
        isi,
    )


def _tren(tren):
    """Started (blue) and finished (green) cases per month, paired columns."""
    if not tren:
        return ""
    lebar, tinggi, bawah = 360, 170, 140
    maks = max(max(t["dimulai"], t["selesai"]) for t in tren) or 1
    langkah = lebar / len(tren)
    bagian = []
    for i, t in enumerate(tren):
        x = i * langkah + 8
        for j, (nilai, warna) in enumerate(((t["dimulai"], BIRU), (t["selesai"], HIJAU))):
            h = round(110 * nilai / maks)
            bagian.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
                    round(x + j * (langkah / 2 - 6)),
                    bawah - h,
                    round(langkah / 2 - 8),
                    h,
                    warna,
                    f"{t['label']}: {nilai}",
                )
            )
        bagian.append(
            format_html(
                '<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="#212529">{}</text>',
                round(x + langkah / 2 - 8),
                bawah + 14,
                t["singkat"],
            )
        )
    legenda = format_html(
        '<rect x="8" y="2" width="10" height="10" fill="{}"></rect><text x="22" y="11" font-size="11">Masuk</text>'
        '<rect x="80" y="2" width="10" height="10" fill="{}"></rect><text x="94" y="11" font-size="11">Selesai</text>',
        BIRU,
        HIJAU,
    )
    return format_html(
        '<svg role="img" aria-label="Permohonan masuk dan selesai per bulan" viewBox="0 0 {} {}" width="100%" '
        'xmlns="http://www.w3.org/2000/svg"><title>Permohonan masuk dan selesai per bulan</title>{}{}</svg>',
        lebar,
        tinggi,
        legenda,
        format_html_join("", "{}", ((b,) for b in bagian)),
    )


def grafik(data) -> dict:
    """The dashboard's SVG charts (safe HTML)."""
    tepat = [(b.nama, b.persen_tepat) for b in data.layanan if b.persen_tepat is not None][:8]
    return {
        "tren": _tren(data.tren),
        "tepat": _batang_mendatar(tepat, "Persentase selesai tepat waktu per layanan", HIJAU, "%"),
        "terlambat": _batang_mendatar(
            [(r["tahap"], r["jumlah"]) for r in data.langkah_terlambat[:6]], "Tahap yang paling sering terlambat", MERAH
        ),
        "bidang": _batang_mendatar(
            [(r["nama"], r["jumlah"]) for r in data.tunggakan_bidang[:8]], "Tunggakan per bidang", ABU
        ),
    }
