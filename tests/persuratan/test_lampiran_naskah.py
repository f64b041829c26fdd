"""Naskah dinas attachments (PDF pages after the letter) and the Nota Dinas head."""

import io
import os
import pathlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from dinsos.pdf import html_ke_pdf
from persuratan import aksi
from persuratan.models import LampiranNaskah, NaskahDinas
from tests.persuratan.conftest import pdf_teks
from tests.persuratan.test_naskah import _isian, buat_naskah, siap_ttd

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(scope="module")
def pdf_lampiran():
    """A real two-page PDF with text on each page (made once per module)."""
    return html_ke_pdf(
        "<html><body><p>DAFTAR REKONSILIASI PBI halaman satu</p>"
        '<p style="page-break-before: always">DAFTAR REKONSILIASI PBI halaman dua</p></body></html>'
    )


def _unggah(isi, nama="rekonsiliasi.pdf"):
    return SimpleUploadedFile(nama, isi, content_type="application/pdf")


def _lampirkan(org, naskah, isi, nama="rekonsiliasi.pdf"):
    halaman = len(PdfReader(io.BytesIO(isi)).pages)
    return aksi.tambah_lampiran(naskah.pk, org.users["kasi"], _unggah(isi, nama), nama, halaman)


def test_the_drafter_attaches_a_pdf_and_the_page_lists_it_with_the_count(client, org, pdf_lampiran):
    client.force_login(org.users["kasi"])
    data = {**_isian(lampiran="-"), "berkas_baru": _unggah(pdf_lampiran)}
    r = client.post(reverse("persuratan:naskah_baru"), data)
    assert r.status_code == 302
    naskah = NaskahDinas.objects.get()
    row = naskah.berkas_lampiran.get()
    assert row.nama == "rekonsiliasi.pdf" and row.halaman == 2
    html = client.get(r["Location"]).content.decode()
    assert "rekonsiliasi.pdf" in html and "(2 halaman)" in html and "1 (satu) berkas" in html
    unduh = client.get(reverse("persuratan:naskah_lampiran", args=[naskah.pk, row.pk]))
    assert unduh.status_code == 200 and b"".join(unduh.streaming_content) == pdf_lampiran

    # A second file, then the first removed on the edit form: the line follows the count.
    ubah = reverse("persuratan:naskah_ubah", args=[naskah.pk])
    client.post(ubah, {**_isian(lampiran="-"), "berkas_baru": _unggah(pdf_lampiran, "kedua.pdf")})
    assert "2 (dua) berkas" in client.get(r["Location"]).content.decode()
    client.post(ubah, {**_isian(lampiran="-"), "hapus_lampiran": [row.pk]})
    assert list(naskah.berkas_lampiran.values_list("nama", flat=True)) == ["kedua.pdf"]
    assert "1 (satu) berkas" in client.get(r["Location"]).content.decode()


@pytest.mark.parametrize(
    ("isi", "pesan"),
    [
        (PNG, "bukan PDF"),
        (b"<html><script>alert(1)</script></html>", "bukan PDF, JPG atau PNG yang sah"),
        (b"%PDF-1.4\nthis is not really a pdf", "rusak atau terkunci"),
    ],
)
def test_a_file_that_is_not_a_pdf_is_refused_and_the_form_keeps_the_text(client, org, isi, pesan):
    client.force_login(org.users["kasi"])
    data = {**_isian(hal="Hal yang sudah diketik"), "berkas_baru": _unggah(isi, "samaran.pdf")}
    r = client.post(reverse("persuratan:naskah_baru"), data)
    html = r.content.decode()
    assert r.status_code == 200 and pesan in html and "samaran.pdf" in html
    assert 'value="Hal yang sudah diketik"' in html
    assert not NaskahDinas.objects.exists() and not LampiranNaskah.objects.exists()


