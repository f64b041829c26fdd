"""Import and export of SOP catalogs in the `dinsos-sop` exchange format (docs/format-sop.md).

`ekspor(kabupaten)` returns the catalog as a dict, `dumps()` writes it byte-for-byte
stable, `impor(data)` reads it back into new versions. Export → import → export is
identical (tests/sop/test_katalog.py).
"""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from dinsos.models import Jabatan, Peran
from sop.models import (
    IsianTambahan,
    JenisLangkah,
    Langkah,
    ParafSop,
    Pelaksana,
    Persyaratan,
    Sop,
    StandarPelayanan,
    VersiSop,
)
from sop.waktu import Waktu

FORMAT = "dinsos-sop"
VERSI_FORMAT = 1
KABUPATEN = ["oku-selatan", "lumajang", "kutai-kartanegara", "tanah-laut"]
LIST_FIELDS = [
    "dasar_hukum",
    "kualifikasi_pelaksana",
    "keterkaitan",
    "peralatan",
]
LIST_FIELDS_2 = ["kriteria_sasaran", "pihak_terkait"]
SP_FIELDS = [
    "persyaratan",
    "prosedur",
    "jangka_waktu",
    "biaya",
    "produk",
    "pengaduan",
    "dasar_hukum",
    "sarana",
    "kompetensi",
    "pengawasan_internal",
    "jumlah_pelaksana",
    "evaluasi_kinerja",
]
FASE_KE_PERAN_DEFAULT = Peran.STAF


