"""Electronic signatures (issue 17): PAdES letters, passphrases, the remote signer, verification."""

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from dinsos.models import Instansi
from layanan import aksi
from layanan.models import Permohonan, Status
from surat import otoritas_demo, tte
from surat.models import JenisSertifikat, Penomoran, SertifikatTTE, Surat
from tests.layanan.helpers import daftar

FRASA = "frasa-uji-2026"


@pytest.fixture
def otoritas(users):
    """The office signs electronically; Kadis and Sekretaris hold certificates of a demo CA."""
    Instansi.objects.update(tanda_tangan_elektronik=True)
    pejabat = [users["kadis"].pegawai, users["sekretaris"].pegawai]
    return otoritas_demo.pasang(pejabat, FRASA)


def ke_ttd(users, kode="sktm"):
    p = daftar(users["fo"], kode=kode)
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
    return Permohonan.objects.get(pk=p.pk)


def tandatangani(p, user, frasa=FRASA):
    return aksi.jalankan(
        p.pk, user, "tandatangani", token=aksi.token_status(p), base_url="http://testserver/", frasa_sandi=frasa
    )


def unggah(client, surat, isi: bytes):
    url = reverse("surat:verifikasi", args=[surat.token])
    return client.post(url, {"berkas": SimpleUploadedFile("surat.pdf", isi, content_type="application/pdf")})


def test_signed_letter_validates_with_pyhankos_own_validator(users, otoritas):
    p = tandatangani(ke_ttd(users), users["kadis"])
    surat = p.surat
    assert surat.cara_ttd == "elektronik"
    reader = PdfFileReader(io.BytesIO(bytes(surat.pdf)))
    [sig] = reader.embedded_signatures
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=[tte.baca_pem(otoritas.pem)[0]]))
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signing_cert.subject.native["common_name"] == users["kadis"].pegawai.nama
    # The stamp is visible: a widget with a real box on the letter's page.
    widget = sig.sig_field.get_object()
    x1, y1, x2, y2 = [float(v) for v in widget["/Rect"]]
    assert x2 - x1 > 100 and y2 - y1 > 30
    assert "/AP" in widget


def test_without_a_certificate_the_letter_is_signed_wet_and_no_passphrase_is_asked(client, users, otoritas):
    SertifikatTTE.objects.filter(pegawai=users["kadis"].pegawai).delete()
    p = ke_ttd(users)
    client.force_login(users["kadis"])
    html = client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()
    assert "Tanda tangani dan terbitkan" in html and "frasa_sandi" not in html
    p = tandatangani(p, users["kadis"], frasa="")
    assert p.surat.cara_ttd == "basah"
    assert PdfFileReader(io.BytesIO(bytes(p.surat.pdf))).embedded_signatures == []


def test_office_without_tte_signs_wet_even_with_a_certificate(users, otoritas):
    Instansi.objects.update(tanda_tangan_elektronik=False)
    p = tandatangani(ke_ttd(users), users["kadis"], frasa="")
    assert p.surat.cara_ttd == "basah"


def test_signing_form_asks_the_passphrase_and_the_page_shows_a_wrong_one(client, users, otoritas):
    p = ke_ttd(users)
    client.force_login(users["kadis"])
    url = reverse("layanan:detail", args=[p.nomor_registrasi])
    assert "Frasa sandi sertifikat elektronik" in client.get(url).content.decode()
    aksi_url = reverse("layanan:aksi", args=[p.nomor_registrasi, "tandatangani"])
    response = client.post(aksi_url, {"token": aksi.token_status(p), "frasa_sandi": "salah"}, follow=True)
    assert "Frasa sandi sertifikat elektronik salah" in response.content.decode()
    assert not Surat.objects.exists()
    response = client.post(aksi_url, {"token": aksi.token_status(p), "frasa_sandi": FRASA}, follow=True)
    assert Surat.objects.get().cara_ttd == "elektronik"
    assert "salah" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_wrong_passphrase_issues_nothing_and_consumes_no_number(users, otoritas):
    """Run on PostgreSQL by the lead (DATABASE_URL); SQLite runs it too."""
    first = tandatangani(ke_ttd(users), users["kadis"]).surat
    p = ke_ttd(users)
    with pytest.raises(aksi.AksiGagal, match="Frasa sandi sertifikat elektronik salah"):
        tandatangani(p, users["kadis"], frasa="bukan-ini")
    with pytest.raises(aksi.AksiGagal, match="Ketik frasa sandi"):
        tandatangani(p, users["kadis"], frasa="")
    assert Permohonan.objects.get(pk=p.pk).status == Status.TTD
    assert Surat.objects.count() == 1
    assert Penomoran.objects.get().terakhir == first.urutan
    second = tandatangani(p, users["kadis"]).surat
    assert second.urutan == first.urutan + 1  # the failed tries took no number


