"""Letters: content, numbering, archive, verification (texts extracted from real PDFs)."""

import datetime
import hashlib
import io
import shutil
import subprocess
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from layanan import aksi
from layanan.models import Permohonan, Status
from sop.models import VersiSop
from surat import penerbitan
from surat.bawaan import muat_bawaan
from surat.models import SeriNomor, Surat, TemplatSurat
from tests.conftest import load_demo
from tests.layanan.helpers import daftar


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def terbit(users, kode="sktm", signer="kadis", **orang):
    p = daftar(users["fo"], kode=kode, **orang)
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
    p = aksi.jalankan(p.pk, users[signer], "tandatangani", base_url="http://testserver/")
    return p


def test_letter_has_every_required_element(users):
    p = terbit(users, kode="sktm")
    text = text_of(bytes(p.surat.pdf))
    today = date_format(timezone.localdate(), "j F Y")
    for expected in [
        "PEMERINTAH KABUPATEN OGAN KOMERING ULU SELATAN",
        "DINAS SOSIAL",
        "SURAT KETERANGAN TIDAK MAMPU",
        "Siti Aminah",
        p.pemohon.nik,
        "Muaradua, 12 April 1985",
        "Jl. Merdeka No. 5",
        "Berobat ke rumah sakit",
        f"Muaradua, {today}",
        "Kepala Dinas Sosial,",
        "Zulfakar, S.Sos",
        "Pembina Utama Muda (IV/c)",
        "19680303 198803 1 002",
        "Ditandatangani secara basah dan dibubuhi cap dinas.",
    ]:
        assert expected in text, expected
    assert f"Nomor: 400.9.3.3/0001/DINSOS/{timezone.localdate().year}" in text


def test_indonesian_date_format():
    assert date_format(datetime.date(2026, 11, 24), "j F Y") == "24 November 2026"
    assert date_format(datetime.date(2026, 1, 5), "j F Y") == "5 Januari 2026"


def test_names_with_apostrophes_and_markup_appear_exactly_as_typed(users):
    p = terbit(users, nama="Ma'ruf Al-Amin <b>&amp; Co</b>")
    text = text_of(bytes(p.surat.pdf))
    assert "Ma'ruf Al-Amin <b>&amp; Co</b>" in text


def test_signature_on_behalf_and_plt(users):
    p = terbit(users, signer="sekretaris")
    text = text_of(bytes(p.surat.pdf))
    assert "a.n. Kepala Dinas Sosial Sekretaris Dinas" in text
    assert p.surat.penandatangan_jabatan == "a.n. Kepala Dinas Sosial\nSekretaris Dinas"


def test_paraf_table_lists_who_initialled(users):
    p = daftar(users["fo"])
    Permohonan.objects.filter(pk=p.pk).update(status=Status.KONSEP)
    for user, nama in [("fo", "ajukan_konsep"), ("kasi", "paraf"), ("kabid", "paraf")]:
        aksi.jalankan(p.pk, users[user], nama)
    p = aksi.jalankan(p.pk, users["kadis"], "tandatangani", base_url="http://testserver/")
    text = text_of(bytes(p.surat.pdf_arsip))
    assert "Paraf hierarki" in text and "Kepala Seksi Perlindungan dan Jaminan Sosial" in text


def test_numbers_run_per_series_and_restart_each_year(users):
    seri = SeriNomor.objects.get(kode="sktm")
    seri.format = "{klasifikasi}/{nomor:03}/{unit}/{bulan_romawi}/{tahun}"
    seri.save()
    first = terbit(users).surat
    second = terbit(users).surat
    month = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"][first.tanggal.month]
    assert first.nomor == f"400.9.3.3/001/DINSOS/{month}/{first.tanggal.year}"
    assert second.urutan == 2
    assert seri.format_nomor(1, datetime.date(2027, 1, 2)) == "400.9.3.3/001/DINSOS/I/2027"
    from surat.models import Penomoran

    assert not Penomoran.objects.filter(tahun=2027).exists()
    with pytest.raises(ValidationError):
        SeriNomor(kode="x", nama="x", format="{klasifikasi}/{tahun}").clean()


def test_archived_pdf_is_never_rewritten_and_reprint_is_identical(client, users):
    p = terbit(users)
    surat = p.surat
    assert surat.sha256 == hashlib.sha256(bytes(surat.pdf)).hexdigest()
    surat.pdf = b"lain"
    with pytest.raises(ValidationError):
        surat.save()
    with pytest.raises(ValidationError):
        surat.delete()
    client.force_login(users["fo"])
    one = client.get(reverse("layanan:surat", args=[p.nomor_registrasi])).content
    two = client.get(reverse("layanan:surat", args=[p.nomor_registrasi])).content
    assert one == two and hashlib.sha256(one).hexdigest() == Surat.objects.get().sha256


