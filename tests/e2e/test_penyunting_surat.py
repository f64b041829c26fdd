"""#19.14 in the browser: an admin inserts a field from the panel at the cursor and previews
the unsaved text as a PDF in a new tab."""

import io

import pytest
from pypdf import PdfReader

from surat.models import TemplatSurat
from tests.conftest import load_demo, masuk, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_insert_a_field_and_preview_the_unsaved_text(browser, live_server):
    base = live_server.url
    load_demo("oku-selatan")
    templat = TemplatSurat.objects.get(jenis_surat="sktm")
    asli = templat.isi
    for lebar in (1366, 390):
        context = browser.new_context(viewport={"width": lebar, "height": 900}, locale="id-ID")
        page = context.new_page()
        masuk(page, base, "admin")
        page.goto(f"{base}/admin/surat/templatsurat/{templat.pk}/change/")
        area = page.locator("#id_isi")
        area.fill("<p>Nama: </p>")
        area.evaluate("(el) => el.setSelectionRange(9, 9)")  # the cursor after "Nama: "
        page.get_by_role("button", name="nama", exact=True).first.click()
        assert area.input_value() == "<p>Nama: {{ termohon.nama }}</p>"
        page.locator("#id_isi").scroll_into_view_if_needed()
        shot(page, f"penyunting-surat-{lebar}")
        if lebar == 1366:
            area.fill(asli.replace("<p>", "<p>Kalimat uji pratinjau. ", 1))
            with context.expect_page() as tab:
                page.get_by_role("button", name="Pratinjau isi ini dengan kasus contoh (PDF)").click()
            pdf = tab.value
            pdf.wait_for_load_state()
            # The tab shows Chromium's PDF viewer; fetch the same POST to read the PDF's text.
            token = page.locator("[name=csrfmiddlewaretoken]").first.input_value()
            body = context.request.post(
                f"{base}/admin/surat/templatsurat/{templat.pk}/pratinjau/",
                form={"isi": area.input_value(), "csrfmiddlewaretoken": token},
                headers={"Referer": page.url},
            ).body()
            text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages).split())
            assert "Kalimat uji pratinjau." in text
        context.close()
    templat.refresh_from_db()
    assert templat.isi == asli  # nothing was saved
