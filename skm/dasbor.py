"""The leadership dashboard's figures for one month (or any period), all summed in SQL.

Per service: cases started and finished, share finished within the service's time
standard, average working time against that standard, and the IKM; over the office: the
steps most often late, the backlog by bidang and by step, and the last months' trend.
Every table is one query whatever the number of cases; durations are in working time
(office hours, weekends, holidays and cuti bersama excluded) through `skm.kalender_kerja`.

The time standard of a service is its Standar Pelayanan's "jangka waktu" when that reads
as a time ("2 (dua) hari kerja, apabila …" → 2 hari kerja), else the sum of its steps'
time standards. Working time of units that are not working time: 1 hari kalender = 5/7
hari kerja, 1 minggu = 5 hari kerja, 1 bulan = 22 hari kerja.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

from skm import ikm as indeks
from skm import kalender_kerja, sumber
from skm.models import Tanggapan
from sop.models import VersiSop
from sop.waktu import SATUAN_LABEL, format_angka, parse_waktu

HARI_KERJA_PER = {"hari_kalender": 5 / 7, "minggu": 5, "bulan": 22}


def _standar_waktu(versi):
    """The service's time standard as a `Waktu`, or None."""
    standar = getattr(versi, "standar_pelayanan", None)
    teks = (standar.jangka_waktu if standar else "").split(",")[0].strip()
    if teks:
        try:
            waktu = parse_waktu(teks)
        except ValueError:
            waktu = None
        if waktu:
            return [waktu]
    return [langkah.waktu for langkah in versi.langkah.all() if langkah.waktu]


def standar_detik(daftar_waktu, panjang_hari: int) -> int | None:
    """Working seconds of a list of time standards (their upper bounds), or None if empty."""
    if not daftar_waktu:
        return None
    total = 0.0
    for w in daftar_waktu:
        if w.satuan == "menit":
            total += w.max * 60
        elif w.satuan == "jam":
            total += w.max * 3600
        elif w.satuan == "hari_kerja":
            total += w.max * panjang_hari
        else:
            total += w.max * HARI_KERJA_PER[w.satuan] * panjang_hari
    return int(round(total))


def standar_label(daftar_waktu) -> str:
    if not daftar_waktu:
        return "—"
    if len(daftar_waktu) == 1:
        return daftar_waktu[0].label()
    totals = {}
    for w in daftar_waktu:
        totals[w.satuan] = totals.get(w.satuan, 0) + w.max
    order = ["bulan", "minggu", "hari_kalender", "hari_kerja", "jam", "menit"]
    return " + ".join(f"{format_angka(totals[s])} {SATUAN_LABEL[s]}" for s in order if s in totals)


def hari_kerja(detik, panjang_hari) -> Decimal | None:
    if detik is None:
        return None
    return (Decimal(detik) / Decimal(panjang_hari)).quantize(Decimal("0.1"))


def persen(bagian, keseluruhan) -> int | None:
    return round(100 * bagian / keseluruhan) if keseluruhan else None


@dataclass
class BarisLayanan:
    sop_id: int
    nama: str
    bidang: str
    standar: str
    standar_hari: Decimal | None = None
    dimulai: int = 0
    selesai: int = 0
    diukur: int = 0
    tepat: int = 0
    rata_hari: Decimal | None = None
    ikm: indeks.Hasil | None = None

    @property
    def persen_tepat(self):
        return persen(self.tepat, self.diukur)

    @property
    def lewat_standar(self) -> bool:
        return self.rata_hari is not None and self.standar_hari is not None and self.rata_hari > self.standar_hari


@dataclass
class Dasbor:
    periode: object
    layanan: list[BarisLayanan] = field(default_factory=list)
    langkah_terlambat: list[dict] = field(default_factory=list)
    tunggakan_bidang: list[dict] = field(default_factory=list)
    tunggakan_tahap: list[dict] = field(default_factory=list)
    tren: list[dict] = field(default_factory=list)
    ikm: indeks.Hasil | None = None
    pengaduan: list | None = None
    bansos: list | None = None

    def _jumlah(self, nama):
        return sum(getattr(b, nama) for b in self.layanan)

    @property
    def dimulai(self):
        return self._jumlah("dimulai")

    @property
    def selesai(self):
        return self._jumlah("selesai")

    @property
    def persen_tepat(self):
        return persen(self._jumlah("tepat"), self._jumlah("diukur"))

    @property
    def tunggakan(self):
        return sum(b["jumlah"] for b in self.tunggakan_bidang)

    @property
    def tunggakan_terlambat(self):
        return sum(b["terlambat"] for b in self.tunggakan_bidang)


