"""One-off: fill `jenis`, `giliran` and `internal` in the four SOP catalogs (issue #11).

Run from the repository root: `python scripts/isi_jenis_langkah.py` (rewrites
fixtures/sop/*.json in place, keys in export order). The rules below read each step's
text, phase, pelaksana and branches; `JENIS` and `GILIRAN` hold the per-step decisions
that the rules cannot make, each with its reason. Every decision is appended to the
step's `catatan_pelaksana` ("Jenis disimpulkan dari uraian: ...") so that the catalog
says why, as it already does for the recovered pelaksana columns. Running it twice
changes nothing: an existing "Jenis disimpulkan" note is replaced, not repeated.
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KABUPATEN = ["oku-selatan", "lumajang", "kutai-kartanegara", "tanah-laut"]
PENANDA = "Jenis disimpulkan dari uraian:"
# Labels of sop.models.JenisLangkah (the note is read on the printed SOP sheet).
LABEL = {
    "verifikasi": "penerimaan/verifikasi berkas",
    "disposisi": "disposisi",
    "survei": "survei/asesmen",
    "kegiatan": "kegiatan",
    "keputusan": "keputusan Ya/Tidak",
    "konsep": "konsep surat",
    "paraf": "paraf",
    "ttd": "tanda tangan dan terbit",
    "serah": "penyerahan/penerusan",
    "tunggu": "menunggu pihak luar",
}

# Outside parties that process something and answer later (a wait, not work of the office).
PIHAK_MEMPROSES = {
    "bpjs",
    "pusdatin",
    "p2t-prov",
    "dinsos-prov",
    "bupati",
    "sekda",
    "bpkad",
    "bank-penyalur",
    "bulog",
    "bappeda",
    "banggar",
    "bagian-hukum",
    "asisten-2",
    "kejaksaan",
    "kaminvetcad",
    "upt",
    "rsj-upt-prov",
}

# Internal procedures: started by an employee, no citizen data (brief: Sekretariat SOPs).
INTERNAL = {
    "tanah-laut": {
        "renstra",
        "iku",
        "lppd",
        "laporan-tahunan",
        "cuti",
        "kenaikan-pangkat",
        "skm",
        "surat-keluar",
        "surat-masuk",
    },
}

# (kabupaten, sop, urutan) -> (jenis, reason). Filled after reading every step.
JENIS: dict[tuple[str, str, int], tuple[str, str]] = {
    ("lumajang", "kis-pbid-pengajuan", 4): (
        "kegiatan",
        "petugas mengumpulkan berkas dan memberi informasi; “apakah” di sini bukan cabang",
    ),
    ("lumajang", "kis-pbid-penonaktifan", 10): ("tunggu", "menunggu BPJS memproses; TKSK menyampaikan hasilnya"),
    ("lumajang", "kis-pbid-pengajuan", 11): ("tunggu", "menunggu BPJS menerbitkan kartu; TKSK membagikannya"),
    ("lumajang", "penyantunan-fakir-miskin", 2): ("kegiatan", "pencocokan data calon penerima, bukan pemeriksaan berkas"),
    ("lumajang", "anak-terlantar-jalanan-cacat-nakal", 5): (
        "kegiatan",
        "penentuan calon penerima manfaat, bukan pemeriksaan berkas",
    ),
    ("kutai-kartanegara", "santunan-kukar-idaman", 1): ("kegiatan", "pengelompokan data DTKS, bukan pemeriksaan berkas"),
    ("kutai-kartanegara", "santunan-kukar-idaman", 3): ("kegiatan", "rapat verifikasi dan berita acara"),
    ("kutai-kartanegara", "santunan-veteran", 2): ("kegiatan", "berita acara hasil verifikasi yang ditandatangani"),
    ("kutai-kartanegara", "pengaduan-online", 3): ("kegiatan", "admin memberi tahu pelapor bahwa pengaduan diterima"),
    ("tanah-laut", "surat-masuk", 2): ("kegiatan", "pencatatan surat pada agenda"),
    ("lumajang", "pengangkatan-anak", 3): (
        "keputusan",
        "berkas yang tidak memenuhi syarat dijawab surat pemberitahuan: Tidak berarti ditolak",
    ),
    ("tanah-laut", "pengangkatan-anak", 3): (
        "keputusan",
        "berkas yang tidak memenuhi syarat dijawab surat pemberitahuan: Tidak berarti ditolak",
    ),
    ("kutai-kartanegara", "alat-bantu", 3): ("kegiatan", "staf menyampaikan analisa data kebutuhan kepada Kabid"),
    ("tanah-laut", "sanding-data", 2): ("kegiatan", "pemrosesan sanding data, hasilnya berkas sanding"),
    ("tanah-laut", "skm", 1): ("kegiatan", "surat masuk yang memicu penyusunan laporan; tanpa persyaratan"),
    ("tanah-laut", "surat-masuk", 1): ("kegiatan", "penerimaan surat masuk; tanpa persyaratan"),
    # Letter SOPs whose source shows no signing step: the letter is drafted/issued here.
    ("lumajang", "ugb", 5): ("konsep", "Kasi melengkapi administrasi rekomendasi atas penugasan Kabid"),
    ("lumajang", "pub", 5): ("konsep", "Kasi melengkapi administrasi rekomendasi atas penugasan Kabid"),
    ("lumajang", "ugb", 6): (
        "ttd",
        "rekomendasi ditandatangani lalu dikirim ke P2T Prov; sumber tidak menulis langkah tanda tangan",
    ),
    ("lumajang", "pub", 6): (
        "ttd",
        "rekomendasi ditandatangani lalu dikirim ke P2T Prov; sumber tidak menulis langkah tanda tangan",
    ),
    ("tanah-laut", "aktivasi-bpjs-apbd", 7): (
        "ttd",
        "persetujuan Super Admin adalah saat terbit; surat rekomendasi layanan ini terbit di sini "
        "(sumber tidak menulis langkah tanda tangan)",
    ),
}

# (kabupaten, sop, urutan) -> (pelaksana kode to add, reason): the signer of a letter the
# source never shows being signed (the SOP's catatan already names the assumed signer).
TAMBAH_PELAKSANA: dict[tuple[str, str, int], tuple[str, str]] = {
    ("lumajang", "ugb", 6): ("kadis", "Kepala Dinas ditambahkan sebagai penandatangan yang diasumsikan catatan SOP"),
    ("lumajang", "pub", 6): ("kadis", "Kepala Dinas ditambahkan sebagai penandatangan yang diasumsikan catatan SOP"),
}

# (kabupaten, sop, urutan) -> (giliran list, reason). [] = joint (any one may act).
GILIRAN: dict[tuple[str, str, int], tuple[list[str], str]] = {
    # Lumajang
    ("lumajang", "ugb", 3): (["kadis", "staf"], "disposisi Kepala Dinas, lalu diagenda petugas"),
    ("lumajang", "pub", 3): (["kadis", "staf"], "disposisi Kepala Dinas, lalu diagenda petugas"),
    ("lumajang", "ugb", 4): (["staf"], "petugas menyerahkan berkas; Kabid bertindak pada langkah berikutnya"),
    ("lumajang", "pub", 4): (["staf"], "petugas menyerahkan berkas; Kabid bertindak pada langkah berikutnya"),
    ("lumajang", "ugb", 5): (
        ["kabid-pemberdayaan-sosial", "kasi-pemberdayaan-kelembagaan"],
        "Kabid menugaskan, lalu Kasi memeriksa kelengkapan",
    ),
    ("lumajang", "pub", 5): (
        ["kabid-pemberdayaan-sosial", "kasi-pemberdayaan-kelembagaan"],
        "Kabid menugaskan, lalu Kasi memeriksa kelengkapan",
    ),
    ("lumajang", "ugb", 6): (["kadis", "staf"], "Kepala Dinas menandatangani, petugas mengirim ke P2T Prov"),
    ("lumajang", "pub", 6): (["kadis", "staf"], "Kepala Dinas menandatangani, petugas mengirim ke P2T Prov"),
    ("lumajang", "lksa", 3): (["kadis", "kabid-pemberdayaan-sosial"], "disposisi Kepala Dinas kepada Kabid"),
    ("lumajang", "lksa", 5): (["staf", "kabid-pemberdayaan-sosial"], "petugas menilai hasil SPI, Kabid memutuskan"),
    ("lumajang", "anak-terlantar-jalanan-cacat-nakal", 5): (
        ["kasi-rehsos-anak-lansia", "kabid-rehsos"],
        "Kasi mengusulkan, Kabid menetapkan",
    ),
    ("lumajang", "penyantunan-fakir-miskin", 2): (
        ["staf", "kasi-penanganan-fakir-miskin", "kabid-pemberdayaan-sosial"],
        "operator menyerahkan ke Kasi, diteruskan ke Kabid",
    ),
    ("lumajang", "penyantunan-fakir-miskin", 3): (
        ["kabid-pemberdayaan-sosial", "kasi-penanganan-fakir-miskin", "kadis"],
        "Kabid menyerahkan hasil ke Kasi, Kasi membuat rekomendasi, Kepala Dinas menandatangani",
    ),
    ("lumajang", "santunan-kematian", 2): (
        ["staf", "kabid-linjamsos"],
        "petugas menyusun rekap, Bidang Linjamsos menuangkan dalam SK",
    ),
    ("lumajang", "griya-lansia-operasional", 36): (["staf", "kadis"], "petugas menyiapkan, Kepala Dinas menandatangani"),
    ("lumajang", "griya-lansia-operasional", 44): (["staf", "kadis"], "petugas menyiapkan, Kepala Dinas menandatangani"),
    ("lumajang", "abh", 2): (["staf", "survei"], "petugas menugaskan, Sakti Peksos melakukan asesmen"),
    ("lumajang", "griya-lansia-rekomendasi", 2): (
        ["staf", "survei"],
        "petugas menugaskan, Pekerja Sosial melakukan verifikasi lapangan",
    ),
    # Kutai Kartanegara
    ("kutai-kartanegara", "jkn-bp-pemda", 5): (
        ["fo", "kabid-linjamsos"],
        "petugas loker menginput, Kabid Linjamsos menyetujui",
    ),
    ("kutai-kartanegara", "jkn-bp-pemda", 6): (
        ["fo", "kabid-linjamsos"],
        "petugas loker menyiapkan, Kabid Linjamsos menandatangani",
    ),
    ("kutai-kartanegara", "alat-bantu", 6): (["staf-rehsos", "kabid-rehsos"], "staf melapor, Kabid Rehsos memutuskan"),
    ("kutai-kartanegara", "uep-wrse", 3): (["kabid-linjamsos", "staf-linjamsos"], "Kabid memerintahkan, staf membuat rekap"),
    ("kutai-kartanegara", "uep-wrse", 5): (
        ["staf-linjamsos", "kabid-linjamsos"],
        "staf melapor, Kabid Linjamsos memutuskan",
    ),
    ("kutai-kartanegara", "santunan-kukar-idaman", 6): (
        ["staf-linjamsos", "kabid-linjamsos", "kadis"],
        "disusun staf, diperiksa Kabid, ditandatangani Kepala Dinas",
    ),
    ("kutai-kartanegara", "santunan-veteran", 2): (
        ["staf-linjamsos", "kabid-linjamsos", "kadis"],
        "berita acara disusun staf lalu ditandatangani berjenjang; Kaminvetcad dicatat petugas",
    ),
    ("kutai-kartanegara", "santunan-veteran", 4): (
        ["staf-linjamsos", "kabid-linjamsos", "kadis"],
        "disusun staf, diperiksa Kabid, ditandatangani Kepala Dinas",
    ),
    ("kutai-kartanegara", "bencana", 8): (["staf-pkbptmp", "kabid-pkbptmp"], "staf menyampaikan laporan, Kabid menerimanya"),
    ("kutai-kartanegara", "lks", 6): (
        ["staf-dayasos", "kabid-dayasos"],
        "staf menyusun draf, Kabid mengoreksi dan memutuskan",
    ),
    ("kutai-kartanegara", "pub", 6): (
        ["staf-dayasos", "kabid-dayasos"],
        "staf menyusun draf, Kabid mengoreksi dan memutuskan",
    ),
    ("kutai-kartanegara", "pengaduan-langsung", 6): (
        ["fo-sekretariat", "sekretaris", "kadis"],
        "petugas mengarsip, laporan melalui Ketua Tim Pengaduan kepada Kepala Dinas",
    ),
    ("kutai-kartanegara", "pengaduan-online", 4): (
        ["admin-medsos"],
        "admin meneruskan; Ketua Tim bertindak pada langkah berikutnya",
    ),
    ("kutai-kartanegara", "pengaduan-online", 9): (
        ["admin-medsos", "sekretaris", "kadis"],
        "admin menyusun laporan, disampaikan melalui Sekretaris kepada Kepala Dinas",
    ),
    # Tanah Laut
    ("tanah-laut", "cuti", 10): (
        ["sekretaris", "kasubbag-umum"],
        "Sekretaris menyerahkan, Kasubbag Umum mengajukan ke Kepala Dinas",
    ),
    ("tanah-laut", "karang-taruna", 4): (
        ["staf", "kasi-pmk-restorasi-sosial", "kabid-dayasos-pfm"],
        "paraf berjenjang staf, Subkor, Kabid",
    ),
    ("tanah-laut", "bpnt-kks", 4): (
        ["staf", "kasi-bantuan-stimulan-penataan-lingkungan", "kabid-dayasos-pfm"],
        "paraf berjenjang staf, Subkor, Kabid",
    ),
    ("tanah-laut", "lks", 3): (["staf"], "staf menyerahkan berkas; Tim Teknis bertindak pada langkah berikutnya"),
    ("tanah-laut", "anak-terlantar", 3): (["kadis", "kabid-linjamsos"], "perintah Kepala Dinas melalui Kabid"),
    ("tanah-laut", "bansos-bencana", 2): (
        ["pj-korban-bencana", "kabid-linjamsos", "kadis"],
        "Pj. Korban Bencana melapor melalui Kabid kepada Kepala Dinas, yang memberi disposisi",
    ),
    ("tanah-laut", "bansos-bencana", 6): (["trc", "kadis"], "TRC mengidentifikasi, Kepala Dinas memerintahkan meminta CBP"),
    ("tanah-laut", "pendampingan-abh", 2): (["kadis", "kabid-linjamsos"], "perintah Kepala Dinas melalui Kabid"),
    ("tanah-laut", "mundur-bpjs-apbd", 6): (["kabid-linjamsos", "kadis"], "Kabid memaraf, Kepala Dinas menandatangani"),
}


def _teks(step):
    return step["uraian"].lower()


def jenis_otomatis(kab, sop, step, pihak_luar, ada_surat):
    """(jenis, reason) from the step's own data."""
    teks = _teks(step)
    fase = step["fase"]
    kode = step["pelaksana"]
    hanya_luar = all(k in pihak_luar for k in kode)
    if step.get("jika_ya") is not None or step.get("jika_tidak") is not None:
        return "keputusan", "langkah bercabang Ya/Tidak pada bagan alir"
    if re.search(r"\bapakah\b", teks):
        return "keputusan", "pertanyaan “apakah” pada bagan alir"
    if hanya_luar:
        if set(kode) & PIHAK_MEMPROSES and fase not in {"terima"}:
            return "tunggu", "dikerjakan pihak luar yang memproses lalu menjawab"
        return "kegiatan", "dikerjakan pihak luar; dicatat petugas yang menerima"
    if fase in {"konsep", "paraf", "ttd"} and not ada_surat:
        return "kegiatan", "dokumen tanpa templat surat (SOP tanpa jenis surat): kegiatan dengan dokumen hasil"
    if fase == "paraf":
        return "paraf", "paraf berjenjang pada konsep"
    if fase == "ttd":
        return "ttd", "penandatanganan/penetapan"
    if fase == "konsep":
        return "konsep", "penyusunan konsep/draf"
    if fase in {"terima", "verifikasi"}:
        return "verifikasi", "penerimaan/pemeriksaan berkas"
    if fase == "disposisi":
        return "disposisi", "atasan meneruskan dengan arahan"
    if fase == "survei":
        return "survei", "survei/asesmen lapangan"
    if fase in {"serah", "teruskan"}:
        return "serah", "penyerahan/penerusan"
    if fase == "terbit":
        if ada_surat and re.search(r"diproses|diterbitkan|dikeluarkan|menerbitkan", teks):
            return "ttd", "surat diproses dan diterbitkan"
        return "kegiatan", "pengarsipan/penggandaan/penyerahan internal setelah terbit"
    if "disposisi" in teks:
        return "disposisi", "atasan meneruskan dengan arahan"
    return "kegiatan", "pekerjaan umum dengan catatan dan dokumen hasil"


