"""Free text is capped with an Indonesian message; bad query parameters answer 400, not 500."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from layanan import aksi
from layanan.models import Permohonan, Riwayat, Status, Survei
from layanan.validators import BATAS_CATATAN, BATAS_CATATAN_SURVEI, BATAS_KEPERLUAN
from sop.models import VersiSop
from tests.layanan.helpers import daftar, form_post, maju, orang


@pytest.fixture
def sktm(kantor):
    return VersiSop.objects.terbit().get(sop__kode="sktm")


@pytest.fixture
def fo(client, users):
    client.force_login(users["fo"])
    return client


def test_one_megabyte_keperluan_is_refused_and_the_form_keeps_what_was_typed(fo, sktm):
    keperluan = "Untuk berobat. " + "x" * (1_000_000 - 15)
    response = fo.post(reverse("layanan:baru_form", args=["sktm"]), form_post(sktm, keperluan=keperluan))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Keperluan paling banyak 500 karakter (sekarang 1.000.000)." in html
    assert "Untuk berobat. xxxx" in html and 'value="Siti Aminah"' in html
    assert f'maxlength="{BATAS_KEPERLUAN}"' in html
    assert not Permohonan.objects.exists()


def test_keperluan_at_the_cap_is_accepted(fo, sktm):
    fo.post(reverse("layanan:baru_form", args=["sktm"]), form_post(sktm, keperluan="k" * BATAS_KEPERLUAN))
    assert Permohonan.objects.get().keperluan == "k" * BATAS_KEPERLUAN


def test_overlong_extra_field_is_refused(fo, kantor):
    versi = VersiSop.objects.terbit().filter(isian_tambahan__isnull=False).first()
    isian = versi.isian_tambahan.first()
    data = form_post(versi, **{f"isian_{isian.kode}": "r" * 201})
    html = fo.post(reverse("layanan:baru_form", args=[versi.sop.kode]), data).content.decode()
    assert f"{isian.label} paling banyak 200 karakter (sekarang 201)." in html
    assert not Permohonan.objects.exists()


def test_the_action_layer_refuses_overlong_text_too(users, sktm):
    with pytest.raises(ValidationError, match="Keperluan paling banyak 500 karakter"):
        aksi.daftarkan(users["fo"], sktm, orang(), None, "", "k" * 501, {}, [], "1609")
    assert not Permohonan.objects.exists()
    p = daftar(users["fo"])
    token = aksi.token_status(p)
    with pytest.raises(aksi.AksiGagal, match="Alasan paling banyak 1.000 karakter"):
        aksi.jalankan(p.pk, users["fo"], "tolak", token=token, alasan="a" * 1001)
    with pytest.raises(aksi.AksiGagal, match="Catatan paling banyak 1.000 karakter"):
        aksi.jalankan(p.pk, users["fo"], "verifikasi_berkas", token=token, catatan="c" * 1001)
    assert Permohonan.objects.get(pk=p.pk).status == Status.VERIFIKASI


@pytest.mark.parametrize(
    "nama,field,pesan",
    [
        ("tolak", "alasan", "Alasan paling banyak 1.000 karakter (sekarang 1.001)."),
        ("verifikasi_berkas", "catatan", "Catatan paling banyak 1.000 karakter (sekarang 1.001)."),
    ],
)
def test_overlong_reason_or_note_on_the_case_page_changes_nothing(fo, users, nama, field, pesan):
    p = daftar(users["fo"])
    data = {"token": aksi.token_status(p), field: "z" * (BATAS_CATATAN + 1)}
    response = fo.post(reverse("layanan:aksi", args=[p.nomor_registrasi, nama]), data, follow=True)
    assert pesan in response.content.decode()
    assert Permohonan.objects.get(pk=p.pk).status == Status.VERIFIKASI
    assert Riwayat.objects.filter(permohonan=p).count() == 1


def test_overlong_return_note_is_refused(fo, users, sktm):
    p = daftar(users["fo"])
    data = {"token": aksi.token_status(p), "catatan": "n" * 1001, "kurang": [sktm.persyaratan.first().nama]}
    response = fo.post(reverse("layanan:kembalikan", args=[p.nomor_registrasi]), data, follow=True)
    assert "Catatan paling banyak 1.000 karakter" in response.content.decode()
    assert Permohonan.objects.get(pk=p.pk).status == Status.VERIFIKASI


def test_overlong_survey_note_is_refused(client, users):
    p = maju(daftar(users["fo"]), users["fo"], "verifikasi_berkas")
    client.force_login(users["survei"])
    data = {
        "token": aksi.token_status(Permohonan.objects.get(pk=p.pk)),
        "tanggal_kunjungan": "2026-11-26",
        "hasil": "layak",
        "catatan": "s" * (BATAS_CATATAN_SURVEI + 1),
    }
    response = client.post(reverse("layanan:survei", args=[p.nomor_registrasi]), data, follow=True)
    assert "Catatan survei paling banyak 2.000 karakter (sekarang 2.001)." in response.content.decode()
    assert Permohonan.objects.get(pk=p.pk).status == Status.SURVEI and not Survei.objects.exists()


# -- query parameters ---------------------------------------------------------------


@pytest.mark.parametrize(
    "query,pesan",
    [
        ("dari=abc", "Dari: Tanggal tidak sah; tulis TTTT-BB-HH"),
        ("sampai=2026-13-45", "Sampai: Tanggal tidak sah"),
        ("status=rahasia", "Status “rahasia” tidak dikenal."),
        ("halaman=abc", "Halaman:"),
        ("dari=2026-11-24&sampai=2026-11-01", "tidak boleh sebelum tanggal “dari”"),
        ("layanan=%3Cscript%3E", "Kode layanan tidak sah."),
        ("q=" + "a" * 101, "Cari:"),
    ],
)
def test_bad_worklist_parameters_answer_400_with_a_message(fo, query, pesan):
    response = fo.get(reverse("layanan:tugas") + "?" + query)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Alamat halaman tidak sah" in html and pesan in html
    assert 'href="/tugas/"' in html


def test_good_worklist_filter_still_works(fo, users):
    p = daftar(users["fo"])
    response = fo.get(reverse("layanan:tugas"), {"dari": "2000-01-01", "sampai": "2100-12-31", "status": "verifikasi"})
    assert response.status_code == 200 and p.nomor_registrasi in response.content.decode()


@pytest.mark.parametrize(
    "versi,pesan",
    [
        ("x", "Versi layanan tidak sah."),
        ("99999999999999999999", "Versi layanan tidak sah."),
    ],
)
def test_bad_registry_check_parameters_answer_400(fo, versi, pesan):
    # POSTed since issue 10 §4 (no NIK in a URL).
    response = fo.post(reverse("layanan:cek_registri"), {"nik": "1609015204850001", "versi": versi})
    assert response.status_code == 400 and pesan in response.content.decode()


@pytest.mark.parametrize("tahun", ["abc", "99999999999999999999", "1900"])
def test_bad_agenda_year_answers_400(fo, tahun):
    response = fo.get(reverse("surat:agenda"), {"tahun": tahun})
    assert response.status_code == 400 and "Tahun" in response.content.decode()


def test_overlong_public_search_answers_400(client, kantor):
    response = client.get(reverse("sop:standar_daftar"), {"q": "a" * 101})
    assert response.status_code == 400
    assert "Kata pencarian paling banyak 100 karakter" in response.content.decode()
