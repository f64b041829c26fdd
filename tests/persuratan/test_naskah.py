"""Naskah dinas keluar: drafted, initialled up the drafter's chart, signed, issued through `surat`."""

import io
import shutil
import subprocess
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from persuratan import aksi
from persuratan.models import KodeKlasifikasi, NaskahDinas, StatusNaskah
from surat.models import Surat
from tests.persuratan.conftest import buat_kantor, catat_surat, instruksi, pdf_teks

TAHUN = timezone.localdate().year


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _isian(**ubah):
    data = {
        "jenis": "surat_dinas",
        "klasifikasi": KodeKlasifikasi.objects.get(kode="400.9.3.3").pk,
        "sifat": "biasa",
        "lampiran": "1 (satu) berkas",
        "hal": "Jawaban rekonsiliasi data PBI JK",
        "tujuan": "Kepala BPJS Kesehatan Cabang Baturaja\ndi\nBaturaja",
        "tembusan": "Bupati Ogan Komering Ulu Selatan\nArsip",
        "isi": "Menindaklanjuti surat Saudara, data PBI JK telah kami cocokkan dengan DTKS.",
    }
    data.update(ubah)
    return data


def buat_naskah(org, oleh="kasi", membalas=None, **ubah) -> NaskahDinas:
    data = _isian(**ubah)
    pegawai = org.users[oleh].pegawai
    return NaskahDinas.objects.create(
        jenis=data["jenis"],
        klasifikasi_id=data["klasifikasi"],
        sifat=data["sifat"],
        lampiran=data["lampiran"],
        hal=data["hal"],
        tujuan=data["tujuan"],
        tembusan=data["tembusan"],
        isi=data["isi"],
        atas_nama=data.get("atas_nama", False),
        pembuat=pegawai,
        jabatan_pembuat=pegawai.jabatan,
        membalas=membalas,
    )


def siap_ttd(org, **kwargs) -> NaskahDinas:
    naskah = buat_naskah(org, **kwargs)
    aksi.ajukan(naskah.pk, org.users["kasi"])
    aksi.paraf(naskah.pk, org.users["kabid"])
    aksi.paraf(naskah.pk, org.users["sekretaris"])
    return NaskahDinas.objects.get(pk=naskah.pk)


def _aksi(client, naskah, nama, data=None):
    return client.post(reverse("persuratan:naskah_aksi", args=[naskah.pk, nama]), data or {})


def test_the_kasi_drafts_a_reply_the_chain_initials_and_the_kadis_signs(client, org):
    masuk = catat_surat(org)
    j = org.jabatan
    aksi.disposisikan(masuk.pk, org.users["kadis"], j["kadis"].pk, [j["kabid-linjamsos"]], instruksi("Siapkan jawaban"))
    aksi.disposisikan(
        masuk.pk, org.users["kabid"], j["kabid-linjamsos"].pk, [j["kasi-jaminan"]], instruksi("Tindak lanjuti")
    )
    client.force_login(org.users["kasi"])
    form = client.get(reverse("persuratan:naskah_baru"), {"membalas": masuk.pk}).content.decode()
    assert "Balasan surat nomor 1234/II-05/1126" in form and "BPJS Kesehatan Cabang Baturaja" in form
    r = client.post(reverse("persuratan:naskah_baru"), {**_isian(), "membalas": masuk.pk})
    naskah = NaskahDinas.objects.get()
    assert r.status_code == 302 and naskah.membalas == masuk
    assert _aksi(client, naskah, "ajukan").status_code == 302
    naskah.refresh_from_db()
    assert naskah.rantai == [j["kabid-linjamsos"].pk, j["sekretaris"].pk]
    assert _aksi(client, naskah, "paraf").status_code == 409  # not the Kasi's turn

    client.force_login(org.users["kadis"])
    assert _aksi(client, naskah, "tandatangani").status_code == 409  # initials first
    for username in ["kabid", "sekretaris"]:
        client.force_login(org.users[username])
        assert "Paraf" in client.get(reverse("persuratan:naskah", args=[naskah.pk])).content.decode()
        assert _aksi(client, naskah, "paraf").status_code == 302

    client.force_login(org.users["kadis"])
    r = _aksi(client, naskah, "tandatangani")
    assert r.status_code == 302
    naskah.refresh_from_db()
    assert naskah.status == StatusNaskah.TERBIT
    assert naskah.surat.nomor == f"400.9.3.3/0001/DINSOS/{TAHUN}"
    page = client.get(r["Location"]).content.decode()
    assert f"terbit dengan nomor 400.9.3.3/0001/DINSOS/{TAHUN}" in page
    assert (
        f"400.9.3.3/0001/DINSOS/{TAHUN}" in client.get(reverse("persuratan:surat_masuk", args=[masuk.pk])).content.decode()
    )

    teks = " ".join(pdf_teks(bytes(naskah.surat.pdf)).split())
    for bagian in [
        f"Nomor : 400.9.3.3/0001/DINSOS/{TAHUN}",
        "Sifat : Biasa",
        "Lampiran : 1 (satu) berkas",
        "Hal : Jawaban rekonsiliasi data PBI JK",
        "Yth. Kepala BPJS Kesehatan Cabang Baturaja",
        "Kepala Dinas Sosial",
        "Zulfakar, S.Sos",
        "Pembina Utama Muda (IV/c)",
        "19680303 198803 1 002",
        "Tembusan: Bupati Ogan Komering Ulu Selatan; Arsip.",
    ]:
        assert bagian in teks, bagian
    assert "Paraf hierarki" not in teks
    arsip = " ".join(pdf_teks(bytes(naskah.surat.pdf_arsip)).split())
    assert "Paraf hierarki" in arsip and "Rahmat Hidayat" in arsip and "Hendra Saputra" in arsip