def _katalog(kabupaten):
    qs = VersiSop.objects.select_related("sop", "standar_pelayanan").prefetch_related("langkah").order_by("sop_id", "-pk")
    if kabupaten:
        qs = qs.filter(sop__kabupaten=kabupaten)
    return list(qs)


def hitung(periode, kabupaten=None, sop_id=None, sekarang=None, versi_boleh=None) -> Dasbor:
    """All figures of the dashboard for a period (optionally one service; `versi_boleh`
    narrows it to the SOP versions one Kabid's bidang serves)."""
    kalender = kalender_kerja.siapkan()
    panjang = kalender_kerja.panjang_hari(kalender)
    sekarang = sekarang or timezone.now()
    versi_list = _katalog(kabupaten)
    if sop_id:
        versi_list = [v for v in versi_list if v.sop_id == sop_id]
    if versi_boleh is not None:
        versi_list = [v for v in versi_list if v.pk in versi_boleh]
    versi_ids = [v.pk for v in versi_list]
    standar_versi = {v.pk: standar_detik(_standar_waktu(v), panjang) for v in versi_list}

    baris = {}
    for v in versi_list:  # newest version first per service: its name and standard are shown
        if v.sop_id not in baris:
            waktu = _standar_waktu(v)
            detik = standar_detik(waktu, panjang)
            baris[v.sop_id] = BarisLayanan(
                sop_id=v.sop_id,
                nama=v.sop.nama,
                bidang=v.bidang,
                standar=standar_label(waktu),
                standar_hari=hari_kerja(detik, panjang),
            )

    def saring(qs):
        # One office per deployment: its cases are all of its own catalog, so the
        # whole-office view filters nothing (the database then works from its indexes).
        return qs.filter(versi_sop_id__in=versi_ids) if sop_id or versi_boleh is not None else qs

    # Grouped by the case row's own version column (no join over the cases), summed per
    # service here: the versions are already loaded.
    sop_dari_versi = {v.pk: v.sop_id for v in versi_list}
    for versi_id, n in saring(sumber.dimulai(periode)).values_list("versi_sop_id").annotate(n=Count("pk")):
        if versi_id in sop_dari_versi:
            baris[sop_dari_versi[versi_id]].dimulai += n

    standar = Case(
        *[When(versi_sop_id=pk, then=Value(s)) for pk, s in standar_versi.items() if s is not None],
        # Cast: with no standard at all the CASE compiles to a bare NULL, which PostgreSQL types as text.
        default=Cast(Value(None), IntegerField()),
        output_field=IntegerField(),
    )
    ringkasan = kalender_kerja.ringkas_durasi(
        saring(sumber.selesai(periode)), "dibuat_pada", "selesai_pada", kalender, F("versi_sop_id"), standar
    )
    total_detik = {}
    for versi_id, (n, diukur, tepat, detik) in ringkasan.items():
        if versi_id not in sop_dari_versi:
            continue
        b = baris[sop_dari_versi[versi_id]]
        b.selesai, b.diukur, b.tepat = b.selesai + n, b.diukur + diukur, b.tepat + tepat
        total_detik[b.sop_id] = total_detik.get(b.sop_id, 0) + detik
    for sop_id, detik in total_detik.items():
        b = baris[sop_id]
        b.rata_hari = hari_kerja(detik / b.selesai, panjang) if b.selesai else None

    tanggapan = Tanggapan.objects.periode(periode).filter(sop_id__in=list(baris))
    for sop, hasil in indeks.per_layanan(tanggapan).items():
        baris[sop].ikm = hasil  # (filtered to the catalog's services above)

    hasil = Dasbor(periode=periode)
    hasil.layanan = sorted(
        (b for b in baris.values() if b.dimulai or b.selesai or b.ikm),
        key=lambda b: (-b.dimulai - b.selesai, b.nama),
    )
    hasil.ikm = indeks.hitung(tanggapan)
    hasil.langkah_terlambat = _langkah_terlambat(periode, versi_ids, baris)
    hasil.tunggakan_bidang, hasil.tunggakan_tahap = _tunggakan(saring(sumber.aktif()), sekarang, versi_list)
    hasil.tren = _tren(periode, saring)
    hasil.pengaduan = _pengaduan(periode) if apps.is_installed("pengaduan") else None
    hasil.bansos = None if not apps.is_installed("bansos") else _bansos(periode)
    return hasil


