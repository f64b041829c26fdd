"""Streaming import of registry files into a new snapshot, switched on atomically.

Rows are validated one by one and written in batches: with PostgreSQL through COPY into
the snapshot's own partition (a CSV's clean lines go there untouched, see
`registri.impor_pg`), elsewhere with bulk inserts. Memory stays flat: at most one batch
or one 4 MB block is held.
Bad rows (invalid NIK, missing name) are reported with their line numbers and do not stop
the import. Look-ups keep answering from the previous snapshot until the new one is
complete; then, in one transaction, the new one becomes active and the old one inactive.
"""

import logging

from django.db import connection, transaction
from django.utils import timezone

from registri import aktivasi, berkas
from registri.models import BarisDtks, BarisPbi, Jenis, Snapshot

log = logging.getLogger(__name__)
BATCH = 20000
KOLOM_DTKS = ["nik", "nama", "nomor_kk", "alamat", "desa", "kecamatan", "desil", "pkh", "bpnt", "pbi"]
KOLOM_PBI = ["nik", "nama", "nomor_kk", "alamat", "desa", "kecamatan"]


def _kolom(jenis):
    return KOLOM_DTKS if jenis == Jenis.DTKS else KOLOM_PBI


def _model(jenis):
    return BarisDtks if jenis == Jenis.DTKS else BarisPbi


def _bersihkan(jenis, raw):
    """(values in column order, None) or (None, reason)."""
    nik = berkas.normalisasi_nik(raw.get("nik"))
    alasan = berkas.nik_valid(nik)
    if alasan:
        return None, alasan
    nama = str(raw.get("nama") or "").strip()
    if not nama:
        return None, "nama kosong"
    values = [
        nik,
        nama[:150],
        berkas.normalisasi_nik(raw.get("nomor_kk"))[:16],
        str(raw.get("alamat") or "").strip()[:250],
        str(raw.get("desa") or "").strip()[:100],
        str(raw.get("kecamatan") or "").strip()[:100],
    ]
    if jenis == Jenis.DTKS:
        desil = str(raw.get("desil") or "").strip()
        if desil and not (desil.isdigit() and 1 <= int(desil) <= 10):
            return None, f"desil “{desil}” bukan 1–10"
        values += [
            int(desil) if desil else None,
            berkas.ya(raw.get("pkh")),
            berkas.ya(raw.get("bpnt")),
            berkas.ya(raw.get("pbi")),
        ]
    return values, None


