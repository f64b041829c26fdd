"""Electronic signatures (TTE): PAdES signing with pyHanko, and checking a signed PDF.

Two signer backends, chosen per official (`SertifikatTTE`):

- `PenandaP12`: the official's PKCS#12 file, opened with the passphrase the official
  types at signing. The passphrase lives only in this object for one request.
- `PenandaBSrE`: a client for a remote signing service shaped like BSrE's API: the PDF,
  the official's NIK and passphrase and the stamp's place go over HTTPS
  (`POST {TTE_BSRE_URL}/api/sign/pdf`, HTTP basic auth with the client's credentials), the
  signed PDF comes back.

Either raises `TandaTanganGagal` with an Indonesian message; the caller (surat.penerbitan)
signs before the letter's number is committed, so a failure issues nothing.

`periksa()` validates the last signature of an uploaded PDF: integrity, the chain to the
trusted roots (`AkarTepercaya` rows and `TTE_AKAR_TEPERCAYA` files), validity at signing
time, and revocation when that information is in the PDF or (with `TTE_AMBIL_REVOKASI`)
can be fetched.
"""

import asyncio
import base64
import concurrent.futures
import datetime
import io
import json
import logging
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from asn1crypto import pem, x509
from django.conf import settings
from django.utils import timezone

from dinsos.zona import label_waktu, zona_kantor

logger = logging.getLogger(__name__)

# The element of templates/surat/kerangka.html the visible stamp covers.
KOTAK_ID = "kotak-tte"
NAMA_FIELD = "TTE"

PESAN_FRASA_SALAH = (
    "Frasa sandi sertifikat elektronik salah. Surat belum diterbitkan dan nomor surat tidak terpakai; "
    "ulangi dengan frasa sandi yang benar."
)
PESAN_FRASA_KOSONG = "Ketik frasa sandi sertifikat elektronik Anda untuk menandatangani surat ini."


class FrasaSandi(str):
    """A passphrase: a string whose repr never shows it (error reports print every frame's locals)."""

    def __repr__(self):
        return "'********'"


class TandaTanganGagal(Exception):
    """Signing failed; `str()` is the message for the signer."""


def tanggal_jam(waktu: datetime.datetime) -> str:
    """ "26 November 2026 10.40 WITA" in the office's time zone."""
    with zona_kantor():
        return label_waktu(waktu, "j F Y H.i")


@dataclass
class Kotak:
    """Where the visible stamp goes: page index and box (x1, y1, x2, y2) in PDF points."""

    halaman: int
    x1: float
    y1: float
    x2: float
    y2: float

    @classmethod
    def dari_posisi(cls, posisi):
        """From dinsos.pdf.html_ke_pdf_dengan_posisi's (page, x1, y1, x2, y2); None stays None."""
        return None if posisi is None else cls(*posisi)


@dataclass
class InfoTTE:
    """What the signature says besides the certificate: reason, place, who as printed."""

    nama: str
    jabatan: str
    alasan: str = "Penerbitan surat resmi"
    lokasi: str = ""
    waktu: str = ""  # printed in the stamp; empty: now, in the office's time zone


# -- signing with a PKCS#12 file ---------------------------------------------------------


def _tanpa_loop(fn, *args, **kwargs):
    """Call one of pyHanko's synchronous functions (they use `asyncio.run`).

    When this thread already runs an event loop (an ASGI server, or a browser-test driver in
    the same process), `asyncio.run` refuses; the call then runs in a short-lived thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


def _timestamper():
    """An RFC 3161 client for TTE_TSA_URL, or None when no timestamp server is configured."""
    if not settings.TTE_TSA_URL:
        return None
    from pyhanko.sign.timestamps.api import TimeStamper

    class TimeStamperHTTP(TimeStamper):
        """pyHanko's TimeStamper over the standard library (no extra HTTP client)."""

        async def async_request_tsa_response(self, req):
            from asn1crypto import tsp

            def kirim():
                request = urllib.request.Request(
                    settings.TTE_TSA_URL,
                    data=req.dump(),
                    headers={
                        "Content-Type": "application/timestamp-query",
                        **_basic_auth(settings.TTE_TSA_USER, settings.TTE_TSA_PASSWORD),
                    },
                )
                with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 (configured URL)
                    return response.read()

            try:
                body = await asyncio.to_thread(kirim)
            except (OSError, urllib.error.URLError) as exc:
                raise OSError(f"TSA tidak dapat dihubungi: {exc}") from exc
            return tsp.TimeStampResp.load(body)

    return TimeStamperHTTP()


