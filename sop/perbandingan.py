"""What a draft changes against the published version of the same SOP (issue #19.13).

`perubahan(draft)` answers a list of `Bagian` (one per area: steps, requirements, paraf
chain, letter), each with Indonesian sentences. The publish confirmation page shows them.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from sop.models import Langkah, VersiSop


@dataclass
class Bagian:
    judul: str
    baris: list[str] = field(default_factory=list)


def _versi(pk):
    return (
        VersiSop.objects.select_related("sop", "penandatangan")
        .prefetch_related(
            Prefetch("langkah", queryset=Langkah.objects.prefetch_related("pelaksana").order_by("urutan")),
            "persyaratan",
            "paraf__pelaksana",
        )
        .get(pk=pk)
    )


def _teks(nilai):
    if nilai in (None, "", []):
        return "(kosong)"
    if isinstance(nilai, list | tuple):
        return " → ".join(nilai) if nilai else "(kosong)"
    return str(nilai)


def _ringkas(teks, batas=80):
    teks = " ".join(teks.split())
    return teks if len(teks) <= batas else f"{teks[: batas - 1]}…"


def _isi_langkah(langkah):
    return {
        "uraian": langkah.uraian.strip(),
        "jenis": langkah.get_jenis_display(),
        "pelaksana": ", ".join(sorted(p.nama for p in langkah.pelaksana.all())),
        "giliran": list(langkah.giliran or []),
        "waktu": langkah.waktu_teks or "-",
        "kelengkapan": langkah.kelengkapan.strip(),
        "output": langkah.output.strip(),
        "jika Ya": langkah.jika_ya,
        "jika Tidak": langkah.jika_tidak,
    }


def _langkah(lama, baru):
    bagian = Bagian("Langkah")
    lama_map = {lk.urutan: lk for lk in lama.langkah.all()}
    baru_map = {lk.urutan: lk for lk in baru.langkah.all()}
    for nomor in sorted(set(lama_map) | set(baru_map)):
        if nomor not in lama_map:
            bagian.baris.append(f"Langkah {nomor} ditambahkan: {_ringkas(baru_map[nomor].uraian)}")
            continue
        if nomor not in baru_map:
            bagian.baris.append(f"Langkah {nomor} dihapus: {_ringkas(lama_map[nomor].uraian)}")
            continue
        a, b = _isi_langkah(lama_map[nomor]), _isi_langkah(baru_map[nomor])
        for kunci in a:
            if a[kunci] != b[kunci]:
                if kunci == "uraian":
                    bagian.baris.append(f"Langkah {nomor}: uraian diubah menjadi “{_ringkas(b[kunci])}”")
                else:
                    bagian.baris.append(f"Langkah {nomor}: {kunci} {_teks(a[kunci])} → {_teks(b[kunci])}")
    return bagian


def _persyaratan(lama, baru):
    bagian = Bagian("Persyaratan")
    a = [(p.nama, p.kelompok) for p in lama.persyaratan.all()]
    b = [(p.nama, p.kelompok) for p in baru.persyaratan.all()]
    for nama, kelompok in b:
        if (nama, kelompok) not in a:
            bagian.baris.append(f"Ditambahkan: {nama}" + (f" ({kelompok})" if kelompok else ""))
    for nama, kelompok in a:
        if (nama, kelompok) not in b:
            bagian.baris.append(f"Dihapus: {nama}" + (f" ({kelompok})" if kelompok else ""))
    return bagian


def _surat(lama, baru):
    bagian = Bagian("Surat, paraf dan tanda tangan")
    paraf_a = [p.pelaksana.nama for p in lama.paraf.all()]
    paraf_b = [p.pelaksana.nama for p in baru.paraf.all()]
    if paraf_a != paraf_b:
        bagian.baris.append(f"Rantai paraf: {_teks(paraf_a)} → {_teks(paraf_b)}")
    if lama.jenis_surat != baru.jenis_surat:
        bagian.baris.append(f"Templat surat: {_teks(lama.jenis_surat)} → {_teks(baru.jenis_surat)}")
    ttd_a = lama.penandatangan.nama if lama.penandatangan else ""
    ttd_b = baru.penandatangan.nama if baru.penandatangan else ""
    if ttd_a != ttd_b:
        bagian.baris.append(f"Penandatangan: {_teks(ttd_a)} → {_teks(ttd_b)}")
    if lama.boleh_an != baru.boleh_an:
        bagian.baris.append(f"Boleh a.n.: {'ya' if lama.boleh_an else 'tidak'} → {'ya' if baru.boleh_an else 'tidak'}")
    return bagian


def _kepala(lama, baru):
    bagian = Bagian("Kepala SOP")
    for nama, label in (("nama", "Nama"), ("nomor", "Nomor"), ("bidang", "Bidang"), ("produk", "Produk")):
        if getattr(lama, nama) != getattr(baru, nama):
            bagian.baris.append(f"{label}: {_teks(getattr(lama, nama))} → {_teks(getattr(baru, nama))}")
    if lama.internal != baru.internal:
        bagian.baris.append(
            "Menjadi prosedur internal (tidak tampil di halaman publik)"
            if baru.internal
            else "Menjadi layanan publik (tampil di halaman standar pelayanan)"
        )
    return bagian


def perubahan(draft: VersiSop) -> tuple[VersiSop | None, list[Bagian]]:
    """(the published version or None, the areas that differ), for the confirmation page."""
    baru = _versi(draft.pk)
    terbit = VersiSop.objects.filter(sop_id=draft.sop_id, status=VersiSop.Status.TERBIT).values_list("pk", flat=True)
    if not terbit:
        return None, []
    lama = _versi(terbit[0])
    bagian = [_kepala(lama, baru), _langkah(lama, baru), _persyaratan(lama, baru), _surat(lama, baru)]
    return lama, [b for b in bagian if b.baris]