def _esc(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


class _PenulisCopy:
    """Writes rows with COPY into the snapshot's own (not yet attached) partition."""

    def __init__(self, snapshot):
        from registri import impor_pg

        self.table = impor_pg.tabel_anak(snapshot)
        self.columns = ["snapshot_id"] + _kolom(snapshot.jenis)
        self.prefix = f"{snapshot.pk}\t"
        with connection.cursor() as cursor:
            impor_pg.buat_anak(cursor, snapshot)

    def tulis(self, batch):
        lines = "".join(self.prefix + "\t".join(map(_esc, row)) + "\n" for row in batch)
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN") as copy:
                copy.write(lines)


class _PenulisOrm:
    def __init__(self, snapshot):
        self.model = _model(snapshot.jenis)
        self.columns = _kolom(snapshot.jenis)
        self.snapshot = snapshot

    def tulis(self, batch):
        self.model.objects.bulk_create(
            [self.model(snapshot=self.snapshot, **dict(zip(self.columns, row, strict=True))) for row in batch],
            batch_size=2000,
        )


def impor(snapshot: Snapshot, path) -> Snapshot:
    """Load a file into `snapshot` and make it the active one; returns the snapshot."""
    snapshot.status = Snapshot.Status.BERJALAN
    snapshot.total_baris = berkas.hitung_baris(path)
    snapshot.save(update_fields=["status", "total_baris"])
    postgres = connection.vendor == "postgresql"
    if postgres and str(path).lower().endswith(".csv"):
        hasil = _impor_csv_cepat(snapshot, path)
        if hasil is not None:
            return hasil
    penulis = _PenulisCopy(snapshot) if postgres else _PenulisOrm(snapshot)
    ditolak = []
    batch = []
    dimuat = diproses = 0
    try:
        for lineno, raw in berkas.baca(path):
            diproses += 1
            values, alasan = _bersihkan(snapshot.jenis, raw)
            if alasan:
                ditolak.append((lineno, str(raw.get("nik") or ""), alasan))
            else:
                batch.append(values)
            if len(batch) >= BATCH:
                penulis.tulis(batch)
                dimuat += len(batch)
                batch = []
                Snapshot.objects.filter(pk=snapshot.pk).update(diproses=diproses, dimuat=dimuat)
        if batch:
            penulis.tulis(batch)
            dimuat += len(batch)
    except Exception as exc:
        return _gagal(snapshot, exc)
    if postgres:
        from registri import impor_pg

        with connection.cursor() as cursor:
            impor_pg.pasang_anak(cursor, snapshot)
    return _selesai(snapshot, diproses, dimuat, ditolak)


def _impor_csv_cepat(snapshot, path):
    """PostgreSQL + CSV: clean lines straight to COPY, the rest through `_bersihkan`.

    Returns None (nothing done) when the file's columns need the full Python path.
    """
    import csv as csv_mod

    from registri import impor_pg

    siap = impor_pg.siapkan(path, snapshot.jenis)
    if siap is None:
        return None
    penulis = _PenulisCopy(snapshot)

    def tulis_lambat(numbered_lines):
        batch, rejected = [], []
        for line_no, line in numbered_lines:
            row = next(csv_mod.reader([line.decode("utf-8", "replace")], delimiter=siap.delimiter), [])
            raw = dict(zip(siap.names, row, strict=False))
            values, alasan = _bersihkan(snapshot.jenis, raw)
            if alasan:
                rejected.append((line_no, str(raw.get("nik") or ""), alasan))
            else:
                batch.append(values)
        if batch:
            penulis.tulis(batch)
        return len(batch), rejected

    def progress(n):
        Snapshot.objects.filter(pk=snapshot.pk).update(diproses=n)

    try:
        diproses, dimuat, ditolak = impor_pg.impor_csv(snapshot, path, siap, progress, tulis_lambat)
        with connection.cursor() as cursor:
            impor_pg.pasang_anak(cursor, snapshot)
    except Exception as exc:
        return _gagal(snapshot, exc)
    ditolak.sort()
    return _selesai(snapshot, diproses, dimuat, ditolak)


def _gagal(snapshot, exc):
    """Drop what was written and mark the import failed; the active snapshot is untouched."""
    log.exception("Impor %s gagal", snapshot.pk)
    _hapus_baris(snapshot.jenis, [snapshot.pk])
    Snapshot.objects.filter(pk=snapshot.pk).update(
        status=Snapshot.Status.GAGAL, pesan=f"Berkas tidak dapat dibaca: {exc}", selesai_pada=timezone.now()
    )
    snapshot.refresh_from_db()
    return snapshot


def _hapus_baris(jenis, snapshot_ids):
    if connection.vendor == "postgresql":
        from registri import impor_pg

        impor_pg.buang(jenis, snapshot_ids)
    else:
        _model(jenis).objects.filter(snapshot_id__in=snapshot_ids).delete()


def _selesai(snapshot, diproses, dimuat, ditolak):
    laporan = berkas.csv_text([("baris", "nik", "alasan"), *ditolak]) if ditolak else ""
    if aktivasi.perlu_konfirmasi(snapshot, dimuat):
        aktivasi.tahan(snapshot, diproses, dimuat, len(ditolak), laporan)
        snapshot.refresh_from_db()
        return snapshot
    lama = _aktifkan(snapshot, diproses, dimuat, len(ditolak), laporan)
    if lama:
        _hapus_baris(snapshot.jenis, lama)
    snapshot.refresh_from_db()
    return snapshot


@transaction.atomic
def _aktifkan(snapshot, diproses, dimuat, ditolak, laporan):
    lama = list(Snapshot.objects.select_for_update().filter(jenis=snapshot.jenis, aktif=True).values_list("pk", flat=True))
    Snapshot.objects.filter(pk__in=lama).update(aktif=False)
    Snapshot.objects.filter(pk=snapshot.pk).update(
        aktif=True,
        status=Snapshot.Status.SELESAI,
        diproses=diproses,
        dimuat=dimuat,
        ditolak=ditolak,
        laporan=laporan,
        selesai_pada=timezone.now(),
    )
    return lama


def impor_berkas(path, jenis, user=None) -> Snapshot:
    from pathlib import Path

    snapshot = Snapshot.objects.create(jenis=jenis, nama_berkas=Path(path).name, diunggah_oleh=user)
    return impor(snapshot, path)


def proses_antrean():
    """Run queued uploads (admin uploads are queued; see `manage.py proses_impor`)."""
    done = []
    while True:
        with transaction.atomic():
            snapshot = (
                Snapshot.objects.select_for_update(skip_locked=True)
                .filter(status=Snapshot.Status.ANTRE)
                .order_by("pk")
                .first()
            )
            if snapshot is None:
                return done
            Snapshot.objects.filter(pk=snapshot.pk).update(status=Snapshot.Status.BERJALAN)
        done.append(impor(snapshot, snapshot.berkas.path))