def test_attachments_follow_the_naskah_access_rule(client, org, pdf_lampiran):
    naskah = buat_naskah(org, sifat="rahasia")
    row = _lampirkan(org, naskah, pdf_lampiran)
    url = reverse("persuratan:naskah_lampiran", args=[naskah.pk, row.pk])
    for username, status in [("kasi", 200), ("kadis", 200), ("umum", 404), ("kasi_rehsos", 404)]:
        client.force_login(org.users[username])
        assert client.get(url).status_code == status, username
    # Another naskah's attachment id under this naskah's URL is not served.
    lain = buat_naskah(org)
    client.force_login(org.users["kasi"])
    assert client.get(reverse("persuratan:naskah_lampiran", args=[lain.pk, row.pk])).status_code == 404


def test_only_the_drafter_changes_attachments_and_only_while_a_konsep(org, pdf_lampiran):
    naskah = siap_ttd(org)
    with pytest.raises(aksi.Ditolak):
        _lampirkan(org, naskah, pdf_lampiran)
    assert not LampiranNaskah.objects.exists()


def test_the_issued_pdf_carries_the_attachment_pages_stamped_and_hashed(client, org, pdf_lampiran):
    naskah = buat_naskah(org, lampiran="-")
    _lampirkan(org, naskah, pdf_lampiran)
    aksi.ajukan(naskah.pk, org.users["kasi"])
    aksi.paraf(naskah.pk, org.users["kabid"])
    aksi.paraf(naskah.pk, org.users["sekretaris"])
    tanpa = aksi.pratinjau(buat_naskah(org, lampiran="-"))  # the same letter without attachments
    surat = aksi.tandatangani(naskah.pk, org.users["kadis"], "http://testserver/")
    pdf = bytes(surat.pdf)
    if os.environ.get("SIMPAN_PDF"):
        pathlib.Path(os.environ["SIMPAN_PDF"], "naskah-lampiran.pdf").write_bytes(pdf)
    halaman_surat = len(PdfReader(io.BytesIO(tanpa)).pages)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == halaman_surat + 2
    teks = " ".join(pdf_teks(pdf).split())
    assert "DAFTAR REKONSILIASI PBI halaman satu" in teks and "DAFTAR REKONSILIASI PBI halaman dua" in teks
    assert "Lampiran : 1 (satu) berkas" in teks
    halaman_akhir = " ".join(PdfReader(io.BytesIO(pdf)).pages[-1].extract_text().split())
    assert f"Nomor surat: {surat.nomor}" in halaman_akhir and "Lampiran 1 dari 1 · halaman 2 dari 2" in halaman_akhir

    # The public verification page matches the whole document, attachments included.
    client.logout()
    url = reverse("surat:verifikasi", args=[surat.token])
    r = client.post(url, {"berkas": SimpleUploadedFile("surat.pdf", pdf, content_type="application/pdf")})
    assert "Berkas IDENTIK dengan arsip surat ini." in r.content.decode()
    tanpa_lampiran = io.BytesIO()
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf)).pages[:halaman_surat]:
        writer.add_page(page)
    writer.write(tanpa_lampiran)
    r = client.post(url, {"berkas": SimpleUploadedFile("surat.pdf", tanpa_lampiran.getvalue())})
    assert "TIDAK IDENTIK" in r.content.decode()


def test_a_nota_dinas_has_its_own_head(org):
    naskah = siap_ttd(
        org,
        jenis="nota_dinas",
        tujuan="Sekretaris Dinas\ndi\nTempat",
        tembusan="Kepala Bidang Rehabilitasi Sosial",
        hal="Laporan rekonsiliasi PBI JK",
        lampiran="-",
    )
    surat = aksi.tandatangani(naskah.pk, org.users["kadis"], "http://testserver/")
    if os.environ.get("SIMPAN_PDF"):
        pathlib.Path(os.environ["SIMPAN_PDF"], "nota-dinas.pdf").write_bytes(bytes(surat.pdf))
    teks = " ".join(pdf_teks(bytes(surat.pdf)).split())
    kepala = teks[teks.index("NOTA DINAS") :]
    urutan = [
        "NOTA DINAS",
        "Yth. : Sekretaris Dinas",
        "Dari : Kepala Dinas Sosial",
        "Tembusan : Kepala Bidang Rehabilitasi Sosial",
        f"Tanggal : {surat.tanggal.day} ",
        f"Nomor : {surat.nomor}",
        "Sifat : Biasa",
        "Lampiran : -",
        "Hal : Laporan rekonsiliasi PBI JK",
    ]
    posisi = [kepala.find(b) for b in urutan]
    assert all(p >= 0 for p in posisi), list(zip(urutan, posisi, strict=True))
    assert posisi == sorted(posisi)
    assert "Tempat" not in teks  # no address block
    assert "Tembusan:" not in teks  # tembusan sits in the head, not at the foot
    assert "Yth. Sekretaris" not in teks  # not the Surat Dinas head


