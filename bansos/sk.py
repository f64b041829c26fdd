"""The SK penetapan of a bansos program: its letter (through the surat app) and its lampiran.

The SK itself is an ordinary letter of kind `sk-bansos`, numbered, stored, signed and
verifiable by QR like every other (`surat.penerbitan.terbitkan`). Its lampiran — the list of
recipients — is rendered here by `lampiran_pdf`, with the SK number and "Halaman x dari y"
on every page, by the generic large-list renderer (`surat.lampiran.render_lampiran`).
A signed SK with more than `settings.BANSOS_LAMPIRAN_LATAR` recipients gets its lampiran
from a background job instead (source "bansos-sk", `surat.tugas_lampiran`); smaller lists
and every draft preview are rendered in the request.
"""

import hashlib

from django.conf import settings
from django.template.loader import render_to_string

from bansos.models import Penetapan, rupiah
from dinsos.models import Instansi
from dinsos.pdf import html_ke_pdf
from surat import penerbitan
from surat.lampiran import render_lampiran
from surat.models import LampiranSurat, SeriNomor, TemplatSurat
from surat.tugas_lampiran import LampiranGagal, daftar_sumber, terbaru

JENIS_SURAT = "sk-bansos"

_DIKTUM = '<tr><td style="width: 52pt; vertical-align: top">{}</td><td style="width: 10pt; vertical-align: top">:</td><td>'
ISI_SK = (
    "<p>Menimbang bahwa calon penerima bantuan sosial <strong>{{ keperluan }}</strong> tahun anggaran "
    "{{ isian.tahun }} telah diverifikasi dan memenuhi persyaratan, Kepala {{ instansi.nama_dinas }} "
    "{{ instansi.pemerintah_daerah }}</p>\n"
    '<p style="text-align:center"><strong>MEMUTUSKAN:</strong></p>\n'
    '<table style="border-collapse: collapse; margin: 4pt 0 10pt">\n'
    + _DIKTUM.format("KESATU")
    + "Menetapkan penerima {{ isian.program }} tahun anggaran {{ isian.tahun }} sebanyak "
    "<strong>{{ isian.jumlah }} orang</strong> sebagaimana tercantum dalam lampiran keputusan ini.</td></tr>\n"
    + _DIKTUM.format("KEDUA")
    + "Bentuk bantuan: {{ isian.jenis_bantuan }} per penerima, dengan nilai seluruhnya "
    "<strong>{{ isian.total }}</strong>, bersumber dari {{ isian.sumber_dana }}.</td></tr>\n"
    + _DIKTUM.format("KETIGA")
    + "Keputusan ini berlaku sejak tanggal ditetapkan.</td></tr>\n</table>"
)


def pastikan_templat_sk() -> TemplatSurat:
    """The SK template and its numbering series, created once (admins may edit the text)."""
    templat = TemplatSurat.objects.filter(jenis_surat=JENIS_SURAT).first()
    if templat is not None:
        return templat
    seri, _ = SeriNomor.objects.get_or_create(
        kode=JENIS_SURAT,
        defaults={
            "nama": "Nomor SK penetapan penerima bansos",
            "klasifikasi": "400.9.2",
            "unit": "DINSOS",
            "format": "{klasifikasi}/{nomor:04}/SK/{unit}/{tahun}",
        },
    )
    templat = TemplatSurat(
        jenis_surat=JENIS_SURAT,
        nama="SK penetapan penerima bantuan sosial",
        judul="KEPUTUSAN KEPALA DINAS SOSIAL TENTANG PENETAPAN PENERIMA BANTUAN SOSIAL",
        seri=seri,
        isi=ISI_SK,
        tentang_orang=False,
        tampilkan_paraf=False,
        lampiran="1 (satu) berkas",
    )
    templat.full_clean()
    templat.save()
    return templat


def penerima(penetapan: Penetapan):
    return list(penetapan.penerima.order_by("kecamatan", "desa", "nama", "pk"))


def data_sk(penetapan: Penetapan) -> penerbitan.DataSurat:
    program = penetapan.program
    return penerbitan.DataSurat(
        jenis_surat=JENIS_SURAT,
        termohon={"nama": f"{penetapan.jumlah} penerima (daftar dalam lampiran)"},
        keperluan=program.nama,
        referensi=f"BANSOS-{program.pk}",
        isian={
            "program": program.nama,
            "tahun": program.tahun_anggaran,
            "jumlah": penetapan.jumlah,
            "total": rupiah(penetapan.total),
            "jenis_bantuan": program.jenis_bantuan,
            "sumber_dana": program.get_sumber_dana_display(),
        },
    )


def baris_lampiran(penetapan: Penetapan, calon_list) -> list[list[str]]:
    program = penetapan.program
    samarkan = program.samarkan_nik_sk
    rows = []
    for c in calon_list:
        alamat = ", ".join(
            x for x in (c.alamat, c.desa and f"Desa/Kel. {c.desa}", c.kecamatan and f"Kec. {c.kecamatan}") if x
        )
        rows.append(
            [
                c.nama,
                penerbitan.samarkan_nik(c.nik) if samarkan else c.nik,
                alamat,
                program.jenis_bantuan if program.bentuk == "barang" else rupiah(c.nilai),
                rupiah(c.nilai),
            ]
        )
    return rows


