"""Realisation of bansos programs and the recipient export offices send upward."""

from django.db.models import Count, Q, Sum
from openpyxl import Workbook

from bansos.models import Calon, Program, SumberDana
from registri.berkas import sel_xlsx

TERSALUR = Q(status=Calon.Status.DISALURKAN)


def persen(bagian, keseluruhan) -> float:
    return round(100 * bagian / keseluruhan, 1) if keseluruhan else 0.0


def realisasi(program: Program) -> dict:
    """Quota and budget against recipients decided and aid handed over (one query)."""
    agg = program.calon.aggregate(
        calon=Count("pk"),
        layak=Count("pk", filter=Q(status=Calon.Status.LAYAK)),
        tidak_layak=Count("pk", filter=Q(status=Calon.Status.TIDAK_LAYAK)),
        ditetapkan=Count("pk", filter=Q(nilai__gt=0)),
        nilai_ditetapkan=Sum("nilai", filter=Q(nilai__gt=0), default=0),
        tersalur=Count("pk", filter=TERSALUR),
        nilai_tersalur=Sum("nilai", filter=TERSALUR, default=0),
        tidak_tersalur=Count("pk", filter=Q(status=Calon.Status.TIDAK_TERSALUR)),
        dikembalikan=Count("pk", filter=Q(status=Calon.Status.DIKEMBALIKAN)),
    )
    agg["persen_kuota"] = persen(agg["tersalur"], program.kuota)
    agg["persen_anggaran"] = persen(agg["nilai_tersalur"], program.anggaran)
    return agg


def dengan_realisasi(programs) -> list:
    """Programs with their realisation figures, in one query however many there are."""
    # Meta.ordering is not applied to aggregate (GROUP BY) queries: order explicitly.
    rows = list(
        programs.order_by("-tahun_anggaran", "nama", "pk").annotate(
            n_calon=Count("calon"),
            n_tersalur=Count("calon", filter=Q(calon__status=Calon.Status.DISALURKAN)),
            n_ditetapkan=Count("calon", filter=Q(calon__nilai__gt=0)),
            nilai_tersalur=Sum("calon__nilai", filter=Q(calon__status=Calon.Status.DISALURKAN), default=0),
        )
    )
    for p in rows:
        p.persen_kuota = persen(p.n_tersalur, p.kuota)
        p.persen_anggaran = persen(p.nilai_tersalur, p.anggaran)
    return rows


def per_wilayah(program: Program) -> list[dict]:
    """Recipients decided and handed over per kecamatan and desa."""
    return list(
        program.calon.filter(nilai__gt=0)
        .values("kecamatan", "desa")
        .annotate(
            ditetapkan=Count("pk"),
            tersalur=Count("pk", filter=TERSALUR),
            nilai_tersalur=Sum("nilai", filter=TERSALUR, default=0),
        )
        .order_by("kecamatan", "desa")
    )


def per_sumber_dana(tahun: int) -> list[dict]:
    """Per funding source in a fiscal year: programs, quota, budget, handed over (one query)."""
    rows = {
        r["sumber_dana"]: r
        for r in Program.objects.filter(tahun_anggaran=tahun)
        .values("sumber_dana")
        .annotate(program=Count("pk", distinct=True), kuota=Sum("kuota"), anggaran=Sum("anggaran"))
    }
    tersalur = {
        r["program__sumber_dana"]: r
        for r in Calon.objects.filter(TERSALUR, program__tahun_anggaran=tahun)
        .values("program__sumber_dana")
        .annotate(n=Count("pk"), nilai=Sum("nilai"))
    }
    hasil = []
    for value, label in SumberDana.choices:
        if value not in rows:
            continue
        r, t = rows[value], tersalur.get(value, {})
        hasil.append(
            {
                "sumber_dana": label,
                "program": r["program"],
                "kuota": r["kuota"],
                "anggaran": r["anggaran"],
                "tersalur": t.get("n", 0),
                "nilai_tersalur": t.get("nilai") or 0,
                "persen_anggaran": persen(t.get("nilai") or 0, r["anggaran"]),
            }
        )
    return hasil


KOLOM_EKSPOR = ["No.", "NIK", "Nama", "Alamat", "Desa/Kelurahan", "Kecamatan", "Jenis bantuan", "Nilai (Rp)", "Status"]


def ekspor_xlsx(program: Program, out, nik=str):
    """Recipients (decided or handed over) in the layout sent upward; cells are text, never formulas.

    `nik` prints each NIK: the views pass the same masking the pages use for the reader's role.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Penerima")
    ws.append([f"Daftar penerima {program.nama} tahun anggaran {program.tahun_anggaran}"])
    ws.append(KOLOM_EKSPOR)
    rows = program.calon.filter(nilai__gt=0).order_by("kecamatan", "desa", "nama", "pk")
    for i, c in enumerate(rows.iterator(chunk_size=2000), start=1):
        ws.append(
            [
                i,
                sel_xlsx(ws, nik(c.nik)),
                sel_xlsx(ws, c.nama),
                sel_xlsx(ws, c.alamat),
                sel_xlsx(ws, c.desa),
                sel_xlsx(ws, c.kecamatan),
                sel_xlsx(ws, program.jenis_bantuan),
                c.nilai,
                sel_xlsx(ws, c.get_status_display()),
            ]
        )
    wb.save(out)