def test_every_page_of_mixed_sizes_is_stamped_upright():
    """An A4 page, a landscape page and a page rotated by /Rotate: each keeps its size and gets the header."""
    from surat.berkas_lampiran import bubuhi_nomor

    asli = html_ke_pdf(
        "<html><head><style>@page { size: A4 } @page lebar { size: A4 landscape }</style></head><body>"
        "<p>Halaman tegak</p><p style='page: lebar; break-before: page'>Halaman mendatar</p>"
        "<p style='break-before: page'>Halaman diputar</p></body></html>"
    )
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(asli)))
    writer.pages[2].rotate(90)
    diputar = io.BytesIO()
    writer.write(diputar)
    hasil = PdfReader(io.BytesIO(bubuhi_nomor(diputar.getvalue(), "400/0007/DINSOS/2026", 2, 3)))
    assert len(hasil.pages) == 3
    lebar = [round(float(p.mediabox.width)) for p in hasil.pages]
    assert lebar[0] < lebar[1] and lebar[2] > round(float(hasil.pages[2].mediabox.height))
    for i, page in enumerate(hasil.pages, start=1):
        teks = " ".join(page.extract_text().split())
        assert f"Lampiran 2 dari 3 · halaman {i} dari 3 · Nomor surat: 400/0007/DINSOS/2026" in teks, teks


def test_an_electronically_signed_letter_signs_the_attachment_pages_too(org, pdf_lampiran):
    """PAdES: the pages are appended before signing, so the signature covers the whole file."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    from dinsos.models import Instansi
    from surat import otoritas_demo, tte

    Instansi.objects.update(tanda_tangan_elektronik=True)
    ca = otoritas_demo.pasang([org.users["kadis"].pegawai], "frasa-uji-2026")
    naskah = buat_naskah(org, lampiran="-")
    _lampirkan(org, naskah, pdf_lampiran)
    aksi.ajukan(naskah.pk, org.users["kasi"])
    aksi.paraf(naskah.pk, org.users["kabid"])
    aksi.paraf(naskah.pk, org.users["sekretaris"])
    surat = aksi.tandatangani(naskah.pk, org.users["kadis"], "http://testserver/", "frasa-uji-2026")
    pdf = bytes(surat.pdf)
    assert surat.cara_ttd == "elektronik"
    assert "DAFTAR REKONSILIASI PBI halaman dua" in pdf_teks(pdf)
    [sig] = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=[tte.baca_pem(ca.pem)[0]]))
    assert status.intact and status.valid and status.coverage == SignatureCoverageLevel.ENTIRE_FILE


def test_the_naskah_page_asks_the_same_number_of_queries_at_1_and_4_attachments(client, org, pdf_lampiran):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    naskah = buat_naskah(org)
    client.force_login(org.users["kasi"])
    url = reverse("persuratan:naskah", args=[naskah.pk])
    hitung = []
    for jumlah in (1, 4):
        while naskah.berkas_lampiran.count() < jumlah:
            _lampirkan(org, naskah, pdf_lampiran, f"berkas-{naskah.berkas_lampiran.count()}.pdf")
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(url).content.decode()
        assert f"{jumlah} ({aksi._terbilang(jumlah)}) berkas" in html
        hitung.append(len(ctx))
    assert hitung[0] == hitung[1], hitung
