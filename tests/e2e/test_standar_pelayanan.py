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