def fixture_path(kabupaten: str) -> Path:
    return settings.BASE_DIR / "fixtures" / "sop" / f"{kabupaten}.json"


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _number(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _date(value):
    return value.isoformat() if value else None


# -- export -------------------------------------------------------------------


def _versi_untuk_ekspor(sop):
    versions = list(sop.versi.all())
    for versi in versions:
        if versi.status == VersiSop.Status.TERBIT:
            return versi
    drafts = [v for v in versions if v.status == VersiSop.Status.DRAFT]
    return max(drafts, key=lambda v: v.nomor_versi) if drafts else None


def ekspor(kabupaten: str) -> dict:
    """The catalog of one office: published version of each SOP, else its draft."""
    pelaksana = list(Pelaksana.objects.filter(kabupaten=kabupaten).select_related("jabatan__atasan"))
    kode_pelaksana = {p.kode for p in pelaksana}
    sops = Sop.objects.filter(kabupaten=kabupaten).prefetch_related(
        "versi__langkah__pelaksana",
        "versi__persyaratan",
        "versi__paraf__pelaksana",
        "versi__isian_tambahan",
        "versi__standar_pelayanan",
        "versi__penandatangan",
    )
    return {
        "format": FORMAT,
        "versi_format": VERSI_FORMAT,
        "kabupaten": kabupaten,
        "sumber": f"Ekspor katalog SOP Dinsos Layanan ({kabupaten})",
        "pelaksana": [_ekspor_pelaksana(p, kode_pelaksana) for p in pelaksana],
        "sop": [_ekspor_versi(sop, versi) for sop in sops if (versi := _versi_untuk_ekspor(sop)) is not None],
    }


def _ekspor_pelaksana(p, kode_pelaksana):
    atasan = None
    peran = None
    if p.jenis == Pelaksana.Jenis.JABATAN and p.jabatan is not None:
        peran = p.jabatan.peran
        if p.jabatan.atasan is not None and p.jabatan.atasan.kode in kode_pelaksana:
            atasan = p.jabatan.atasan.kode
    return {"kode": p.kode, "nama": p.nama, "jenis": p.jenis, "atasan": atasan, "peran": peran}


def _ekspor_versi(sop, versi):
    standar = getattr(versi, "standar_pelayanan", None)
    return {
        "kode": sop.kode,
        "nama": versi.nama,
        "nomor": versi.nomor,
        "tanggal_pembuatan": _date(versi.tanggal_pembuatan),
        "tanggal_revisi": _date(versi.tanggal_revisi),
        "tanggal_efektif": _date(versi.tanggal_efektif),
        "disahkan_oleh": versi.disahkan_oleh,
        "bidang": versi.bidang,
        **{name: versi.daftar(name) for name in LIST_FIELDS},
        "peringatan": versi.peringatan,
        "pencatatan": versi.pencatatan,
        **{name: versi.daftar(name) for name in LIST_FIELDS_2},
        "produk": versi.produk,
        "jenis_surat": versi.jenis_surat or None,
        "tanpa_langkah": versi.tanpa_langkah,
        "internal": versi.internal,
        "catatan": versi.catatan,
        "persyaratan": [{"nama": p.nama, "kelompok": p.kelompok} for p in versi.persyaratan.all()],
        "paraf": [p.pelaksana.kode for p in versi.paraf.all()],
        "penandatangan": (
            {"jabatan": versi.penandatangan.kode, "boleh_an": versi.boleh_an} if versi.penandatangan else None
        ),
        "isian_tambahan": [{"kode": i.kode, "label": i.label} for i in versi.isian_tambahan.all()],
        "langkah": [_ekspor_langkah(langkah) for langkah in versi.langkah.all()],
        "standar_pelayanan": ({name: getattr(standar, name) for name in SP_FIELDS} if standar else None),
    }


def _ekspor_langkah(langkah):
    pelaksana = sorted(langkah.pelaksana.all(), key=lambda p: (p.urutan, p.kode))
    waktu = langkah.waktu
    return {
        "urutan": langkah.urutan,
        "alur": langkah.alur,
        "uraian": langkah.uraian,
        "fase": langkah.fase,
        "jenis": langkah.jenis,
        "pelaksana": [p.kode for p in pelaksana],
        "giliran": list(langkah.giliran),
        "kelengkapan": langkah.kelengkapan,
        "waktu": (
            {
                "teks": waktu.teks,
                "min": _number(waktu.min),
                "max": _number(waktu.max),
                "satuan": waktu.satuan,
            }
            if waktu
            else None
        ),
        "output": langkah.output,
        "keterangan": langkah.keterangan,
        "catatan_pelaksana": langkah.catatan_pelaksana,
        "jika_ya": langkah.jika_ya,
        "jika_tidak": langkah.jika_tidak,
    }


# -- import -------------------------------------------------------------------


def _check_header(data):
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError("Berkas bukan katalog SOP (format “dinsos-sop”).")
    if data.get("versi_format") != VERSI_FORMAT:
        raise ValidationError(f"Versi format {data.get('versi_format')} tidak didukung; yang didukung: {VERSI_FORMAT}.")


def _impor_pelaksana(kabupaten, items):
    by_kode = {}
    for urutan, item in enumerate(items, start=1):
        jabatan = None
        if item["jenis"] == Pelaksana.Jenis.JABATAN:
            jabatan, _ = Jabatan.objects.get_or_create(
                kode=item["kode"],
                defaults={"nama": item["nama"], "peran": item.get("peran") or Peran.STAF},
            )
        pelaksana, _ = Pelaksana.objects.update_or_create(
            kabupaten=kabupaten,
            kode=item["kode"],
            defaults={
                "nama": item["nama"],
                "jenis": item["jenis"],
                "jabatan": jabatan,
                "urutan": urutan,
            },
        )
        by_kode[item["kode"]] = pelaksana
    # Superiors once every position exists; an existing superior is kept.
    for item in items:
        if item["jenis"] == Pelaksana.Jenis.JABATAN and item.get("atasan"):
            jabatan = by_kode[item["kode"]].jabatan
            if jabatan.atasan_id is None and item["atasan"] in by_kode:
                jabatan.atasan = by_kode[item["atasan"]].jabatan
                jabatan.save(update_fields=["atasan"])
    return by_kode


def _pelaksana(by_kode, kode, where):
    try:
        return by_kode[kode]
    except KeyError:
        raise ValidationError(f"{where}: pelaksana “{kode}” tidak ada di daftar pelaksana.") from None


@transaction.atomic
def impor(data: dict, kabupaten: str | None = None, terbitkan: bool = False) -> list[VersiSop]:
    """Create a new version of each SOP in the file (published when `terbitkan`)."""
    _check_header(data)
    kabupaten = kabupaten or data["kabupaten"]
    by_kode = _impor_pelaksana(kabupaten, data["pelaksana"])
    hasil = []
    for urutan, item in enumerate(data["sop"], start=1):
        sop, _ = Sop.objects.update_or_create(
            kabupaten=kabupaten,
            kode=item["kode"],
            defaults={"nama": item["nama"], "urutan": urutan},
        )
        versi = _impor_versi(sop, item, by_kode)
        if terbitkan:
            versi.terbitkan()
        hasil.append(versi)
    return hasil


def _impor_versi(sop, item, by_kode):
    where = f"SOP “{item['nama']}”"
    nomor_versi = (sop.versi.order_by("-nomor_versi").values_list("nomor_versi", flat=True).first() or 0) + 1
    sop.versi.filter(status=VersiSop.Status.DRAFT).delete()
    penandatangan = item.get("penandatangan")
    versi = VersiSop.objects.create(
        sop=sop,
        nomor_versi=nomor_versi,
        nama=item["nama"],
        nomor=item.get("nomor", ""),
        tanggal_pembuatan=_parse_date(item.get("tanggal_pembuatan")),
        tanggal_revisi=_parse_date(item.get("tanggal_revisi")),
        tanggal_efektif=_parse_date(item.get("tanggal_efektif")),
        disahkan_oleh=item.get("disahkan_oleh", ""),
        bidang=item.get("bidang", ""),
        **{name: "\n".join(item.get(name, [])) for name in LIST_FIELDS + LIST_FIELDS_2},
        peringatan=item.get("peringatan", ""),
        pencatatan=item.get("pencatatan", ""),
        produk=item.get("produk", ""),
        jenis_surat=item.get("jenis_surat") or "",
        tanpa_langkah=item.get("tanpa_langkah", False),
        internal=item.get("internal", False),
        catatan=item.get("catatan", ""),
        penandatangan=(_pelaksana(by_kode, penandatangan["jabatan"], where) if penandatangan else None),
        boleh_an=penandatangan["boleh_an"] if penandatangan else True,
    )
    for urutan, p in enumerate(item.get("persyaratan", []), start=1):
        Persyaratan.objects.create(versi=versi, urutan=urutan, nama=p["nama"], kelompok=p.get("kelompok", ""))
    for urutan, kode in enumerate(item.get("paraf", []), start=1):
        ParafSop.objects.create(versi=versi, urutan=urutan, pelaksana=_pelaksana(by_kode, kode, where))
    for urutan, isian in enumerate(item.get("isian_tambahan", []), start=1):
        IsianTambahan.objects.create(versi=versi, urutan=urutan, kode=isian["kode"], label=isian["label"])
    for step in item.get("langkah", []):
        _impor_langkah(versi, step, by_kode, where)
    if item.get("standar_pelayanan"):
        StandarPelayanan.objects.create(versi=versi, **{name: item["standar_pelayanan"].get(name, "") for name in SP_FIELDS})
    return versi


def _impor_langkah(versi, step, by_kode, where):
    waktu = step.get("waktu")
    langkah = Langkah(
        versi=versi,
        urutan=step["urutan"],
        alur=step.get("alur", ""),
        uraian=step["uraian"],
        fase=step["fase"],
        jenis=_jenis(step, where),
        giliran=_giliran(step, where),
        kelengkapan=step.get("kelengkapan", ""),
        output=step.get("output", ""),
        keterangan=step.get("keterangan", ""),
        catatan_pelaksana=step.get("catatan_pelaksana", ""),
        jika_ya=step.get("jika_ya"),
        jika_tidak=step.get("jika_tidak"),
    )
    if waktu:
        langkah.set_waktu(Waktu(waktu["teks"], waktu["min"], waktu["max"], waktu["satuan"]))
    langkah.save()
    langkah.pelaksana.set([_pelaksana(by_kode, kode, f"{where} langkah {step['urutan']}") for kode in step["pelaksana"]])


def _jenis(step, where):
    jenis = step.get("jenis") or JenisLangkah.KEGIATAN
    if jenis not in JenisLangkah.values:
        raise ValidationError(f"{where} langkah {step['urutan']}: jenis langkah “{jenis}” tidak dikenal.")
    return jenis


def _giliran(step, where):
    """The step's turn order; every kode must be one of the step's own pelaksana."""
    giliran = step.get("giliran") or []
    asing = [kode for kode in giliran if kode not in step["pelaksana"]]
    if asing:
        raise ValidationError(
            f"{where} langkah {step['urutan']}: giliran menyebut “{asing[0]}”, yang bukan pelaksana langkah ini."
        )
    if len(set(giliran)) != len(giliran):
        raise ValidationError(f"{where} langkah {step['urutan']}: giliran menyebut pelaksana yang sama dua kali.")
    return list(giliran)


def _parse_date(value):
    return datetime.date.fromisoformat(value) if value else None


def muat(kabupaten: str) -> list[VersiSop]:
    """Load and publish the shipped catalog of one office."""
    with open(fixture_path(kabupaten), encoding="utf-8") as fh:
        data = json.load(fh)
    return impor(data, kabupaten=kabupaten, terbitkan=True)