def giliran_otomatis(step, pihak_luar, paraf):
    kode = step["pelaksana"]
    if len(kode) < 2:
        return [], None
    if step["fase"] == "paraf" and all(k in paraf for k in kode):
        return sorted(kode, key=paraf.index), "paraf berjenjang sesuai rantai paraf"
    if any(k in pihak_luar for k in kode):
        return [], "bersama: pihak luar dicatat petugas yang menerima, jabatan mana pun dari pelaksana dapat bertindak"
    return [], "bersama: siapa saja dari pelaksana langkah"


def isi(kab):
    path = ROOT / "fixtures" / "sop" / f"{kab}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    pihak_luar = {p["kode"] for p in data["pelaksana"] if p["jenis"] == "pihak_luar"}
    sops = []
    for item in data["sop"]:
        ada_surat = bool(item.get("jenis_surat"))
        langkah = []
        for step in item["langkah"]:
            key = (kab, item["kode"], step["urutan"])
            tambah = TAMBAH_PELAKSANA.get(key)
            if tambah and tambah[0] not in step["pelaksana"]:
                urutan = [p["kode"] for p in data["pelaksana"]]
                step["pelaksana"] = sorted([*step["pelaksana"], tambah[0]], key=urutan.index)
                awal = step["catatan_pelaksana"].rstrip()
                awal = awal if not awal or awal.endswith(".") else f"{awal}."
                step["catatan_pelaksana"] = f"{awal} {tambah[1]}.".strip()
            jenis, alasan = JENIS.get(key) or jenis_otomatis(kab, item["kode"], step, pihak_luar, ada_surat)
            giliran, alasan_giliran = GILIRAN.get(key) or giliran_otomatis(step, pihak_luar, item["paraf"])
            unknown = set(giliran) - set(step["pelaksana"])
            if unknown:
                sys.exit(f"{key}: giliran names {unknown}, not on the step")
            catatan = step["catatan_pelaksana"].split(PENANDA)[0].rstrip()
            if catatan and not catatan.endswith("."):
                catatan += "."
            note = f"{PENANDA} {LABEL[jenis]} ({alasan})"
            if len(step["pelaksana"]) > 1:
                if giliran:
                    note += f"; bergiliran {' → '.join(giliran)} ({alasan_giliran})"
                else:
                    note += f"; {alasan_giliran}"
            note += "."
            catatan = f"{catatan} {note}" if catatan else note
            baru = {}
            for name, value in step.items():
                if name in {"jenis", "giliran"}:
                    continue
                baru[name] = catatan if name == "catatan_pelaksana" else value
                if name == "fase":
                    baru["jenis"] = jenis
                if name == "pelaksana":
                    baru["giliran"] = giliran
            langkah.append(baru)
        baru_item = {}
        for name, value in item.items():
            if name == "internal":
                continue
            baru_item[name] = langkah if name == "langkah" else value
            if name == "tanpa_langkah":
                baru_item["internal"] = item["kode"] in INTERNAL.get(kab, set())
        sops.append(baru_item)
    data["sop"] = sops
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return data


def ringkas(data, kab):
    for item in data["sop"]:
        print(f"== {kab}/{item['kode']} surat={item['jenis_surat']} internal={item['internal']}")
        for s in item["langkah"]:
            cab = f" Y>{s['jika_ya']} T>{s['jika_tidak']}" if s["jika_ya"] or s["jika_tidak"] else ""
            print(
                f"  {s['urutan']:>2} {s['jenis']:<10} [{s['fase']}] {s['uraian'][:110]} :: "
                f"{','.join(s['pelaksana'])} G={s['giliran']}{cab}"
            )


if __name__ == "__main__":
    for kab in KABUPATEN:
        hasil = isi(kab)
        if "-v" in sys.argv:
            ringkas(hasil, kab)
