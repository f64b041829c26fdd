"""Where citizens meet the survey: the receipt and the tracking page."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from layanan import lacak_kode
from skm.models import Tanggapan
from tests.layanan.helpers import daftar, maju
from tests.skm.helpers import tanggapan

pytestmark = pytest.mark.django_db


def _lacak(client, p):
    return client.post(reverse("layanan:lacak"), {"kode": lacak_kode.tampil(p.kode_lacak)}).content.decode()


def test_the_receipt_prints_the_survey_link(client, users):
    p = daftar(users["fo"])
    client.force_login(users["fo"])
    pdf = client.get(reverse("layanan:tanda_terima", args=[p.nomor_registrasi])).content
    teks = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Survei kepuasan masyarakat" in teks
    assert "http://testserver/survei/" in teks


def test_tracking_invites_to_the_survey_only_once_the_service_ended(client, users):
    p = daftar(users["fo"])
    assert "ajakan-survei" not in _lacak(client, p)
    p = maju(p, users["fo"], "tolak", alasan="Bukan warga kabupaten ini")
    html = _lacak(client, p)
    assert 'id="ajakan-survei"' in html and "/survei/" in html
    t = tanggapan(p.versi_sop.sop, [3] * 9)
    Tanggapan.objects.filter(pk=t.pk).update(permohonan=p)
    assert "ajakan-survei" not in _lacak(client, p)  # answered: no second invitation