def test_verification_page_names_the_signer_and_a_changed_byte_is_tidak_utuh(client, users, otoritas):
    surat = tandatangani(ke_ttd(users), users["kadis"]).surat
    nama = users["kadis"].pegawai.nama
    html = client.get(reverse("surat:verifikasi", args=[surat.token])).content.decode()
    assert "Ditandatangani secara elektronik (TTE)" in html
    html = unggah(client, surat, bytes(surat.pdf)).content.decode()
    assert "Berkas IDENTIK" in html
    assert "SAH dan berkas UTUH" in html and nama in html
    # One byte inside the letter's first content stream.
    isi = bytearray(surat.pdf)
    posisi = isi.index(b"stream\n") + 40
    isi[posisi] ^= 0x01
    html = unggah(client, surat, bytes(isi)).content.decode()
    assert "TIDAK IDENTIK" in html
    assert "TIDAK UTUH" in html and "SAH dan berkas UTUH" not in html


def test_content_appended_after_signing_is_tidak_utuh(users, otoritas):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    surat = tandatangani(ke_ttd(users), users["kadis"]).surat
    writer = IncrementalPdfFileWriter(io.BytesIO(bytes(surat.pdf)))
    writer.root["/Lang"] = generic.pdf_string("en")  # an edit saved as a new revision
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    assert tte.periksa(out.getvalue()).status == "tidak_utuh"


def test_certificate_from_an_unknown_authority_is_tidak_tepercaya(client, users, otoritas):
    asing = otoritas_demo.buat_otoritas("Otoritas Tidak Dikenal")
    SertifikatTTE.objects.filter(pegawai=users["kadis"].pegawai).update(
        berkas_p12=otoritas_demo.buat_sertifikat(asing, "Pemalsu", FRASA)
    )
    surat = tandatangani(ke_ttd(users), users["kadis"]).surat
    html = unggah(client, surat, bytes(surat.pdf)).content.decode()
    assert "TIDAK TEPERCAYA" in html and "Otoritas Tidak Dikenal" in html
    assert tte.periksa(bytes(surat.pdf)).status == "tidak_tepercaya"


def test_an_expired_certificate_signs_nothing_and_one_expired_at_signing_time_is_reported(users, otoritas):
    import datetime

    from dinsos.pdf import html_ke_pdf

    lama = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=400)
    berkas = otoritas_demo.buat_sertifikat(otoritas, "Pejabat Lama", FRASA, mulai=lama, hari=30)
    SertifikatTTE.objects.filter(pegawai=users["kadis"].pegawai).update(berkas_p12=berkas)
    p = ke_ttd(users)
    with pytest.raises(aksi.AksiGagal, match="tidak berlaku lagi sejak"):
        tandatangani(p, users["kadis"])
    assert not Surat.objects.exists()
    # A PDF someone signed with it anyway (pyHanko directly) is reported as such.
    pdf = tte._tandatangani_pyhanko(
        html_ke_pdf("<p>Surat</p>"), tte.buka_p12(berkas, FRASA), None, tte.InfoTTE("Pejabat Lama", "", waktu="-")
    )
    hasil = tte.periksa(pdf)
    assert hasil.status == "tidak_berlaku" and "TIDAK BERLAKU pada waktu penandatanganan" in hasil.judul


def test_revoked_letter_says_so_whatever_the_signature_says(client, users, otoritas):
    from surat import penerbitan

    surat = tandatangani(ke_ttd(users), users["kadis"]).surat
    penerbitan.cabut(surat, "Data pemohon keliru", users["kadis"])
    html = unggah(client, surat, bytes(surat.pdf)).content.decode()
    assert "DICABUT" in html and "tidak membuat surat yang dicabut berlaku lagi" in html


def test_unsigned_or_unreadable_uploads_get_a_plain_answer(client, users, otoritas):
    Instansi.objects.update(tanda_tangan_elektronik=False)
    surat = tandatangani(ke_ttd(users), users["kadis"], frasa="").surat
    assert "tidak memuat tanda tangan elektronik" in unggah(client, surat, bytes(surat.pdf)).content.decode()
    assert "tidak dapat dibaca" in unggah(client, surat, b"bukan pdf sama sekali").content.decode()


# -- the remote signing service ----------------------------------------------------------


