"""An organisation applies at the counter (Lumajang UGB) in Chromium, and its letter is issued."""

import io
import re

import pytest
from pypdf import PdfReader

from dinsos.models import Desa
from layanan.models import Permohonan
from tests.conftest import DEMO_PASSWORD, load_demo, masuk, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lumajang_ugb_for_an_organisation(page, live_server):
    base = live_server.url
    load_demo("lumajang")
    desa = Desa.objects.select_related("kecamatan").order_by("pk").first()
    masuk(page, base, "fo", DEMO_PASSWORD)
    page.goto(f"{base}/permohonan/baru/ugb/")
    assert page.get_by_role("heading", name="Organisasi pemohon").is_visible()
    assert page.get_by_role("heading", name="Penanggung jawab organisasi").is_visible()
    assert page.locator("#id_termohon_beda").count() == 0
    page.fill("#id_organisasi-nama", "Yayasan Cahaya Harapan Lumajang")
    page.fill("#id_organisasi-jabatan_penanggung_jawab", "Ketua")
    page.fill("#id_organisasi-nomor_badan_hukum", "AHU-0012345.AH.01.04.TAHUN 2021")
    page.fill("#id_organisasi-alamat", "Jl. Kenanga No. 12")
    page.select_option("#id_organisasi-kecamatan", str(desa.kecamatan_id))
    page.select_option("#id_organisasi-desa", str(desa.pk))
    page.fill("#id_pemohon-nik", "3508015204850001")
    page.fill("#id_pemohon-nama", "Siti Aminah")
    page.fill("#id_pemohon-tempat_lahir", "Lumajang")
    page.fill("#id_pemohon-tanggal_lahir", "1985-04-12")
    page.select_option("#id_pemohon-jenis_kelamin", "P")
    page.fill("#id_pemohon-alamat", "Jl. Merdeka No. 5")
    page.select_option("#id_pemohon-kecamatan", str(desa.kecamatan_id))
    page.select_option("#id_pemohon-desa", str(desa.pk))
    page.fill("#id_pemohon-nomor_kk", "3508011506200002")
    page.fill("#id_keperluan", "Undian berhadiah HUT yayasan")
    for field in page.locator("input[id^='id_isian_']").all():
        field.fill("Alun-alun Lumajang")
    for box in page.locator("input[id^='id_ada_']").all():
        box.check()
    shot(page, "daftar-organisasi-ugb")
    page.get_by_role("button", name="Daftarkan permohonan").click()
    page.wait_for_url(re.compile(r".*/permohonan/REG-\d{4}-\d{6}/$"))
    assert "Yayasan Cahaya Harapan Lumajang" in page.locator("#organisasi").inner_text()
    shot(page, "detail-organisasi-ugb")
    p = Permohonan.objects.select_related("organisasi").get()
    assert p.organisasi.nomor_badan_hukum == "AHU-0012345.AH.01.04.TAHUN 2021"
    pdf = page.request.get(f"{base}/permohonan/{p.nomor_registrasi}/konsep.pdf").body()
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Yayasan Cahaya Harapan Lumajang" in text and "12 April 1985" not in text
