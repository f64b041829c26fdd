"""A citizen reads the service standards of each office in a real browser."""

import subprocess

import pytest

from tests.conftest import ARTIFACTS, load_demo, shot

LAYANAN = [
    ("oku-selatan", "sktm", "Surat Keterangan Tidak Mampu"),
    ("lumajang", "spm", "Surat Pernyataan Miskin"),
    ("kutai-kartanegara", "pub", "Pengumpulan Uang"),
    ("tanah-laut", "bpnt-kks", "BPNT"),
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kabupaten,kode,judul", LAYANAN)
def test_public_service_pages_per_office(page, live_server, kabupaten, kode, judul):
    load_demo(kabupaten)
    page.goto(f"{live_server.url}/standar-pelayanan/")
    page.get_by_label("Cari layanan").fill(kode.split("-")[0])
    page.get_by_role("button", name="Cari").click()
    page.get_by_role("link", name=judul).first.click()
    assert page.get_by_role("heading", name="Persyaratan").is_visible()
    assert page.get_by_role("heading", name="Penanganan pengaduan").is_visible()
    shot(page, f"standar-{kabupaten}-{kode}")
    response = page.request.get(f"{live_server.url}/standar-pelayanan/{kode}/sop.pdf")
    assert response.headers["content-type"] == "application/pdf"
    pdf = ARTIFACTS / f"sop-{kabupaten}-{kode}.pdf"
    pdf.write_bytes(response.body())
    # Rendered pages for review (pdftoppm from poppler-utils, when present).
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "70",
            "-f",
            "1",
            "-l",
            "2",
            str(pdf),
            str(ARTIFACTS / f"sop-{kabupaten}-{kode}"),
        ],
        check=False,
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_list_is_grouped_by_bidang_without_internal_procedures(page, live_server):
    load_demo("tanah-laut")
    for lebar in (390, 1366):
        page.set_viewport_size({"width": lebar, "height": 900})
        page.goto(f"{live_server.url}/standar-pelayanan/")
        assert page.get_by_role("heading", name="Pemberdayaan Sosial dan PFM").is_visible()
        assert page.get_by_role("heading", name="Sekretariat").is_visible()
        assert page.get_by_role("link", name="E-LAPOR").is_visible()
        assert page.get_by_role("link", name="Surat Permohonan Cuti").count() == 0
        assert page.get_by_role("link", name="Penyusunan Rencana Strategis (Renstra)").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= lebar
        shot(page, f"standar-daftar-tanah-laut-{lebar}")