class LayananBSrEPalsu(BaseHTTPRequestHandler):
    """A local stand-in for BSrE's /api/sign/pdf: checks the client, signs with a p12."""

    p12 = b""
    frasa = ""
    permintaan: list = []

    def log_message(self, *args):
        pass

    def do_POST(self):  # noqa: N802 (http.server's name)
        import base64
        import email.parser
        import email.policy

        if self.headers.get("Authorization") != "Basic " + base64.b64encode(b"klien:rahasia-klien").decode():
            return self._json(401, {"error": "Unauthorized"})
        body = self.rfile.read(int(self.headers["Content-Length"]))
        pesan = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + body
        )
        bagian = {p.get_param("name", header="content-disposition"): p.get_payload(decode=True) for p in pesan.iter_parts()}
        type(self).permintaan.append({k: v for k, v in bagian.items() if k != "file"})
        if bagian["passphrase"].decode() != self.frasa:
            return self._json(400, {"error": "Passphrase anda salah", "status_code": 2031})
        kotak = None
        if bagian.get("tampilan") == b"visible":
            x, y = float(bagian["xAxis"]), float(bagian["yAxis"])
            kotak = tte.Kotak(int(bagian["page"]) - 1, x, y, x + float(bagian["width"]), y + float(bagian["height"]))
        signed = tte.PenandaP12(self.p12, self.frasa).tandatangani(bagian["file"], kotak, tte.InfoTTE("BSrE", "", waktu="-"))
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(signed)))
        self.end_headers()
        self.wfile.write(signed)

    def _json(self, code, data):
        body = json.dumps(data).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def bsre(users, otoritas, settings):
    LayananBSrEPalsu.p12 = otoritas_demo.buat_sertifikat(otoritas, users["kadis"].pegawai.nama, "frasa-di-bsre")
    LayananBSrEPalsu.frasa = "frasa-di-bsre"
    LayananBSrEPalsu.permintaan = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), LayananBSrEPalsu)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.TTE_BSRE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.TTE_BSRE_USER, settings.TTE_BSRE_PASSWORD = "klien", "rahasia-klien"
    SertifikatTTE.objects.filter(pegawai=users["kadis"].pegawai).update(
        jenis=JenisSertifikat.BSRE, berkas_p12=b"", nik="1609011204850001"
    )
    yield LayananBSrEPalsu
    server.shutdown()
    server.server_close()


def test_remote_service_signs_by_nik_and_passphrase_with_the_stamp_in_the_signature_block(users, bsre):
    surat = tandatangani(ke_ttd(users), users["kadis"], frasa="frasa-di-bsre").surat
    assert surat.cara_ttd == "elektronik"
    assert tte.periksa(bytes(surat.pdf)).status == "sah"
    [permintaan] = bsre.permintaan
    assert permintaan["nik"] == b"1609011204850001" and permintaan["tampilan"] == b"visible"
    assert permintaan["page"] == b"1" and float(permintaan["width"]) > 100


def test_remote_service_wrong_passphrase_or_outage_issues_nothing(users, bsre, settings):
    p = ke_ttd(users)
    with pytest.raises(aksi.AksiGagal, match="Frasa sandi sertifikat elektronik salah"):
        tandatangani(p, users["kadis"], frasa="keliru")
    settings.TTE_BSRE_PASSWORD = "sandi-klien-lama"
    with pytest.raises(aksi.AksiGagal, match="tidak diizinkan memakai layanan"):
        tandatangani(p, users["kadis"], frasa="frasa-di-bsre")
    settings.TTE_BSRE_URL = "http://127.0.0.1:9"  # nothing listens there
    with pytest.raises(aksi.AksiGagal, match="tidak dapat dihubungi"):
        tandatangani(p, users["kadis"], frasa="frasa-di-bsre")
    assert not Surat.objects.exists() and not Penomoran.objects.filter(terakhir__gt=0).exists()
    assert Permohonan.objects.get(pk=p.pk).status == Status.TTD


# -- RFC 3161 timestamps -------------------------------------------------------------------


