"""Public tracking: a random code from the receipt, POSTed, rate-limited per address, and
an answer with status and dates only."""

import io
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from layanan import lacak_kode
from layanan.models import HitunganLacak, Permohonan
from tests.layanan.helpers import buat_banyak, daftar, maju

LACAK = "/lacak/"


def lacak(client, kode, alamat="203.0.113.7"):
    return client.post(LACAK, {"kode": kode}, REMOTE_ADDR=alamat)


def test_every_case_gets_a_random_unique_code_from_an_unambiguous_alphabet(users):
    p = daftar(users["fo"])
    banyak = buat_banyak(200, users["fo"], "verifikasi")
    codes = [p.kode_lacak] + [x.kode_lacak for x in banyak]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert lacak_kode.sah(code) and not set(code) & set("01OIL")
    # Not derived from the registration number.
    assert p.nomor_registrasi[-6:] not in p.kode_lacak


def test_receipt_prints_the_code_and_no_longer_asks_for_nik_digits(client, users):
    p = daftar(users["fo"])
    client.force_login(users["fo"])
    pdf = client.get(reverse("layanan:tanda_terima", args=[p.nomor_registrasi])).content
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert lacak_kode.tampil(p.kode_lacak) in text and "http://testserver/lacak/" in text
    assert "4 angka terakhir NIK" not in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) tidak terpasang.")
def test_receipt_qr_opens_the_tracking_page_with_the_code_in_the_fragment(client, users, tmp_path):
    try:
        from pyzbar.pyzbar import decode
    except ImportError as exc:  # libzbar0 missing
        pytest.skip(f"libzbar0 tidak terpasang: {exc}")
    from PIL import Image

    p = daftar(users["fo"])
    client.force_login(users["fo"])
    (tmp_path / "tt.pdf").write_bytes(client.get(reverse("layanan:tanda_terima", args=[p.nomor_registrasi])).content)
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(tmp_path / "tt.pdf"), str(tmp_path / "hal")], check=True)
    from skm import tautan

    codes = decode(Image.open(next(tmp_path.glob("hal*.png"))))
    # The tracking QR, and the satisfaction survey's (skm) for after the service.
    assert sorted(c.data.decode() for c in codes) == sorted(
        [f"http://testserver/lacak/#{p.kode_lacak}", f"http://testserver{tautan.url(p.pk)}"]
    )


def test_tracking_shows_status_and_dates_but_no_free_text_names_or_service(client, users):
    p = daftar(users["fo"])
    p = maju(p, users["fo"], "tolak", alasan="Diagnosis TBC paru, dirawat di RSUD", catatan="Diagnosis TBC paru")
    html = lacak(client, lacak_kode.tampil(p.kode_lacak).lower()).content.decode()
    assert '<strong id="tahap">Ditolak</strong>' in html
    assert "Didaftarkan:" in html and "Selesai:" in html
    for secret in ["TBC", "RSUD", p.pemohon.nama, p.pemohon.nik, p.pemohon.alamat, p.versi_sop.nama, p.nomor_registrasi]:
        assert secret not in html, secret


def test_the_public_journey_lists_phase_changes_only(client, users):
    import datetime

    from layanan import aksi

    p = maju(daftar(users["fo"]), users["fo"], "verifikasi_berkas")
    aksi.tugaskan_survei(p.pk, users["fo"], users["survei"].pegawai)
    aksi.catat_survei(p.pk, users["survei"], aksi.token_status(p), datetime.date.today(), True, "Rumah semi permanen")
    html = lacak(client, p.kode_lacak).content.decode()
    journey = html.split('id="perjalanan">')[1].split("</ul>")[0]
    assert journey.count("<li>") == 3 and journey.count("Survei lapangan") == 1
    assert "Rumah semi permanen" not in html and users["survei"].pegawai.nama not in html


def test_returned_case_does_not_list_the_documents_on_the_public_page(client, users):
    p = daftar(users["fo"], kurang=["Surat pengantar dari Kepala Desa/Lurah"])
    assert p.berkas_kurang == ["Surat pengantar dari Kepala Desa/Lurah"]
    html = lacak(client, p.kode_lacak).content.decode()
    assert "Berkas belum lengkap" in html and "Surat pengantar" not in html


