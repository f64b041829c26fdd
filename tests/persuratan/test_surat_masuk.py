"""Agenda surat masuk and the disposition tree, through the pages a person uses."""

import datetime
import io
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import LogAkses
from persuratan import aksi
from persuratan.models import KodeKlasifikasi, PenerimaDisposisi, Sifat, SuratMasuk
from tests.persuratan.conftest import catat_surat, instruksi, pdf_teks, pindaian


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _form(**ubah):
    data = {
        "tanggal_diterima": "2026-11-24",
        "pengirim": "BPJS Kesehatan Cabang Baturaja",
        "nomor_surat": "1234/II-05/1126",
        "tanggal_surat": "2026-11-20",
        "perihal": "Rekonsiliasi data PBI JK November 2026",
        "sifat": "segera",
        "klasifikasi": KodeKlasifikasi.objects.get(kode="400.9.3.3").pk,
        "berkas": pindaian(),
    }
    data.update(ubah)
    return {k: v for k, v in data.items() if v is not None}


def test_the_sekretariat_registers_a_letter_and_it_gets_the_next_agenda_number(client, org):
    catat_surat(org)
    client.force_login(org.users["umum"])
    response = client.post(reverse("persuratan:surat_masuk_baru"), _form())
    surat = SuratMasuk.objects.get(nomor_agenda=2)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Surat masuk tercatat dengan nomor agenda 2/2026." in page
    assert "BPJS Kesehatan Cabang Baturaja" in page and "Segera" in page
    assert surat.dicatat_jabatan == org.jabatan["pengadministrasi-umum"]
    assert surat.jenis_konten == "application/pdf"


def test_agenda_numbers_restart_each_year_without_gaps(org):
    nomor = [
        catat_surat(org, tanggal_diterima=datetime.date(2026, 12, 30)).label_agenda,
        catat_surat(org, tanggal_diterima=datetime.date(2026, 12, 31)).label_agenda,
        catat_surat(org, tanggal_diterima=datetime.date(2027, 1, 2), tanggal_surat=datetime.date(2026, 12, 29)).label_agenda,
    ]
    assert nomor == ["1/2026", "2/2026", "1/2027"]


