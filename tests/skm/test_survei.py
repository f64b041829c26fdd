"""The survey link of a case: only once the service ended, one response per case."""

import pytest
from django.urls import reverse

from layanan.models import Status
from skm import tautan
from skm.models import Tanggapan
from tests.skm.helpers import kasus, saat

JAWABAN = {
    "jenis_kelamin": "L",
    "kelompok_umur": "40-49",
    "pendidikan": "smp",
    "pekerjaan": "wirausaha",
    **{f"u{i}": "3" for i in range(1, 10)},
    "saran": "Ruang tunggu agak sempit.",
}


@pytest.fixture
def selesai(kantor):
    return kasus("sktm", saat(2026, 11, 2, 9), saat(2026, 11, 3, 9))


@pytest.mark.django_db
def test_it_records_one_response_tied_to_the_case(client, selesai):
    url = tautan.url(selesai.pk)
    response = client.get(url)
    assert "Survei kepuasan masyarakat" in response.content.decode()
    assert "Surat Keterangan Tidak Mampu" in response.content.decode()

    response = client.post(url, JAWABAN)
    assert "Tanggapan Anda sudah tercatat" in response.content.decode()
    t = Tanggapan.objects.get()
    assert (t.permohonan, t.sop, t.saluran, t.u1, t.u9) == (selesai, selesai.versi_sop.sop, "tautan", 3, 3)

    # A second try (or a second tab) does not count twice.
    response = client.post(url, {**JAWABAN, "u1": "1"})
    assert "sudah diisi" in response.content.decode()
    assert Tanggapan.objects.count() == 1


@pytest.mark.django_db
def test_it_waits_until_the_service_has_ended(client, kantor):
    berjalan = kasus("sktm", saat(2026, 11, 2, 9))
    response = client.post(tautan.url(berjalan.pk), JAWABAN)
    assert response.status_code == 409
    assert "setelah layanan Anda selesai" in response.content.decode()
    assert not Tanggapan.objects.exists()


@pytest.mark.django_db
def test_a_cancelled_case_cannot_be_rated(client, kantor):
    batal = kasus("sktm", saat(2026, 11, 2, 9), saat(2026, 11, 2, 10), status=Status.DIBATALKAN)
    assert client.get(tautan.url(batal.pk)).status_code == 409


@pytest.mark.django_db
def test_a_guessed_or_altered_link_is_not_found(client, selesai):
    token = tautan.token(selesai.pk)
    lain = str(selesai.pk + 1) + token[len(str(selesai.pk)) :]
    assert client.get(reverse("skm:isi", args=[lain])).status_code == 404
    assert client.get(reverse("skm:isi", args=[str(selesai.pk)])).status_code == 404


@pytest.mark.django_db
def test_missing_answers_are_named_and_the_rest_is_kept(client, selesai):
    data = {k: v for k, v in JAWABAN.items() if k not in ("u4", "pendidikan")}
    response = client.post(tautan.url(selesai.pk), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ada jawaban yang belum diisi" in html
    assert "Pendidikan terakhir wajib dipilih." in html
    assert "Pilih salah satu jawaban." in html
    assert "Ruang tunggu agak sempit." in html  # the comment is not lost
    assert 'value="3" checked' in html  # nor the answers given
    assert not Tanggapan.objects.exists()


@pytest.mark.django_db
def test_a_score_outside_one_to_four_is_refused(client, selesai):
    response = client.post(tautan.url(selesai.pk), {**JAWABAN, "u2": "5"})
    assert response.status_code == 400
    assert not Tanggapan.objects.exists()


@pytest.mark.django_db
def test_too_long_a_comment_is_refused_with_a_message(client, selesai):
    response = client.post(tautan.url(selesai.pk), {**JAWABAN, "saran": "x" * 1001})
    assert "Saran paling banyak 1000 karakter." in response.content.decode()
    assert not Tanggapan.objects.exists()
