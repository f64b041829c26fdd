"""The monthly complaint recap (the E-LAPOR SOP's report output), on screen, XLSX and PDF.

For a calendar month in the office's time zone:
- masuk: complaints received in the month, counted per channel, category and current status;
- ditutup: complaints closed in the month; their time to close (received → closed, calendar
  time) as average and longest; tepat waktu = closed with every SOP step left within its
  standard (no riwayat row of the case marked late);
- dibuka kembali: complaints a complainant reopened in the month.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format

from layanan.models import Riwayat
from pengaduan.models import Kategori, Pengaduan, Saluran, StatusPublik


@dataclass
class Rekap:
    awal: datetime.datetime
    akhir: datetime.datetime
    masuk: int = 0
    per_saluran: list = field(default_factory=list)
    per_kategori: list = field(default_factory=list)
    per_status: list = field(default_factory=list)
    ditutup: int = 0
    rata_jam: float | None = None
    terlama_jam: float | None = None
    tepat_waktu: int = 0
    persen_tepat: float | None = None
    dibuka_kembali: int = 0

    @property
    def label(self):
        return date_format(self.awal, "F Y")

    @property
    def kode_bulan(self):
        return f"{self.awal:%Y-%m}"


def bulan_dari(teks=None):
    """(start, end) of a month "YYYY-MM" (default: this month) in the current time zone."""
    if teks:
        tahun, bulan = int(teks[:4]), int(teks[5:7])
    else:
        hari_ini = timezone.localdate()
        tahun, bulan = hari_ini.year, hari_ini.month
    tz = timezone.get_current_timezone()
    awal = datetime.datetime(tahun, bulan, 1, tzinfo=tz)
    akhir = datetime.datetime(tahun + (bulan == 12), bulan % 12 + 1, 1, tzinfo=tz)
    return awal, akhir


def hitung(awal, akhir, dengan_status=True) -> Rekap:
    """The recap of [awal, akhir) in three queries; `dengan_status=False` (the dashboard) skips
    the per-status count and lists only categories that occur."""
    r = Rekap(awal=awal, akhir=akhir)
    dalam = Q(dibuat_pada__gte=awal, dibuat_pada__lt=akhir)
    angka = Pengaduan.objects.filter(dalam | Q(dibuka_kembali_pada__gte=awal, dibuka_kembali_pada__lt=akhir)).aggregate(
        masuk=Count("pk", filter=dalam),
        dibuka=Count("pk", filter=Q(dibuka_kembali_pada__gte=awal, dibuka_kembali_pada__lt=akhir)),
    )
    r.masuk, r.dibuka_kembali = angka["masuk"], angka["dibuka"]
    masuk = Pengaduan.objects.filter(dalam)
    saluran, kategori = {}, {}
    for s, k, n in masuk.values_list("saluran", "kategori__nama").annotate(n=Count("pk")).order_by():
        saluran[s] = saluran.get(s, 0) + n
        kategori[k] = kategori.get(k, 0) + n
    r.per_saluran = [(s.label, saluran.get(s.value, 0)) for s in Saluran]
    if dengan_status:
        r.per_kategori = [(k.nama, kategori.get(k.nama, 0)) for k in Kategori.objects.all()]
        status = {s.value: 0 for s in StatusPublik}
        for a in masuk.select_related("permohonan").only("dijawab_pada", "dibuka_kembali_pada", "permohonan__status"):
            status[a.status_publik] += 1
        r.per_status = [(s.label, status[s.value]) for s in StatusPublik]
    else:
        r.per_kategori = sorted(kategori.items(), key=lambda item: -item[1])

    terlambat = Riwayat.objects.filter(permohonan_id=OuterRef("permohonan_id"), tepat_waktu=False)
    ditutup = list(
        Pengaduan.objects.filter(ditutup_pada__gte=awal, ditutup_pada__lt=akhir)
        .annotate(terlambat=Exists(terlambat))
        .values_list("dibuat_pada", "ditutup_pada", "terlambat")
    )
    r.ditutup = len(ditutup)
    if ditutup:
        jam = [(tutup - buat).total_seconds() / 3600 for buat, tutup, _ in ditutup]
        r.rata_jam = round(sum(jam) / len(jam), 1)
        r.terlama_jam = round(max(jam), 1)
        r.tepat_waktu = sum(1 for *_, telat in ditutup if not telat)
        r.persen_tepat = round(100 * r.tepat_waktu / r.ditutup, 1)
    return r


def _durasi(jam):
    if jam is None:
        return "—"
    if jam < 1:
        return f"{round(jam * 60)} menit"
    if jam < 24:
        return f"{jam:.1f} jam".replace(".", ",")
    return f"{jam / 24:.1f} hari".replace(".", ",")


def xlsx(r: Rekap) -> bytes:
    from skm.ekspor import buku_xlsx

    ringkas = [
        ("Pengaduan masuk", r.masuk),
        ("Pengaduan ditutup", r.ditutup),
        ("Rata-rata waktu penyelesaian (jam)", r.rata_jam if r.rata_jam is not None else "—"),
        ("Waktu penyelesaian terlama (jam)", r.terlama_jam if r.terlama_jam is not None else "—"),
        ("Ditutup tepat waktu", r.tepat_waktu),
        ("% tepat waktu", r.persen_tepat if r.persen_tepat is not None else "—"),
        ("Dibuka kembali", r.dibuka_kembali),
    ]
    judul = f"Rekap pengaduan — {r.label}"
    return buku_xlsx(
        [
            ("Ringkasan", judul, ["Ukuran", "Nilai"], ringkas),
            ("Saluran", judul, ["Saluran", "Masuk"], r.per_saluran),
            ("Kategori", judul, ["Kategori", "Masuk"], r.per_kategori),
            ("Status", judul, ["Status sekarang", "Masuk"], r.per_status),
        ]
    )


def pdf(r: Rekap, request=None) -> bytes:
    from dinsos.models import Instansi
    from dinsos.pdf import render_pdf

    return render_pdf(
        "pengaduan/rekap_pdf.html",
        {
            "r": r,
            "rata": _durasi(r.rata_jam),
            "terlama": _durasi(r.terlama_jam),
            "instansi": Instansi.get_current(),
            "dibuat_pada": timezone.localtime(),
        },
    )


def durasi_teks(r: Rekap):
    return _durasi(r.rata_jam), _durasi(r.terlama_jam)
