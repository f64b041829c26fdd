"""Eligibility and overlap checks of bansos candidates, one at a time or a whole list at once.

`periksa_semua(program, calon)` works on Calon objects in memory (saved or not) with a fixed
number of queries whatever the list's size: one DTKS look-up for all NIKs (`registri.cari`),
one for the PBI lists, one for earlier aid by NIK or KK. Each rule gives one entry in
`Calon.hasil_cek` — `{"kode", "aturan", "lolos", "alasan"}` — so the officer sees exactly
which rule failed and why. Overlap with other programs is reported as a warning (`lolos`
stays true); the program's own rules decide eligibility (docs/keputusan.md, Bansos).
"""

import datetime

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from audit.models import Aksi, LogAkses
from bansos.models import Calon, Kategori, Program
from bansos.salin import salin
from dinsos.models import Instansi
from layanan.validators import tanggal_dari_nik
from registri.berkas import nik_valid
from registri.cari import cari_banyak, snapshot_aktif
from registri.models import BarisDtks, BarisPbi, Jenis

# Statuses of a candidate who received (or was decided to receive) the aid.
MENERIMA = (Calon.Status.DITETAPKAN, Calon.Status.DISALURKAN)
# Statuses a new check may change; later ones are decided and stay.
BOLEH_DICEK = (Calon.Status.BARU, Calon.Status.LAYAK, Calon.Status.TIDAK_LAYAK)


def umur(tanggal_lahir: datetime.date, pada: datetime.date) -> int:
    return pada.year - tanggal_lahir.year - ((pada.month, pada.day) < (tanggal_lahir.month, tanggal_lahir.day))


def tanggal_lahir(calon) -> datetime.date | None:
    if calon.tanggal_lahir:
        return calon.tanggal_lahir
    try:
        return tanggal_dari_nik(calon.nik)[0]
    except (ValueError, IndexError):
        return None


def _tambah_bulan(tanggal: datetime.date, bulan: int) -> datetime.date:
    month = tanggal.month - 1 + bulan
    year, month = tanggal.year + month // 12, month % 12 + 1
    day = min(tanggal.day, [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1])
    return datetime.date(year, month, day)


def _di(field, values) -> Q:
    """`field IN values`; on PostgreSQL as one text parameter split by the server.

    psycopg quotes each element of a list parameter on the client (a regular expression per
    value): for 20,000 NIKs that alone costs seconds. One comma-joined string costs nothing.
    NIKs and KKs are digits, so a comma never occurs inside a value.
    """
    values = [v for v in values if v]
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__in": values})
    return Q(**{f"{field}__in": RawSQL("SELECT unnest(string_to_array(%s, ','))", [",".join(values)])})


def _cari_dtks(snapshot, niks) -> dict:
    """nik → (nama, desil, pkh, bpnt, pbi) like `registri.cari.cari_banyak`, in one query on PostgreSQL."""
    if snapshot is None or connection.vendor != "postgresql":
        return cari_banyak(snapshot, niks)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT nik, nama, desil, pkh, bpnt, pbi FROM {BarisDtks._meta.db_table} "
            "WHERE snapshot_id = %s AND nik = ANY(string_to_array(%s, ','))",
            [snapshot.pk, ",".join(niks)],
        )
        found = {}
        for row in cursor.fetchall():
            found.setdefault(row[0], row[1:])
    return found


def _riwayat_bantuan(program: Program, niks, kks):
    """Earlier or parallel aid of these NIKs/KKs in other programs: list of plain dicts."""
    rows = (
        Calon.objects.filter(_di("nik", niks) | _di("nomor_kk", kks), status__in=MENERIMA)
        .exclude(program=program)
        .values(
            "nik",
            "nomor_kk",
            "program_id",
            "program__nama",
            "program__tahun_anggaran",
            "program__versi_sop__sop_id",
            "penyaluran__tanggal",
            "penetapan__dibuat_pada",
        )
    )
    return list(rows)


def _tanggal_terima(row) -> datetime.date | None:
    if row["penyaluran__tanggal"]:
        return row["penyaluran__tanggal"]
    if row["penetapan__dibuat_pada"]:
        return timezone.localtime(row["penetapan__dibuat_pada"]).date()
    return None