def test_a_scan_that_is_not_a_pdf_or_image_is_refused_and_nothing_is_kept(client, org, tmp_path):
    client.force_login(org.users["umum"])
    palsu = pindaian("surat.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post(reverse("persuratan:surat_masuk_baru"), _form(berkas=palsu))
    html = response.content.decode()
    assert response.status_code == 200
    assert "bukan PDF, JPG atau PNG yang sah" in html
    assert 'value="BPJS Kesehatan Cabang Baturaja"' in html  # what was typed stays
    assert SuratMasuk.objects.count() == 0
    assert not [p for p in Path(tmp_path).rglob("*") if p.is_file()]


def test_a_letter_dated_after_it_arrived_or_an_unknown_case_is_refused_with_a_message(client, org):
    client.force_login(org.users["umum"])
    html = client.post(reverse("persuratan:surat_masuk_baru"), _form(tanggal_surat="2026-11-30")).content.decode()
    assert "Tanggal surat tidak boleh sesudah tanggal diterima." in html
    html = client.post(reverse("persuratan:surat_masuk_baru"), _form(nomor_registrasi="REG-TIDAK-ADA")).content.decode()
    assert "Permohonan dengan nomor registrasi REG-TIDAK-ADA tidak ada." in html
    html = client.post(reverse("persuratan:surat_masuk_baru"), _form(klasifikasi="")).content.decode()
    assert "Bidang ini tidak boleh kosong." in html
    assert SuratMasuk.objects.count() == 0


def test_only_agenda_keepers_register_letters(client, org):
    client.force_login(org.users["kasi"])
    assert client.get(reverse("persuratan:surat_masuk_baru")).status_code == 404
    assert client.post(reverse("persuratan:surat_masuk_baru"), _form()).status_code == 404
    assert SuratMasuk.objects.count() == 0


def _disposisi(client, surat, dari, kepada, teks=("Siapkan jawaban",), catatan="", batas=""):
    data = {
        "dari": dari.pk,
        "kepada": [j.pk for j in kepada],
        "instruksi": [i.pk for i in instruksi(*teks)],
        "catatan": catatan,
        "batas_waktu": batas,
    }
    return client.post(reverse("persuratan:disposisikan", args=[surat.pk]), data)


def test_kadis_disposes_to_the_kabid_who_disposes_to_the_kasi_who_reports(client, org):
    surat = catat_surat(org)
    j = org.jabatan
    client.force_login(org.users["kadis"])
    assert _disposisi(client, surat, j["kadis"], [j["kabid-linjamsos"]], batas="2026-11-28").status_code == 302

    client.force_login(org.users["kabid"])
    page = client.get(reverse("persuratan:surat_masuk", args=[surat.pk])).content.decode()
    assert "Siapkan jawaban" in page and "Disposisikan" in page
    r = _disposisi(
        client, surat, j["kabid-linjamsos"], [j["kasi-jaminan"]], ("Tindak lanjuti",), "Koordinasikan dengan BPJS"
    )
    assert r.status_code == 302

    client.force_login(org.users["kasi"])
    penerima = PenerimaDisposisi.objects.get(jabatan=j["kasi-jaminan"])
    r = client.post(
        reverse("persuratan:lapor", args=[surat.pk, penerima.pk]), {"tindak_lanjut": "Data dicocokkan, jawaban disiapkan."}
    )
    assert r.status_code == 302
    page = client.get(reverse("persuratan:surat_masuk", args=[surat.pk])).content.decode()
    assert "Tindak lanjut Kepala Seksi Jaminan Sosial Keluarga: Data dicocokkan" in page
    # The tree: the Kabid's disposition is printed under (indented beneath) the Kadis's.
    assert page.index("Kepala Dinas Sosial</strong>") < page.index("Kepala Bidang Perlindungan dan Jaminan Sosial</strong>")
    assert "margin-left: 1.5rem" in page


def test_a_disposition_goes_only_down_the_chart_and_needs_an_instruction(client, org):
    surat = catat_surat(org)
    j = org.jabatan
    client.force_login(org.users["kadis"])
    _disposisi(client, surat, j["kadis"], [j["kabid-linjamsos"]])
    client.force_login(org.users["kabid"])
    r = _disposisi(client, surat, j["kabid-linjamsos"], [j["kasi-rehsos"]])
    assert r.status_code == 400
    assert "Disposisi hanya dapat diteruskan ke jabatan di bawah jabatan Anda." in r.content.decode()
    r = _disposisi(client, surat, j["kabid-linjamsos"], [j["kasi-jaminan"]], teks=())
    assert "Centang sekurang-kurangnya satu instruksi atau tulis catatan." in r.content.decode()
    r = _disposisi(client, surat, j["kabid-linjamsos"], [], catatan="x")
    assert "Pilih sekurang-kurangnya satu jabatan tujuan." in r.content.decode()
    assert PenerimaDisposisi.objects.count() == 1  # only the Kadis's
    with pytest.raises(aksi.Ditolak):
        aksi.disposisikan(
            surat.pk, org.users["kabid"], j["kabid-linjamsos"].pk, [j["kabid-rehsos"]], instruksi("Koordinasikan")
        )


def test_someone_not_on_the_chain_cannot_dispose_or_report(client, org):
    surat = catat_surat(org)
    j = org.jabatan
    aksi.disposisikan(surat.pk, org.users["kadis"], j["kadis"].pk, [j["kabid-linjamsos"]], instruksi("Tindak lanjuti"))
    penerima = PenerimaDisposisi.objects.get()
    client.force_login(org.users["kasi_rehsos"])
    assert _disposisi(client, surat, j["kasi-rehsos"], [j["staf-jaminan"]]).status_code == 404
    client.force_login(org.users["kasi"])  # sees nothing yet: not disposed to the Kasi
    assert client.post(reverse("persuratan:lapor", args=[surat.pk, penerima.pk]), {"tindak_lanjut": "x"}).status_code == 404


def test_the_lembar_disposisi_pdf_shows_the_chain(client, org):
    surat = catat_surat(org)
    j = org.jabatan
    aksi.disposisikan(surat.pk, org.users["kadis"], j["kadis"].pk, [j["kabid-linjamsos"]], instruksi("Siapkan jawaban"))
    aksi.disposisikan(
        surat.pk, org.users["kabid"], j["kabid-linjamsos"].pk, [j["kasi-jaminan"]], instruksi("Tindak lanjuti"), "Segera"
    )
    client.force_login(org.users["kasi"])
    response = client.get(reverse("persuratan:lembar_disposisi", args=[surat.pk]))
    assert response["Content-Type"] == "application/pdf"
    teks = " ".join(pdf_teks(response.content).split())
    assert "LEMBAR DISPOSISI" in teks and "DINAS SOSIAL" in teks
    assert "1/2026" in teks and "1234/II-05/1126" in teks
    assert teks.index("Siapkan jawaban") < teks.index("Tindak lanjuti")
    assert "Kepala Seksi Jaminan Sosial Keluarga" in teks


def test_the_agenda_filters_and_searches(client, org):
    catat_surat(org, perihal="Undangan rapat koordinasi PKH", pengirim="Bupati OKU Selatan")
    catat_surat(org, perihal="Rekonsiliasi PBI", sifat=Sifat.SEGERA)
    client.force_login(org.users["umum"])
    url = reverse("persuratan:agenda_masuk")
    assert "Undangan rapat" in client.get(url, {"q": "bupati"}).content.decode()
    assert "Rekonsiliasi PBI" not in client.get(url, {"q": "bupati"}).content.decode()
    html = client.get(url, {"sifat": "segera"}).content.decode()
    assert "Rekonsiliasi PBI" in html and "Undangan rapat" not in html
    assert client.get(url, {"tahun": "dua ribu"}).status_code == 400


def test_the_xlsx_export_writes_text_never_a_formula(client, org):
    catat_surat(org, perihal='=HYPERLINK("http://contoh.invalid","klik")')
    client.force_login(org.users["umum"])
    response = client.get(reverse("persuratan:agenda_masuk_xlsx"))
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[2][0] == "No. agenda"
    assert rows[3][0] == "1/2026"
    assert rows[3][5] == '\'=HYPERLINK("http://contoh.invalid","klik")'
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_the_scan_is_served_only_after_the_check_and_every_view_is_logged(client, org):
    surat = catat_surat(org)
    client.force_login(org.users["umum"])
    response = client.get(reverse("persuratan:surat_masuk_berkas", args=[surat.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert LogAkses.objects.filter(objek__contains="pindaian surat masuk 1/2026", diizinkan=True).exists()


def _hitung(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("username", ["umum", "kadis", "kasi"])
def test_the_agenda_list_asks_the_same_number_of_queries_at_5_and_40_letters(client, org, username):
    j = org.jabatan
    for _ in range(5):
        s = catat_surat(org)
        aksi.disposisikan(s.pk, org.users["kadis"], j["kadis"].pk, [j["kasi-jaminan"]], instruksi("Tindak lanjuti"))
    client.force_login(org.users[username])
    url = reverse("persuratan:agenda_masuk")
    sedikit = _hitung(client, url)
    for _ in range(35):
        s = catat_surat(org, sifat=Sifat.RAHASIA)
        aksi.disposisikan(s.pk, org.users["kadis"], j["kadis"].pk, [j["kasi-jaminan"]], instruksi("Tindak lanjuti"))
    banyak = _hitung(client, url)
    assert sedikit == banyak
    assert banyak <= 12


def test_the_letter_page_asks_the_same_number_of_queries_with_a_longer_chain(client, org):
    j = org.jabatan
    surat = catat_surat(org)
    aksi.disposisikan(surat.pk, org.users["kadis"], j["kadis"].pk, [j["kabid-linjamsos"]], instruksi("Tindak lanjuti"))
    client.force_login(org.users["sekretaris"])
    url = reverse("persuratan:surat_masuk", args=[surat.pk])
    pendek = _hitung(client, url)
    aksi.disposisikan(surat.pk, org.users["kabid"], j["kabid-linjamsos"].pk, [j["kasi-jaminan"]], instruksi("Koordinasikan"))
    aksi.disposisikan(surat.pk, org.users["kasi"], j["kasi-jaminan"].pk, [j["staf-jaminan"]], instruksi("Tindak lanjuti"))
    panjang = _hitung(client, url)
    assert pendek == panjang


def test_every_staff_role_finds_persuratan_in_the_menu(client, org):
    for username in ["umum", "staf", "kasi", "kabid", "sekretaris", "kadis"]:
        client.force_login(org.users[username])
        html = client.get(reverse("persuratan:agenda_masuk")).content.decode()
        assert f'href="{reverse("persuratan:agenda_masuk")}">Persuratan</a>' in html, username
        tab_keluar = f'href="{reverse("persuratan:agenda_keluar")}">Agenda surat keluar' in html
        assert tab_keluar == (username in ("umum", "sekretaris", "kadis")), username


def test_a_letter_about_a_citizen_case_is_linked_to_it(client, users):
    from tests.layanan.helpers import daftar
    from tests.persuratan.conftest import isi_daftar_baku

    isi_daftar_baku()
    permohonan = daftar(users["fo"])
    client.force_login(users["sekretaris"])
    r = client.post(reverse("persuratan:surat_masuk_baru"), _form(nomor_registrasi=permohonan.nomor_registrasi))
    assert r.status_code == 302
    assert SuratMasuk.objects.get().permohonan == permohonan
    page = client.get(r["Location"]).content.decode()
    assert f'href="{reverse("layanan:detail", args=[permohonan.nomor_registrasi])}"' in page
