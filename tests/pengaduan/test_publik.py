"""The public side: the form without login, the code shown once, the status page by ticket + code."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pengaduan import aksi
from pengaduan.models import Kategori, Lampiran, Pengaduan, Saluran, Tanggapan
from tests.pengaduan.helpers import adukan, maju

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _tanpa_token(resp, tiket):
    """The page with what differs per request (CSRF token, nonce) and the typed ticket taken out."""
    html = re.sub(r"[A-Za-z0-9]{64}", "", resp.content.decode())
    html = re.sub(r'nonce="[^"]*"', "", html)
    return html.replace(tiket, "X")


def _post(**extra):
    d = {
        "kategori": Kategori.objects.get(kode="bpjs-pbi").pk,
        "judul": "KIS PBI saya nonaktif",
        "isi": "Kartu KIS PBI ditolak di puskesmas.",
        "situs": "",
    }
    d.update(extra)
    return d


@pytest.mark.django_db
def test_it_takes_an_anonymous_web_complaint_with_attachment_and_shows_the_code_once(client, kantor):
    berkas = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    resp = client.post("/pengaduan/kirim/", _post(lampiran=berkas), follow=True)
    assert resp.status_code == 200
    a = Pengaduan.objects.get()
    assert a.saluran == Saluran.WEB and a.anonim and a.permohonan.didaftarkan_oleh.username == "pengaduan-web"
    assert not a.permohonan.didaftarkan_oleh.is_active
    kode = resp.context["baru"]["kode"]
    assert a.nomor_tiket in resp.content.decode() and resp.context["kode_tampil"] in resp.content.decode()
    assert a.cocok_kode(kode)
    assert Lampiran.objects.get(pengaduan=a).jenis_konten == "image/png"
    # Shown once: the same page again no longer has it.
    again = client.get("/pengaduan/tanda-terima/").content.decode()
    assert resp.context["kode_tampil"] not in again and a.nomor_tiket not in again


@pytest.mark.django_db
def test_it_refuses_a_fake_attachment_and_keeps_what_was_typed(client, kantor):
    palsu = SimpleUploadedFile("surat.pdf", b"<html>bukan pdf</html>", content_type="application/pdf")
    resp = client.post("/pengaduan/kirim/", _post(lampiran=palsu))
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "bukan PDF, JPG atau PNG yang sah" in html and "KIS PBI saya nonaktif" in html
    assert not Pengaduan.objects.exists()


@pytest.mark.django_db
def test_the_honeypot_stores_nothing_and_the_address_limit_answers_clearly(client, kantor, settings):
    resp = client.post("/pengaduan/kirim/", _post(situs="http://spam.example"), follow=True)
    assert resp.status_code == 200 and not Pengaduan.objects.exists()
    settings.PENGADUAN_BATAS_KIRIM = 2
    client.post("/pengaduan/kirim/", _post())
    client.post("/pengaduan/kirim/", _post())
    resp = client.post("/pengaduan/kirim/", _post(judul="Ketiga"))
    assert resp.status_code == 429
    assert "Terlalu banyak pengaduan terkirim dari alamat Anda" in resp.content.decode()
    assert "Ketiga" in resp.content.decode()  # the form keeps what was typed
    assert Pengaduan.objects.count() == 1  # the honeypot post counted, stored nothing


@pytest.mark.django_db
def test_a_wrong_code_gives_the_same_page_as_an_unknown_ticket(client, users):
    a, kode = adukan(users["fo"])
    salah = client.post("/pengaduan/cek/", {"tiket": a.nomor_tiket, "kode": "ABCD-2345-EFGH"})
    tidak_ada = client.post("/pengaduan/cek/", {"tiket": "ADU-2026-999999", "kode": "ABCD-2345-EFGH"})
    assert salah.status_code == tidak_ada.status_code == 400
    assert _tanpa_token(salah, a.nomor_tiket) == _tanpa_token(tidak_ada, "ADU-2026-999999")
    assert "Nomor tiket atau kode rahasia tidak cocok." in salah.content.decode()
    benar = client.post("/pengaduan/cek/", {"tiket": a.nomor_tiket.lower(), "kode": kode.lower()}, follow=True)
    assert "Sedang ditindaklanjuti" in benar.content.decode() or "Diterima" in benar.content.decode()


@pytest.mark.django_db
def test_repeated_wrong_codes_from_one_address_are_refused(client, users, settings):
    settings.PENGADUAN_BATAS_KODE = 3
    a, kode = adukan(users["fo"])
    for _ in range(3):
        assert client.post("/pengaduan/cek/", {"tiket": a.nomor_tiket, "kode": "ABCD2345EFGH"}).status_code == 400
    resp = client.post("/pengaduan/cek/", {"tiket": a.nomor_tiket, "kode": kode})
    assert resp.status_code == 429
    assert "Terlalu banyak percobaan kode yang salah" in resp.content.decode()
    # Another address is not affected.
    other = client.post("/pengaduan/cek/", {"tiket": a.nomor_tiket, "kode": kode}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


@pytest.mark.django_db
def test_the_status_page_shows_public_replies_by_jabatan_only(client, users):
    fo, survei = users["fo"], users["survei"]
    a, kode = adukan(fo, nik_pelapor="1609011204850001", nama_pelapor="Rahmat Hidayat")
    aksi.catat(a.pk, fo, Tanggapan.Jenis.INTERNAL, "CATATAN-RAHASIA: cek ke bank")
    a = maju(a, fo)
    a = maju(a, survei, catatan="Catatan survei internal")
    a = maju(a, fo, jawaban="Bantuan Anda cair pekan depan.")
    client.post("/pengaduan/cek/", {"tiket": a.nomor_tiket, "kode": kode})
    html = client.get("/pengaduan/status/").content.decode()
    assert "Bantuan Anda cair pekan depan." in html and "Selesai" in html
    assert "Dinas Sosial" in html  # the answering position's jabatan
    assert "CATATAN-RAHASIA" not in html and "Catatan survei internal" not in html
    assert "1609011204850001" not in html and "1609" not in html.split("Jawaban dan keterangan")[1]
    for user in (fo, survei):
        assert user.pegawai.nama not in html


@pytest.mark.django_db
def test_the_complainant_adds_information_rates_and_reopens(client, users):
    fo, survei = users["fo"], users["survei"]
    a, kode = adukan(fo)
    client.post("/pengaduan/cek/", {"tiket": a.nomor_tiket, "kode": kode})
    client.post("/pengaduan/status/info/", {"teks": "Nomor KKS saya 123."})
    a = maju(a, fo)
    a = maju(a, survei)
    a = maju(a, fo, jawaban="Sudah diproses.")
    resp = client.post("/pengaduan/status/nilai/", {"nilai": "1", "catatan": "Belum cair"}, follow=True)
    assert "Terima kasih atas penilaian Anda." in resp.content.decode()
    resp = client.post("/pengaduan/status/buka/", {"alasan": "Bantuan belum masuk."}, follow=True)
    assert "dibuka kembali" in resp.content.decode()
    a = Pengaduan.objects.get(pk=a.pk)
    assert a.nilai == 1 and a.dibuka_kembali_pada is not None and a.permohonan.status == "berjalan"
    assert a.tanggapan.filter(jenis="pelapor").count() == 2
    # Without ticket + code in this session, nothing is shown.
    client.cookies.clear()
    assert client.get("/pengaduan/status/").status_code == 404
