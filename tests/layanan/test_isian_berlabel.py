"""#19.6: extra case fields read with their SOP labels, and Maksud dan tujuan is asked and written once."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from sop.models import VersiSop
from surat.models import TemplatSurat
from tests.layanan.helpers import daftar


@pytest.fixture
def fo(kantor_lumajang):
    return get_user_model().objects.get(username="fo")


def test_case_page_shows_the_labels_of_the_sop_fields(client, fo):
    p = daftar(fo, kode="ppks")
    client.force_login(fo)
    html = client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()
    assert '<dt class="col-5">Lokasi tujuan</dt>' in html
    assert '<dt class="col-5">Lokasi ditemukannya klien</dt>' in html
    assert "Lokasitujuan" not in html and "Lokasiditemukan" not in html


def test_a_field_the_version_no_longer_names_reads_as_words(client, fo):
    p = daftar(fo, kode="ppks")
    p.isian = {**p.isian, "maksud_tujuan": "Rujukan ke panti"}
    p.save(update_fields=["isian"])
    client.force_login(fo)
    html = client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()
    assert '<dt class="col-5">Maksud tujuan</dt><dd class="col-7">Rujukan ke panti</dd>' in html


@pytest.mark.parametrize("kode", ["spm", "rekomendasi-biaya-kesehatan", "ppks", "odgj"])
def test_maksud_dan_tujuan_is_asked_once_and_written_once(client, fo, kode):
    versi = VersiSop.objects.terbit().get(sop__kode=kode)
    assert "maksud_tujuan" not in {i.kode for i in versi.isian_tambahan.all()}
    client.force_login(fo)
    form = client.get(reverse("layanan:baru_form", args=[kode])).content.decode()
    assert form.count("Maksud dan tujuan") == 1  # the Keperluan field's help text
    isi = TemplatSurat.objects.get(jenis_surat=versi.jenis_surat).isi
    assert isi.count("Maksud dan tujuan") <= 1 and "isian.maksud_tujuan" not in isi
