"""Default letter templates and numbering series, one for every letter-producing SOP.

`muat_bawaan()` creates (never overwrites) a `TemplatSurat` and a `SeriNomor` for each
`jenis_surat` named by a published SOP version, so every service that ends in a letter can
issue one on a fresh install. Admins edit them afterwards.
"""

from sop.models import VersiSop
from surat.models import ISIAN_NAMA_ORGANISASI, BentukSurat, FaktaRegistri, SeriNomor, TemplatSurat

KLASIFIKASI = "400.9.3.3"  # Klasifikasi arsip: perlindungan dan jaminan sosial

# A letter says "survei lapangan" only when the case had a field visit.
SURVEI = "{% if survei_dilakukan %} dan survei lapangan{% endif %}"
# The drafter's free paragraph (the body's editable part, docs/templat-surat.md).
URAIAN = "{% if uraian_tambahan %}<p>{{ uraian_tambahan|linebreaksbr }}</p>{% endif %}\n"

_DATA_ORANG = """<table class="data">
  <tr><td>Nama</td><td>:</td><td><strong>{{ termohon.nama }}</strong></td></tr>
  <tr><td>NIK</td><td>:</td><td>{{ termohon.nik }}</td></tr>
  <tr><td>Tempat, tanggal lahir</td><td>:</td><td>{{ termohon.ttl }}</td></tr>
  <tr><td>Jenis kelamin</td><td>:</td><td>{{ termohon.jenis_kelamin }}</td></tr>
  <tr><td>Alamat</td><td>:</td><td>{{ termohon.alamat }}</td></tr>
</table>"""

_PEMOHON = """{% if hubungan %}<p>atas permohonan {{ pemohon.nama }} (NIK {{ pemohon.nik }}) selaku {{ hubungan }} yang bersangkutan.</p>{% endif %}"""  # noqa: E501

KETERANGAN = (
    "<p>Yang bertanda tangan di bawah ini, Kepala {{ instansi.nama_dinas }} "
    "{{ instansi.pemerintah_daerah }}, dengan ini menerangkan bahwa:</p>\n"
    + _DATA_ORANG
    + "\n<p>{KALIMAT}</p>\n"
    + _PEMOHON
    + "\n<p>Surat keterangan ini diberikan untuk keperluan: <strong>{{ keperluan }}</strong>."
    "{TUJUAN}</p>\n" + URAIAN + "<p>Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana "
    "mestinya.</p>"
)

REKOMENDASI = (
    "<p>Berdasarkan hasil verifikasi berkas" + SURVEI + ", Kepala {{ instansi.nama_dinas }} "
    "{{ instansi.pemerintah_daerah }} memberikan rekomendasi kepada:</p>\n"
    + _DATA_ORANG
    + "\n<p>{KALIMAT}</p>\n"
    + _PEMOHON
    + "\n<p>Maksud dan tujuan: <strong>{{ keperluan }}</strong>.{TUJUAN}</p>\n"
    + URAIAN
    + "<p>Demikian rekomendasi ini dibuat untuk dipergunakan sebagaimana mestinya.</p>"
)

# The registry fact and the date of the snapshot it was read from (see layanan.aksi.fakta_registri).
DTKS = (
    "{% if registri.dtks.terdaftar %}adalah benar terdaftar dalam Data Terpadu Kesejahteraan Sosial (DTKS) "
    "berdasarkan data DTKS per {{ registri.dtks.per }}{% if registri.dtks.desil %} (desil {{ registri.dtks.desil }})"
    "{% endif %}.{% else %}tidak ditemukan dalam data Data Terpadu Kesejahteraan Sosial (DTKS)"
    "{% if registri.dtks.per %} per {{ registri.dtks.per }}{% endif %} yang ada pada Dinas Sosial"
    "{% if registri.dtks.alasan %}; keterangan ini diberikan berdasarkan pemeriksaan petugas: "
    "{{ registri.dtks.alasan }}{% endif %}.{% endif %}"
)
# Letter kinds whose text states a registry fact.
FAKTA = {"sk-terdaftar-dtks": FaktaRegistri.DTKS_TERDAFTAR}