def test_timestamp_server_when_configured_dates_the_signature(users, otoritas, settings):
    import asyncio

    from asn1crypto import tsp
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign.signers.pdf_cms import (
        translate_pyca_cryptography_cert_to_asn1,
        translate_pyca_cryptography_key_to_asn1,
    )
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    kunci, cert, _ = pkcs12.load_key_and_certificates(
        otoritas_demo.buat_sertifikat(otoritas, "TSA Uji", "x", tsa=True, jenis_kunci="rsa"), b"x"
    )
    tsa = DummyTimeStamper(translate_pyca_cryptography_cert_to_asn1(cert), translate_pyca_cryptography_key_to_asn1(kunci))

    class TSA(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):  # noqa: N802
            req = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = asyncio.run(tsa.async_request_tsa_response(req)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), TSA)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.TTE_TSA_URL = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        surat = tandatangani(ke_ttd(users), users["kadis"]).surat
    finally:
        server.shutdown()
        server.server_close()
    hasil = tte.periksa(bytes(surat.pdf))
    assert hasil.status == "sah" and hasil.sumber_waktu == "cap waktu"
    settings.TTE_TSA_URL = "http://127.0.0.1:9/"
    with pytest.raises(aksi.AksiGagal, match="Server cap waktu"):
        tandatangani(ke_ttd(users), users["kadis"])


def test_an_rsa_certificate_signs_and_validates_too(users, otoritas):
    SertifikatTTE.objects.filter(pegawai=users["kadis"].pegawai).update(
        berkas_p12=otoritas_demo.buat_sertifikat(otoritas, "Pejabat RSA", FRASA, jenis_kunci="rsa")
    )
    surat = tandatangani(ke_ttd(users), users["kadis"]).surat
    hasil = tte.periksa(bytes(surat.pdf))
    assert hasil.status == "sah" and hasil.penanda == "Pejabat RSA"


def test_admin_uploads_a_p12_checked_with_its_passphrase_which_is_not_stored(client, users, otoritas):
    kadis = users["kadis"].pegawai
    SertifikatTTE.objects.filter(pegawai=kadis).delete()
    berkas = otoritas_demo.buat_sertifikat(otoritas, kadis.nama, "frasa-baru")
    client.force_login(users["admin"])
    url = reverse("admin:surat_sertifikattte_add")

    def kirim(frasa, isi=berkas):
        data = {"pegawai": kadis.pk, "jenis": "p12", "nik": "", "aktif": "on", "frasa_sandi": frasa}
        return client.post(url, {**data, "berkas": SimpleUploadedFile("k.p12", isi)})

    assert "frasa sandi salah" in kirim("keliru").content.decode()
    assert "frasa sandi salah" in kirim("frasa-baru", isi=b"%PDF-1.7 bukan sertifikat").content.decode()
    assert not SertifikatTTE.objects.filter(pegawai=kadis).exists()
    assert kirim("frasa-baru").status_code == 302
    sertifikat = SertifikatTTE.objects.get(pegawai=kadis)
    assert sertifikat.subjek == kadis.nama and bytes(sertifikat.berkas_p12) == berkas
    assert b"frasa-baru" not in json.dumps(list(SertifikatTTE.objects.values("subjek", "penerbit", "nik"))).encode()


def test_only_superusers_see_certificates_and_trusted_roots(client, users, otoritas):
    from django.contrib.auth import get_user_model

    staf = get_user_model().objects.create_user("staf-admin", password="x", is_staff=True)
    client.force_login(staf)
    assert client.get(reverse("admin:surat_akartepercaya_changelist")).status_code == 403
    assert client.get(reverse("admin:surat_sertifikattte_changelist")).status_code == 403


def test_five_wrong_passphrases_pause_signing_with_the_file(users, otoritas):
    p = ke_ttd(users)
    for _ in range(tte.MAKS_FRASA_SALAH):
        with pytest.raises(aksi.AksiGagal, match="salah"):
            tandatangani(p, users["kadis"], frasa="tebakan")
    with pytest.raises(aksi.AksiGagal, match="Coba lagi dalam 15 menit"):
        tandatangani(p, users["kadis"])  # even the right one, for now
    assert tandatangani(p, users["sekretaris"]).surat is not None  # another official is not paused


@pytest.fixture
def server_crl():
    """A local HTTP server answering every GET with the CRL bytes set on it."""

    class CRL(BaseHTTPRequestHandler):
        isi = b""

        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/pkix-crl")
            self.send_header("Content-Length", str(len(self.isi)))
            self.end_headers()
            self.wfile.write(self.isi)

    server = ThreadingHTTPServer(("127.0.0.1", 0), CRL)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/demo.crl"
    server.handler = CRL
    yield server
    server.shutdown()
    server.server_close()


