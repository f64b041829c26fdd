"""Query counts of the complaint list and page stay the same as data grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pengaduan import aksi
from tests.pengaduan.helpers import adukan, maju


def _jumlah(client, url):
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_list_needs_the_same_queries_for_2_and_12_complaints(client, users, django_assert_max_num_queries):
    fo, kasi = users["fo"], users["kasi"]
    for i in range(2):
        adukan(fo, rahasiakan=bool(i % 2))
    for user in (fo, kasi):
        client.force_login(user)
        client.get("/pengaduan/")  # warm the per-process caches (SOP structure, calendar)
    sedikit = {u.username: _jumlah(client.force_login(u) or client, "/pengaduan/") for u in (fo, kasi)}
    for i in range(10):
        a, _ = adukan(fo, rahasiakan=bool(i % 2))
        if i % 3 == 0:
            maju(a, fo)
    banyak = {u.username: _jumlah(client.force_login(u) or client, "/pengaduan/") for u in (fo, kasi)}
    assert sedikit == banyak
    client.force_login(fo)
    with django_assert_max_num_queries(13):
        client.get("/pengaduan/")
    client.force_login(kasi)  # plus the overdue list of the positions under the Kasi
    with django_assert_max_num_queries(15):
        client.get("/pengaduan/")


@pytest.mark.django_db
def test_the_page_needs_the_same_queries_for_a_short_and_a_long_history(client, users, django_assert_max_num_queries):
    fo, survei = users["fo"], users["survei"]
    pendek, _ = adukan(fo)
    panjang, _ = adukan(fo)
    for i in range(6):
        aksi.catat(panjang.pk, fo, "internal", f"Catatan {i}")
        aksi.catat(panjang.pk, fo, "jawaban", f"Jawaban {i}")
    panjang = maju(panjang, fo)
    panjang = maju(panjang, survei)
    client.force_login(fo)
    client.get(f"/pengaduan/{pendek.nomor_tiket}/")
    n_pendek = _jumlah(client, f"/pengaduan/{pendek.nomor_tiket}/")
    n_panjang = _jumlah(client, f"/pengaduan/{panjang.nomor_tiket}/")
    assert n_pendek == n_panjang
    with django_assert_max_num_queries(20):
        client.get(f"/pengaduan/{panjang.nomor_tiket}/")