def periksa_semua(program: Program, daftar: list, user=None, pelaku="", pada: datetime.date | None = None) -> None:
    """Check every candidate of `daftar` (same program) in memory; the caller saves them."""
    pada = pada or timezone.localdate()
    daftar = [c for c in daftar if c.status in BOLEH_DICEK]
    if not daftar:
        return
    instansi = Instansi.get_current()
    kode_wilayah = instansi.kode_wilayah if instansi else ""
    snapshots = snapshot_aktif()
    niks = sorted({c.nik for c in daftar if nik_valid(c.nik) is None})
    dtks = _cari_dtks(snapshots[Jenis.DTKS], niks)
    pbi_snap = [s.pk for j, s in snapshots.items() if j != Jenis.DTKS and s is not None]
    pbi = set()
    if pbi_snap:
        pbi.update(BarisPbi.objects.filter(_di("nik", niks), snapshot_id__in=pbi_snap).values_list("nik", flat=True))
    kks = sorted({c.nomor_kk for c in daftar if c.nomor_kk})
    lain = _riwayat_bantuan(program, niks, kks)
    # KKs already taken in this program: by decided recipients, or by earlier candidates still in play.
    kk_program = {}
    if program.satu_per_kk and program.pk:
        for kk, pk, status in (
            Calon.objects.filter(_di("nomor_kk", kks), program=program)
            .exclude(status=Calon.Status.TIDAK_LAYAK)
            .values_list("nomor_kk", "pk", "status")
        ):
            kk_program.setdefault(kk, []).append((pk, status))
    sop_id = program.versi_sop.sop_id
    sekarang = timezone.now()
    dtks_dimuat = snapshots[Jenis.DTKS] is not None
    kk_dilihat = {}
    for calon in daftar:
        hasil = []

        def aturan(kode, nama, lolos, alasan="", hasil=hasil):
            hasil.append({"kode": kode, "aturan": nama, "lolos": bool(lolos), "alasan": "" if lolos else alasan})

        pesan_nik = nik_valid(calon.nik)
        aturan("nik", "NIK sah", pesan_nik is None, pesan_nik or "")
        row = dtks.get(calon.nik)
        calon.terdaftar_dtks = row is not None
        calon.desil = row[1] if row else None
        calon.pbi = bool(row and row[4]) or calon.nik in pbi
        if program.syarat_domisili:
            ok = bool(kode_wilayah) and calon.nik.startswith(kode_wilayah)
            aturan(
                "domisili",
                "Berdomisili di kabupaten",
                ok,
                f"kode wilayah NIK {calon.nik[:4]} bukan {kode_wilayah}",
            )
        if program.desil_maks is not None:
            if not dtks_dimuat:
                aturan("desil", f"Desil DTKS paling tinggi {program.desil_maks}", False, "data DTKS belum dimuat")
            elif row is None:
                aturan("desil", f"Desil DTKS paling tinggi {program.desil_maks}", False, "tidak terdaftar di DTKS")
            elif row[1] is None:
                aturan("desil", f"Desil DTKS paling tinggi {program.desil_maks}", False, "desil di DTKS kosong")
            else:
                aturan(
                    "desil",
                    f"Desil DTKS paling tinggi {program.desil_maks}",
                    row[1] <= program.desil_maks,
                    f"desil {row[1]} di atas {program.desil_maks}",
                )
        if program.umur_min is not None or program.umur_maks is not None:
            lahir = tanggal_lahir(calon)
            batas = f"{program.umur_min or 0}–{program.umur_maks}" if program.umur_maks else f"≥ {program.umur_min}"
            if lahir is None:
                aturan("umur", f"Umur {batas} tahun", False, "tanggal lahir tidak diketahui")
            else:
                u = umur(lahir, pada)
                ok = (program.umur_min is None or u >= program.umur_min) and (
                    program.umur_maks is None or u <= program.umur_maks
                )
                aturan("umur", f"Umur {batas} tahun", ok, f"umur {u} tahun")
        if program.kategori:
            label = Kategori(program.kategori).label
            ok = calon.kategori == program.kategori
            alasan = f"kategori {calon.get_kategori_display() or 'kosong'}, bukan {label.lower()}"
            if ok and program.jenis_disabilitas:
                ok = calon.jenis_disabilitas.strip().lower() == program.jenis_disabilitas.strip().lower()
                alasan = f"jenis disabilitas {calon.jenis_disabilitas or 'kosong'}, bukan {program.jenis_disabilitas}"
            aturan("kategori", f"Kategori {label.lower()}", ok, alasan)
        if program.jeda_bulan is not None:
            batas = _tambah_bulan(pada, -program.jeda_bulan)
            terakhir = [
                (_tanggal_terima(r), r)
                for r in lain
                if r["nik"] == calon.nik and r["program__versi_sop__sop_id"] == sop_id and _tanggal_terima(r)
            ]
            baru = [t for t in terakhir if t[0] > batas]
            alasan = ""
            if baru:
                tgl, r = max(baru, key=lambda t: t[0])
                alasan = f"sudah menerima {r['program__nama']} {r['program__tahun_anggaran']} pada {tgl:%d-%m-%Y}"
            aturan("jeda", f"Tidak menerima program yang sama dalam {program.jeda_bulan} bulan", not baru, alasan)
        if program.satu_per_kk:
            pesan = ""
            if not calon.nomor_kk:
                pesan = "nomor KK kosong"
            else:
                for pk, status in kk_program.get(calon.nomor_kk, []):
                    if pk != calon.pk and (status in MENERIMA or calon.pk is None or pk < calon.pk):
                        pesan = "anggota KK yang sama sudah diusulkan atau ditetapkan dalam program ini"
                        break
                if not pesan and kk_dilihat.get(calon.nomor_kk, calon) is not calon:
                    pesan = f"anggota KK yang sama sudah ada di daftar ({kk_dilihat[calon.nomor_kk].nama})"
            aturan("kk", "Satu penerima per KK", not pesan, pesan)
            if calon.nomor_kk and all(h["lolos"] for h in hasil):
                kk_dilihat.setdefault(calon.nomor_kk, calon)
        # Overlap with other programs (any year), by NIK or KK: a warning the officer weighs.
        tumpang = [
            f"{r['program__nama']} {r['program__tahun_anggaran']} ({'NIK' if r['nik'] == calon.nik else 'KK'})"
            for r in lain
            if r["nik"] == calon.nik or (calon.nomor_kk and r["nomor_kk"] == calon.nomor_kk)
        ]
        hasil.append(
            {
                "kode": "tumpang",
                "aturan": "Tumpang tindih dengan program lain",
                "lolos": True,
                "peringatan": "; ".join(sorted(set(tumpang))),
                "alasan": "",
            }
        )
        registri = "tidak terdaftar di DTKS" if row is None else f"DTKS desil {row[1] or '-'}"
        if row is not None:
            registri += f", PKH {'ya' if row[2] else 'tidak'}, BPNT {'ya' if row[3] else 'tidak'}"
        registri += f", PBI {'ya' if calon.pbi else 'tidak'}"
        if not dtks_dimuat:
            registri = "data DTKS belum dimuat"
        hasil.append({"kode": "registri", "aturan": "Data registri", "lolos": True, "peringatan": "", "info": registri})
        calon.hasil_cek = hasil
        calon.dicek_pada = sekarang
        layak = all(h["lolos"] for h in hasil)
        calon.status = Calon.Status.LAYAK if layak or calon.diloloskan else Calon.Status.TIDAK_LAYAK
    _catat_registri(daftar, dtks, program, user, pelaku)


