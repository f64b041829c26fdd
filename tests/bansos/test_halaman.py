"""Bansos pages: who may open them, and a fixed number of queries whatever the list's size."""

import pytest
from django.contrib.auth import get_user_model

from bansos import aksi
from bansos.models import Calon
from tests.bansos import helpers as h

pytestmark = pytest.mark.django_db


def _program(n, versi_sop=None):
    program = h.program(versi_sop=versi_sop, kuota=n, anggaran=n * 1_500_000)
    for i in range(1, n + 1):
        h.calon(
            program, i, status=Calon.Status.LAYAK, hasil_cek=[{"kode": "desil", "aturan": "Desil", "lolos": True}]
        ).save()
    return program


@pytest.mark.parametrize(
    "url", ["/bansos/", "/bansos/rekap/", "/bansos/{pk}/", "/bansos/{pk}/calon/baru/", "/bansos/{pk}/ekspor.xlsx"]
)
def test_people_without_an_office_position_get_404(client, url):
    program = h.program()
    admin_ti = get_user_model().objects.create_user("admin-ti", password="x", is_staff=True)
    client.force_login(admin_ti)
    assert client.get(url.format(pk=program.pk)).status_code == 404


def test_pages_show_what_an_officer_needs(client):
    program = _program(2)
    client.force_login(h.pegawai("fo"))
    body = client.get(f"/bansos/{program.pk}/").content.decode()
    assert "Bansos alat bantu disabilitas 2026" in body and h.nik(1) in body  # FO verifies: full NIK
    assert "Buat draf SK" not in body  # the FO does not decide
    assert "Rp 1.500.000 per penerima" in body
    client.force_login(h.pegawai("kasi", "kasi2"))
    assert "Buat draf SK dari calon yang layak" in client.get(f"/bansos/{program.pk}/").content.decode()


def _jumlah_kueri(client, django_assert_max_num_queries, url, batas):
    with django_assert_max_num_queries(batas) as ctx:
        r = client.get(url)
    assert r.status_code == 200
    return len(ctx.captured_queries)


def test_list_and_detail_pages_have_the_same_query_count_at_two_sizes(client, django_assert_max_num_queries):
    kecil, besar = _program(2), _program(25, versi_sop=h.versi("lain", "Lain"))
    kasi = h.pegawai("kasi")
    pk_kecil = aksi.tetapkan(kecil.pk, kasi).pk
    pk_besar = aksi.tetapkan(besar.pk, kasi).pk
    client.force_login(kasi)
    for url_kecil, url_besar in [
        (f"/bansos/{kecil.pk}/", f"/bansos/{besar.pk}/"),
        (f"/bansos/penetapan/{pk_kecil}/", f"/bansos/penetapan/{pk_besar}/"),
        (f"/bansos/calon/{kecil.calon.first().pk}/", f"/bansos/calon/{besar.calon.first().pk}/"),
    ]:
        a = _jumlah_kueri(client, django_assert_max_num_queries, url_kecil, 25)
        b = _jumlah_kueri(client, django_assert_max_num_queries, url_besar, 25)
        assert a == b, url_besar
    a = _jumlah_kueri(client, django_assert_max_num_queries, "/bansos/", 12)
    for i in range(5):
        h.program(versi_sop=kecil.versi_sop, nama=f"Program {i}")
    assert _jumlah_kueri(client, django_assert_max_num_queries, "/bansos/", 12) == a


def test_monev_note_needs_text_and_is_shown(client):
    program = h.program()
    client.force_login(h.pegawai("kabid"))
    r = client.post(f"/bansos/{program.pk}/monev/", {"catatan": ""}, follow=True)
    assert "Catatan monev wajib diisi" in r.content.decode() and not program.monev.exists()
    r = client.post(
        f"/bansos/{program.pk}/monev/", {"catatan": "Kursi roda sesuai kebutuhan; 1 penerima pindah."}, follow=True
    )
    assert "1 penerima pindah" in r.content.decode()


def test_dashboard_shows_bansos_realisation_of_the_year(client):
    from dinsos.models import Peran

    program = h.program(nama="Permakanan lansia", tahun_anggaran=2026)
    client.force_login(h.pegawai(Peran.KADIS))
    body = client.get("/dasbor/?periode=2026-11").content.decode()
    assert "modul bansos belum dipasang" not in body
    assert "Permakanan lansia</a>: 0 tersalur dari kuota 3" in body
    assert f'href="/bansos/{program.pk}/"' in body