# jenis_surat → (judul, body, sentence, destination sentence)
KHUSUS = {
    "sktm": (
        "SURAT KETERANGAN TIDAK MAMPU",
        KETERANGAN,
        "adalah benar penduduk {{ instansi.pemerintah_daerah|cut:'Pemerintah ' }} yang "
        "berdasarkan hasil verifikasi" + SURVEI + " tergolong keluarga tidak mampu.",
        "",
    ),
    "spm": (
        "SURAT PERNYATAAN MISKIN",
        KETERANGAN,
        "adalah benar tergolong penduduk miskin berdasarkan hasil verifikasi data" + SURVEI + ".",
        "",
    ),
    "rekomendasi-biaya-kesehatan": (
        "REKOMENDASI PEMBEBASAN BIAYA PERAWATAN KESEHATAN",
        REKOMENDASI,
        "untuk memperoleh pembebasan/keringanan biaya perawatan kesehatan sebagai orang tidak mampu atau terlantar.",
        "{% if isian.rs_tujuan %} Fasilitas kesehatan tujuan: <strong>{{ isian.rs_tujuan }}</strong>.{% endif %}",  # noqa: E501
    ),
    "rekomendasi-kis-pbid": (
        "REKOMENDASI PENGAJUAN KIS PBI DAERAH",
        REKOMENDASI,
        "untuk didaftarkan sebagai peserta Jaminan Kesehatan Nasional Penerima Bantuan Iuran "
        "yang dibiayai Pemerintah Daerah.",
        "",
    ),
    "sk-terdaftar-dtks": (
        "SURAT KETERANGAN TERDAFTAR DTKS",
        KETERANGAN,
        DTKS,
        "",
    ),
    "penonaktifan-kis-pbid": (
        "REKOMENDASI PENONAKTIFAN KIS PBI DAERAH",
        REKOMENDASI,
        "untuk dinonaktifkan dari kepesertaan KIS Penerima Bantuan Iuran Daerah.",
        "",
    ),
}


_DATA_ORGANISASI = """<table class="data">
  <tr><td>Nama organisasi</td><td>:</td><td><strong>{{ organisasi.nama }}</strong></td></tr>
  <tr><td>Nomor badan hukum</td><td>:</td><td>{{ organisasi.nomor_badan_hukum }}</td></tr>
  <tr><td>Alamat</td><td>:</td><td>{{ organisasi.alamat }}</td></tr>
  <tr><td>Penanggung jawab</td><td>:</td><td>{{ penanggung_jawab.nama }}{% if penanggung_jawab.jabatan %} ({{ penanggung_jawab.jabatan }}){% endif %}</td></tr>
  <tr><td>NIK penanggung jawab</td><td>:</td><td>{{ penanggung_jawab.nik }}</td></tr>
</table>"""  # noqa: E501

ORGANISASI = (
    "<p>Berdasarkan hasil verifikasi berkas permohonan, Kepala {{ instansi.nama_dinas }} "
    "{{ instansi.pemerintah_daerah }} {PEMBUKA}:</p>\n"
    + _DATA_ORGANISASI
    + "\n<p>{KALIMAT}</p>\n<p>Maksud dan tujuan: <strong>{{ keperluan }}</strong>.{TUJUAN}</p>\n"
    + URAIAN
    + "<p>Demikian {PENUTUP} ini dibuat untuk dipergunakan sebagaimana mestinya.</p>"
)

# Letters to organisations: jenis_surat → (judul, opening, sentence, closing noun)
KHUSUS_ORGANISASI = {
    "rekomendasi-ugb": (
        "REKOMENDASI PENYELENGGARAAN UNDIAN GRATIS BERHADIAH",
        "memberikan rekomendasi kepada",
        "untuk mengajukan izin penyelenggaraan Undian Gratis Berhadiah (UGB) sesuai ketentuan peraturan perundang-undangan.",
        "rekomendasi",
    ),
    "rekomendasi-pub": (
        "REKOMENDASI PENYELENGGARAAN PENGUMPULAN UANG ATAU BARANG",
        "memberikan rekomendasi kepada",
        "untuk mengajukan izin penyelenggaraan Pengumpulan Uang atau Barang (PUB) sesuai ketentuan "
        "peraturan perundang-undangan.",
        "rekomendasi",
    ),
    "rekomendasi-lks": (
        "REKOMENDASI TANDA DAFTAR DAN IZIN OPERASIONAL LEMBAGA KESEJAHTERAAN SOSIAL",
        "memberikan rekomendasi kepada",
        "sebagai Lembaga Kesejahteraan Sosial (LKS) untuk memperoleh tanda daftar dan izin operasional.",
        "rekomendasi",
    ),
    "rekomendasi-lksa": (
        "REKOMENDASI IZIN OPERASIONAL LEMBAGA KESEJAHTERAAN SOSIAL ANAK",
        "memberikan rekomendasi kepada",
        "sebagai Lembaga Kesejahteraan Sosial Anak (LKSA) untuk memperoleh izin operasional.",
        "rekomendasi",
    ),
    "sk-terdaftar-karang-taruna": (
        "SURAT KETERANGAN TERDAFTAR KARANG TARUNA",
        "dengan ini menerangkan bahwa",
        "adalah Karang Taruna yang terdaftar pada {{ instansi.nama_dinas }} {{ instansi.pemerintah_daerah }}.",
        "surat keterangan",
    ),
}