def _catat_registri(daftar, dtks, program, user, pelaku):
    """One log row for the run and one per NIK read from DTKS (like registri.cari.catat_sanding)."""
    kwargs = {"user": user} if user is not None else {"pelaku": pelaku or "sistem"}
    objek = f"bansos program {program.pk}"
    rows = [
        LogAkses.baru(
            Aksi.CEK_REGISTRI,
            objek=objek,
            keterangan=f"Pemeriksaan {len(daftar)} calon {program}: {len(dtks)} terdaftar di DTKS.",
            **kwargs,
        )
    ]
    rows += [
        LogAkses.baru(Aksi.CEK_REGISTRI, objek=objek, nik=c.nik, keterangan="pemeriksaan calon bansos", **kwargs)
        for c in daftar
        if c.nik in dtks
    ]
    salin(LogAkses, rows)


FIELDS = ["hasil_cek", "dicek_pada", "desil", "terdaftar_dtks", "pbi", "status"]


def periksa_program(program: Program, user=None) -> int:
    """Re-check every undecided candidate of a program and save; number checked."""
    daftar = list(program.calon.filter(status__in=BOLEH_DICEK).order_by("pk"))
    periksa_semua(program, daftar, user=user)
    Calon.objects.bulk_update(daftar, FIELDS, batch_size=1000)
    return len(daftar)