def test_revocation_is_checked_when_the_information_is_available(users, otoritas, server_crl, settings):
    import datetime

    from cryptography.hazmat.primitives.serialization import pkcs12

    settings.TTE_AMBIL_REVOKASI = True
    mulai = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=2)
    berkas = otoritas_demo.buat_sertifikat(otoritas, "Pejabat Dicabut", FRASA, mulai=mulai, crl_url=server_crl.url)
    serial = pkcs12.load_key_and_certificates(berkas, FRASA.encode())[1].serial_number
    SertifikatTTE.objects.filter(pegawai=users["kadis"].pegawai).update(berkas_p12=berkas)
    pdf = bytes(tandatangani(ke_ttd(users), users["kadis"]).surat.pdf)

    server_crl.handler.isi = otoritas_demo.buat_crl(otoritas, [])
    hasil = tte.periksa(pdf)
    assert hasil.status == "sah" and hasil.revokasi == "Status pencabutan sertifikat diperiksa."

    dicabut_pada = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)  # before it signed
    server_crl.handler.isi = otoritas_demo.buat_crl(otoritas, [(serial, dicabut_pada)])
    hasil = tte.periksa(pdf)
    assert hasil.status == "dicabut" and "TELAH DICABUT" in hasil.judul


def test_the_passphrase_never_shows_in_an_error_report():
    from django.views.debug import ExceptionReporter

    frasa = tte.FrasaSandi("rahasia-sekali")
    assert frasa == "rahasia-sekali" and "rahasia-sekali" not in repr({"frasa_sandi": frasa})
    try:
        tte.buka_p12(b"bukan p12", frasa)
    except tte.TandaTanganGagal:
        import sys

        laporan = ExceptionReporter(None, *sys.exc_info()).get_traceback_text()
    assert "rahasia-sekali" not in laporan and "********" in laporan


def test_the_archive_copy_with_paraf_is_signed_too(users, otoritas):
    import dataclasses

    from django.utils import timezone

    from surat import penerbitan

    p = ke_ttd(users)
    data = dataclasses.replace(
        aksi.data_surat(p), paraf=[{"jabatan": "Kepala Seksi", "nama": "Kasi Uji", "waktu": timezone.now()}]
    )
    ttd = aksi.penandatangan_untuk(p, users["kadis"], FRASA)
    surat = penerbitan.terbitkan(data, ttd, "http://testserver/", users["kadis"])
    assert bytes(surat.pdf) != bytes(surat.pdf_arsip)
    assert tte.periksa(bytes(surat.pdf)).status == "sah"
    assert tte.periksa(bytes(surat.pdf_arsip)).status == "sah"


# -- checking a PDF without its QR code ---------------------------------------------------


def periksa_berkas(client, isi: bytes, **extra):
    berkas = SimpleUploadedFile("surat.pdf", isi, content_type="application/pdf")
    return client.post(reverse("surat:verifikasi_berkas"), {"berkas": berkas}, **extra)


def test_any_pdf_is_checked_and_found_in_the_archive_by_its_exact_bytes(client, users, otoritas):
    surat = tandatangani(ke_ttd(users), users["kadis"]).surat
    html = client.get(reverse("surat:verifikasi_berkas")).content.decode()
    assert "Periksa surat elektronik" in html
    html = periksa_berkas(client, bytes(surat.pdf)).content.decode()
    assert f"IDENTIK dengan surat Nomor {surat.nomor}" in html and "SAH dan berkas UTUH" in html
    assert reverse("surat:verifikasi", args=[surat.token]) in html
    isi = bytearray(surat.pdf)
    isi[isi.index(b"stream\n") + 40] ^= 0x01
    html = periksa_berkas(client, bytes(isi)).content.decode()
    assert "tidak sama persis dengan surat mana pun" in html and "TIDAK UTUH" in html
    assert surat.nomor not in html


def test_checking_without_qr_is_capped_and_limited_per_address(client, settings, users, otoritas):
    settings.VERIFIKASI_MAKS_MB = 1
    besar = periksa_berkas(client, b"%PDF-" + b"0" * (1024 * 1024 + 70 * 1024))
    assert besar.status_code == 413 and "Berkas terlalu besar" in besar.content.decode()
    settings.VERIFIKASI_MAKS_UNGGAH = 2
    for _ in range(2):
        assert periksa_berkas(client, b"%PDF-1.7").status_code == 200
    terlalu_sering = periksa_berkas(client, b"%PDF-1.7")
    assert terlalu_sering.status_code == 429 and "Terlalu banyak pemeriksaan" in terlalu_sering.content.decode()


def test_checking_a_pdf_takes_a_few_indexed_queries(client, users, otoritas, django_assert_max_num_queries):
    surat = tandatangani(ke_ttd(users), users["kadis"]).surat
    with django_assert_max_num_queries(8):
        periksa_berkas(client, bytes(surat.pdf))