# Letters addressed to an agency (surat dinas): jenis_surat → header fields.
_TEMBUSAN = "Kepala Dinas Kesehatan {kabupaten}\nYang bersangkutan"
_BPJS = "Kepala BPJS Kesehatan Kantor Cabang\ndi\nTempat"
SURAT_DINAS = {
    "rekomendasi-biaya-kesehatan": {
        "tujuan": "Direktur {rs_tujuan}\ndi\nTempat",
        "hal": "Rekomendasi pembebasan biaya perawatan a.n. {nama}",
        "lampiran": "1 (satu) berkas",
        "tembusan": _TEMBUSAN,
    },
    "rekomendasi-kis-pbid": {
        "tujuan": _BPJS,
        "hal": "Rekomendasi pengajuan KIS PBI Daerah a.n. {nama}",
        "lampiran": "1 (satu) berkas",
        "tembusan": _TEMBUSAN,
    },
    "penonaktifan-kis-pbid": {
        "tujuan": _BPJS,
        "hal": "Penonaktifan KIS PBI Daerah a.n. {nama}",
        "lampiran": "-",
        "tembusan": _TEMBUSAN,
    },
    "rekomendasi-jkn-bp-pemda": {
        "tujuan": _BPJS,
        "hal": "Rekomendasi kepesertaan JKN BP Pemda a.n. {nama}",
        "lampiran": "1 (satu) berkas",
        "tembusan": _TEMBUSAN,
    },
}

# Bodies of collective letters (one letter, the people in the lampiran): BPJS receives KIS PBID
# submissions and deactivations once a month for many people (Lumajang SOP, catatan 2).
KOLEKTIF = {
    "rekomendasi-kis-pbid": (
        "<p>Bersama ini Kepala {{ instansi.nama_dinas }} {{ instansi.pemerintah_daerah }} mengusulkan "
        "{{ jumlah }} orang sebagaimana tercantum dalam lampiran surat ini untuk didaftarkan "
        "sebagai peserta Jaminan Kesehatan Nasional Penerima Bantuan Iuran yang dibiayai Pemerintah Daerah "
        "(KIS PBI Daerah).</p>\n<p>Berkas persyaratan setiap orang telah diverifikasi oleh petugas kami. "
        "Demikian usulan ini kami sampaikan untuk dapat diproses sebagaimana mestinya.</p>"
    ),
    "penonaktifan-kis-pbid": (
        "<p>Bersama ini Kepala {{ instansi.nama_dinas }} {{ instansi.pemerintah_daerah }} mengusulkan "
        "{{ jumlah }} orang sebagaimana tercantum dalam lampiran surat ini untuk dinonaktifkan "
        "dari kepesertaan KIS Penerima Bantuan Iuran Daerah.</p>\n<p>Demikian usulan ini kami sampaikan untuk "
        "dapat diproses sebagaimana mestinya.</p>"
    ),
}


def _judul_umum(versi):
    produk = (versi.produk or versi.nama).strip()
    return produk.upper()[:150]


def _isi_untuk(jenis, versi):
    isian = [i.kode for i in versi.isian_tambahan.all() if i.kode not in ISIAN_NAMA_ORGANISASI]
    tujuan = "".join(
        f"{{% if isian.{kode} %}} {label}: <strong>{{{{ isian.{kode} }}}}</strong>.{{% endif %}}"
        for kode, label in ((i.kode, i.label) for i in versi.isian_tambahan.all())
        if kode not in ISIAN_NAMA_ORGANISASI
    )
    if jenis in KHUSUS_ORGANISASI:
        judul, pembuka, kalimat, penutup = KHUSUS_ORGANISASI[jenis]
        isi = ORGANISASI.replace("{PEMBUKA}", pembuka).replace("{KALIMAT}", kalimat)
        return judul, isi.replace("{TUJUAN}", tujuan).replace("{PENUTUP}", penutup), bool(isian)
    if jenis in KHUSUS:
        judul, body, kalimat, tujuan_khusus = KHUSUS[jenis]
        isi = body.replace("{KALIMAT}", kalimat).replace("{TUJUAN}", tujuan_khusus or tujuan)
        if judul.startswith("SURAT PERNYATAAN"):
            isi = isi.replace("Surat keterangan ini", "Surat pernyataan ini").replace(
                "surat keterangan ini", "surat pernyataan ini"
            )
        return judul, isi, bool(isian)
    body = REKOMENDASI if jenis.startswith("rekomendasi") else KETERANGAN
    layanan = versi.nama.removeprefix("Layanan ").removeprefix("Pelayanan ")
    kalimat = f"sehubungan dengan layanan {layanan}."
    return _judul_umum(versi), body.replace("{KALIMAT}", kalimat).replace("{TUJUAN}", tujuan), bool(isian)


