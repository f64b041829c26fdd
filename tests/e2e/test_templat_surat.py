"""Issue 10 §1 in the browser: a hostile letter template is refused in the admin; a
legitimate edit previews and issues as before."""

import io
import re

import pytest
from pypdf import PdfReader

from layanan.models import Permohonan, Status
from surat.models import TemplatSurat
from tests.conftest import load_demo, masuk, shot
from tests.layanan.helpers import daftar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KALIMAT_BARU = "Surat keterangan ini berlaku selama 6 (enam) bulan sejak tanggal ditetapkan."


def pdf_text(body: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages).split())


def simpan_isi(page, base, pk, isi):
    page.goto(f"{base}/admin/surat/templatsurat/{pk}/change/")
    page.fill("#id_isi", isi)
    page.locator("input[name='_save']").click()
    page.wait_for_load_state()


def test_hostile_template_is_refused_and_a_real_edit_previews_and_issues(page, live_server):
    base = live_server.url
    load_demo("oku-selatan")
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    templat = TemplatSurat.objects.get(jenis_surat="sktm")
    asli = templat.isi

    masuk(page, base, "admin")
    hostile = {
        "{{ instansi.kepala.user.password }}": "tidak dikenal",
        "{% debug %}": "Tag {% debug %} tidak diizinkan",
        '<a rel="attachment" href="file:///proc/self/environ">lampiran</a>': "Elemen <a> tidak diizinkan",
        '<img src="http://127.0.0.1:9/x.png">': "Elemen <img> tidak diizinkan",
    }
    for payload, pesan in hostile.items():
        simpan_isi(page, base, templat.pk, asli + payload)
        error = page.locator(".errorlist").first
        assert pesan in error.inner_text(), payload
        assert TemplatSurat.objects.get(pk=templat.pk).isi == asli
    shot(page, "admin-templat-ditolak")

    edited = asli.replace("<p>Demikian", f"<p>{KALIMAT_BARU}</p>\n<p>Demikian")
    assert edited != asli
    simpan_isi(page, base, templat.pk, edited)
    assert page.locator(".messagelist .success").count() == 1
    assert TemplatSurat.objects.get(pk=templat.pk).isi.replace("\r\n", "\n") == edited

    page.goto(f"{base}/admin/surat/templatsurat/{templat.pk}/change/")
    link = page.get_by_role("link", name=re.compile("Pratinjau dengan kasus contoh"))
    preview = page.request.get(base + link.get_attribute("href"))
    assert preview.headers["content-type"] == "application/pdf"
    text = pdf_text(preview.body())
    assert KALIMAT_BARU in text and "Siti Ma'rufah Al-Amin" in text
    shot(page, "admin-templat-tersimpan")

    # A case registered after the edit carries the new text (earlier cases keep theirs: frozen text).
    p = daftar(users["fo"])
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
    page.context.clear_cookies()
    masuk(page, base, "kadis")
    page.goto(f"{base}/permohonan/{p.nomor_registrasi}/")
    page.get_by_role("button", name="Tanda tangani dan terbitkan").click()
    page.wait_for_load_state()
    assert page.locator("#status").inner_text() == "Surat terbit"
    surat = page.request.get(base + page.locator("#unduh-surat").get_attribute("href"))
    text = pdf_text(surat.body())
    assert KALIMAT_BARU in text and "SURAT KETERANGAN TIDAK MAMPU" in text
    shot(page, "templat-surat-terbit")