def test_the_issued_letter_verifies_on_the_public_page(client, org):
    naskah = siap_ttd(org)
    surat = aksi.tandatangani(naskah.pk, org.users["kadis"], "http://testserver/")
    assert surat.cocok(surat.sha256)
    client.logout()
    html = client.get(reverse("surat:verifikasi", args=[surat.token])).content.decode()
    assert surat.nomor in html and "Surat Dinas".upper() in html.upper()


def test_numbers_run_per_classification_code_and_share_the_counter_with_service_letters(org):
    KodeKlasifikasi.objects.get_or_create(kode="000.1.2", defaults={"nama": "Undangan"})
    undangan_kode = KodeKlasifikasi.objects.get(kode="000.1.2").pk
    nomor = []
    for kode in [None, undangan_kode, None]:
        ubah = {"klasifikasi": kode} if kode else {}
        n = siap_ttd(org, **ubah)
        nomor.append(aksi.tandatangani(n.pk, org.users["kadis"], "http://testserver/").nomor)
    assert nomor == [f"400.9.3.3/0001/DINSOS/{TAHUN}", f"000.1.2/0001/DINSOS/{TAHUN}", f"400.9.3.3/0002/DINSOS/{TAHUN}"]


def test_the_sekretaris_signs_on_behalf_of_the_kadis_when_the_drafter_chooses_an(client, org):
    naskah = buat_naskah(org, atas_nama=True)
    aksi.ajukan(naskah.pk, org.users["kasi"])
    naskah.refresh_from_db()
    assert naskah.rantai == [org.jabatan["kabid-linjamsos"].pk]  # the signer does not initial
    aksi.paraf(naskah.pk, org.users["kabid"])
    with pytest.raises(aksi.Ditolak):
        aksi.tandatangani(naskah.pk, org.users["kadis"], "http://testserver/")
    surat = aksi.tandatangani(naskah.pk, org.users["sekretaris"], "http://testserver/")
    teks = " ".join(pdf_teks(bytes(surat.pdf)).split())
    assert "a.n. Kepala Dinas Sosial Sekretaris Dinas" in teks and "Hendra Saputra" in teks


def test_an_initialler_returns_the_draft_with_a_note_and_the_drafter_edits_it(client, org):
    naskah = buat_naskah(org)
    aksi.ajukan(naskah.pk, org.users["kasi"])
    client.force_login(org.users["kabid"])
    r = _aksi(client, naskah, "kembalikan", {"catatan": ""})
    assert r.status_code == 400 and "Tuliskan apa yang harus diperbaiki." in r.content.decode()
    assert _aksi(client, naskah, "kembalikan", {"catatan": "Lengkapi jumlah data."}).status_code == 302
    client.force_login(org.users["kasi"])
    page = client.get(reverse("persuratan:naskah_ubah", args=[naskah.pk])).content.decode()
    assert "Rahmat Hidayat, S.Sos.: Lengkapi jumlah data." in page
    r = client.post(reverse("persuratan:naskah_ubah", args=[naskah.pk]), _isian(hal=""))
    assert r.status_code == 200 and "Bidang ini tidak boleh kosong." in r.content.decode()
    assert 'value="1 (satu) berkas"' in r.content.decode()
    r = client.post(reverse("persuratan:naskah_ubah", args=[naskah.pk]), _isian(isi="Isi baru dengan jumlah 1.234 data."))
    assert r.status_code == 302
    assert NaskahDinas.objects.get(pk=naskah.pk).isi == "Isi baru dengan jumlah 1.234 data."