def test_the_old_number_plus_four_nik_digits_finds_nothing(client, users):
    p = daftar(users["fo"])
    old = client.get(LACAK, {"nomor": p.nomor_registrasi, "nik4": p.pemohon.nik[-4:]}).content.decode()
    assert 'id="tahap"' not in old
    posted = client.post(LACAK, {"nomor": p.nomor_registrasi, "nik4": p.pemohon.nik[-4:]}).content.decode()
    assert 'id="tahap"' not in posted and "Isi kode lacak dari tanda terima." in posted


def test_a_get_with_the_code_does_not_look_it_up(client, users):
    p = daftar(users["fo"])
    assert 'id="tahap"' not in client.get(LACAK, {"kode": p.kode_lacak}).content.decode()


def test_tracking_needs_the_csrf_token(users):
    p = daftar(users["fo"])
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(LACAK, {"kode": p.kode_lacak}).status_code == 403
    page = strict.get(LACAK)
    token = page.cookies["csrftoken"].value
    ok = strict.post(LACAK, {"kode": p.kode_lacak, "csrfmiddlewaretoken": token})
    assert ok.status_code == 200 and 'id="tahap"' in ok.content.decode()


@pytest.mark.parametrize(
    "typed,message",
    [
        ("", "Isi kode lacak dari tanda terima."),
        ("ABCD-1234-EFGH", "Kode lacak terdiri atas 12 huruf dan angka"),  # "1" is not in the alphabet
        ("ABCD", "Kode lacak terdiri atas 12 huruf dan angka"),
        ("ABCD-2345-EFGH", "Kode lacak tidak ditemukan."),
    ],
)
def test_bad_codes_get_a_message_and_keep_what_was_typed(client, db, typed, message):
    response = lacak(client, typed)
    html = response.content.decode()
    assert response.status_code == 200 and message in html and 'id="tahap"' not in html
    if typed:
        assert f'value="{typed}"' in html


def test_too_many_look_ups_from_one_address_are_refused_in_indonesian(client, users, settings):
    settings.LACAK_BATAS = 3
    p = daftar(users["fo"])
    for _ in range(2):
        assert lacak(client, "ABCD-2345-EFGH").status_code == 200
    assert 'id="tahap"' in lacak(client, p.kode_lacak).content.decode()
    refused = lacak(client, p.kode_lacak)
    html = refused.content.decode()
    assert refused.status_code == 429
    assert "Terlalu banyak percobaan lacak dari alamat Anda" in html and "15 menit" in html
    assert 'id="tahap"' not in html and f'value="{p.kode_lacak}"' in html
    # Another address is not affected; the count lives in the database (shared by processes).
    assert 'id="tahap"' in lacak(client, p.kode_lacak, alamat="198.51.100.9").content.decode()
    assert HitunganLacak.objects.get(alamat="203.0.113.7").jumlah == 4


def test_the_limit_reads_the_address_behind_the_trusted_proxy(client, users, settings):
    settings.LACAK_BATAS = 1
    settings.JUMLAH_PROXY = 1
    p = daftar(users["fo"])
    kwargs = {"REMOTE_ADDR": "10.0.0.1"}
    assert client.post(LACAK, {"kode": p.kode_lacak}, HTTP_X_FORWARDED_FOR="203.0.113.7", **kwargs).status_code == 200
    assert client.post(LACAK, {"kode": p.kode_lacak}, HTTP_X_FORWARDED_FOR="203.0.113.8", **kwargs).status_code == 200
    # A client cannot dodge the limit by prepending its own X-Forwarded-For entries.
    spoof = "1.2.3.4, 203.0.113.7"
    assert client.post(LACAK, {"kode": p.kode_lacak}, HTTP_X_FORWARDED_FOR=spoof, **kwargs).status_code == 429


def test_registration_shows_the_code_to_the_clerk_once(client, users):
    from sop.models import VersiSop
    from tests.layanan.helpers import form_post

    client.force_login(users["fo"])
    versi = VersiSop.objects.terbit().get(sop__kode="sktm")
    response = client.post(reverse("layanan:baru_form", args=["sktm"]), form_post(versi), follow=True)
    p = Permohonan.objects.get()
    assert f"Kode lacak untuk pemohon: {lacak_kode.tampil(p.kode_lacak)}" in response.content.decode()
    again = client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()
    assert p.kode_lacak not in again and lacak_kode.tampil(p.kode_lacak) not in again
