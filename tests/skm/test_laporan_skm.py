"""The SKM report: per element, respondent profile, lowest elements, comments; PDF and XLSX."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from sop.models import Sop
from tests.skm.helpers import saat, tanggapan
from tests.skm.test_ikm import JAWABAN


@pytest.fixture
def triwulan(kantor):
    sktm = Sop.objects.get(kode="sktm")
    for i, nilai in enumerate(JAWABAN):
        tanggapan(sktm, nilai, pada=saat(2026, 10 + i % 3, 5), jenis_kelamin="LP"[i % 2])
    tanggapan(sktm, [4] * 9, pada=saat(2026, 11, 6), saran='=HYPERLINK("http://contoh.invalid")')
    tanggapan(sktm, [4] * 9, pada=saat(2026, 11, 7), saran="Petugas ramah, terima kasih.")
    return sktm


@pytest.mark.django_db
def test_the_report_page_shows_the_regulation_structure(client, users, triwulan):
    client.force_login(users["sekretaris"])
    html = client.get(reverse("skm:laporan") + "?periode=2026-T4").content.decode()
    assert "Laporan Survei Kepuasan Masyarakat — Triwulan IV 2026" in html
    # 5 respondents of the IKM test (IKM 80) plus two with all 4s: (28.8 + 36 × 2 / … ) — checked on the totals:
    # per element sums: u1 18+8=26 … NRR u1 = 26/7 = 3.71
    assert "3.71" in html or "3,71" in html
    assert "Profil responden" in html and "Laki-laki" in html
    assert "Unsur dengan nilai terendah" in html and "Penanganan pengaduan" in html
    assert "Petugas ramah, terima kasih." in html
    assert "IKM per bulan" in html or "per bulan" in html


@pytest.mark.django_db
def test_the_pdf_is_the_skm_report(client, users, triwulan):
    client.force_login(users["kadis"])
    response = client.get(reverse("skm:laporan_pdf") + "?periode=2026-T4")
    teks = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "LAPORAN SURVEI KEPUASAN MASYARAKAT" in teks and "TRIWULAN IV 2026" in teks
    for bagian in ("Hasil per unsur", "Profil responden", "Unsur dengan nilai terendah", "Saran dan masukan"):
        assert bagian in teks


@pytest.mark.django_db
def test_the_xlsx_holds_numbers_and_never_a_formula(client, users, triwulan):
    client.force_login(users["kadis"])
    response = client.get(reverse("skm:laporan_xlsx") + "?periode=2026-11")
    wb = load_workbook(io.BytesIO(response.content))
    unsur = wb["Hasil per unsur"]
    assert unsur["A4"].value == "Persyaratan"
    assert isinstance(unsur["C4"].value, float)
    saran = [r[2] for r in wb["Saran"].iter_rows(min_row=4, values_only=True)]
    assert '\'=HYPERLINK("http://contoh.invalid")' in saran
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)


@pytest.mark.django_db
def test_it_compares_respondents_with_the_minimum_sample(client, users, triwulan):
    from tests.skm.helpers import kasus

    for i in range(12):
        kasus("sktm", saat(2026, 11, 2 + i, 9), saat(2026, 11, 3 + i, 9))
    client.force_login(users["kadis"])
    html = client.get(reverse("skm:laporan") + "?periode=2026-11&layanan=sktm").content.decode()
    # November: 3 respondents; 12 cases finished → Krejcie–Morgan minimum 12 (N ≤ 10 … 12 → 12).
    assert "sampel minimal <strong>12</strong>" in html
    assert "jumlah responden belum mencukupi" in html


@pytest.mark.django_db
def test_the_public_standard_page_shows_the_latest_ikm(client, kantor):
    from django.utils import timezone

    url = reverse("sop:standar_detail", args=["sktm"])
    assert "Indeks Kepuasan Masyarakat" not in client.get(url).content.decode()  # no survey yet: nothing shown
    tanggapan(Sop.objects.get(kode="sktm"), [4, 4, 4, 4, 3, 3, 3, 3, 3], pada=timezone.now())
    html = client.get(url).content.decode()
    assert "Indeks Kepuasan Masyarakat" in html
    # (4 × 4 + 5 × 3) / 9 × 25 = 86.11 → B
    assert "86,11" in html and "Mutu B" in html and "1 responden" in html


@pytest.mark.django_db
def test_the_it_admin_may_print_the_report_but_a_kasi_may_not(client, users, triwulan):
    client.force_login(users["admin"])
    assert client.get(reverse("skm:laporan") + "?periode=2026").status_code == 200
    client.force_login(users["kasi"])
    assert client.get(reverse("skm:laporan") + "?periode=2026").status_code == 404


@pytest.mark.django_db
def test_a_year_report_lists_every_month(client, users, triwulan):
    client.force_login(users["kadis"])
    html = client.get(reverse("skm:laporan") + "?periode=2026").content.decode()
    assert "Laporan Survei Kepuasan Masyarakat — Tahun 2026" in html
    assert html.count("<td>Januari 2026</td>") == 1 and "<td>Desember 2026</td>" in html
