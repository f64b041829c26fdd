"""Query counts of the worklist and the case page stay flat from 10 to 1,000 cases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dinsos.models import Jabatan
from layanan.models import Status
from tests.layanan.helpers import buat_banyak, daftar


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize("params", [{}, {"semua": "1"}, {"q": "Warga"}, {"status": "paraf", "layanan": "sktm"}])
def test_worklist_queries_do_not_grow(client, users, params):
    kasi = Jabatan.objects.get(kode="kasi-linjamsos")
    buat_banyak(10, users["fo"], Status.PARAF, jabatan=kasi)
    client.force_login(users["kasi"])
    small = count_queries(client, reverse("layanan:tugas"), **params)
    buat_banyak(990, users["fo"], Status.PARAF, jabatan=kasi)
    big = count_queries(client, reverse("layanan:tugas"), **params)
    assert big == small
    html = client.get(reverse("layanan:tugas"), params).content.decode()
    assert "Halaman 1 dari 20" in html


def test_worklist_shows_only_cases_waiting_for_the_user_oldest_due_first(client, users):
    kasi = Jabatan.objects.get(kode="kasi-linjamsos")
    kabid = Jabatan.objects.get(kode="kabid-linjamsos")
    mine = buat_banyak(3, users["fo"], Status.PARAF, jabatan=kasi)
    buat_banyak(2, users["fo"], Status.PARAF, jabatan=kabid, paraf_ke=1)
    client.force_login(users["kasi"])
    page = client.get(reverse("layanan:tugas")).context["page"]
    assert {p.pk for p in page.object_list} == {p.pk for p in mine}
    dues = [p.batas_waktu for p in page.object_list]
    assert dues == sorted(dues)
    assert "terlambat" in client.get(reverse("layanan:tugas")).content.decode()


def test_case_page_queries_do_not_grow(client, users):
    p = daftar(users["fo"])
    client.force_login(users["fo"])
    url = reverse("layanan:detail", args=[p.nomor_registrasi])
    buat_banyak(9, users["fo"], Status.VERIFIKASI)
    count_queries(client, url)  # fills the cached version structure and calendar
    small = count_queries(client, url)
    buat_banyak(990, users["fo"], Status.VERIFIKASI)
    big = count_queries(client, url)
    assert big == small


def test_the_access_log_costs_the_case_page_one_insert(client, users, monkeypatch):
    p = daftar(users["fo"])
    client.force_login(users["fo"])
    url = reverse("layanan:detail", args=[p.nomor_registrasi])
    client.get(url)  # fills the cached version structure and calendar
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    inserts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1 and "audit_logakses" in inserts[0]
    with_log = len(ctx)
    monkeypatch.setattr("layanan.akses.audit.catat", lambda *args, **kwargs: None)
    assert count_queries(client, url) == with_log - 1


def test_worklist_search_by_nik_queries_do_not_grow(client, users):
    kasi = Jabatan.objects.get(kode="kasi-linjamsos")
    buat_banyak(10, users["fo"], Status.PARAF, jabatan=kasi)
    client.force_login(users["kasi"])
    nik = buat_banyak(1, users["fo"], Status.PARAF, jabatan=kasi)[0].pemohon.nik
    url = client.post(reverse("layanan:tugas"), {"q": nik, "semua": "1"})["Location"]
    small = count_queries(client, url)
    buat_banyak(990, users["fo"], Status.PARAF, jabatan=kasi)
    assert count_queries(client, url) == small


@pytest.mark.parametrize("jumlah", [10, 1000])
def test_case_page_and_worklist_stay_within_budget(client, users, django_assert_max_num_queries, jumlah):
    """Issue #11: Tugas saya at most 15 queries, at 10 and at 1,000 cases, whatever the steps."""
    kasi = Jabatan.objects.get(kode="kasi-linjamsos")
    p = daftar(users["fo"])
    buat_banyak(jumlah - 1, users["fo"], Status.PARAF, jabatan=kasi)
    client.force_login(users["kasi"])
    with django_assert_max_num_queries(15):
        assert client.get(reverse("layanan:tugas")).status_code == 200
    client.force_login(users["fo"])
    url = reverse("layanan:detail", args=[p.nomor_registrasi])
    # The first view after publishing reads the version's structure (steps, pelaksana, frozen
    # mapping, paraf chain, requirements, extra fields) and the office calendar into the cache;
    # every later view of any case on that version takes them from there (VersiSop.muat_struktur,
    # Kalender.untuk_kantor). Flat in the number of cases and steps either way.
    with django_assert_max_num_queries(23):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