def test_the_draft_preview_is_marked_and_unnumbered(client, org):
    naskah = buat_naskah(org, jenis="undangan", hal="Undangan rapat koordinasi PKH")
    client.force_login(org.users["kasi"])
    response = client.get(reverse("persuratan:naskah_pratinjau", args=[naskah.pk]))
    teks = " ".join(pdf_teks(response.content).split())
    assert "(nomor diberikan saat terbit)" in teks and "DRAF" in teks
    assert "Undangan rapat koordinasi PKH" in teks


@pytest.mark.parametrize("jenis", ["nota_dinas", "surat_edaran", "surat_tugas", "undangan"])
def test_every_kind_is_issued_with_its_title_and_number(org, jenis):
    naskah = siap_ttd(org, jenis=jenis)
    surat = aksi.tandatangani(naskah.pk, org.users["kadis"], "http://testserver/")
    teks = " ".join(pdf_teks(bytes(surat.pdf)).split())
    assert surat.nomor in teks
    if jenis in ("surat_edaran", "surat_tugas"):
        assert naskah.get_jenis_display().upper() in teks
    else:
        assert "Hal : Jawaban rekonsiliasi data PBI JK" in teks


def test_a_rahasia_naskah_is_hidden_from_positions_outside_it(client, org):
    naskah = buat_naskah(org, sifat="rahasia")
    for username, status in [("umum", 404), ("kasi_rehsos", 404), ("kasi", 200), ("kadis", 200)]:
        client.force_login(org.users[username])
        assert client.get(reverse("persuratan:naskah", args=[naskah.pk])).status_code == status, username


def test_the_outgoing_register_lists_every_letter_the_product_issues(client, org):
    naskah = siap_ttd(org)
    surat = aksi.tandatangani(naskah.pk, org.users["kadis"], "http://testserver/")
    layanan = Surat.objects.create(
        seri=surat.seri,
        tahun=TAHUN,
        urutan=99,
        nomor=f"400.9.3.3/0099/DINSOS/{TAHUN}",
        jenis_surat="sktm",
        judul="SURAT KETERANGAN TIDAK MAMPU",
        tanggal=surat.tanggal,
        nama_subjek="Siti Aminah",
        penandatangan_nama="Zulfakar, S.Sos",
        penandatangan_jabatan="Kepala Dinas Sosial",
        pdf=b"%PDF",
        sha256="0" * 64,
    )
    client.force_login(org.users["umum"])
    html = client.get(reverse("persuratan:agenda_keluar")).content.decode()
    assert surat.nomor in html and layanan.nomor in html
    assert "Jawaban rekonsiliasi data PBI JK" in html
    ws = load_workbook(io.BytesIO(client.get(reverse("persuratan:agenda_keluar_xlsx")).content)).active
    nomor = [row[0] for row in ws.iter_rows(min_row=4, values_only=True)]
    assert sorted(nomor) == sorted([surat.nomor, layanan.nomor])
    client.force_login(org.users["kasi"])
    assert client.get(reverse("persuratan:agenda_keluar")).status_code == 404


def test_the_qr_code_on_the_reply_leads_to_its_verification_page(client, org, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) tidak terpasang: uji QR dilewati.")
    try:
        from pyzbar.pyzbar import decode
    except ImportError as exc:
        pytest.skip(f"libzbar0 tidak terpasang: {exc}")
    from PIL import Image

    naskah = siap_ttd(org)
    surat = aksi.tandatangani(naskah.pk, org.users["kadis"], "http://testserver/")
    pdf = tmp_path / "naskah.pdf"
    pdf.write_bytes(bytes(surat.pdf))
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "hal")], check=True)
    url = decode(Image.open(next(tmp_path.glob("hal*.png"))))[0].data.decode()
    assert url == f"http://testserver/v/{surat.token}/"
    assert surat.nomor in client.get(url.removeprefix("http://testserver")).content.decode()