KOLOM = ["Nama", "NIK", "Alamat", "Bantuan", "Nilai"]


SUMBER_LATAR = "bansos-sk"


def argumen_lampiran(penetapan: Penetapan, nomor: str, tanggal, ttd, draf=False) -> dict:
    """`surat.lampiran.render_lampiran`'s keyword arguments for this SK's recipient list."""
    calon_list = penerima(penetapan)
    program = penetapan.program
    instansi = Instansi.get_current()
    return {
        "judul": f"Keputusan Kepala {instansi.nama_dinas if instansi else 'Dinas Sosial'}",
        "nomor": nomor,
        "tanggal": tanggal,
        "tentang": "Penetapan Penerima Bantuan Sosial",
        "judul_daftar": f"DAFTAR PENERIMA {program.nama.upper()} TAHUN ANGGARAN {program.tahun_anggaran}",
        "kolom": KOLOM,
        "baris": baris_lampiran(penetapan, calon_list),
        "instansi": instansi,
        "total": sum(c.nilai for c in calon_list),
        "ttd": ttd,
        "draf": draf,
    }


def lampiran_pdf(penetapan: Penetapan, nomor: str, tanggal, ttd: penerbitan.Penandatangan, draf=False) -> bytes:
    """The recipient list with the SK number and "Halaman x dari y" on every page."""
    return render_lampiran(**argumen_lampiran(penetapan, nomor, tanggal, ttd, draf=draf))


def perlu_latar(penetapan: Penetapan) -> bool:
    """A list longer than `BANSOS_LAMPIRAN_LATAR` recipients is rendered by the worker, not the request."""
    return penetapan.jumlah > settings.BANSOS_LAMPIRAN_LATAR


def penandatangan_surat(surat) -> penerbitan.Penandatangan:
    """The signature block as the issued SK carries it (the job runs later, without the signer's session).

    The letter stores name, NIP and the label with a.n./Plt./Plh.; the rank (pangkat) is the
    signer's current one, looked up by NIP.
    """
    from dinsos.models import Pegawai

    pangkat = ""
    if surat.penandatangan_nip:
        pegawai = Pegawai.objects.filter(nip=surat.penandatangan_nip).only("pangkat_golongan").first()
        pangkat = pegawai.pangkat_golongan if pegawai else ""
    return penerbitan.Penandatangan(
        nama=surat.penandatangan_nama,
        nip=surat.penandatangan_nip,
        pangkat_golongan=pangkat,
        jabatan_label=surat.penandatangan_jabatan,
    )


def boleh_lampiran_latar(user, kunci) -> bool:
    """Who may see the job's state and PDF: the same rule as the bansos pages (`aksi.boleh_bansos`)."""
    from bansos.aksi import boleh_bansos

    return boleh_bansos(user)


@daftar_sumber(SUMBER_LATAR, boleh=boleh_lampiran_latar)
def sumber_lampiran(kunci: str) -> dict:
    """The job's rows: a signed penetapan (key: its id), numbered and dated as its SK."""
    penetapan = Penetapan.objects.select_related("program", "surat").filter(pk=kunci).first()
    if penetapan is None or penetapan.surat is None:
        raise LampiranGagal("SK penetapan tidak ditemukan atau belum terbit.")
    surat = penetapan.surat
    return argumen_lampiran(penetapan, surat.nomor, surat.tanggal, penandatangan_surat(surat))


def lampiran_latar(penetapan: Penetapan) -> LampiranSurat | None:
    """The newest background lampiran of this penetapan (None: it was rendered in the request)."""
    return terbaru(SUMBER_LATAR, str(penetapan.pk))


def simpan_lampiran(penetapan: Penetapan, pdf: bytes):
    penetapan.lampiran_pdf = pdf
    penetapan.sha256_lampiran = hashlib.sha256(pdf).hexdigest()


def bast_pdf(bast, penyaluran_list) -> bytes:
    """Berita acara serah terima: the hand-overs of one batch, with who received each."""
    instansi = Instansi.get_current()
    program = bast.program
    rows = []
    for p in penyaluran_list:
        c = p.calon
        penerima_teks = "Penerima sendiri" if p.diterima_oleh == "sendiri" else f"{p.nama_wakil} ({p.hubungan_wakil})"
        rows.append(
            {
                "nama": c.nama,
                "nik": penerbitan.samarkan_nik(c.nik),
                "desa": c.desa,
                "bantuan": program.jenis_bantuan if program.bentuk == "barang" else rupiah(c.nilai),
                "tanggal": p.tanggal,
                "tempat": p.tempat,
                "penerima": penerima_teks,
                "ttd": "ada" if p.tanda_tangan else "-",
            }
        )
    html = render_to_string(
        "bansos/bast.html",
        {
            "instansi": instansi,
            "bast": bast,
            "program": program,
            "baris": rows,
            "jumlah": len(rows),
            "total": rupiah(sum(p.calon.nilai for p in penyaluran_list)),
            "kepala": instansi.kepala if instansi else None,
        },
    )
    return html_ke_pdf(html)
