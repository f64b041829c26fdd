"""Every eligibility rule with its reason, overlap by NIK and by KK, and the logged override."""

import datetime

import pytest

from audit.models import Aksi, LogAkses
from bansos import aksi
from bansos.cek import periksa_semua
from bansos.models import Calon
from tests.bansos import helpers as h

pytestmark = pytest.mark.django_db
HARI = datetime.date(2026, 11, 26)


def _cek(program, *calon):
    periksa_semua(program, list(calon), pelaku="uji", pada=HARI)
    return {c.nik: {x["kode"]: x for x in c.hasil_cek} for c in calon}


def test_domicile_rule_fails_a_nik_from_another_regency():
    program = h.program(syarat_domisili=True)
    warga, pendatang = h.calon(program, 1), h.calon(program, 2, nik=h.nik(2, kode="3508"))
    hasil = _cek(program, warga, pendatang)
    assert hasil[warga.nik]["domisili"]["lolos"]
    assert hasil[pendatang.nik]["domisili"]["alasan"] == "kode wilayah NIK 3508 bukan 1609"
    assert (warga.status, pendatang.status) == (Calon.Status.LAYAK, Calon.Status.TIDAK_LAYAK)


def test_desil_rule_reads_the_active_dtks_and_says_why():
    program = h.program(desil_maks=4)
    h.dtks([(h.nik(1), 3), (h.nik(2), 6)])
    miskin, mampu, tidak_ada = h.calon(program, 1), h.calon(program, 2), h.calon(program, 3)
    hasil = _cek(program, miskin, mampu, tidak_ada)
    assert hasil[miskin.nik]["desil"]["lolos"] and miskin.desil == 3 and miskin.terdaftar_dtks
    assert hasil[mampu.nik]["desil"]["alasan"] == "desil 6 di atas 4"
    assert hasil[tidak_ada.nik]["desil"]["alasan"] == "tidak terdaftar di DTKS"
    assert [c.status for c in (miskin, mampu, tidak_ada)] == ["layak", "tidak_layak", "tidak_layak"]


def test_desil_rule_without_a_loaded_dtks_fails_with_that_reason():
    program = h.program(desil_maks=4)
    c = h.calon(program, 1)
    assert _cek(program, c)[c.nik]["desil"]["alasan"] == "data DTKS belum dimuat"


def test_age_range_uses_the_birth_date_or_the_nik():
    program = h.program(umur_min=60, umur_maks=80)
    lansia = h.calon(program, 1, nik=h.nik(1, lahir=datetime.date(1950, 3, 1)))
    muda = h.calon(program, 2, nik=h.nik(2, lahir=datetime.date(1990, 3, 1)), tanggal_lahir=datetime.date(1990, 3, 1))
    hasil = _cek(program, lansia, muda)
    assert hasil[lansia.nik]["umur"]["lolos"]
    assert hasil[muda.nik]["umur"]["alasan"] == "umur 36 tahun"


def test_category_and_disability_type():
    program = h.program(kategori="disabilitas", jenis_disabilitas="Fisik")
    cocok = h.calon(program, 1, kategori="disabilitas", jenis_disabilitas="fisik")
    lain = h.calon(program, 2, kategori="disabilitas", jenis_disabilitas="Netra")
    lansia = h.calon(program, 3, kategori="lansia")
    hasil = _cek(program, cocok, lain, lansia)
    assert hasil[cocok.nik]["kategori"]["lolos"]
    assert hasil[lain.nik]["kategori"]["alasan"] == "jenis disabilitas Netra, bukan Fisik"
    assert hasil[lansia.nik]["kategori"]["alasan"] == "kategori Lanjut usia, bukan penyandang disabilitas"


def _penerima_lalu(versi_sop, urut, tahun=2025, **kw):
    """A recipient of an earlier program (handed over a year before HARI)."""
    from bansos.models import Penyaluran

    lalu = h.program(versi_sop=versi_sop, tahun_anggaran=tahun, nama=kw.pop("nama", "Alat bantu"))
    c = h.calon(lalu, urut, status=Calon.Status.DISALURKAN, nilai=1_500_000, **kw)
    c.save()
    Penyaluran.objects.create(
        calon=c, tanggal=datetime.date(tahun, 12, 1), tempat="Kantor desa", dicatat_oleh=h.pegawai("staf", f"s{urut}{tahun}")
    )
    return c