SANDING = (
    "<p>Menindaklanjuti permohonan <strong>{{ termohon.nama }}</strong> untuk keperluan "
    "<strong>{{ keperluan }}</strong>, Kepala {{ instansi.nama_dinas }} {{ instansi.pemerintah_daerah }} "
    "menerangkan bahwa data yang diajukan telah disandingkan dengan Data Terpadu Kesejahteraan Sosial "
    "(DTKS) per {{ isian.per }} dengan hasil sebagai berikut:</p>\n"
    '<table class="data">\n'
    "  <tr><td>Jumlah data diajukan</td><td>:</td><td>{{ isian.jumlah }}</td></tr>\n"
    "  <tr><td>Terdaftar di DTKS</td><td>:</td><td>{{ isian.ditemukan }}</td></tr>\n"
    "  <tr><td>Tidak terdaftar</td><td>:</td><td>{{ isian.tidak }}</td></tr>\n"
    "  <tr><td>NIK tidak valid</td><td>:</td><td>{{ isian.invalid }}</td></tr>\n"
    "  <tr><td>Data ganda dalam berkas</td><td>:</td><td>{{ isian.duplikat }}</td></tr>\n"
    "  <tr><td>Nama berbeda dengan DTKS</td><td>:</td><td>{{ isian.nama_berbeda }}</td></tr>\n"
    "</table>\n"
    "<p>Rincian per baris terlampir dalam berkas hasil sanding data. Demikian surat keterangan ini "
    "dibuat untuk dipergunakan sebagaimana mestinya.</p>"
)


def pastikan_templat_sanding():
    """The institution letter for sanding results; created once, 1 if it was new."""
    if TemplatSurat.objects.filter(jenis_surat="hasil-sanding-data").exists():
        return 0
    seri, _ = SeriNomor.objects.get_or_create(
        kode="hasil-sanding-data",
        defaults={
            "nama": "Nomor surat keterangan hasil sanding data",
            "klasifikasi": "400.9.2",
            "unit": "DINSOS",
            "format": "{klasifikasi}/{nomor:04}/{unit}/{tahun}",
        },
    )
    templat = TemplatSurat(
        jenis_surat="hasil-sanding-data",
        nama="Surat keterangan hasil sanding data",
        judul="SURAT KETERANGAN HASIL SANDING DATA",
        seri=seri,
        isi=SANDING,
        tentang_orang=False,
        tampilkan_paraf=False,
    )
    templat.full_clean()
    templat.save()
    return 1


def muat_bawaan():
    """Create missing series and templates for every jenis_surat in published SOPs."""
    created = pastikan_templat_sanding()
    versi_list = VersiSop.objects.terbit().exclude(jenis_surat="").prefetch_related("isian_tambahan")
    for versi in versi_list:
        jenis = versi.jenis_surat
        if TemplatSurat.objects.filter(jenis_surat=jenis).exists():
            continue
        seri, _ = SeriNomor.objects.get_or_create(
            kode=jenis[:40],
            defaults={
                "nama": f"Nomor {versi.produk or versi.nama}"[:120],
                "klasifikasi": KLASIFIKASI,
                "unit": "DINSOS",
                "format": "{klasifikasi}/{nomor:04}/{unit}/{tahun}",
            },
        )
        judul, isi, perlu_tujuan = _isi_untuk(jenis, versi)
        organisasi = jenis in KHUSUS_ORGANISASI
        templat = TemplatSurat(
            jenis_surat=jenis,
            nama=(versi.produk or versi.nama)[:150],
            judul=judul,
            seri=seri,
            isi=isi,
            perlu_tujuan=perlu_tujuan,
            untuk_organisasi=organisasi,
            tentang_orang=not organisasi,
            fakta_registri=FAKTA.get(jenis, ""),
            isi_kolektif=KOLEKTIF.get(jenis, ""),
        )
        if jenis in SURAT_DINAS:
            templat.bentuk = BentukSurat.DINAS
            for name, value in SURAT_DINAS[jenis].items():
                setattr(templat, name, value)
        templat.full_clean()
        templat.save()
        created += 1
    return created
