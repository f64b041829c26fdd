"""A candidate at the counter: a case on the program's SOP (step engine), checked at once."""

import pytest

from bansos import aksi
from bansos.models import Calon, Penetapan, Program
from dinsos.models import Desa
from layanan.models import Permohonan
from sop.models import VersiSop
from tests.bansos import helpers as h


@pytest.fixture
def program(kantor):
    versi = VersiSop.objects.terbit().get(sop__kode="bansos-alat-bantu-disabilitas")
    return h.program(versi_sop=versi, kategori="disabilitas", syarat_domisili=True)


def _post(desa, **kw):
    data = {
        "nik": h.nik(1),
        "nama": "Aminah",
        "nomor_kk": h.kk(1),
        "tempat_lahir": "Muaradua",
        "tanggal_lahir": "1960-04-12",
        "jenis_kelamin": "P",
        "alamat": "Jl. Merdeka No. 5",
        "desa": desa.pk,
        "kategori": "disabilitas",
        "jenis_disabilitas": "Fisik",
    }
    data.update(kw)
    return data


def test_counter_candidate_starts_a_case_on_the_sop_and_is_checked(client, users, program):
    desa = Desa.objects.select_related("kecamatan").first()
    client.force_login(users["fo"])
    r = client.post(f"/bansos/{program.pk}/calon/baru/", _post(desa), follow=True)
    assert "Aminah didaftarkan sebagai calon: memenuhi syarat." in r.content.decode()
    calon = Calon.objects.get(program=program)
    p = calon.permohonan
    assert p.versi_sop == program.versi_sop and p.langkah_kini is not None and p.pemohon.nik == h.nik(1)
    assert (calon.desa, calon.kecamatan, calon.asal) == (desa.nama, desa.kecamatan.nama, "loket")
    assert calon.riwayat.get().keterangan == f"Didaftarkan di loket ({p.nomor_registrasi})."


def test_counter_refuses_a_second_registration_and_keeps_what_was_typed(client, users, program):
    desa = Desa.objects.first()
    client.force_login(users["fo"])
    client.post(f"/bansos/{program.pk}/calon/baru/", _post(desa))
    kasus = Permohonan.objects.count()
    r = client.post(f"/bansos/{program.pk}/calon/baru/", _post(desa, nama="Aminah Kedua"))
    body = r.content.decode()
    assert "NIK ini sudah menjadi calon program ini." in body and 'value="Aminah Kedua"' in body
    assert Permohonan.objects.count() == kasus and program.calon.count() == 1


def test_counter_refuses_an_invalid_nik_with_its_reason(client, users, program):
    client.force_login(users["fo"])
    r = client.post(f"/bansos/{program.pk}/calon/baru/", _post(Desa.objects.first(), nik="1609010000000001"))
    assert "Tanggal lahir di dalam NIK (digit 7–12) tidak valid." in r.content.decode()
    assert not program.calon.exists() and not Permohonan.objects.exists()


def test_bupati_decree_is_drafted_and_forwarded_not_signed(users, program):
    h.calon(program, 1, status=Calon.Status.LAYAK).save()
    p = aksi.tetapkan(program.pk, users["kasi"], Penetapan.Penanda.BUPATI)
    with pytest.raises(aksi.BansosGagal, match="bukan keputusan Kepala Dinas"):
        aksi.terbitkan_sk(p.pk, users["kadis"], "http://uji/")
    p = aksi.teruskan_bupati(p.pk, users["kasi"])
    assert p.status == Penetapan.Status.DITERUSKAN and p.surat is None
    assert Program.objects.get(pk=program.pk).penetapan.count() == 1


def test_draft_sk_and_lampiran_pdfs_before_signature(client, users, program):
    h.calon(program, 1, status=Calon.Status.LAYAK).save()
    p = aksi.tetapkan(program.pk, users["kasi"])
    client.force_login(users["kasi"])
    for bagian in ("sk", "lampiran"):
        r = client.get(f"/bansos/penetapan/{p.pk}/draf-{bagian}.pdf")
        assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