def test_same_program_within_n_months_fails_and_names_when():
    program = h.program(jeda_bulan=24)
    _penerima_lalu(program.versi_sop, 1)
    c, baru = h.calon(program, 1), h.calon(program, 2)
    hasil = _cek(program, c, baru)
    assert hasil[c.nik]["jeda"]["alasan"] == "sudah menerima Alat bantu 2025 pada 01-12-2025"
    assert hasil[baru.nik]["jeda"]["lolos"]


def test_same_program_longer_ago_passes():
    program = h.program(jeda_bulan=12)
    _penerima_lalu(program.versi_sop, 1, tahun=2024)
    c = h.calon(program, 1)
    assert _cek(program, c)[c.nik]["jeda"]["lolos"]


def test_one_per_kk_inside_the_list_and_against_decided_recipients():
    program = h.program(satu_per_kk=True)
    sudah = h.calon(program, 9, nomor_kk=h.kk(5), status=Calon.Status.DITETAPKAN, nilai=1)
    sudah.save()
    a, b = h.calon(program, 1, nomor_kk=h.kk(1)), h.calon(program, 2, nomor_kk=h.kk(1))
    c = h.calon(program, 3, nomor_kk=h.kk(5))
    hasil = _cek(program, a, b, c)
    assert hasil[a.nik]["kk"]["lolos"]
    assert hasil[b.nik]["kk"]["alasan"] == "anggota KK yang sama sudah ada di daftar (Calon 1)"
    assert "sudah diusulkan atau ditetapkan" in hasil[c.nik]["kk"]["alasan"]


def test_overlap_with_other_programs_by_nik_and_by_kk_is_reported():
    program = h.program()
    lain = h.versi("permakanan", "Permakanan")
    _penerima_lalu(lain, 1, tahun=2026, nama="Permakanan")
    _penerima_lalu(lain, 7, tahun=2026, nama="Permakanan", nomor_kk=h.kk(2))
    sama_nik, sama_kk, bersih = h.calon(program, 1), h.calon(program, 2), h.calon(program, 3)
    hasil = _cek(program, sama_nik, sama_kk, bersih)
    assert hasil[sama_nik.nik]["tumpang"]["peringatan"] == "Permakanan 2026 (NIK)"
    assert hasil[sama_kk.nik]["tumpang"]["peringatan"] == "Permakanan 2026 (KK)"
    assert hasil[bersih.nik]["tumpang"]["peringatan"] == ""
    # A warning, not a failed rule: the program's own rules decide.
    assert sama_nik.status == Calon.Status.LAYAK


def test_registry_facts_and_the_access_log():
    program = h.program()
    h.dtks([(h.nik(1), 2)])
    c = h.calon(program, 1)
    _cek(program, c)
    assert [x["info"] for x in c.hasil_cek if x["kode"] == "registri"] == ["DTKS desil 2, PKH tidak, BPNT tidak, PBI tidak"]
    assert LogAkses.objects.filter(aksi=Aksi.CEK_REGISTRI).count() == 2  # the run and the NIK read


def test_override_needs_a_reason_and_a_deciding_role_and_is_logged():
    program = h.program(desil_maks=1)
    h.dtks([(h.nik(1), 5)])
    c = h.calon(program, 1)
    _cek(program, c)
    c.save()
    fo, kasi = h.pegawai("fo"), h.pegawai("kasi")
    with pytest.raises(aksi.BansosGagal, match="alasan"):
        aksi.loloskan(c.pk, kasi, "singkat")
    with pytest.raises(aksi.BansosGagal, match="Hanya Kasi"):
        aksi.loloskan(c.pk, fo, "Rumah roboh, hasil survei lapangan menunjukkan sangat miskin.")
    c.refresh_from_db()
    assert c.status == Calon.Status.TIDAK_LAYAK and not c.riwayat.exists()
    aksi.loloskan(c.pk, kasi, "Rumah roboh, hasil survei lapangan menunjukkan sangat miskin.")
    c.refresh_from_db()
    assert c.status == Calon.Status.LAYAK and c.diloloskan
    log = c.riwayat.get()
    assert log.aksi == "loloskan" and log.oleh == kasi
    assert "desil 5 di atas 1" in log.keterangan and "Rumah roboh" in log.keterangan
    # A re-check keeps the officer's decision, and the failed rule stays visible.
    periksa_semua(program, [c], pelaku="uji")
    assert c.status == Calon.Status.LAYAK and c.gagal[0]["kode"] == "desil"