def _pengaduan(periode):
    """The complaint recap of the period (pengaduan.rekap), without the per-status count."""
    from pengaduan import rekap

    return rekap.hitung(periode.awal, periode.akhir, dengan_status=False)


def _bansos(periode):
    """Realisation of the bansos programs of the period's fiscal year (one query)."""
    from bansos.laporan import dengan_realisasi
    from bansos.models import Program

    return dengan_realisasi(Program.objects.filter(tahun_anggaran=periode.tanggal_awal.year))


def _langkah_terlambat(periode, versi_ids, baris, jumlah=10):
    rows = (
        sumber.langkah_terlambat(periode)
        .filter(permohonan__versi_sop_id__in=versi_ids)
        .values("permohonan__versi_sop__sop_id", "dari_status", "langkah__uraian")
        .annotate(n=Count("pk"))
        .order_by("-n", "permohonan__versi_sop__sop_id", "dari_status")[:jumlah]
    )
    return [
        {
            "layanan": baris[r["permohonan__versi_sop__sop_id"]].nama,
            "tahap": r["langkah__uraian"] or sumber.label_status(r["dari_status"]),
            "jumlah": r["n"],
        }
        for r in rows
    ]


def _tunggakan(aktif, sekarang, versi_list):
    """Open cases by bidang and by step.

    One query grouped on the case row's own columns (version, position in turn, step,
    status: no joins over the backlog), folded here into the two tables with names from
    the catalog and two small look-ups (positions' bidang, steps' text). The grouped rows
    are bounded by the catalog, not by the number of cases.
    """
    from dinsos.models import Jabatan
    from sop.models import Langkah

    kolom = sumber.kolom_tunggakan()
    rows = list(aktif.values(*kolom).annotate(n=Count("pk"), t=Count("pk", filter=sumber.terlambat_q(sekarang))))
    versi_bidang = {v.pk: v.bidang for v in versi_list}
    jabatan_ids = {r[kolom[1]] for r in rows if r[kolom[1]]}
    langkah_ids = {r[kolom[2]] for r in rows if r[kolom[2]]}
    bidang_jabatan = dict(Jabatan.objects.filter(pk__in=jabatan_ids, bidang__isnull=False).values_list("pk", "bidang__nama"))
    uraian = dict(Langkah.objects.filter(pk__in=langkah_ids).values_list("pk", "uraian"))
    bidang, tahap = {}, {}
    for r in rows:
        nama_bidang = versi_bidang.get(r[kolom[0]]) or bidang_jabatan.get(r[kolom[1]]) or "Tanpa bidang"
        nama_tahap = uraian.get(r[kolom[2]]) or sumber.label_status(r[kolom[3]])
        for tabel, kunci in ((bidang, nama_bidang), (tahap, nama_tahap)):
            baris = tabel.setdefault(kunci, {"nama": kunci, "jumlah": 0, "terlambat": 0})
            baris["jumlah"] += r["n"]
            baris["terlambat"] += r["t"]

    def urut(tabel, batas=None):
        return sorted(tabel.values(), key=lambda b: (-b["jumlah"], b["nama"]))[:batas]

    return urut(bidang), urut(tahap, 15)


def _tren(periode, saring, bulan=6):
    """Cases started and finished in the last months up to the period's end: two queries,
    each an index range (registration, finish) with one conditional count per month."""
    awal = periode.bulan_bulan()[-1]
    daftar = [awal]
    for _ in range(bulan - 1):
        daftar.insert(0, daftar[0].sebelumnya())
    mulai, akhir = daftar[0].awal, daftar[-1].akhir
    masuk = saring(sumber.permohonan().filter(dibuat_pada__gte=mulai, dibuat_pada__lt=akhir)).aggregate(
        **{f"m{i}": Count("pk", filter=Q(dibuat_pada__gte=p.awal, dibuat_pada__lt=p.akhir)) for i, p in enumerate(daftar)}
    )
    selesai = saring(
        sumber.permohonan().filter(selesai_pada__gte=mulai, selesai_pada__lt=akhir, status__in=sumber.SELESAI_DILAYANI)
    ).aggregate(
        **{f"s{i}": Count("pk", filter=Q(selesai_pada__gte=p.awal, selesai_pada__lt=p.akhir)) for i, p in enumerate(daftar)}
    )
    return [
        {
            "label": p.label,
            "singkat": p.label[:3] + " " + str(p.tahun)[2:],
            "dimulai": masuk[f"m{i}"],
            "selesai": selesai[f"s{i}"],
        }
        for i, p in enumerate(daftar)
    ]
