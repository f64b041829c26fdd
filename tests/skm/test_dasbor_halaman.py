"""The dashboard page, its exports and the monthly PDF: who may see them, what they show."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from audit.models import LogAkses
from layanan.models import Status
from tests.skm.helpers import kasus, saat, tanggapan


@pytest.fixture
def november(kantor):
    kasus("sktm", saat(2026, 11, 2, 9), saat(2026, 11, 3, 9))
    kasus("sktm", saat(2026, 11, 4, 9), saat(2026, 11, 12, 9))
    kasus("sktm", saat(2026, 11, 5, 9), batas=saat(2026, 11, 6, 9), status=Status.VERIFIKASI)
    p = kasus("rekomendasi-biaya-kesehatan", saat(2026, 11, 9, 9), saat(2026, 11, 10, 9))
    tanggapan(p.versi_sop.sop, [4, 4, 3, 4, 3, 4, 4, 3, 3], pada=saat(2026, 11, 11))


def _url(nama="skm:dasbor", *args, **query):
    from urllib.parse import urlencode

    return reverse(nama, args=args) + "?" + urlencode({"periode": "2026-11", **query})


@pytest.mark.django_db
@pytest.mark.parametrize("nama", ["kadis", "sekretaris", "kabid"])
def test_leaders_see_the_month(client, users, november, nama):
    client.force_login(users[nama])
    html = client.get(_url()).content.decode()
    assert "Dasbor pimpinan — November 2026" in html
    assert 'id="angka-masuk">4<' in html
    assert 'id="angka-selesai">3<' in html
    assert 'id="angka-tepat">67%<' in html  # the 8-day case is late (standard 2 hari kerja)
    assert 'id="angka-tunggakan">1<' in html
    assert "<svg" in html and "Permohonan masuk dan selesai per bulan" in html


@pytest.mark.django_db
@pytest.mark.parametrize("nama", ["fo", "survei", "kasi"])
def test_other_staff_do_not(client, users, kantor, nama):
    client.force_login(users[nama])
    assert client.get(_url()).status_code == 404
    assert client.get(_url("skm:dasbor_tabel", "layanan.xlsx")).status_code == 404
    assert client.get(_url("skm:laporan_pdf")).status_code == 404
    assert LogAkses.objects.filter(diizinkan=False, user=users[nama]).count() == 3


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, kantor):
    response = client.get(_url())
    assert response.status_code == 302 and "/masuk/" in response["Location"]


@pytest.mark.django_db
def test_a_bad_period_gets_a_clear_message(client, users, kantor):
    client.force_login(users["kadis"])
    response = client.get(reverse("skm:dasbor") + "?periode=2026-13")
    assert response.status_code == 400
    assert "Bulan harus antara 1 dan 12." in response.content.decode()
    response = client.get(reverse("skm:dasbor") + "?periode=kemarin")
    assert "Periode tidak dikenal" in response.content.decode()


@pytest.mark.django_db
def test_one_service_filters_every_table(client, users, november):
    client.force_login(users["kadis"])
    html = client.get(_url(layanan="rekomendasi-biaya-kesehatan")).content.decode()
    assert 'id="angka-masuk">1<' in html and 'id="angka-tunggakan">0<' in html


@pytest.mark.django_db
def test_the_page_query_count_does_not_grow_with_data(client, users, november, django_assert_max_num_queries):
    client.force_login(users["kadis"])
    client.get(_url())  # the calendar table is built on first use
    with django_assert_max_num_queries(40) as sedikit:
        assert client.get(_url()).status_code == 200
    for i in range(40):
        kasus("sktm", saat(2026, 11, 1 + i % 28, 8), saat(2026, 11, 2 + i % 27, 9))
        kasus("pendaftaran-dtks", saat(2026, 11, 1 + i % 28, 8), batas=saat(2026, 11, 28, 9))
        tanggapan(kasus("sktm", saat(2026, 10, 1 + i % 28, 8)).versi_sop.sop, [3] * 9, pada=saat(2026, 11, 20))
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        assert client.get(_url()).status_code == 200


@pytest.mark.django_db
def test_every_table_exports_to_xlsx(client, users, november):
    client.force_login(users["sekretaris"])
    response = client.get(_url("skm:dasbor_tabel", "layanan.xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = {r[0]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    sktm = rows["Surat Keterangan Tidak Mampu (SKTM)"]
    assert sktm[1:6] == (3, 2, 2, 1, 50)  # masuk, selesai, diukur, tepat, %
    for tabel in ("terlambat", "tunggakan-bidang", "tunggakan-tahap", "tren", "semua"):
        assert client.get(_url("skm:dasbor_tabel", f"{tabel}.xlsx")).status_code == 200
    assert client.get(_url("skm:dasbor_tabel", "rahasia.xlsx")).status_code == 404


@pytest.mark.django_db
def test_the_monthly_report_pdf_summarises_the_month(client, users, november):
    client.force_login(users["kadis"])
    response = client.get(_url("skm:dasbor_tabel", "laporan.pdf"))
    assert response["Content-Type"] == "application/pdf"
    teks = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "LAPORAN BULANAN KINERJA LAYANAN" in teks and "NOVEMBER 2026" in teks
    assert "Surat Keterangan Tidak Mampu" in teks
    assert "Kinerja per layanan" in teks


@pytest.mark.django_db
def test_a_kabid_sees_the_services_of_his_bidang(client, users, november):
    # Pendaftaran DTKS is not a Linjamsos service: the Kadis counts it, the Kabid Linjamsos does not.
    kasus("pendaftaran-dtks", saat(2026, 11, 3, 9), batas=saat(2026, 11, 4, 9))
    client.force_login(users["kadis"])
    html = client.get(_url()).content.decode()
    assert 'id="angka-masuk">5<' in html and 'id="angka-tunggakan">2<' in html and "Pendaftaran DTKS" in html
    client.force_login(users["kabid"])
    html = client.get(_url()).content.decode()
    assert 'id="angka-masuk">4<' in html and 'id="angka-tunggakan">1<' in html and "Pendaftaran DTKS" not in html
    assert "Layanan bidang Anda" in html
