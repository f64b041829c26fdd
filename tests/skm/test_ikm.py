"""IKM per element and overall, checked against the regulation's formula written out by hand."""

from decimal import Decimal

import pytest

from skm import ikm
from skm.models import Tanggapan
from tests.skm.helpers import sop, tanggapan

# Five respondents, nine elements each (u1..u9).
JAWABAN = [
    [4, 3, 3, 4, 3, 4, 4, 2, 3],
    [3, 3, 2, 4, 3, 3, 4, 2, 3],
    [4, 4, 3, 4, 4, 4, 4, 3, 4],
    [3, 2, 2, 4, 3, 3, 3, 1, 2],
    [4, 3, 3, 4, 3, 4, 4, 2, 3],
]


@pytest.mark.django_db
def test_it_computes_ikm_per_element_and_overall_as_the_regulation_prescribes():
    layanan = sop()
    for nilai in JAWABAN:
        tanggapan(layanan, nilai)

    hasil = ikm.hitung(Tanggapan.objects.all())

    # Step 1: total per element (column sums of JAWABAN).
    #   u1 = 4+3+4+3+4 = 18   u2 = 3+3+4+2+3 = 15   u3 = 3+2+3+2+3 = 13
    #   u4 = 4+4+4+4+4 = 20   u5 = 3+3+4+3+3 = 16   u6 = 4+3+4+3+4 = 18
    #   u7 = 4+4+4+3+4 = 19   u8 = 2+2+3+1+2 = 10   u9 = 3+3+4+2+3 = 15
    assert [u.jumlah_nilai for u in hasil.unsur] == [18, 15, 13, 20, 16, 18, 19, 10, 15]
    # Step 2: NRR per element = total / 5 respondents.
    #   3.60  3.00  2.60  4.00  3.20  3.60  3.80  2.00  3.00
    assert [u.nrr_tampil for u in hasil.unsur] == [
        Decimal(x) for x in ("3.60", "3.00", "2.60", "4.00", "3.20", "3.60", "3.80", "2.00", "3.00")
    ]
    # Step 3: converted value per element = NRR × 25.
    #   90.00 75.00 65.00 100.00 80.00 90.00 95.00 50.00 75.00
    assert [u.nilai_konversi for u in hasil.unsur] == [
        Decimal(x) for x in ("90.00", "75.00", "65.00", "100.00", "80.00", "90.00", "95.00", "50.00", "75.00")
    ]
    # and its grade: ≥ 88.31 A, ≥ 76.61 B, ≥ 65.00 C, else D.
    assert [u.mutu for u in hasil.unsur] == ["A", "C", "C", "A", "B", "A", "A", "D", "C"]
    # Step 4: NRR tertimbang = NRR × 1/9; IKM = their sum = (sum of NRR) / 9
    #   sum of NRR = 3.6+3.0+2.6+4.0+3.2+3.6+3.8+2.0+3.0 = 28.8;  28.8 / 9 = 3.2
    assert float(hasil.ikm_tertimbang) == pytest.approx(3.2)
    # Step 5: IKM konversi = 3.2 × 25 = 80.00 → mutu B, kinerja "Baik".
    assert hasil.ikm == Decimal("80.00")
    assert (hasil.mutu, hasil.kinerja) == ("B", "Baik")
    assert hasil.responden == 5
    # The lowest elements, lowest first: u8 (2.00), u3 (2.60), then u2 and u9 (3.00; by order).
    assert [u.kode for u in hasil.terendah(3)] == ["u8", "u3", "u2"]


@pytest.mark.django_db
def test_it_takes_one_query_for_the_ikm_and_one_for_every_service(django_assert_num_queries):
    a, b = sop("a", "Layanan A"), sop("b", "Layanan B")
    tanggapan(a, [4] * 9)
    tanggapan(b, [1] * 9)
    tanggapan(b, [2] * 9)
    with django_assert_num_queries(1):
        semua = ikm.per_layanan(Tanggapan.objects.all())
    assert semua[a.pk].ikm == Decimal("100.00") and semua[a.pk].mutu == "A"
    # (1 + 2) / 2 = 1.5 per element; 1.5 × 25 = 37.50 → D.
    assert semua[b.pk].ikm == Decimal("37.50") and semua[b.pk].kinerja == "Tidak baik"


@pytest.mark.parametrize(
    "nilai,huruf",
    [("25.00", "D"), ("64.99", "D"), ("65.00", "C"), ("76.60", "C"), ("76.61", "B"), ("88.30", "B"), ("88.31", "A")],
)
def test_the_grade_boundaries_are_those_of_the_regulation(nilai, huruf):
    assert ikm.mutu(Decimal(nilai))[0] == huruf


@pytest.mark.django_db
def test_no_respondents_gives_no_index():
    hasil = ikm.hitung(Tanggapan.objects.all())
    assert hasil.responden == 0 and hasil.ikm is None and hasil.mutu == ""


KREJCIE_MORGAN = [(0, 0), (10, 10), (100, 80), (200, 132), (500, 217), (1000, 278), (10000, 370), (1000000, 384)]


@pytest.mark.parametrize("populasi,sampel", KREJCIE_MORGAN)
def test_minimum_sample_follows_the_krejcie_morgan_table(populasi, sampel):
    assert ikm.sampel_minimal(populasi) == sampel
