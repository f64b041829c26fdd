"""The admin page of steps that are usually late, from riwayat rows built directly."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from layanan.models import Riwayat
from sop.models import VersiSop
from tests.layanan.helpers import daftar

URL = "admin:sop_keterlambatan"


@pytest.fixture
def kasus(users):
    return daftar(users["fo"])


def catat(permohonan, user, versi, urutan, tepat, n):
    langkah = versi.langkah.get(urutan=urutan)
    Riwayat.objects.bulk_create(
        Riwayat(
            permohonan=permohonan,
            aksi="maju",
            langkah=langkah,
            ke_status="berjalan",
            oleh=user,
            nama_pelaku=user.username,
            tepat_waktu=tepat,
        )
        for _ in range(n)
    )


def baris(html):
    """(SOP name, step number, done, late, share) per table row, in page order."""
    rows = re.findall(
        r"<td>(\d+)\. .*?versi=\d+\">([^<]+)</a> \(versi \d+\)</span></td>\s*"
        r"<td[^>]*><strong>([^<]+)</strong>.*?</td>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>",
        html,
        re.S,
    )
    rows = [(nama, no, d, t, p) for no, nama, p, t, d in rows]
    return [(nama, int(no), int(d), int(t), p) for nama, no, d, t, p in rows]


@pytest.fixture
def data(kasus, users):
    sktm = VersiSop.objects.terbit().get(sop__kode="sktm")
    rs = VersiSop.objects.terbit().get(sop__kode="rekomendasi-biaya-kesehatan")
    fo = users["fo"]
    catat(kasus, fo, sktm, 2, False, 3)
    catat(kasus, fo, sktm, 2, True, 1)
    catat(kasus, fo, sktm, 3, False, 2)
    catat(kasus, fo, sktm, 3, True, 8)
    catat(kasus, fo, sktm, 1, None, 5)  # no time standard: counted, never late
    catat(kasus, fo, rs, 2, False, 2)
    return sktm, rs


def test_steps_are_listed_latest_share_first(admin_client, data):
    sktm, rs = data
    html = admin_client.get(reverse(URL)).content.decode()
    assert baris(html) == [
        (rs.nama, 2, 2, 2, "100%"),
        (sktm.nama, 2, 4, 3, "75%"),
        (sktm.nama, 3, 10, 2, "20%"),
        (sktm.nama, 1, 5, 0, "-"),
    ]


def test_one_version_only(admin_client, data):
    sktm, _ = data
    html = admin_client.get(reverse(URL), {"versi": sktm.pk}).content.decode()
    assert [row[1] for row in baris(html)] == [2, 3, 1]
    assert f"{sktm.nama} (versi {sktm.nomor_versi})</h1>" in html


def test_no_moves_yet_says_so(admin_client, kantor):
    html = admin_client.get(reverse(URL)).content.decode()
    assert "Belum ada langkah yang dikerjakan." in html


def test_bad_version_parameter_is_refused(admin_client, kantor):
    assert admin_client.get(reverse(URL), {"versi": "abc"}).status_code == 400
    assert admin_client.get(reverse(URL), {"versi": "999999"}).status_code == 404


def test_only_staff_who_may_view_sops_see_it(client, users):
    client.force_login(users["kadis"])
    assert client.get(reverse(URL)).status_code == 302  # not staff: to the admin login


def test_query_count_does_not_grow_with_the_number_of_moves(admin_client, data, kasus, users, django_assert_max_num_queries):
    sktm, _ = data
    with CaptureQueriesContext(connection) as sedikit:
        admin_client.get(reverse(URL))
    assert len(sedikit) <= 10
    for urutan in (1, 2, 3, 4):
        catat(kasus, users["fo"], sktm, urutan, False, 250)
    with django_assert_max_num_queries(len(sedikit)):
        response = admin_client.get(reverse(URL))
    assert len(baris(response.content.decode())) == 5


@pytest.fixture
def admin_client(client, users):
    client.force_login(users["admin"])
    return client
