"""Penetapan within quota and budget, the SK signed by the Kadis, its lampiran read back from the PDF."""

import io
import re
import threading

import pytest
from django.db import connection
from pypdf import PdfReader

from bansos import aksi
from bansos.models import Calon, Penetapan
from tests.bansos import helpers as h


def _layak(program, n, **kw):
    for i in range(1, n + 1):
        c = h.calon(program, i, status=Calon.Status.LAYAK, **kw)
        c.save()


def _teks(pdf: bytes) -> str:
    """The PDF's text with line breaks and repeated spaces folded (wrapping is not content)."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(bytes(pdf))).pages)


@pytest.mark.django_db
def test_quota_is_never_exceeded_and_lowest_desil_goes_first():
    program = h.program(kuota=3, anggaran=100_000_000)
    for i, desil in enumerate([5, 1, None, 3, 2], start=1):
        h.calon(program, i, status=Calon.Status.LAYAK, desil=desil).save()
    kasi = h.pegawai("kasi")
    p = aksi.tetapkan(program.pk, kasi)
    assert (p.jumlah, p.total) == (3, 4_500_000)
    assert sorted(p.penerima.values_list("desil", flat=True)) == [1, 2, 3]
    with pytest.raises(aksi.BansosGagal, match="Kuota atau anggaran program sudah habis"):
        aksi.tetapkan(program.pk, kasi)


@pytest.mark.django_db
def test_budget_limits_before_quota():
    program = h.program(kuota=10, anggaran=3_000_000)  # two wheelchairs
    _layak(program, 4)
    p = aksi.tetapkan(program.pk, h.pegawai("kasi"))
    assert (p.jumlah, p.total) == (2, 3_000_000)


@pytest.mark.django_db
def test_only_deciding_roles_may_decide_and_nothing_is_written_when_refused():
    program = h.program()
    _layak(program, 2)
    with pytest.raises(aksi.BansosGagal, match="Hanya Kasi"):
        aksi.tetapkan(program.pk, h.pegawai("fo"))
    assert not Penetapan.objects.exists() and not program.calon.filter(nilai__gt=0).exists()


@pytest.mark.django_db
def test_no_eligible_candidate_gives_a_clear_message():
    program = h.program()
    h.calon(program, 1, status=Calon.Status.TIDAK_LAYAK).save()
    with pytest.raises(aksi.BansosGagal, match="Belum ada calon yang memenuhi syarat"):
        aksi.tetapkan(program.pk, h.pegawai("kasi"))


@pytest.mark.django_db
def test_sk_is_signed_by_the_kadis_numbered_with_qr_and_its_lampiran_matches():
    program = h.program(kuota=3)
    _layak(program, 4)
    penetapan = aksi.tetapkan(program.pk, h.pegawai("kasi"))
    with pytest.raises(aksi.BansosGagal, match="Kepala Dinas"):
        aksi.terbitkan_sk(penetapan.pk, h.pegawai("kabid"), "http://uji/")
    kadis = h.pegawai("kadis")
    penetapan = aksi.terbitkan_sk(penetapan.pk, kadis, "http://uji/")
    surat = penetapan.surat
    assert penetapan.status == Penetapan.Status.TERBIT
    assert re.fullmatch(r"400\.9\.2/0001/SK/DINSOS/2\d{3}", surat.nomor)
    assert surat.penandatangan_nama == "Pegawai kadis" and surat.token
    sk_teks = _teks(surat.pdf)
    assert "sebanyak 3 orang" in sk_teks and "Rp 4.500.000" in sk_teks
    lampiran = _teks(penetapan.lampiran_pdf)
    # Count and total read back from the lampiran equal the SK's.
    assert "Jumlah: 3 orang, Rp 4.500.000" in lampiran
    assert lampiran.count(surat.nomor) >= 2  # heading and every page's header
    assert "Halaman 1 dari 1" in lampiran
    assert "1609********0001" in lampiran and h.nik(1) not in lampiran
    with pytest.raises(aksi.BansosGagal, match="sudah terbit"):
        aksi.terbitkan_sk(penetapan.pk, kadis, "http://uji/")


@pytest.mark.django_db
def test_long_lampiran_has_the_number_and_page_x_of_y_on_every_page():
    program = h.program(kuota=120, anggaran=10**12)
    _layak(program, 120)
    penetapan = aksi.tetapkan(program.pk, h.pegawai("kasi"))
    penetapan = aksi.terbitkan_sk(penetapan.pk, h.pegawai("kadis"), "http://uji/")
    pages = PdfReader(io.BytesIO(bytes(penetapan.lampiran_pdf))).pages
    assert len(pages) > 2
    for i, page in enumerate(pages, start=1):
        teks = page.extract_text()
        assert penetapan.surat.nomor in teks and f"Halaman {i} dari {len(pages)}" in teks
    assert "Jumlah: 120 orang, Rp 180.000.000" in _teks(penetapan.lampiran_pdf)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (set DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_two_officers_deciding_at_once_never_exceed_quota_or_budget():
    program = h.program(kuota=5, anggaran=6_000_000)  # budget for 4
    _layak(program, 12)
    users = [h.pegawai("kasi", "kasi1"), h.pegawai("kabid", "kabid1")]
    mulai = threading.Barrier(2)
    hasil, galat = [], []

    def tetapkan(user):
        from django.db import connection as conn

        try:
            mulai.wait()
            hasil.append(aksi.tetapkan(program.pk, user).jumlah)
        except aksi.BansosGagal as exc:
            galat.append(str(exc))
        finally:
            conn.close()

    threads = [threading.Thread(target=tetapkan, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(hasil) == [4] and len(galat) == 1
    ditetapkan = program.calon.filter(nilai__gt=0)
    assert ditetapkan.count() == 4 and sum(ditetapkan.values_list("nilai", flat=True)) <= program.anggaran
