"""Issue 10 §1: letter templates edited by admins can read and fetch nothing they should not."""

import http.server
import io
import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.safestring import mark_safe
from pypdf import PdfReader

from dinsos.models import Instansi
from dinsos.pdf import html_ke_pdf
from layanan import aksi
from layanan.models import Permohonan, Status
from surat import penerbitan, templat
from surat.models import RevisiTemplat, TemplatSurat
from tests.layanan.helpers import daftar, nik

WAJIB = "{{ termohon.nama }} {{ termohon.nik }} {{ termohon.alamat }} {{ termohon.ttl }} {{ keperluan }}"
LOOP_SAMPAI_ORANG = (
    "{% for j in instansi.kepala.jabatan.bawahan.all %}{% for p in j.pegawai_set.all %}"
    "{% for x in p.user.permohonan_set.all %}{{ x.pemohon.nik }} {{ x.pemohon.nomor_kk }}{% endfor %}"
    "{% endfor %}{% endfor %}{% for o in instansi.orang_set.all %}{{ o.nik }} {{ o.nomor_hp }}{% endfor %}"
)


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def embedded_files(pdf: bytes) -> list:
    reader = PdfReader(io.BytesIO(pdf))
    names = list(reader.attachments)
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            if annot.get_object().get("/Subtype") == "/FileAttachment":
                names.append("annot")
    return names


def clean_messages(isi) -> str:
    t = TemplatSurat.objects.get(jenis_surat="sktm")
    t.isi = isi
    with pytest.raises(ValidationError) as exc:
        t.full_clean()
    return " ".join(exc.value.messages)


def simpan_mentah(isi):
    """A raw database edit past clean(): the template and every text revision cases pinned."""
    TemplatSurat.objects.filter(jenis_surat="sktm").update(isi=isi)
    RevisiTemplat.objects.filter(templat__jenis_surat="sktm").update(isi=isi)


def issue_with_body(users, isi, **orang):
    """Store a hostile body past clean() (as a raw database edit would) and sign a case with it."""
    p = daftar(users["fo"], **orang)
    simpan_mentah(isi)
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
    return aksi.jalankan(p.pk, users["kadis"], "tandatangani", base_url="http://testserver/")


def test_password_hash_payload_is_refused_and_prints_nothing(users):
    kadis = users["kadis"]
    assert kadis.password  # the hash the payload was after
    message = clean_messages("<p>" + WAJIB + " {{ instansi.kepala.user.password }}</p>")
    assert "{{ instansi.kepala.user.password }} tidak dikenal" in message
    p = issue_with_body(users, "<p>" + WAJIB + " [{{ instansi.kepala.user.password }}]</p>")
    text = text_of(bytes(p.surat.pdf))
    assert "[]" in text and kadis.password not in text and "md5$" not in text


def test_walking_related_managers_down_to_applicants_is_refused_and_prints_nothing(users):
    other = daftar(users["fo"], nik=nik(urut="0777"), nama="Warga Lain", nomor_hp="081299990000")
    message = clean_messages("<p>" + WAJIB + "</p>" + LOOP_SAMPAI_ORANG)
    assert "instansi.kepala.jabatan.bawahan.all" in message and "tidak dikenal" in message
    p = issue_with_body(users, "<p>" + WAJIB + "</p>" + LOOP_SAMPAI_ORANG)
    text = text_of(bytes(p.surat.pdf))
    assert other.pemohon.nik not in text and "081299990000" not in text and "Warga Lain" not in text


def test_debug_and_other_tags_outside_the_allow_list_are_refused(users):
    for tag in ["{% debug %}", "{% load static %}", '{% include "base.html" %}', '{% extends "base.html" %}']:
        message = clean_messages("<p>" + WAJIB + "</p>" + tag)
        assert "tidak diizinkan" in message, tag
    assert "Filter |safe tidak diizinkan" in clean_messages("<p>" + WAJIB + " {{ keperluan|safe }}</p>")
    assert "{% autoescape %}" in clean_messages("{% autoescape off %}<p>" + WAJIB + "</p>{% endautoescape %}")


