"""#19.14: the letter body editor lists the fields to insert and previews unsaved text in Indonesian."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from pypdf import PdfReader

from surat.models import TemplatSurat


def teks_pdf(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture
def templat(kantor):
    return TemplatSurat.objects.get(jenis_surat="sktm")


def test_the_editor_lists_the_fields_and_a_preview_button(client, users, templat):
    client.force_login(users["admin"])
    html = client.get(reverse("admin:surat_templatsurat_change", args=[templat.pk])).content.decode()
    assert 'data-sisip="{{ termohon.nama }}"' in html
    assert 'data-sisip="{{ termohon.tanggal_lahir|date:&quot;j F Y&quot; }}"' in html
    assert 'data-sisip="{{ keperluan }}"' in html
    assert "Pratinjau isi ini dengan kasus contoh (PDF)" in html
    assert reverse("admin:surat_templat_pratinjau", args=[templat.pk]) in html
    assert "dipasang otomatis oleh kerangka surat" in html
    assert "/static/js/templat_surat.js" in html


def test_the_sop_extra_fields_are_offered_with_their_labels(client, users, kantor):
    from sop.models import VersiSop

    versi = VersiSop.objects.terbit().filter(isian_tambahan__isnull=False).exclude(jenis_surat="").first()
    isian = versi.isian_tambahan.first()
    templat = TemplatSurat.objects.get(jenis_surat=versi.jenis_surat)
    client.force_login(users["admin"])
    html = client.get(reverse("admin:surat_templatsurat_change", args=[templat.pk])).content.decode()
    assert f'data-sisip="{{{{ isian.{isian.kode} }}}}"' in html and f">{isian.label}</button>" in html


def _post(client, templat, isi):
    return client.post(reverse("admin:surat_templat_pratinjau", args=[templat.pk]), {"isi": isi, "pratinjau_isi": "1"})


def test_preview_renders_the_unsaved_text_and_saves_nothing(client, users, templat):
    client.force_login(users["admin"])
    sebelum = templat.isi
    isi = sebelum.replace("<p>", "<p>Kalimat pratinjau baru. ", 1)
    response = _post(client, templat, isi)
    assert response["Content-Type"] == "application/pdf"
    text = teks_pdf(response.content)
    assert "Kalimat pratinjau baru." in text and "Siti Ma'rufah Al-Amin" in text
    templat.refresh_from_db()
    assert templat.isi == sebelum


def test_preview_of_a_broken_text_explains_in_indonesian(client, users, templat):
    client.force_login(users["admin"])
    response = _post(client, templat, templat.isi + "\n{% if survei_dilakukan %}Sudah disurvei.")
    assert response.status_code == 400
    html = response.content.decode()
    assert "belum dapat dibuat" in html
    assert "Tag {% if %} belum ditutup." in html
    assert "Unclosed" not in html


def test_preview_of_unsaved_text_needs_the_right_to_change_templates(client, templat):
    user = get_user_model().objects.create_user("lihat", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename="view_templatsurat"))
    client.force_login(user)
    assert _post(client, templat, "<p>{{ termohon.nama }}</p>").status_code == 403
    # The saved template's preview stays open to whoever may view templates.
    assert client.get(reverse("admin:surat_templat_pratinjau", args=[templat.pk])).status_code == 200
