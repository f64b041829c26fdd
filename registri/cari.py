"""Look-ups against the active registry snapshots; every query is recorded."""

from dataclasses import dataclass, field

from django.db import connection

from audit.models import Aksi, LogAkses, catat
from registri.models import BarisDtks, BarisPbi, Jenis, Snapshot

PERAN_REGISTRI = {"fo", "survei", "kasi", "kabid"}


def boleh_registri(user) -> bool:
    """Registry data is personal data of the whole regency: only roles that verify need it.

    An IT admin (staff account without a position) maintains the application, not cases: no look-ups.
    """
    pegawai = getattr(user, "pegawai", None)
    return pegawai is not None and pegawai.aktif and pegawai.jabatan.peran in PERAN_REGISTRI


@dataclass
class HasilCek:
    nik: str
    snapshot: dict = field(default_factory=dict)  # jenis → Snapshot (active) or None
    dtks: BarisDtks | None = None
    pbi_daerah: BarisPbi | None = None
    pbi_pusat: BarisPbi | None = None

    @property
    def pbi_ganda(self):
        return bool(self.pbi_daerah and self.pbi_pusat)

    def ringkasan(self) -> str:
        """What the look-up found, for the access log."""

        def status(jenis, row):
            if self.snapshot.get(jenis) is None:
                return "belum dimuat"
            return "terdaftar" if row is not None else "tidak terdaftar"

        return (
            f"DTKS: {status(Jenis.DTKS, self.dtks)}; PBI-Daerah: {status(Jenis.PBI_DAERAH, self.pbi_daerah)}; "
            f"PBI-Pusat: {status(Jenis.PBI_PUSAT, self.pbi_pusat)}"
        )


def snapshot_aktif() -> dict:
    active = {s.jenis: s for s in Snapshot.objects.filter(aktif=True)}
    return {jenis: active.get(jenis) for jenis in Jenis.values}


def cek_nik(nik: str, user, tujuan="verifikasi", request=None, nomor="") -> HasilCek:
    """Look a NIK up in the active snapshots; the access log records who asked and what matched."""
    hasil = HasilCek(nik=nik, snapshot=snapshot_aktif())
    dtks = hasil.snapshot[Jenis.DTKS]
    if dtks:
        hasil.dtks = BarisDtks.objects.filter(snapshot=dtks, nik=nik).first()
    for jenis, attr in ((Jenis.PBI_DAERAH, "pbi_daerah"), (Jenis.PBI_PUSAT, "pbi_pusat")):
        snap = hasil.snapshot[jenis]
        if snap:
            setattr(hasil, attr, BarisPbi.objects.filter(snapshot=snap, nik=nik).first())
    catat(
        Aksi.CEK_REGISTRI,
        user=user,
        request=request,
        nik=nik,
        nomor=nomor,
        objek=tujuan,
        keterangan=hasil.ringkasan(),
    )
    return hasil


def catat_sanding(hasil, objek, keterangan="", **kwargs):
    """One row for the run (its counts) and one per NIK found in DTKS (what was read).

    `kwargs`: `request`, or `user`/`pelaku` (see `LogAkses.baru`).
    """
    ringkas = (
        f"{hasil.jumlah} baris: {hasil.ditemukan} ditemukan, {hasil.tidak_ditemukan} tidak ditemukan, "
        f"{hasil.invalid} NIK tidak valid, {hasil.duplikat} duplikat. {keterangan}"
    ).strip()
    rows = [LogAkses.baru(Aksi.SANDING, objek=objek, keterangan=ringkas, **kwargs)]
    for row in hasil.baris:
        if row["status"] == "ditemukan":
            rows.append(
                LogAkses.baru(
                    Aksi.SANDING,
                    objek=objek,
                    nik=row["nik"],
                    keterangan=f"baris {row['baris']}: ditemukan di DTKS (desil {row['desil'] or '-'})",
                    **kwargs,
                )
            )
    LogAkses.objects.bulk_create(rows, batch_size=2000)


def cari_banyak(snapshot, niks: list[str]) -> dict:
    """nik → (nama, desil, pkh, bpnt, pbi) for the DTKS rows among `niks`."""
    found = {}
    if snapshot is None:
        return found
    for start in range(0, len(niks), 5000):
        chunk = niks[start : start + 5000]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT nik, nama, desil, pkh, bpnt, pbi FROM {BarisDtks._meta.db_table} "
                    "WHERE snapshot_id = %s AND nik = ANY(%s)",
                    [snapshot.pk, chunk],
                )
                rows = cursor.fetchall()
        else:
            rows = BarisDtks.objects.filter(snapshot=snapshot, nik__in=chunk).values_list(
                "nik", "nama", "desil", "pkh", "bpnt", "pbi"
            )
        for row in rows:
            found.setdefault(row[0], row[1:])
    return found
