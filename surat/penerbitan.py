"""The public functions of the `surat` app: render, issue, revoke, verify.

Other apps call only these. Issuing (`terbitkan`) runs in one transaction: lock the
series counter for the year (SELECT ... FOR UPDATE on PostgreSQL), take the next number,
render the letter with its QR code, store the PDF bytes with their SHA-256 and a fresh
verification token. A failure anywhere rolls the number back, so numbers stay gapless.
"""

import hashlib
from dataclasses import dataclass, field

import segno
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from dinsos.models import Instansi
from dinsos.pdf import html_ke_pdf
from surat.models import Penomoran, Surat, TemplatSurat


@dataclass
class Penandatangan:
    """Who signs: `jabatan_label` already carries a.n./Plt./Plh. (see `label_jabatan`)."""

    nama: str
    nip: str
    pangkat_golongan: str
    jabatan_label: str
    spesimen_url: str = ""


@dataclass
class DataSurat:
    """Everything a letter body may use (documented in docs/templat-surat.md)."""

    jenis_surat: str
    termohon: dict
    keperluan: str
    pemohon: dict | None = None
    hubungan: str = ""
    isian: dict = field(default_factory=dict)
    referensi: str = ""
    paraf: list = field(default_factory=list)  # [{"jabatan": ..., "nama": ..., "waktu": ...}]


def label_jabatan(jabatan_nama: str, cara: str = "", atas_nama: str = "") -> str:
    """ "Kepala Dinas Sosial", "Plt. Kepala Dinas Sosial", "a.n. Kepala Dinas Sosial\\nSekretaris"."""
    if atas_nama:
        return f"a.n. {atas_nama}\n{jabatan_nama}"
    if cara:
        return f"{cara} {jabatan_nama}"
    return jabatan_nama


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def verifikasi_url(token: str, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("surat:verifikasi", args=[token])


def _konteks(templat, data, nomor, tanggal, ttd, base_url, token):
    instansi = Instansi.get_current()
    body_context = {
        "termohon": data.termohon,
        "pemohon": data.pemohon or data.termohon,
        "hubungan": data.hubungan,
        "keperluan": data.keperluan,
        "isian": data.isian,
        "nomor_registrasi": data.referensi,
        "instansi": instansi,
        "tanggal": tanggal,
    }
    url = verifikasi_url(token, base_url) if token else ""
    return {
        "instansi": instansi,
        "judul": templat.judul,
        "nomor": nomor,
        "tanggal": tanggal,
        "isi": templat.render_isi(body_context),
        "ttd": ttd,
        "paraf": data.paraf if templat.tampilkan_paraf else [],
        "verifikasi_url": url,
        "qr": qr_data_uri(url) if url else "",
        "kertas": instansi.ukuran_kertas if instansi else "A4",
    }


def render_html(templat, data, nomor, tanggal, ttd, base_url="", token="") -> str:
    return render_to_string("surat/kerangka.html", _konteks(templat, data, nomor, tanggal, ttd, base_url, token))


def pratinjau_pdf(data: DataSurat, ttd: Penandatangan) -> bytes:
    """The draft as it will look, without a number or QR code (marked DRAF)."""
    templat = TemplatSurat.objects.select_related("seri").get(jenis_surat=data.jenis_surat)
    html = render_html(templat, data, "(nomor diberikan saat terbit)", timezone.localdate(), ttd)
    html = html.replace("<body>", '<body class="draf">', 1)
    return html_ke_pdf(html)


def ambil_nomor(seri, tanggal) -> tuple[int, str]:
    """Next number of the series for the year; call inside a transaction."""
    counter, _ = Penomoran.objects.get_or_create(seri=seri, tahun=tanggal.year)
    counter = Penomoran.objects.select_for_update().get(pk=counter.pk)
    counter.terakhir += 1
    counter.save(update_fields=["terakhir"])
    return counter.terakhir, seri.format_nomor(counter.terakhir, tanggal)


@transaction.atomic
def terbitkan(data: DataSurat, ttd: Penandatangan, base_url: str, user=None) -> Surat:
    templat = TemplatSurat.objects.select_related("seri").get(jenis_surat=data.jenis_surat)
    tanggal = timezone.localdate()
    urutan, nomor = ambil_nomor(templat.seri, tanggal)
    surat = Surat(
        seri=templat.seri,
        tahun=tanggal.year,
        urutan=urutan,
        nomor=nomor,
        jenis_surat=data.jenis_surat,
        judul=templat.judul,
        tanggal=tanggal,
        nama_subjek=data.termohon.get("nama", ""),
        nik_subjek=data.termohon.get("nik", ""),
        penandatangan_nama=ttd.nama,
        penandatangan_nip=ttd.nip,
        penandatangan_jabatan=ttd.jabatan_label,
        referensi=data.referensi,
        dibuat_oleh=user,
    )
    html = render_html(templat, data, nomor, tanggal, ttd, base_url, surat.token)
    surat.pdf = html_ke_pdf(html)
    surat.sha256 = hashlib.sha256(surat.pdf).hexdigest()
    surat.save()
    return surat


@transaction.atomic
def cabut(surat: Surat, alasan: str, user) -> Surat:
    surat = Surat.objects.select_for_update().get(pk=surat.pk)
    if surat.dicabut:
        return surat
    surat.dicabut = True
    surat.alasan_pencabutan = alasan
    surat.dicabut_pada = timezone.now()
    surat.dicabut_oleh = user
    surat.save(update_fields=["dicabut", "alasan_pencabutan", "dicabut_pada", "dicabut_oleh"])
    return surat


def render_dokumen(template_name: str, context: dict) -> bytes:
    """Receipts and notices for `layanan`, on the same letterhead machinery."""
    context = {"instansi": Instansi.get_current(), **context}
    return html_ke_pdf(render_to_string(template_name, context))


def samarkan_nama(nama: str) -> str:
    """ "Siti Aminah" → "S*** A*****"."""
    return " ".join(w[0] + "*" * (len(w) - 1) if w else w for w in nama.split(" "))


def samarkan_nik(nik: str) -> str:
    """ "3508123456780001" → "3508********0001"."""
    if len(nik) < 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]


def surat_hasil_sanding(ringkasan: dict) -> bytes:
    """Draft of "surat keterangan hasil sanding data" for an institution (to be signed)."""
    from surat.bawaan import pastikan_templat_sanding

    pastikan_templat_sanding()
    data = DataSurat(
        jenis_surat="hasil-sanding-data",
        termohon={"nama": ringkasan["pemohon"]},
        keperluan=ringkasan["keperluan"],
        isian=ringkasan,
    )
    instansi = Instansi.get_current()
    kepala = instansi.kepala if instansi else None
    ttd = Penandatangan(
        kepala.nama if kepala else "(nama penandatangan)",
        kepala.nip if kepala else "",
        kepala.pangkat_golongan if kepala else "",
        label_jabatan(kepala.jabatan.nama, cara=kepala.sifat_jabatan) if kepala else "Kepala Dinas Sosial",
    )
    return pratinjau_pdf(data, ttd)
