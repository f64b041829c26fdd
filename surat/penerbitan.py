"""The public functions of the `surat` app: render, issue, revoke, verify.

Other apps call only these. Issuing a letter is two steps so that the numbering lock is
held for milliseconds, not for the seconds a PDF takes to render:

1. `siapkan()`, outside any transaction: peek at the next number of the letter's counter,
   render the whole letter with that number, its date and a fresh verification token.
2. `simpan()`, inside the caller's transaction: lock the counter (SELECT ... FOR UPDATE on
   PostgreSQL; SQLite runs every transaction in IMMEDIATE mode), take the next number; if
   it is the one the letter was rendered with, store the PDF bytes with their SHA-256;
   if another letter took it meanwhile, raise `NomorBerubah` and the caller prepares again
   (after `PERCOBAAN` tries the letter is rendered under the lock, which is always correct).

A failure anywhere rolls the number back, so numbers stay gapless; a failure the signer
can do nothing about raises `SuratGagal` with an Indonesian message, never a 500.
"""

import datetime
import hashlib
import logging
import secrets
from dataclasses import dataclass, field, replace

import segno
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from dinsos.models import Instansi
from dinsos.pdf import html_ke_pdf, html_ke_pdf_dengan_posisi, ukuran_muat
from surat import tte
from surat.models import BentukSurat, Penomoran, Surat, TemplatSurat, _token, isi_kolom, mode_penomoran

logger = logging.getLogger(__name__)

# Optimistic tries (render outside the lock) before rendering under the lock.
PERCOBAAN = 3


class SuratGagal(Exception):
    """The letter could not be made; `str()` is the message for the signer."""


class NomorBerubah(Exception):
    """Another letter took the number this one was rendered with; prepare it again."""


# Width of the kop text beside the logo, in points (paper minus margins 25 + 20 mm, minus the
# 64 pt logo column and a little air): the regency name is sized to fit it on one line.
LEBAR_KOP_PT = {"F4": (215 - 45) * 72 / 25.4 - 70, "A4": (210 - 45) * 72 / 25.4 - 70}
LAMBANG_CONTOH = "img/lambang-contoh.svg"  # a static file, fetched through dinsos.pdf's fetcher


@dataclass
class Penandatangan:
    """Who signs: `jabatan_label` already carries a.n./Plt./Plh. (see `label_jabatan`)."""

    nama: str
    nip: str
    pangkat_golongan: str
    jabatan_label: str
    spesimen_url: str = ""
    cara_ttd: str = "basah"  # "basah" (wet signature and stamp) or "elektronik" (TTE)
    # The signer backend with the passphrase typed now (surat.tte.penanda_untuk); None: wet.
    penanda: object = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        if self.penanda is not None:
            self.cara_ttd = "elektronik"

    @classmethod
    def dari_pegawai(cls, pegawai, jabatan_label: str, penanda=None) -> "Penandatangan":
        """The signature block of a staff member: name, NIP, rank and specimen from their record."""
        return cls(
            nama=pegawai.nama,
            nip=pegawai.nip,
            pangkat_golongan=pegawai.pangkat_golongan,
            jabatan_label=jabatan_label,
            spesimen_url=pegawai.spesimen_ttd.url if pegawai.spesimen_ttd else "",
            penanda=penanda,
        )

    @property
    def nip_cetak(self) -> str:
        """NIP as letters print it: birth date, TMT, sex, sequence ("19680303 198803 1 002")."""
        n = self.nip
        return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}" if len(n) == 18 and n.isdigit() else n


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
    organisasi: dict | None = None  # applicant organisation; `pemohon` is its person in charge
    # A collective letter: one plain dict per person (nama, nik, ttl, alamat, nomor_registrasi,
    # keperluan); the body is the template's `isi_kolektif` and the list is printed as lampiran.
    lampiran: list = field(default_factory=list)
    # A correction: {"nomor", "tanggal"} of the revoked letter this one replaces.
    menggantikan: dict | None = None

    @property
    def nama_subjek(self) -> str:
        if len(self.lampiran) > 1:
            return f"{len(self.lampiran)} orang (daftar dalam lampiran)"
        if self.lampiran:
            return self.lampiran[0].get("nama", "")
        return (self.organisasi or self.termohon).get("nama", "")

    @property
    def nik_subjek(self) -> str:
        if self.lampiran:
            return self.lampiran[0].get("nik", "") if len(self.lampiran) == 1 else ""
        return (self.pemohon if self.organisasi else self.termohon).get("nik", "")

    revisi_templat: int | None = None  # the RevisiTemplat the case pinned; None: the latest text
    # Further plain values for the body, e.g. survei_dilakukan, uraian_tambahan, registri.
    tambahan: dict = field(default_factory=dict)
    # An outgoing official letter typed by staff (persuratan): its own header fields
    # (`KOLOM_NASKAH`) and numbering series (`seri`) replace the template's.
    naskah: dict | None = None


