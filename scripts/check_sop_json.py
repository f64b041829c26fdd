"""Quick structural check of a dinsos-sop catalog file (see docs/format-sop.md).

Usage: python scripts/check_sop_json.py fixtures/sop/<kabupaten>.json
"""

import json
import sys

FASE = {
    "terima",
    "verifikasi",
    "disposisi",
    "survei",
    "konsep",
    "paraf",
    "ttd",
    "terbit",
    "serah",
    "teruskan",
    "lainnya",
}
SATUAN = {"menit", "jam", "hari_kerja", "hari_kalender", "minggu", "bulan"}
PERAN = {"fo", "survei", "staf", "kasi", "kabid", "sekretaris", "kadis", None}
SOP_KEYS = [
    "kode",
    "nama",
    "nomor",
    "tanggal_pembuatan",
    "tanggal_revisi",
    "tanggal_efektif",
    "disahkan_oleh",
    "bidang",
    "dasar_hukum",
    "kualifikasi_pelaksana",
    "keterkaitan",
    "peralatan",
    "peringatan",
    "pencatatan",
    "kriteria_sasaran",
    "pihak_terkait",
    "produk",
    "jenis_surat",
    "tanpa_langkah",
    "catatan",
    "persyaratan",
    "paraf",
    "penandatangan",
    "isian_tambahan",
    "langkah",
    "standar_pelayanan",
]
LANGKAH_KEYS = [
    "urutan",
    "alur",
    "uraian",
    "fase",
    "pelaksana",
    "kelengkapan",
    "waktu",
    "output",
    "keterangan",
    "catatan_pelaksana",
    "jika_ya",
    "jika_tidak",
]
SP_KEYS = [
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


def check(data):
    errors = []
    assert data["format"] == "dinsos-sop" and data["versi_format"] == 1
    kode_pelaksana = set()
    for p in data["pelaksana"]:
        assert set(p) == {"kode", "nama", "jenis", "atasan", "peran"}, p
        assert p["jenis"] in ("jabatan", "pihak_luar"), p
        assert p["peran"] in PERAN, p
        kode_pelaksana.add(p["kode"])
    for p in data["pelaksana"]:
        if p["atasan"] and p["atasan"] not in kode_pelaksana:
            errors.append(f"atasan {p['atasan']} unknown")
    kode_sop = set()
    for sop in data["sop"]:
        where = sop.get("kode")
        if list(sop) != SOP_KEYS:
            errors.append(f"{where}: keys {list(sop)} != {SOP_KEYS}")
        if where in kode_sop:
            errors.append(f"{where}: duplicate kode")
        kode_sop.add(where)
        for k in sop["paraf"]:
            if k not in kode_pelaksana:
                errors.append(f"{where}: paraf {k} unknown")
        if sop["penandatangan"] and sop["penandatangan"]["jabatan"] not in kode_pelaksana:
            errors.append(f"{where}: penandatangan unknown")
        if sop["standar_pelayanan"] is not None and list(sop["standar_pelayanan"]) != SP_KEYS:
            errors.append(f"{where}: standar_pelayanan keys")
        if sop["tanpa_langkah"] != (not sop["langkah"]):
            errors.append(f"{where}: tanpa_langkah inconsistent")
        for i, step in enumerate(sop["langkah"], 1):
            if list(step) != LANGKAH_KEYS:
                errors.append(f"{where} #{i}: keys {list(step)}")
                continue
            if step["urutan"] != i:
                errors.append(f"{where} #{i}: urutan {step['urutan']}")
            if step["fase"] not in FASE:
                errors.append(f"{where} #{i}: fase {step['fase']}")
            if not step["pelaksana"]:
                errors.append(f"{where} #{i}: no pelaksana")
            for k in step["pelaksana"]:
                if k not in kode_pelaksana:
                    errors.append(f"{where} #{i}: pelaksana {k} unknown")
            w = step["waktu"]
            if w is not None:
                if set(w) != {"teks", "min", "max", "satuan"} or w["satuan"] not in SATUAN:
                    errors.append(f"{where} #{i}: waktu {w}")
                elif not (isinstance(w["min"], (int, float)) and w["min"] <= w["max"]):
                    errors.append(f"{where} #{i}: waktu range {w}")
    return errors


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as fh:
        errs = check(json.load(fh))
    print("\n".join(errs) or "OK")
    sys.exit(1 if errs else 0)