def _serentak(n, fn):
    barrier = threading.Barrier(n)
    hasil = [None] * n

    def run(i):
        try:
            barrier.wait()
            hasil[i] = ("ok", fn(i))
        except aksi.Ditolak as exc:
            hasil[i] = ("ditolak", str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return hasil


@pytest.mark.django_db(transaction=True)
def test_letters_signed_at_once_are_numbered_gapless_and_unique_per_classification(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("Penomoran serentak diuji di PostgreSQL (set DATABASE_URL); SQLite mengunci seluruh berkas.")
    settings.MEDIA_ROOT = tmp_path
    org = buat_kantor()
    KodeKlasifikasi.objects.get_or_create(kode="000.1.2", defaults={"nama": "Undangan"})
    undangan = KodeKlasifikasi.objects.get(kode="000.1.2").pk
    naskah = [siap_ttd(org, **({"klasifikasi": undangan} if i % 3 == 0 else {})) for i in range(9)]
    aksi.pastikan_templat()
    hasil = _serentak(9, lambda i: aksi.tandatangani(naskah[i].pk, org.users["kadis"], "http://testserver/").nomor)
    assert [h[0] for h in hasil] == ["ok"] * 9
    nomor = sorted(h[1] for h in hasil)
    assert nomor == sorted(
        [f"000.1.2/{i:04}/DINSOS/{TAHUN}" for i in range(1, 4)] + [f"400.9.3.3/{i:04}/DINSOS/{TAHUN}" for i in range(1, 7)]
    )


@pytest.mark.django_db(transaction=True)
def test_two_clicks_on_sign_issue_one_letter(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("Uji serentak butuh PostgreSQL (set DATABASE_URL).")
    settings.MEDIA_ROOT = tmp_path
    org = buat_kantor()
    naskah = siap_ttd(org)
    aksi.pastikan_templat()
    hasil = _serentak(3, lambda i: aksi.tandatangani(naskah.pk, org.users["kadis"], "http://testserver/").nomor)
    assert sorted(h[0] for h in hasil) == ["ditolak", "ditolak", "ok"]
    assert Surat.objects.count() == 1
    assert Surat.objects.get().nomor == f"400.9.3.3/0001/DINSOS/{TAHUN}"


def test_each_kind_starts_from_its_own_template_text(client, org):
    client.force_login(org.users["staf"])
    html = client.get(reverse("persuratan:naskah_baru"), {"jenis": "surat_tugas"}).content.decode()
    assert "Menugaskan kepada:" in html
    assert '<option value="surat_tugas" selected>' in html
    html = client.get(reverse("persuratan:naskah_baru"), {"jenis": "undangan"}).content.decode()
    assert "hari/tanggal" in html


def _hitung(client, url):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_outgoing_register_asks_the_same_number_of_queries_at_2_and_8_letters(client, org):
    for _ in range(2):
        aksi.tandatangani(siap_ttd(org).pk, org.users["kadis"], "http://testserver/")
    client.force_login(org.users["umum"])
    sedikit = _hitung(client, reverse("persuratan:agenda_keluar"))
    for _ in range(6):
        aksi.tandatangani(siap_ttd(org).pk, org.users["kadis"], "http://testserver/")
    assert _hitung(client, reverse("persuratan:agenda_keluar")) == sedikit


def test_the_naskah_page_asks_the_same_number_of_queries_with_more_initials(client, org):
    pendek = buat_naskah(org, atas_nama=True)
    aksi.ajukan(pendek.pk, org.users["kasi"])
    aksi.paraf(pendek.pk, org.users["kabid"])
    panjang = siap_ttd(org)
    client.force_login(org.users["kadis"])
    assert _hitung(client, reverse("persuratan:naskah", args=[pendek.pk])) == _hitung(
        client, reverse("persuratan:naskah", args=[panjang.pk])
    )


@pytest.mark.parametrize("username", ["kabid", "umum", "kadis"])
def test_the_naskah_list_asks_the_same_number_of_queries_at_2_and_8_open_naskah(client, org, username):
    for _ in range(2):
        aksi.ajukan(buat_naskah(org).pk, org.users["kasi"])
    client.force_login(org.users[username])
    sedikit = _hitung(client, reverse("persuratan:naskah_daftar"))
    for i in range(6):
        aksi.ajukan(buat_naskah(org, sifat="rahasia" if i % 2 else "biasa").pk, org.users["kasi"])
    assert _hitung(client, reverse("persuratan:naskah_daftar")) == sedikit
    html = client.get(reverse("persuratan:naskah_daftar")).content.decode()
    assert html.count("Jawaban rekonsiliasi data PBI JK") == (5 if username == "umum" else 8)


def test_a_rahasia_naskah_stays_inside_its_chain_on_the_letter_pages_and_in_the_register_search(client, org):
    # The issued letter also has the generic letter pages (layanan) and the outgoing register.
    naskah = siap_ttd(org, sifat="rahasia", tujuan="Kepala Kejaksaan Negeri\ndi\nMuaradua")
    surat = aksi.tandatangani(naskah.pk, org.users["kadis"], "http://testserver/")
    halaman = [reverse("layanan:surat_detail", args=[surat.pk]), reverse("layanan:surat_pdf", args=[surat.pk])]
    client.force_login(org.users["umum"])  # the agenda keeper, not on this letter's chain
    for url in halaman:
        assert client.get(url).status_code == 404, url
    register = reverse("persuratan:agenda_keluar")
    assert surat.nomor not in client.get(register, {"q": "Kejaksaan"}).content.decode()
    assert surat.nomor in client.get(register, {"q": surat.nomor}).content.decode()
    client.force_login(org.users["kabid"])  # on the chain (initialled it)
    for url in halaman:
        assert client.get(url).status_code == 200, url
