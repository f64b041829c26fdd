"""Public service standards and the SOP sheet PDF, read as a citizen and a printer would."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from tests.conftest import load_demo


def pdf_text(content: bytes) -> list[str]:
    """Text of each page with line breaks and runs of spaces collapsed."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def test_service_list_is_public_and_searchable(client, kantor):
    html = client.get(reverse("sop:standar_daftar")).content.decode()
    assert "Surat Keterangan Tidak Mampu" in html and "Penanggulangan Bencana" in html
    html = client.get(reverse("sop:standar_daftar"), {"q": "sktm"}).content.decode()
    assert "Surat Keterangan Tidak Mampu" in html and "Penanggulangan Bencana" not in html
    html = client.get(reverse("sop:standar_daftar"), {"q": "tidak ada layanan ini"}).content.decode()
    assert "Tidak ada layanan yang cocok" in html


def test_service_page_shows_the_six_public_components(client, kantor):
    html = client.get(reverse("sop:standar_detail", args=["sktm"])).content.decode()
    for heading in ["Persyaratan", "Prosedur", "Jangka waktu", "Biaya", "Produk", "Penanganan pengaduan"]:
        assert f">{heading}</h2>" in html
    # From OKU Selatan's Standar Pelayanan (seed 001).
    assert "Fotokopi KTP kepala keluarga" in html
    assert "2 (dua) hari kerja" in html
    assert "tanpa dipungut Biaya" in html
    assert "Cetak" in html


def test_unknown_service_is_404(client, kantor):
    assert client.get(reverse("sop:standar_detail", args=["tidak-ada"])).status_code == 404


def test_list_page_query_count_does_not_grow_with_the_catalog(client, db, django_assert_max_num_queries):
    load_demo("oku-selatan")
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("sop:standar_daftar"))
    from sop import katalog

    katalog.impor(
        katalog.ekspor("oku-selatan")
        | {"sop": [{**s, "kode": f"{s['kode']}-{i}"} for i in range(3) for s in katalog.ekspor("oku-selatan")["sop"]]},
        terbitkan=True,
    )
    with CaptureQueriesContext(connection) as big:
        client.get(reverse("sop:standar_daftar"))
    assert len(big) == len(small)


def test_sop_sheet_pdf_is_landscape_with_pelaksana_columns(client, kantor):
    response = client.get(reverse("sop:sop_pdf", args=["sktm"]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    text = "\n".join(pdf_text(response.content))
    for expected in [
        "STANDAR OPERASIONAL PROSEDUR",
        "Surat Keterangan Tidak Mampu",
        "Front Office",
        "Petugas survei",
        "30 menit",
        "Kelengkapan",
        "Zulfakar, S.Sos",
        "196803031988031002",
    ]:
        assert expected in text, expected


def test_long_sop_table_breaks_across_pages_with_repeated_headers(client, db):
    load_demo("lumajang")
    response = client.get(reverse("sop:sop_pdf", args=["griya-lansia-operasional"]))
    pages = pdf_text(response.content)
    assert len(pages) >= 3
    assert all("Uraian kegiatan" in page for page in pages[1:])


@pytest.mark.parametrize(
    "kabupaten,kode,kata",
    [
        ("lumajang", "spm", "Surat Pernyataan Miskin"),
        ("kutai-kartanegara", "pub", "Pengumpulan Uang"),
        ("tanah-laut", "bpnt-kks", "Kartu"),
    ],
)
def test_each_office_has_public_pages_and_sheets(client, db, kabupaten, kode, kata):
    load_demo(kabupaten)
    assert kata.lower() in client.get(reverse("sop:standar_detail", args=[kode])).content.decode().lower()
    text = "\n".join(pdf_text(client.get(reverse("sop:sop_pdf", args=[kode])).content))
    assert kata.lower() in text.lower()


def test_draft_preview_is_for_staff_only(client, users):
    from sop.models import VersiSop

    versi = VersiSop.objects.get(sop__kode="sktm")
    assert client.get(reverse("sop:pdf_versi", args=[versi.pk])).status_code == 302
    client.force_login(users["admin"])
    assert client.get(reverse("sop:pdf_versi", args=[versi.pk])).status_code == 200


def test_public_list_shows_public_services_only_grouped_by_bidang(client, db):
    load_demo("tanah-laut")
    html = client.get(reverse("sop:standar_daftar")).content.decode()
    for internal in ["Renstra", "Penetapan Kinerja", "LPPD", "Surat permohonan cuti", "Kenaikan Pangkat"]:
        assert internal.lower() not in html.lower(), internal
    assert "Surat Keterangan Terdaftar DTKS" in html
    # Grouped by the SOP's bidang, in alphabetical order, each service under its own bidang.
    headings = re.findall(r'<h2 class="h5" id="[^"]+">([^<]+)</h2>', html)
    assert headings == ["Pemberdayaan Sosial dan PFM", "Rehabilitasi dan Perlindungan Jaminan Sosial", "Sekretariat"]
    blok = html.split("Pemberdayaan Sosial dan PFM</h2>")[1].split("</section>")[0]
    assert "Surat Keterangan Terdaftar DTKS" in blok and "Aktivasi BPJS" not in blok
    # Public Sekretariat services (complaints) stay listed, after the others.
    assert "E-LAPOR" in html.split("Sekretariat</h2>")[1]


def test_internal_procedure_has_no_public_page_or_sheet(client, db):
    load_demo("tanah-laut")
    assert client.get(reverse("sop:standar_detail", args=["cuti"])).status_code == 404
    assert client.get(reverse("sop:sop_pdf", args=["cuti"])).status_code == 404
    assert client.get(reverse("sop:standar_detail", args=["dtks"])).status_code == 200


def test_office_whose_sops_name_no_bidang_gets_one_plain_list(client, kantor):
    html = client.get(reverse("sop:standar_daftar")).content.decode()
    assert 'class="h5"' not in html
    assert "Surat Keterangan Tidak Mampu" in html