def test_verification_page_masks_personal_data_and_compares_uploads(client, users):
    p = terbit(users)
    surat = p.surat
    url = reverse("surat:verifikasi", args=[surat.token])
    html = client.get(url).content.decode()
    assert surat.nomor in html and "SAH" in html and surat.sha256 in html
    assert "S*** A*****" in html and "1609********0001" in html
    assert "Siti Aminah" not in html and p.pemohon.nik not in html
    original = SimpleUploadedFile("s.pdf", bytes(surat.pdf), content_type="application/pdf")
    assert "Berkas IDENTIK" in client.post(url, {"berkas": original}).content.decode()
    tampered = bytes(surat.pdf).replace(b"Siti", b"Sita", 1)
    fake = SimpleUploadedFile("s.pdf", tampered + b"\n", content_type="application/pdf")
    assert "TIDAK IDENTIK" in client.post(url, {"berkas": fake}).content.decode()


def test_revoked_letter_shows_as_revoked(client, users):
    p = terbit(users)
    client.force_login(users["kadis"])
    client.post(
        reverse("layanan:cabut_surat", args=[p.surat.pk]),
        {"alasan": "Data pemohon tidak benar", "tindak_lanjut": "cabut"},
    )
    client.logout()
    html = client.get(reverse("surat:verifikasi", args=[p.surat.token])).content.decode()
    assert "DICABUT" in html and "Data pemohon tidak benar" in html


def test_only_kadis_or_sekretaris_revoke(client, users):
    p = terbit(users)
    client.force_login(users["fo"])
    response = client.post(reverse("layanan:cabut_surat", args=[p.surat.pk]), {"alasan": "x", "tindak_lanjut": "cabut"})
    assert response.status_code == 403
    assert "keputusan pejabat penandatangan" in response.content.decode()
    assert not Surat.objects.get().dicabut


def test_agenda_lists_every_number(client, users):
    nomor = [terbit(users).surat.nomor for _ in range(3)]
    client.force_login(users["sekretaris"])
    html = client.get(reverse("surat:agenda")).content.decode()
    assert all(n in html for n in nomor)


def test_template_missing_a_required_element_is_refused(kantor):
    templat = TemplatSurat.objects.get(jenis_surat="sktm")
    templat.isi = "<p>Yang bernama {{ termohon.nama }} untuk {{ keperluan }}.</p>"
    with pytest.raises(ValidationError) as exc:
        templat.full_clean()
    message = " ".join(exc.value.messages)
    assert "NIK" in message and "alamat" in message and "tempat dan tanggal lahir" in message
    templat.isi = "{% if %}"
    with pytest.raises(ValidationError, match="Templat tidak valid"):
        templat.full_clean()


@pytest.mark.parametrize("kabupaten", ["oku-selatan", "lumajang", "kutai-kartanegara", "tanah-laut"])
def test_every_letter_producing_sop_has_a_valid_default_template(db, kabupaten):
    load_demo(kabupaten)
    assert muat_bawaan() == 0  # the demo already created them all
    jenis = set(VersiSop.objects.terbit().exclude(jenis_surat="").values_list("jenis_surat", flat=True))
    assert jenis and jenis <= set(TemplatSurat.objects.values_list("jenis_surat", flat=True))
    for templat in TemplatSurat.objects.filter(jenis_surat__in=jenis):
        templat.full_clean()


def test_admin_preview_renders_a_sample_case(client, users):
    client.force_login(users["admin"])
    templat = TemplatSurat.objects.get(jenis_surat="sktm")
    pdf = client.get(reverse("admin:surat_templat_pratinjau", args=[templat.pk])).content
    assert "Siti Ma'rufah Al-Amin" in text_of(pdf)


needs_qr_tools = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) tidak terpasang: uji QR dilewati."
)


@needs_qr_tools
def test_qr_code_on_the_page_leads_to_the_verification_page(client, users, tmp_path):
    try:
        from pyzbar.pyzbar import decode
    except ImportError as exc:  # libzbar0 missing
        pytest.skip(f"libzbar0 tidak terpasang: {exc}")
    from PIL import Image

    p = terbit(users)
    pdf = tmp_path / "surat.pdf"
    pdf.write_bytes(bytes(p.surat.pdf))
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "hal")], check=True)
    image = Image.open(next(tmp_path.glob("hal*.png")))
    codes = decode(image)
    assert len(codes) == 1
    url = codes[0].data.decode()
    assert url == f"http://testserver/v/{p.surat.token}/"
    html = client.get(url.replace("http://testserver", "")).content.decode()
    assert p.surat.nomor in html


@pytest.mark.django_db(transaction=True)
def test_200_letters_from_8_threads_are_numbered_1_to_200_without_gaps():
    if connection.vendor != "postgresql":
        pytest.skip("Penomoran serentak diuji di PostgreSQL (set DATABASE_URL).")
    load_demo("oku-selatan")
    data = penerbitan.DataSurat(
        jenis_surat="sktm",
        termohon={
            "nama": "Warga Uji",
            "nik": "1609015204850001",
            "alamat": "Jl. Uji",
            "ttl": "Muaradua, 1 Januari 1990",
            "jenis_kelamin": "Laki-laki",
        },
        keperluan="Uji serentak",
    )
    ttd = penerbitan.Penandatangan("Zulfakar, S.Sos", "196803031988031002", "", "Kepala Dinas Sosial")
    errors = []

    def worker():
        try:
            for _ in range(25):
                penerbitan.terbitkan(data, ttd, "http://testserver/")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    urutan = sorted(Surat.objects.values_list("urutan", flat=True))
    assert urutan == list(range(1, 201))
    assert Surat.objects.values("nomor").distinct().count() == 200