@dataclass
class SuratSiap:
    """A letter rendered ahead of taking its number (see the module docstring)."""

    templat_pk: int
    urutan: int
    nomor: str
    tanggal: datetime.date
    token: str
    pdf: bytes
    pdf_arsip: bytes


def label_jabatan(jabatan_nama: str, cara: str = "", atas_nama: str = "") -> str:
    """ "Kepala Dinas Sosial", "Plt. Kepala Dinas Sosial", "a.n. Kepala Dinas Sosial\\nSekretaris"."""
    if atas_nama:
        return f"a.n. {atas_nama}\n{jabatan_nama}"
    if cara:
        return f"{cara} {jabatan_nama}"
    return jabatan_nama


def untuk_organisasi(jenis_surat: str) -> bool:
    """The letter of this kind is issued to an organisation (its form asks for one)."""
    return TemplatSurat.objects.filter(jenis_surat=jenis_surat, untuk_organisasi=True).exists()


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def verifikasi_url(token: str, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("surat:verifikasi", args=[token])


def _kop(instansi):
    """Letterhead values: logo (or the marked sample emblem) and a one-line regency name size."""
    if instansi is None:
        return {"logo": "", "pemda_pt": 13}
    kertas = instansi.ukuran_kertas or "A4"
    return {
        "logo": instansi.logo.url if instansi.logo else static(LAMBANG_CONTOH),
        "logo_contoh": not instansi.logo,
        "pemda_pt": ukuran_muat(instansi.pemerintah_daerah.upper(), LEBAR_KOP_PT.get(kertas, 400), 14, jarak_huruf_pt=0.3),
        "dinas_pt": ukuran_muat(instansi.nama_dinas.upper(), LEBAR_KOP_PT.get(kertas, 400), 16, jarak_huruf_pt=1),
    }


def _baris_tujuan(teks):
    """Addressee lines; the place after a lone "di" is indented, as letters print it."""
    baris, setelah_di = [], False
    for line in (b.strip() for b in teks.splitlines()):
        if line:
            baris.append({"teks": line, "menjorok": setelah_di})
            setelah_di = setelah_di or line.lower() == "di"
    return baris


def instansi_polos(instansi) -> dict:
    """The office profile as plain strings for letter bodies (never the model itself)."""
    if instansi is None:
        return {}
    return {
        "nama_dinas": instansi.nama_dinas,
        "pemerintah_daerah": instansi.pemerintah_daerah,
        "kabupaten": instansi.pemerintah_daerah.removeprefix("Pemerintah ").strip(),
        "kota_penerbitan": instansi.kota_penerbitan,
        "alamat": instansi.alamat,
        "telepon": instansi.telepon,
        "email": instansi.email,
        "laman": instansi.laman,
    }


def konteks_isi(data: DataSurat, tanggal, instansi) -> dict:
    """What a letter body sees: plain values only (docs/templat-surat.md)."""
    konteks = {
        "termohon": data.termohon,
        "pemohon": data.pemohon or data.termohon,
        "hubungan": data.hubungan,
        "keperluan": data.keperluan,
        "isian": data.isian,
        "nomor_registrasi": data.referensi,
        "instansi": instansi_polos(instansi),
        "tanggal": tanggal,
        **data.tambahan,
    }
    if data.organisasi:
        konteks["organisasi"] = data.organisasi
        konteks["penanggung_jawab"] = data.pemohon or {}
    return konteks


def _konteks(templat, data, nomor, tanggal, ttd, base_url, token, salinan="pemohon", kotak_id=""):
    instansi = Instansi.get_current()
    nilai = {
        **data.isian,
        "nama": data.nama_subjek,
        "organisasi": (data.organisasi or {}).get("nama", ""),
        "kabupaten": instansi.pemerintah_daerah.removeprefix("Pemerintah ") if instansi else "",
    }
    body_context = konteks_isi(data, tanggal, instansi)
    if data.lampiran:
        isi = templat.render_kolektif({**body_context, "jumlah": len(data.lampiran), "lampiran": data.lampiran})
    else:
        isi = templat.render_isi(body_context)
    url = verifikasi_url(token, base_url) if token else ""
    return {
        "instansi": instansi,
        "kop": _kop(instansi),
        "judul": templat.judul,
        "bentuk": templat.bentuk,
        "surat_dinas": templat.bentuk == BentukSurat.DINAS,
        "sifat": templat.sifat,
        "lampiran": "1 (satu) berkas" if data.lampiran else templat.lampiran,
        "hal": isi_kolom(templat.hal, nilai) or templat.judul.capitalize(),
        "tujuan": _baris_tujuan(isi_kolom(templat.tujuan, nilai)),
        "tembusan": [b.strip() for b in isi_kolom(templat.tembusan, nilai).splitlines() if b.strip()],
        "nomor": nomor,
        "tanggal": tanggal,
        "isi": isi,
        "menggantikan": data.menggantikan,
        "ttd": ttd,
        "salinan": salinan,
        # Initials belong to the office's file copy only (tata naskah dinas), never the applicant's.
        "paraf": data.paraf if templat.tampilkan_paraf and salinan == "arsip" else [],
        "terbit": bool(token),
        "verifikasi_url": url,
        "qr": qr_data_uri(url) if url else "",
        "kertas": instansi.ukuran_kertas if instansi else "A4",
        # The box a visible electronic signature stamp covers (an id no letter body can guess).
        "kotak_tte": kotak_id,
        # A Nota Dinas (persuratan): its own head block (Yth., Dari, Tembusan, Tanggal, Nomor, ...).
        "nota_dinas": bool((data.naskah or {}).get("nota_dinas")),
        "dari": (data.naskah or {}).get("dari", ""),
        "tujuan_satu_baris": _tujuan_tanpa_alamat(isi_kolom(templat.tujuan, nilai)),
    }


def _tujuan_tanpa_alamat(teks: str) -> str:
    """The addressee on one line without its address ("di / Tempat"), as a Nota Dinas prints it."""
    baris = []
    for b in teks.splitlines():
        if b.strip().lower() == "di":
            break
        if b.strip():
            baris.append(b.strip())
    return ", ".join(baris)


def render_html(templat, data, nomor, tanggal, ttd, base_url="", token="", salinan="pemohon", kotak_id="") -> str:
    konteks = _konteks(templat, data, nomor, tanggal, ttd, base_url, token, salinan, kotak_id)
    return render_to_string("surat/kerangka.html", konteks)


def render_salinan(templat, data, nomor, tanggal, ttd, base_url, token) -> tuple[bytes, bytes]:
    """Both copies made at issue: the applicant's (no paraf table) and the archive's (with it)."""
    pemohon = _render_pdf(templat, data, nomor, tanggal, ttd, base_url, token, "pemohon")
    if not (templat.tampilkan_paraf and data.paraf):
        return pemohon, pemohon  # nothing to add: the archive keeps the same bytes
    arsip = _render_pdf(templat, data, nomor, tanggal, ttd, base_url, token, "arsip")
    return pemohon, arsip


def _templat(data):
    """The letter's template, with the text revision the case pinned (TemplatSurat.untuk)."""
    jenis_surat = data.jenis_surat
    try:
        templat = TemplatSurat.untuk(jenis_surat, data.revisi_templat)
    except TemplatSurat.DoesNotExist:
        raise SuratGagal(
            f"Templat surat untuk jenis “{jenis_surat}” belum ada. Minta admin membuatnya di Admin → Templat surat."
        ) from None
    if data.naskah:
        for name in KOLOM_NASKAH:
            if name in data.naskah:
                setattr(templat, name, data.naskah[name])
        templat.seri = data.naskah.get("seri", templat.seri)
        templat._revisi = getattr(templat, "_revisi", None) or False  # a changed copy: save() refuses it
    return templat


# Header fields a naskah dinas (persuratan) sets itself, over its template's.
KOLOM_NASKAH = ("judul", "bentuk", "sifat", "lampiran", "hal", "tujuan", "tembusan")


KOLOM_KOLEKTIF = ["Nama", "NIK", "Tempat, tanggal lahir", "Alamat", "No. registrasi"]


def _lampiran_kolektif(templat, data, nomor, tanggal, ttd, draf=False) -> bytes:
    """A collective letter's list of people, through the long-list renderer (surat.lampiran)."""
    from surat.lampiran import render_lampiran

    baris = [[o.get(k, "") for k in ("nama", "nik", "ttl", "alamat", "nomor_registrasi")] for o in data.lampiran]
    return render_lampiran(
        judul=templat.judul,
        nomor=nomor,
        tanggal=tanggal,
        kolom=KOLOM_KOLEKTIF,
        baris=baris,
        judul_daftar=f"DAFTAR NAMA ({len(baris)} ORANG)",
        ttd=ttd,
        instansi=Instansi.get_current(),
        draf=draf,
    )


def _render_pdf(templat, data, nomor, tanggal, ttd, base_url="", token="", salinan="pemohon", draf=False) -> bytes:
    from surat.lampiran import gabung_pdf

    tanda_tangan = ttd.penanda is not None and not draf
    kotak_id = f"tte-{secrets.token_hex(8)}" if tanda_tangan else ""
    try:
        # The letter without its list; a collective letter's list follows as its own lampiran.
        html = render_html(templat, data, nomor, tanggal, ttd, base_url, token, salinan, kotak_id)
        if draf:
            html = html.replace("<body>", '<body class="draf">', 1)
        lampiran = [_lampiran_kolektif(templat, data, nomor, tanggal, ttd, draf)] if data.lampiran else []
        # A naskah dinas's attached PDFs, stamped with the number, before signing and hashing.
        berkas = (data.naskah or {}).get("berkas_pdf") or []
        if berkas:
            from surat.berkas_lampiran import bubuhi_nomor

            lampiran += [bubuhi_nomor(isi, nomor, i, len(berkas)) for i, isi in enumerate(berkas, start=1)]
        if not tanda_tangan:
            return gabung_pdf([html_ke_pdf(html), *lampiran])
        pdf, posisi = html_ke_pdf_dengan_posisi(html, kotak_id)
        # The letter's pages come first, so the signature box keeps its page index.
        pdf = gabung_pdf([pdf, *lampiran])
    except Exception as exc:  # any template or PDF failure: the signer gets a message, the log the cause
        logger.exception("Surat %s gagal dibuat", templat.jenis_surat)
        raise SuratGagal(
            f"Surat “{templat.nama}” gagal dibuat karena templat atau kerangka surat bermasalah. "
            "Minta admin memeriksa templat surat; rincian kesalahan tercatat di log server."
        ) from exc
    return tandatangani_pdf(pdf, posisi, ttd)


def tandatangani_pdf(pdf: bytes, posisi, ttd: Penandatangan) -> bytes:
    """Apply the signer's PAdES signature, its stamp over the box at `posisi`; SuratGagal on failure."""
    instansi = Instansi.get_current()
    info = tte.InfoTTE(ttd.nama, ttd.jabatan_label, lokasi=instansi.kota_penerbitan if instansi else "")
    try:
        return ttd.penanda.tandatangani(pdf, tte.Kotak.dari_posisi(posisi), info)
    except tte.TandaTanganGagal as exc:
        raise SuratGagal(str(exc)) from None
    except Exception as exc:  # a pyHanko failure: the signer gets a message, the log the cause
        logger.exception("Tanda tangan elektronik gagal")
        raise SuratGagal(
            "Tanda tangan elektronik gagal dibuat, jadi surat belum diterbitkan dan nomor surat tidak terpakai. "
            "Rincian kesalahan tercatat di log server."
        ) from exc


def _format_nomor(seri, urutan, tanggal) -> str:
    try:
        return seri.format_nomor(urutan, tanggal)
    except (KeyError, ValueError, IndexError):
        raise SuratGagal(f"Format seri penomoran “{seri.nama}” tidak dapat dipakai. Minta admin memperbaikinya.") from None


def pratinjau_pdf(data: DataSurat, ttd: Penandatangan, templat=None) -> bytes:
    """The draft as it will look, without a number or QR code (marked DRAF).

    `templat` is an unsaved template to preview (the admin editor's text); default: the case's.
    """
    templat = templat or _templat(data)
    nomor = "(nomor diberikan saat terbit)"
    return _render_pdf(templat, data, nomor, timezone.localdate(), ttd, salinan="arsip", draf=True)


def _nomor_tertinggi(seri, tahun) -> int:
    """The highest number already issued under the counter `seri` draws from (0 if none)."""
    qs = Surat.objects.filter(tahun=tahun)
    if mode_penomoran() != "agenda":
        qs = qs.filter(seri__klasifikasi=seri.klasifikasi, seri__unit=seri.unit)
    return qs.aggregate(m=Max("urutan"))["m"] or 0


def nomor_berikutnya(seri, tanggal) -> int:
    """The number the next letter of `seri` will probably get; no lock, may be stale."""
    counter = Penomoran.objects.filter(kunci=seri.kunci_penomoran(), tahun=tanggal.year).first()
    return (counter.terakhir if counter else _nomor_tertinggi(seri, tanggal.year)) + 1


def ambil_nomor(seri, tanggal) -> tuple[int, str]:
    """Next number of the series' counter for the year; call inside a transaction."""
    counter, _ = Penomoran.objects.get_or_create(
        kunci=seri.kunci_penomoran(),
        tahun=tanggal.year,
        defaults={"terakhir": _nomor_tertinggi(seri, tanggal.year)},
    )
    counter = Penomoran.objects.select_for_update().get(pk=counter.pk)
    counter.terakhir += 1
    counter.save(update_fields=["terakhir"])
    return counter.terakhir, _format_nomor(seri, counter.terakhir, tanggal)


def _dengan_koreksi(data: DataSurat, menggantikan) -> DataSurat:
    if menggantikan is None:
        return data
    return replace(data, menggantikan={"nomor": menggantikan.nomor, "tanggal": menggantikan.tanggal})


def siapkan(data: DataSurat, ttd: Penandatangan, base_url: str, menggantikan=None) -> SuratSiap:
    """Render both copies with the number the letter will probably get; outside any transaction."""
    data = _dengan_koreksi(data, menggantikan)
    templat = _templat(data)
    tanggal = timezone.localdate()
    urutan = nomor_berikutnya(templat.seri, tanggal)
    nomor = _format_nomor(templat.seri, urutan, tanggal)
    token = _token()
    pdf, pdf_arsip = render_salinan(templat, data, nomor, tanggal, ttd, base_url, token)
    return SuratSiap(templat.pk, urutan, nomor, tanggal, token, pdf, pdf_arsip)


def simpan(data: DataSurat, ttd: Penandatangan, base_url: str, user=None, siap=None, menggantikan=None) -> Surat:
    """Take the number and store the letter; call inside a transaction.

    With `siap`, the copies rendered by `siapkan()` are stored if they carry the number
    just taken, otherwise `NomorBerubah` is raised. Without it they are rendered here,
    under the lock. `menggantikan` is the revoked letter this one corrects.
    """
    data = _dengan_koreksi(data, menggantikan)
    templat = _templat(data)
    tanggal = timezone.localdate()
    urutan, nomor = ambil_nomor(templat.seri, tanggal)
    if siap is not None:
        if (siap.templat_pk, siap.urutan, siap.nomor, siap.tanggal) != (templat.pk, urutan, nomor, tanggal):
            raise NomorBerubah(nomor)
        token, pdf, pdf_arsip = siap.token, siap.pdf, siap.pdf_arsip
    else:
        token = _token()
        pdf, pdf_arsip = render_salinan(templat, data, nomor, tanggal, ttd, base_url, token)
    surat = Surat(
        seri=templat.seri,
        tahun=tanggal.year,
        urutan=urutan,
        nomor=nomor,
        jenis_surat=data.jenis_surat,
        judul=templat.judul,
        tanggal=tanggal,
        nama_subjek=data.nama_subjek,
        nik_subjek=data.nik_subjek,
        jumlah_subjek=max(len(data.lampiran), 1),
        menggantikan=menggantikan,
        penandatangan_nama=ttd.nama,
        penandatangan_nip=ttd.nip,
        penandatangan_jabatan=ttd.jabatan_label,
        cara_ttd=ttd.cara_ttd,
        referensi=data.referensi,
        dibuat_oleh=user,
        token=token,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        pdf_arsip=pdf_arsip,
        sha256_arsip=hashlib.sha256(pdf_arsip).hexdigest(),
    )
    try:
        with transaction.atomic():
            surat.save()
    except IntegrityError:
        logger.exception("Nomor surat %s bentrok", nomor)
        raise SuratGagal(
            f"Nomor surat {nomor} sudah dipakai surat lain, jadi surat ini belum diterbitkan. "
            f"Minta admin memeriksa seri penomoran “{templat.seri.nama}”."
        ) from None
    return surat


def terbitkan(data: DataSurat, ttd: Penandatangan, base_url: str, user=None, menggantikan=None) -> Surat:
    """Issue a letter on its own: render outside the lock, then take the number (see module docstring)."""
    for _ in range(PERCOBAAN):
        siap = siapkan(data, ttd, base_url, menggantikan)
        try:
            with transaction.atomic():
                return simpan(data, ttd, base_url, user, siap, menggantikan)
        except NomorBerubah:
            continue
    with transaction.atomic():
        return simpan(data, ttd, base_url, user, None, menggantikan)


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
    """Receipts and notices for `layanan`, on the same letterhead machinery and URL fetcher."""
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
        label_jabatan(kepala.jabatan.judul_surat, cara=kepala.sifat_jabatan) if kepala else "Kepala Dinas Sosial",
    )
    return pratinjau_pdf(data, ttd)