def test_debug_tag_stored_past_clean_gives_the_signer_a_message_not_a_dump(client, users):
    p = daftar(users["fo"])
    simpan_mentah("<p>" + WAJIB + "</p>{% debug %}")
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
    client.force_login(users["kadis"])
    response = client.post(
        reverse("layanan:aksi", args=[p.nomor_registrasi, "tandatangani"]),
        {"token": aksi.token_status(Permohonan.objects.get(pk=p.pk))},
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200 and "gagal dibuat" in html
    assert Permohonan.objects.get(pk=p.pk).status == Status.TTD


def test_attachment_of_process_environment_is_refused_and_not_embedded(users):
    payload = '<a rel="attachment" href="file:///proc/self/environ">lampiran</a><link rel="attachment" href="file:///proc/self/environ">'
    assert "Elemen <a> tidak diizinkan" in clean_messages("<p>" + WAJIB + "</p>" + payload)
    # Stored past clean(), the rendered body is checked again: the letter is not issued.
    with pytest.raises(aksi.AksiGagal, match="gagal dibuat"):
        issue_with_body(users, "<p>" + WAJIB + "</p>" + payload)
    assert not Permohonan.objects.filter(surat__isnull=False).exists()
    # And if such HTML reached the PDF renderer anyway, nothing is embedded.
    pdf = html_ke_pdf("<p>Surat</p>" + payload)
    assert embedded_files(pdf) == []
    assert b"DJANGO_SETTINGS_MODULE" not in pdf and b"PATH=" not in pdf


def test_attachment_of_the_database_file_is_not_embedded(tmp_path, settings):
    db = tmp_path / "rahasia.sqlite3"
    db.write_bytes(b"SQLite format 3\x00 PENANDA-RAHASIA-DB")
    html = (
        f'<p>Surat</p><a rel="attachment" href="file://{db}">db</a>'
        f'<link rel="attachment" href="{db}"><a rel="attachment" href="../db/oku-selatan.sqlite3">x</a>'
        '<a rel="attachment" href="/static/css/dinsos.css">css</a>'
    )
    pdf = html_ke_pdf(html)
    assert embedded_files(pdf) == []
    assert b"PENANDA-RAHASIA-DB" not in pdf


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/svg+xml")
        self.end_headers()
        self.wfile.write(b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback_server():
    _Recorder.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    server.timeout = 5
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.hits
    server.shutdown()
    server.server_close()


def test_network_urls_are_never_fetched(users, loopback_server):
    url, hits = loopback_server
    payload = f'<img src="{url}/img.svg"><p style="background: url({url}/bg.svg)">x</p><{{{{ "img" }}}} src="{url}/b.svg">'
    message = clean_messages("<p>" + WAJIB + "</p>" + payload)
    assert "Elemen <img> tidak diizinkan" in message
    html_ke_pdf(
        f'<link rel="stylesheet" href="{url}/gaya.css"><img src="{url}/a.svg">'
        f'<div style="background:url({url}/c.svg)">x</div>'
    )
    # The hand-built tag slips past the raw check but not past the check of the rendered output.
    p = daftar(users["fo"])
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
    simpan_mentah("<p>" + WAJIB + f'</p><{{{{ "img" }}}} src="{url}/b.svg">')
    with pytest.raises(aksi.AksiGagal, match="gagal dibuat"):
        aksi.jalankan(p.pk, users["kadis"], "tandatangani", base_url="http://testserver/")
    assert hits == []


def test_body_context_holds_plain_values_only(users):
    data = aksi.data_surat(daftar(users["fo"]))
    konteks = penerbitan.konteks_isi(data, None, Instansi.get_current())
    assert konteks["instansi"]["nama_dinas"] == "Dinas Sosial" and isinstance(konteks["instansi"], dict)
    templat.polos(konteks)  # raises on anything that is not a plain value
    with pytest.raises(TypeError):
        templat.polos({"instansi": Instansi.get_current()})
    # A SafeString loses its mark: it is escaped like any typed text.
    assert templat.render("{{ x }}", {"x": mark_safe("<b>tebal</b>")}) == "&lt;b&gt;tebal&lt;/b&gt;"


def test_stored_logo_still_renders(users):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(buffer, format="PNG")
    instansi = Instansi.get_current()
    instansi.logo = SimpleUploadedFile("logo-uji.png", buffer.getvalue(), content_type="image/png")
    instansi.save()
    try:
        p = daftar(users["fo"])
        Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
        p = aksi.jalankan(p.pk, users["kadis"], "tandatangani", base_url="http://testserver/")
        page = PdfReader(io.BytesIO(bytes(p.surat.pdf))).pages[0]
        assert [image.image.size for image in page.images] == [(40, 40)]  # the logo; the QR code is vector
    finally:
        instansi.logo.delete(save=True)


def test_every_variable_a_body_may_use_is_documented():
    from django.conf import settings

    doc = (settings.BASE_DIR / "docs" / "templat-surat.md").read_text()
    for root, keys in templat.VARIABEL.items():
        for key in keys if isinstance(keys, list) else []:
            if root not in ("pemohon", "penanggung_jawab"):  # same keys as termohon
                assert f"`{root}.{key}`" in doc, f"{root}.{key}"
        assert f"`{root}" in doc, root
    for name in [*templat.TAG_DIIZINKAN, *templat.FILTER_DIIZINKAN]:
        assert f"`{name}`" in doc, name


def test_every_pdf_of_the_project_goes_through_the_one_guarded_renderer():
    """WeasyPrint is used in dinsos/pdf.py only: letters, receipts, notices, SOP sheets, lists."""
    from django.conf import settings

    users_of_weasyprint = []
    for path in settings.BASE_DIR.rglob("*.py"):
        relative = path.relative_to(settings.BASE_DIR).as_posix()
        if relative.startswith((".venv/", "tests/")) or "/migrations/" in relative:
            continue
        if re.search(r"^\s*(from|import)\s+weasyprint", path.read_text(), re.MULTILINE):
            users_of_weasyprint.append(relative)
    assert users_of_weasyprint == ["dinsos/pdf.py"]


def test_html_comment_that_parsers_read_differently_is_refused(users):
    # Python's HTMLParser reads "<!-->" as an open comment; WeasyPrint's HTML5 parser closes it
    # at once, so the elements after it would be real. The body refuses "<!" altogether.
    hidden = '<!--> <img src="http://127.0.0.1:9/x"><a rel="attachment" href="file:///proc/self/environ">x</a> -->'
    assert templat.periksa("<p>" + WAJIB + "</p>" + hidden)
    assert "Komentar HTML" in clean_messages("<p>" + WAJIB + "</p>" + hidden)
    assert "Komentar HTML" in clean_messages("<!DOCTYPE html><p>" + WAJIB + "</p>")
    assert templat.periksa("<p>" + WAJIB + "</p>{# catatan admin #}") == []
