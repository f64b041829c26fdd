"""The "Kinerja layanan" page: its figures equal the seeded step history."""

import re

import pytest
from django.urls import reverse

from layanan.models import Status
from tests.skm.helpers import kasus, saat

pytestmark = pytest.mark.django_db


def _riwayat(p, tepat):
    from django.contrib.auth import get_user_model

    from layanan.models import Riwayat

    Riwayat.objects.create(
        permohonan=p,
        aksi="uji",
        dari_status=Status.VERIFIKASI,
        ke_status=Status.KONSEP,
        oleh=get_user_model().objects.get(username="fo"),
        nama_pelaku="FO",
        tepat_waktu=tepat,
    )


def test_it_shows_steps_on_time_and_open_cases_overdue_per_service(client, users):
    sktm = kasus("sktm", saat(2026, 11, 2, 9), batas=saat(2026, 11, 3, 9))  # open, overdue
    dtks = kasus("pendaftaran-dtks", saat(2026, 11, 2, 9), saat(2026, 11, 3, 9))
    for tepat in (True, True, True, False):
        _riwayat(sktm, tepat)
    _riwayat(sktm, None)  # a step without a time standard is not measured
    _riwayat(dtks, False)
    client.force_login(users["kasi"])
    html = client.get(reverse("layanan:kinerja")).content.decode()
    angka = {}
    for r in html.split("<tr>"):
        sel = re.findall(r"<td[^>]*>(.*?)</td>", r)
        if len(sel) == 5:
            angka[sel[0]] = sel[1:]
    # measured steps, on time, %, open cases overdue
    assert angka["Surat Keterangan Tidak Mampu (SKTM)"] == ["4", "3", "75%", "1"]
    assert angka["Pendaftaran DTKS"] == ["1", "0", "0%", "0"]


def test_it_is_for_staff_only(client, users):
    client.force_login(users["admin"])
    assert client.get(reverse("layanan:kinerja")).status_code == 404