def _basic_auth(user: str, password: str) -> dict:
    if not user:
        return {}
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def _gaya_cap():
    from pyhanko.stamp import TextStampStyle

    return TextStampStyle(
        stamp_text="Ditandatangani secara elektronik oleh\n%(nama)s\n%(jabatan)s\n%(waktu)s",
        border_width=1,
    )


def _tandatangani_pyhanko(pdf: bytes, signer, kotak: Kotak | None, info: InfoTTE, timestamper=None) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=NAMA_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=info.alasan,
        location=info.lokasi or None,
        name=info.nama,
    )
    spec = None
    if kotak is not None:
        spec = fields.SigFieldSpec(
            NAMA_FIELD, on_page=kotak.halaman, box=(int(kotak.x1), int(kotak.y1), int(kotak.x2), int(kotak.y2))
        )
    pdf_signer = signers.PdfSigner(
        meta, signer=signer, timestamper=timestamper, stamp_style=_gaya_cap(), new_field_spec=spec
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    waktu = info.waktu or tanggal_jam(timezone.now())
    params = {"nama": info.nama, "jabatan": info.jabatan.replace("\n", " "), "waktu": waktu}
    # A fixed reservation spares pyHanko a trial signature to measure the container.
    reserved = 16384 if timestamper is not None else 8192
    out = _tanpa_loop(pdf_signer.sign_pdf, writer, bytes_reserved=reserved, appearance_text_params=params)
    return out.getvalue()


# Wrong passphrases per official before signing with the file pauses (BSrE limits its own).
MAKS_FRASA_SALAH = 5
JEDA_FRASA_MENIT = 15


class PenandaP12:
    """Signs with the official's PKCS#12 file, opened with the passphrase typed now."""

    def __init__(self, berkas_p12: bytes, frasa_sandi: str, pegawai_id=None):
        self._berkas = bytes(berkas_p12)
        self._frasa = frasa_sandi
        self._signer = None
        self._kunci_batas = f"tte-frasa-salah:{pegawai_id}" if pegawai_id else ""

    def _buka(self):
        from django.core.cache import cache

        if self._signer is None:
            if not self._frasa:
                raise TandaTanganGagal(PESAN_FRASA_KOSONG)
            if self._kunci_batas and cache.get(self._kunci_batas, 0) >= MAKS_FRASA_SALAH:
                raise TandaTanganGagal(
                    f"Frasa sandi sertifikat salah {MAKS_FRASA_SALAH} kali. Coba lagi dalam {JEDA_FRASA_MENIT} menit."
                )
            try:
                signer = buka_p12(self._berkas, self._frasa)
            except TandaTanganGagal:
                if self._kunci_batas:
                    cache.add(self._kunci_batas, 0, timeout=JEDA_FRASA_MENIT * 60)
                    cache.incr(self._kunci_batas)
                raise
            _periksa_masa_berlaku(signer.signing_cert)
            self._signer = signer
        return self._signer

    def tandatangani(self, pdf: bytes, kotak: Kotak | None, info: InfoTTE) -> bytes:
        signer = self._buka()
        try:
            return _tandatangani_pyhanko(pdf, signer, kotak, info, _timestamper())
        except OSError as exc:
            logger.warning("Cap waktu gagal: %s", exc)
            raise TandaTanganGagal(
                "Server cap waktu (TSA) tidak dapat dihubungi, jadi surat belum diterbitkan. Coba lagi sebentar."
            ) from None


def _periksa_masa_berlaku(cert):
    """Refuse to sign with a certificate outside its validity: the letter would not verify."""
    validity = cert["tbs_certificate"]["validity"]
    mulai, sampai = validity["not_before"].native, validity["not_after"].native
    now = timezone.now()
    if now > sampai:
        raise TandaTanganGagal(
            f"Sertifikat elektronik Anda tidak berlaku lagi sejak {tanggal_jam(sampai)}. Surat belum diterbitkan; "
            "minta admin memasang sertifikat yang baru."
        )
    if now < mulai:
        raise TandaTanganGagal(
            f"Sertifikat elektronik Anda baru berlaku mulai {tanggal_jam(mulai)}. Surat belum diterbitkan."
        )


def buka_p12(berkas: bytes, frasa_sandi: str):
    """A pyHanko signer from PKCS#12 bytes; a wrong passphrase or a broken file: TandaTanganGagal.

    The private key is loaded once here (pyHanko's SimpleSigner would load, and for RSA
    re-validate, it from DER for every signature it makes: the estimate and the real one).
    """
    from cryptography.hazmat.primitives.asymmetric.ec import ECDSA
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign.general import get_pyca_cryptography_hash
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko.sign.signers.pdf_cms import (
        translate_pyca_cryptography_cert_to_asn1,
        translate_pyca_cryptography_key_to_asn1,
    )
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    class SignerKunciTersimpan(SimpleSigner):
        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
            hash_algo = get_pyca_cryptography_hash(digest_algorithm)
            if mechanism == "rsassa_pkcs1v15":
                return self.kunci.sign(data, PKCS1v15(), hash_algo)
            if mechanism == "ecdsa":
                return self.kunci.sign(data, ECDSA(hash_algo))
            return super().sign_raw(data, digest_algorithm)

    try:
        kunci, cert, lain = pkcs12.load_key_and_certificates(bytes(berkas), frasa_sandi.encode())
    except (ValueError, TypeError):
        raise TandaTanganGagal(PESAN_FRASA_SALAH) from None
    if kunci is None or cert is None:
        raise TandaTanganGagal(
            "Berkas sertifikat tidak memuat kunci dan sertifikat penandatangan. Minta admin menggantinya."
        )
    store = SimpleCertificateStore()
    store.register_multiple([translate_pyca_cryptography_cert_to_asn1(c) for c in lain])
    signer = SignerKunciTersimpan(
        signing_cert=translate_pyca_cryptography_cert_to_asn1(cert),
        signing_key=translate_pyca_cryptography_key_to_asn1(kunci),
        cert_registry=store,
    )
    signer.kunci = kunci
    return signer


def info_p12(berkas: bytes, frasa_sandi: str) -> dict:
    """Owner, issuer and expiry of a PKCS#12 file (for the admin form), or TandaTanganGagal."""
    signer = buka_p12(berkas, frasa_sandi)
    cert = signer.signing_cert
    return {
        "subjek": _nama(cert),
        "penerbit": _nama_penerbit(cert),
        "berlaku_sampai": cert["tbs_certificate"]["validity"]["not_after"].native,
    }


# -- signing through a BSrE-shaped remote service ------------------------------------------


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    batas = "----dinsos" + secrets.token_hex(12)
    bagian = []
    for nama, nilai in fields.items():
        bagian.append(f'--{batas}\r\nContent-Disposition: form-data; name="{nama}"\r\n\r\n{nilai}\r\n'.encode())
    for nama, (nama_berkas, isi, jenis) in files.items():
        kepala = (
            f'--{batas}\r\nContent-Disposition: form-data; name="{nama}"; filename="{nama_berkas}"\r\n'
            f"Content-Type: {jenis}\r\n\r\n"
        )
        bagian.append(kepala.encode() + isi + b"\r\n")
    bagian.append(f"--{batas}--\r\n".encode())
    return b"".join(bagian), f"multipart/form-data; boundary={batas}"


class PenandaBSrE:
    """Client of a remote signing service in the shape of BSrE's API (docs/tte.md)."""

    def __init__(self, nik: str, frasa_sandi: str):
        self._nik = nik
        self._frasa = frasa_sandi

    def tandatangani(self, pdf: bytes, kotak: Kotak | None, info: InfoTTE) -> bytes:
        if not settings.TTE_BSRE_URL:
            raise TandaTanganGagal("Layanan tanda tangan elektronik belum diatur. Minta admin mengisi TTE_BSRE_URL.")
        if not self._frasa:
            raise TandaTanganGagal(PESAN_FRASA_KOSONG)
        fields = {"nik": self._nik, "passphrase": self._frasa, "tampilan": "invisible", "reason": info.alasan}
        if info.lokasi:
            fields["location"] = info.lokasi
        if kotak is not None:
            fields.update(
                tampilan="visible",
                image="false",
                page=str(kotak.halaman + 1),
                xAxis=f"{kotak.x1:.0f}",
                yAxis=f"{kotak.y1:.0f}",
                width=f"{kotak.x2 - kotak.x1:.0f}",
                height=f"{kotak.y2 - kotak.y1:.0f}",
            )
        body, jenis = _multipart(fields, {"file": ("surat.pdf", pdf, "application/pdf")})
        request = urllib.request.Request(
            settings.TTE_BSRE_URL.rstrip("/") + "/api/sign/pdf",
            data=body,
            headers={"Content-Type": jenis, **_basic_auth(settings.TTE_BSRE_USER, settings.TTE_BSRE_PASSWORD)},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.TTE_BSRE_TIMEOUT) as response:  # noqa: S310
                hasil = response.read()
        except urllib.error.HTTPError as exc:
            raise TandaTanganGagal(_pesan_bsre(exc)) from None
        except (OSError, urllib.error.URLError) as exc:
            logger.warning("Layanan TTE tidak dapat dihubungi: %s", exc)
            raise TandaTanganGagal(
                "Layanan tanda tangan elektronik tidak dapat dihubungi, jadi surat belum diterbitkan dan nomor "
                "surat tidak terpakai. Coba lagi sebentar."
            ) from None
        if not hasil.startswith(b"%PDF"):
            logger.warning("Layanan TTE menjawab bukan PDF: %r", hasil[:200])
            raise TandaTanganGagal("Layanan tanda tangan elektronik menjawab tidak semestinya. Surat belum diterbitkan.")
        return hasil


def _pesan_bsre(exc) -> str:
    """The service's error as a message: a wrong passphrase is the signer's to fix."""
    try:
        data = json.loads(exc.read() or b"{}")
    except ValueError:
        data = {}
    teks = str(data.get("error") or data.get("message") or "")
    logger.warning("Layanan TTE menolak (%s): %s", exc.code, teks[:200])
    if "passphrase" in teks.lower() or data.get("status_code") == 2031:
        return PESAN_FRASA_SALAH
    if exc.code in (401, 403):
        return "Dinas tidak diizinkan memakai layanan tanda tangan elektronik. Minta admin memeriksa akun layanan TTE."
    return (
        f"Layanan tanda tangan elektronik menolak permintaan ({teks[:150] or exc.code}). "
        "Surat belum diterbitkan dan nomor surat tidak terpakai."
    )


# -- who signs how ---------------------------------------------------------------------


def sertifikat_untuk(pegawai):
    """The official's active certificate when the office signs electronically, else None."""
    from dinsos.models import Instansi
    from surat.models import SertifikatTTE

    instansi = Instansi.get_current()
    if pegawai is None or instansi is None or not instansi.tanda_tangan_elektronik:
        return None
    return SertifikatTTE.objects.filter(pegawai=pegawai, aktif=True).first()


def perlu_frasa_sandi(user) -> bool:
    """This user signs electronically, so the signing form asks for a passphrase."""
    return sertifikat_untuk(getattr(user, "pegawai", None)) is not None


def penanda_untuk(pegawai, frasa_sandi: str):
    """The signer backend for this official with the passphrase typed now, or None (wet signature)."""
    from surat.models import JenisSertifikat

    sertifikat = sertifikat_untuk(pegawai)
    if sertifikat is None:
        return None
    if sertifikat.jenis == JenisSertifikat.BSRE:
        return PenandaBSrE(sertifikat.nik, frasa_sandi)
    return PenandaP12(sertifikat.berkas_p12, frasa_sandi, pegawai_id=pegawai.pk)


# -- verification ------------------------------------------------------------------------


def baca_pem(teks: str) -> list:
    """Certificates in a PEM text (ValueError if none)."""
    data = teks.encode() if isinstance(teks, str) else teks
    if not pem.detect(data):
        raise ValueError("bukan PEM")
    certs = [x509.Certificate.load(der) for kind, _, der in pem.unarmor(data, multiple=True) if kind == "CERTIFICATE"]
    if not certs:
        raise ValueError("tidak ada sertifikat")
    for cert in certs:
        cert.native  # noqa: B018 (parse fully now: a broken certificate fails here, not at validation)
    return certs


def akar_tepercaya() -> list:
    """The trusted roots: admin-added rows and the configured PEM files."""
    from surat.models import AkarTepercaya

    roots = []
    for teks in AkarTepercaya.objects.values_list("sertifikat_pem", flat=True):
        try:
            roots += baca_pem(teks)
        except ValueError:
            logger.warning("Sertifikat tepercaya tidak terbaca, dilewati")
    for path in settings.TTE_AKAR_TEPERCAYA:
        try:
            with open(path, "rb") as handle:
                roots += baca_pem(handle.read())
        except (OSError, ValueError):  # a deployment mistake: loud in the log, not a 500 for the public
            logger.error("TTE_AKAR_TEPERCAYA: %s tidak dapat dibaca sebagai sertifikat PEM", path)
    return roots


@dataclass
class HasilTTE:
    """The outcome of checking a PDF's signature, in words for the public page."""

    status: str  # sah | tidak_ada | tidak_utuh | tidak_tepercaya | tidak_berlaku | dicabut | rusak
    judul: str
    rincian: list[str] = field(default_factory=list)
    penanda: str = ""
    penerbit: str = ""
    waktu: datetime.datetime | None = None
    sumber_waktu: str = ""  # "cap waktu" (a TSA's) or "jam penandatangan"
    revokasi: str = ""

    @property
    def sah(self) -> bool:
        return self.status == "sah"

    @property
    def waktu_teks(self) -> str:
        return tanggal_jam(self.waktu) if self.waktu else ""


def _nama(cert) -> str:
    subject = cert.subject.native
    return subject.get("common_name") or cert.subject.human_friendly


def _konteks(roots, moment=None):
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(
        trust_roots=roots,
        allow_fetching=settings.TTE_AMBIL_REVOKASI,
        revocation_mode="soft-fail",
        moment=moment,
    )


def _validasi(sig, roots, moment=None):
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    # Signing certificates carry non-repudiation (BSrE) or digital signature (many CAs): either.
    usage = KeyUsageConstraints(key_usage={"non_repudiation", "digital_signature"}, match_all_key_usages=False)
    return _tanpa_loop(
        validate_pdf_signature, sig, signer_validation_context=_konteks(roots, moment), key_usage_settings=usage
    )


def periksa(pdf: bytes) -> HasilTTE:
    """Validate the last signature of a PDF; never raises on bad input."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # anything pyHanko cannot read is not a signed PDF we can check
        logger.info("PDF tidak terbaca saat memeriksa TTE", exc_info=True)
        if b"/ByteRange" in pdf:  # it was signed, and has been damaged or changed since
            return HasilTTE("tidak_utuh", "Berkas TIDAK UTUH: berkas bertanda tangan ini rusak atau telah diubah.")
        return HasilTTE("rusak", "Berkas tidak dapat dibaca sebagai PDF bertanda tangan elektronik.")
    if not signatures:
        return HasilTTE("tidak_ada", "Berkas ini tidak memuat tanda tangan elektronik.")
    sig = signatures[-1]
    roots = akar_tepercaya()
    try:
        status = _validasi(sig, roots)
    except Exception:  # a damaged signature container, digest or certificate
        logger.info("Tanda tangan tidak dapat diperiksa", exc_info=True)
        return HasilTTE("tidak_utuh", "Tanda tangan elektronik TIDAK UTUH: data tanda tangan rusak atau berkas diubah.")
    hasil = HasilTTE("sah", "", penanda=_nama(status.signing_cert), penerbit=_nama_penerbit(status.signing_cert))
    if not (status.intact and status.valid):
        hasil.status = "tidak_utuh"
        hasil.judul = "Tanda tangan elektronik TIDAK UTUH: isi berkas berubah setelah ditandatangani."
        return hasil
    if not _menutup_berkas(status):
        hasil.status = "tidak_utuh"
        hasil.judul = "Tanda tangan elektronik utuh, tetapi berkas TIDAK UTUH: ada perubahan setelah ditandatangani."
        return hasil
    ts = status.timestamp_validity
    if ts is not None and ts.intact and ts.valid and ts.trusted:
        hasil.waktu, hasil.sumber_waktu = ts.timestamp, "cap waktu"
    elif status.signer_reported_dt is not None:
        hasil.waktu, hasil.sumber_waktu = status.signer_reported_dt, "jam penandatangan"
        if ts is not None:
            hasil.rincian.append("Cap waktu pada tanda tangan tidak dapat dipercaya; waktu menurut jam penandatangan.")
    if hasil.waktu is not None:
        try:
            status = _validasi(sig, roots, moment=hasil.waktu)  # validity of the certificate at signing time
        except Exception:  # same signature as above: a failure here is of the time, not the bytes
            logger.warning("Validasi pada waktu tanda tangan gagal", exc_info=True)
            hasil.rincian.append("Masa berlaku sertifikat pada waktu tanda tangan tidak dapat diperiksa.")
    return _nilai_kepercayaan(hasil, status)


def _nama_penerbit(cert) -> str:
    return cert.issuer.native.get("common_name") or cert.issuer.human_friendly


def _menutup_berkas(status) -> bool:
    """The signature covers the whole file, or what came after it changes nothing that shows."""
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return False
    level = getattr(status.diff_result, "modification_level", None)
    return level is not None and level <= ModificationLevel.LTA_UPDATES


def _nilai_kepercayaan(hasil: HasilTTE, status) -> HasilTTE:
    from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate

    masalah = status.trust_problem_indic
    if status.revocation_details is not None or masalah in (AdESIndeterminate.REVOKED_NO_POE, AdESFailure.REVOKED):
        hasil.status = "dicabut"
        hasil.judul = "Sertifikat penandatangan TELAH DICABUT oleh penerbitnya sebelum surat ditandatangani."
        return hasil
    if masalah in (
        AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND,
        AdESIndeterminate.CHAIN_CONSTRAINTS_FAILURE,
        AdESIndeterminate.CERTIFICATE_CHAIN_GENERAL_FAILURE,
    ):
        hasil.status = "tidak_tepercaya"
        hasil.judul = (
            f"Tanda tangan utuh, tetapi TIDAK TEPERCAYA: sertifikat diterbitkan oleh “{hasil.penerbit}”, "
            "yang bukan otoritas sertifikat tepercaya."
        )
        return hasil
    if masalah in (
        AdESIndeterminate.OUT_OF_BOUNDS_NO_POE,
        AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED,
        AdESIndeterminate.EXPIRED,
        AdESIndeterminate.NOT_YET_VALID,
    ):
        hasil.status = "tidak_berlaku"
        hasil.judul = "Tanda tangan utuh, tetapi sertifikat penandatangan TIDAK BERLAKU pada waktu penandatanganan."
        return hasil
    if masalah is not None or not status.bottom_line:
        hasil.status = "tidak_tepercaya"
        logger.info("TTE tidak tepercaya: %s", masalah)
        hasil.judul = (
            f"Tanda tangan utuh, tetapi TIDAK TEPERCAYA: sertifikat dari “{hasil.penerbit}” tidak dapat dibuktikan "
            "berasal dari otoritas sertifikat tepercaya."
        )
        return hasil
    hasil.judul = "Tanda tangan elektronik SAH dan berkas UTUH."
    hasil.revokasi = (
        "Status pencabutan sertifikat diperiksa."
        if settings.TTE_AMBIL_REVOKASI
        else "Informasi pencabutan sertifikat tidak tersedia di berkas; tidak diperiksa daring."
    )
    return hasil
