"""The monthly recap against a seeded month, expected numbers worked out here."""

import datetime
import io
import zoneinfo

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from layanan.models import Riwayat
from pengaduan import rekap
from pengaduan.models import Kategori, Pengaduan, Saluran
from tests.conftest import ARTIFACTS
from tests.pengaduan.helpers import adukan, maju

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def _waktu(hari, jam, bulan=10):
    return datetime.datetime(2026, bulan, hari, jam, tzinfo=WIB)


def _tutup(a, users):
    for user, kw in ((users["fo"], {}), (users["survei"], {}), (users["fo"], {"jawaban": "Selesai ditangani."})):
        a = maju(a, user, **kw)
    return a


def _seed(users):
    k = {x.kode: x for x in Kategori.objects.all()}
    fo = users["fo"]
    a, _ = adukan(fo, Saluran.LOKET, kategori=k["bansos-pkh"])
    b, _ = adukan(fo, Saluran.WEB, kategori=k["bpjs-pbi"])
    c, _ = adukan(fo, Saluran.LAPOR, kategori=k["data-dtks"], nomor_lapor="LAP-1")
    d, _ = adukan(fo, Saluran.WHATSAPP, kategori=k["bansos-pkh"])
    e, _ = adukan(fo, Saluran.TELEPON, kategori=k["lainnya"])
    for x in (a, b, d, e):
        _tutup(x, users)
    # A: received and closed the same morning (4 h), every step on time.
    Pengaduan.objects.filter(pk=a.pk).update(dibuat_pada=_waktu(1, 8), ditutup_pada=_waktu(1, 12))
    # B: 48 h, one step past its standard.
    Pengaduan.objects.filter(pk=b.pk).update(dibuat_pada=_waktu(5, 9), ditutup_pada=_waktu(7, 9))
    Riwayat.objects.filter(permohonan_id=b.permohonan_id, aksi="verifikasi_berkas").update(tepat_waktu=False)
    # C: received in the month, still open.
    Pengaduan.objects.filter(pk=c.pk).update(dibuat_pada=_waktu(20, 10))
    # D: received in September, reopened and closed in October (96 h).
    Pengaduan.objects.filter(pk=d.pk).update(
        dibuat_pada=_waktu(28, 10, bulan=9), ditutup_pada=_waktu(2, 10), dibuka_kembali_pada=_waktu(1, 15)
    )
    # E: November, outside the month.
    Pengaduan.objects.filter(pk=e.pk).update(dibuat_pada=_waktu(1, 8, bulan=11), ditutup_pada=_waktu(1, 9, bulan=11))
    for x in (a, b, d):  # on-time is read from every step's riwayat; B's other rows stay as recorded
        Riwayat.objects.filter(permohonan_id=x.permohonan_id).exclude(pk__in=_telat(b)).update(tepat_waktu=True)


def _telat(b):
    return Riwayat.objects.filter(permohonan_id=b.permohonan_id, tepat_waktu=False).values("pk")


@pytest.mark.django_db
def test_the_october_recap_counts_what_was_seeded(users, client):
    _seed(users)
    r = rekap.hitung(*rekap.bulan_dari("2026-10"))
    assert r.masuk == 3  # A, B, C
    assert dict(r.per_saluran) == {
        "Loket (datang langsung)": 1,
        "Telepon": 0,
        "WhatsApp": 0,
        "Formulir web": 1,
        "SP4N-LAPOR!": 1,
    }
    assert dict(r.per_kategori) == {
        "Bansos/PKH": 1,
        "BPJS PBI/KIS": 1,
        "Data DTKS/DTSEN": 1,
        "Pelayanan petugas": 0,
        "Lainnya": 0,
    }
    assert dict(r.per_status)["Selesai"] == 2 and dict(r.per_status)["Diterima"] == 1
    assert r.ditutup == 3  # A, B, D
    assert r.rata_jam == round((4 + 48 + 96) / 3, 1) == 49.3
    assert r.terlama_jam == 96.0
    assert r.tepat_waktu == 2 and r.persen_tepat == 66.7  # A and D; B had a late step
    assert r.dibuka_kembali == 1

    client.force_login(users["kasi"])
    html = client.get("/pengaduan/rekap/?bulan=2026-10").content.decode()
    assert "Oktober 2026" in html and "2,1 hari" in html and "4,0 hari" in html and "2 (66,7%)" in html
    wb = load_workbook(io.BytesIO(client.get("/pengaduan/rekap.xlsx?bulan=2026-10").content))
    ringkas = {row[0]: row[1] for row in wb["Ringkasan"].iter_rows(min_row=4, values_only=True)}
    assert ringkas["Pengaduan masuk"] == 3 and ringkas["Dibuka kembali"] == 1 and ringkas["% tepat waktu"] == 66.7
    pdf = client.get("/pengaduan/rekap.pdf?bulan=2026-10")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "pengaduan-rekap-2026-10.pdf").write_bytes(pdf.content)  # for review (pdftoppm)
    teks = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "REKAP PENGADUAN" in teks and "OKTOBER 2026" in teks and "66,7%" in teks


@pytest.mark.django_db
def test_a_bad_month_falls_back_with_a_message(users, client):
    client.force_login(users["kasi"])
    html = client.get("/pengaduan/rekap/?bulan=2026-13x").content.decode()
    assert "Bulan tidak valid" in html


@pytest.mark.django_db
def test_the_leaders_dashboard_shows_this_months_complaints(users, client):
    fo = users["fo"]
    k = {x.kode: x for x in Kategori.objects.all()}
    adukan(fo, Saluran.WEB, kategori=k["bpjs-pbi"])
    adukan(fo, Saluran.LOKET, kategori=k["bpjs-pbi"])
    a, _ = adukan(fo, Saluran.LOKET, kategori=k["bansos-pkh"])
    _tutup(a, users)
    client.force_login(users["kadis"])
    html = client.get("/dasbor/").content.decode()
    assert "modul pengaduan belum dipasang" not in html
    assert "<strong>3</strong> masuk, <strong>1</strong> ditutup" in html
    assert "BPJS PBI/KIS 2" in html and "Loket (datang langsung) 2" in html
