"""Long lampiran: rendered in parts, joined, numbered "Halaman x dari y"; and the job that makes them."""

import io
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from operasi import tugas
from operasi.models import DetakPekerja
from surat import lampiran as lampiran_mod
from surat.lampiran import render_lampiran
from surat.models import LampiranSurat
from surat.penerbitan import Penandatangan
from surat.tugas_lampiran import LampiranGagal, buat_lampiran, daftar_sumber, minta_lampiran
from tests.operasi.helpers import jalankan_antrean

NOMOR = "400.9.3.3/0012/DINSOS/2026"
KOLOM = ["Nama", "NIK", "Alamat", "Desa", "Kecamatan", "Nilai"]


def nik(i):
    return f"16090101{i:08d}"


def baris_contoh(n):
    rows = []
    for i in range(n):
        alamat = f"Dusun {i % 7} RT 00{i % 9} RW 002"
        if i % 11 == 0:  # some addresses wrap onto a second line
            alamat += " Jalan Lintas Sumatera Kilometer 12 dekat Pasar Kalangan Lama"
        rows.append([f"Penerima {i} Binti Abdullah", nik(i), alamat, "Sukamaju", "Muara Dua", "Rp 300.000"])
    return rows


def halaman_teks(pdf):
    """Each page's text as a reader sees it: row by row (pypdf layout mode), spaces collapsed."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    teks = [p.extract_text(extraction_mode="layout") for p in pages]
    return ["\n".join(" ".join(line.split()) for line in t.splitlines()) for t in teks]


def render(n, **kwargs):
    args = {
        "judul": "Keputusan Kepala Dinas Sosial",
        "nomor": NOMOR,
        "kolom": KOLOM,
        "baris": baris_contoh(n),
        "tanggal": date(2026, 11, 24),
        "tentang": "Penerima bantuan alat bantu disabilitas",
        "judul_daftar": "DAFTAR PENERIMA BANTUAN",
        "total": 300_000 * n,
        **kwargs,
    }
    return render_lampiran(**args)


@pytest.fixture(scope="module")
def lampiran_potongan():
    """130 rows in parts of about 40 rows (one or two pages each), rendered by two processes."""
    return halaman_teks(render(130, per_potongan=40, pekerja=2))


def test_every_page_carries_the_number_and_halaman_x_dari_y(lampiran_potongan):
    pages = lampiran_potongan
    assert len(pages) >= 4  # more than one part, so the numbering crosses part boundaries
    for i, text in enumerate(pages, start=1):
        assert f"Halaman {i} dari {len(pages)}" in text
        assert f"Nomor {NOMOR}" in text
        assert "No. Nama NIK Alamat Desa Kecamatan Nilai" in text.splitlines()  # the header row repeats


def test_no_row_is_dropped_or_repeated_across_parts(lampiran_potongan):
    found = re.findall(r"\b16090101\d{8}\b", "\n".join(lampiran_potongan))
    assert found == [nik(i) for i in range(130)]
    # The running "No." column continues across parts too.
    assert "130 Penerima 129 Binti Abdullah 1609010100000129" in lampiran_potongan[-1]


def test_first_page_opens_with_the_lampiran_block_and_the_last_has_count_and_total(lampiran_potongan):
    first, last = lampiran_potongan[0], lampiran_potongan[-1]
    assert "LAMPIRAN KEPUTUSAN KEPALA DINAS SOSIAL" in first
    assert "Tanggal : 24 November 2026" in first
    assert "DAFTAR PENERIMA BANTUAN" in first
    assert all("DAFTAR PENERIMA BANTUAN" not in text for text in lampiran_potongan[1:])
    assert "Jumlah: 130 orang, Rp 39.000.000" in last
    assert all("Jumlah:" not in text for text in lampiran_potongan[:-1])


def test_pages_are_full_as_planned(lampiran_potongan):
    """The plan forces page breaks; no page is left with a stray row or two (an estimate miss)."""
    rows_per_page = [len(re.findall(r"\b16090101\d{8}\b", text)) for text in lampiran_potongan]
    assert min(rows_per_page[:-1]) >= 15, rows_per_page


def test_same_list_in_one_part_reads_the_same(lampiran_potongan):
    one = halaman_teks(render(130, per_potongan=10_000, pekerja=1))
    assert len(one) == len(lampiran_potongan)
    assert re.findall(r"\b16090101\d{8}\b", "\n".join(one)) == [nik(i) for i in range(130)]


def test_a_wrong_plan_is_corrected_and_numbering_stays_right(monkeypatch):
    """If the opening block is taller than estimated, page 1 overflows; a second pass renumbers."""
    monkeypatch.setattr(lampiran_mod, "_tinggi_kepala", lambda *args: 0.0)
    pages = halaman_teks(render(90, per_potongan=45, pekerja=1))
    assert len(pages) >= 4
    assert "LAMPIRAN KEPUTUSAN KEPALA DINAS SOSIAL" in pages[0] and nik(0) not in pages[0]  # the grid moved on
    for i, text in enumerate(pages, start=1):
        assert f"Halaman {i} dari {len(pages)}" in text
    assert re.findall(r"\b16090101\d{8}\b", "\n".join(pages)) == [nik(i) for i in range(90)]


def test_signature_block_and_no_count_line():
    ttd = Penandatangan("Dra. Siti Aminah", "196803031988031002", "Pembina (IV/a)", "Kepala Dinas Sosial")
    pages = halaman_teks(render(5, ttd=ttd, total=None, tampilkan_jumlah=False))
    assert len(pages) == 1
    assert "Dra. Siti Aminah" in pages[0] and "NIP. 19680303 198803 1 002" in pages[0]
    assert "Jumlah:" not in pages[0]


def test_portrait_for_few_columns_landscape_for_many():
    tegak = PdfReader(io.BytesIO(render_lampiran(judul="Surat", nomor="1", kolom=["Nama", "NIK"], baris=[["A", "1"]])))
    datar = PdfReader(io.BytesIO(render(3)))
    w, h = tegak.pages[0].mediabox.width, tegak.pages[0].mediabox.height
    assert h > w
    w, h = datar.pages[0].mediabox.width, datar.pages[0].mediabox.height
    assert w > h


def test_a_row_with_the_wrong_number_of_cells_is_refused():
    with pytest.raises(ValueError, match="Baris 2 berisi 2 kolom, seharusnya 3"):
        render_lampiran(judul="Surat", nomor="1", kolom=["A", "B", "C"], baris=[["1", "2", "3"], ["1", "2"]])


def test_an_empty_list_still_says_zero():
    pages = halaman_teks(render_lampiran(judul="Surat", nomor="1", kolom=["Nama", "NIK"], baris=[], total=0))
    assert len(pages) == 1 and "Jumlah: 0 orang, Rp 0" in pages[0] and "Halaman 1 dari 1" in pages[0]


def test_a_word_wider_than_its_column_is_cut_not_lost():
    kata = "Tanpaspasisamasekaliyangpanjangnyamelebihikolomnya" * 2
    pdf = render_lampiran(judul="Surat", nomor="1", kolom=["Nama", "NIK", "Alamat"], baris=[["A", "1", kata]])
    pages = halaman_teks(pdf)
    assert kata in "".join(pages[0].split())


def test_a_row_longer_than_a_page_is_refused_with_a_message():
    with pytest.raises(ValueError, match="Baris 2 terlalu panjang untuk satu halaman"):
        render_lampiran(judul="Surat", nomor="1", kolom=["Nama", "Catatan"], baris=[["A", "x"], ["B", "kata " * 3000]])


def test_cell_text_is_escaped_not_markup():
    pages = halaman_teks(render_lampiran(judul="Surat", nomor="1", kolom=["Nama"], baris=[["<b>Budi</b> & Ani"]]))
    assert "<b>Budi</b> & Ani" in pages[0]


# --- the job -------------------------------------------------------------------------------

SUMBER_GAGAL = {"pesan": ""}


@daftar_sumber("uji-lampiran")
def _sumber_uji(kunci):
    if SUMBER_GAGAL["pesan"]:
        raise LampiranGagal(SUMBER_GAGAL["pesan"])
    n = int(kunci)
    judul = "Keputusan Kepala Dinas Sosial"
    return {"judul": judul, "nomor": NOMOR, "kolom": KOLOM, "baris": baris_contoh(n), "total": 300_000 * n}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    SUMBER_GAGAL["pesan"] = ""
    return settings.MEDIA_ROOT


@pytest.fixture
def peminta(db):
    return get_user_model().objects.create_user("peminta", password="x")


def test_the_job_renders_stores_and_shows_the_lampiran(client, media, peminta, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lampiran = minta_lampiran("uji-lampiran", "25", user=peminta)
    client.force_login(peminta)
    status_url = reverse("surat:lampiran_status", args=[lampiran.pk])
    html = client.get(status_url).content.decode()
    assert "Menunggu" in html and "menunggu pekerja" in html and 'hx-trigger="every 2s"' in html
    assert "Belum ada pekerja latar yang aktif" in html

    jalankan_antrean()

    lampiran.refresh_from_db()
    assert lampiran.status == "selesai" and lampiran.diproses == lampiran.jumlah_baris == 25
    assert lampiran.nomor == NOMOR and lampiran.jumlah_halaman == 1
    html = client.get(status_url).content.decode()
    assert "Lampiran selesai" in html and "1 halaman, 25 baris" in html and "hx-trigger" not in html
    response = client.get(reverse("surat:lampiran_unduh", args=[lampiran.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)
    assert "Jumlah: 25 orang, Rp 7.500.000" in halaman_teks(pdf)[-1]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_another_user_gets_404_and_the_refusal_is_logged(client, media, peminta):
    from audit.models import LogAkses

    lampiran = LampiranSurat.objects.create(sumber="uji-lampiran", kunci="3", diminta_oleh=peminta)
    orang_lain = get_user_model().objects.create_user("lain", password="x")
    client.force_login(orang_lain)
    assert client.get(reverse("surat:lampiran_status", args=[lampiran.pk])).status_code == 404
    assert client.get(reverse("surat:lampiran_unduh", args=[lampiran.pk])).status_code == 404
    assert LogAkses.objects.filter(diizinkan=False, objek=f"lampiran id {lampiran.pk}").count() == 2
    client.logout()
    response = client.get(reverse("surat:lampiran_status", args=[lampiran.pk]))
    assert response.status_code == 302  # to the login page


def test_progress_reads_with_thousands_separated(client, media, peminta):
    lampiran = LampiranSurat.objects.create(
        sumber="uji-lampiran", kunci="3", diminta_oleh=peminta, status="berjalan", diproses=8000, jumlah_baris=20000
    )
    client.force_login(peminta)
    html = client.get(reverse("surat:lampiran_status", args=[lampiran.pk])).content.decode()
    assert "8.000 dari 20.000 baris" in html and "40%" in html and 'hx-trigger="every 2s"' in html


def test_an_unfinished_lampiran_cannot_be_downloaded(client, media, peminta):
    lampiran = LampiranSurat.objects.create(sumber="uji-lampiran", kunci="3", diminta_oleh=peminta)
    client.force_login(peminta)
    assert client.get(reverse("surat:lampiran_unduh", args=[lampiran.pk])).status_code == 404


def test_a_failing_source_marks_the_lampiran_failed_with_its_reason(client, media, peminta):
    SUMBER_GAGAL["pesan"] = "Program bansos tidak ditemukan."
    lampiran = minta_lampiran("uji-lampiran", "5", user=peminta)
    buat_lampiran.enqueue(lampiran.pk)
    jalankan_antrean()
    lampiran.refresh_from_db()
    assert lampiran.status == "gagal"
    assert lampiran.pesan == "Lampiran gagal dibuat: Program bansos tidak ditemukan."
    client.force_login(peminta)
    html = client.get(reverse("surat:lampiran_status", args=[lampiran.pk])).content.decode()
    assert "Lampiran gagal dibuat" in html and "Program bansos tidak ditemukan." in html


def test_an_unknown_source_is_refused_at_once(db):
    with pytest.raises(LampiranGagal, match="tidak terdaftar"):
        minta_lampiran("tidak-ada", "1")
    assert not LampiranSurat.objects.exists()


def _tinggalkan(job, menit=5):
    """What a killed worker leaves behind: the job RUNNING, claimed by a worker that stopped beating."""
    job.status = "RUNNING"
    job.started_at = timezone.now() - timedelta(minutes=menit)
    job.worker_ids = [*job.worker_ids, "pekerja-mati"]
    job.save()
    DetakPekerja.objects.update_or_create(
        worker_id="pekerja-mati", defaults={"host": "mati", "pid": 1, "terakhir": timezone.now() - timedelta(minutes=menit)}
    )


def test_an_interrupted_job_is_retried_and_finishes(client, media, peminta):
    lampiran = minta_lampiran("uji-lampiran", "8", user=peminta)
    buat_lampiran.enqueue(lampiran.pk)
    LampiranSurat.objects.filter(pk=lampiran.pk).update(status="berjalan", diproses=4, jumlah_baris=8)
    _tinggalkan(DBTaskResult.objects.get())

    diulang, gagal = tugas.pulihkan_tugas_yatim()
    assert len(diulang) == 1 and gagal == []
    client.force_login(peminta)
    html = client.get(reverse("surat:lampiran_status", args=[lampiran.pk])).content.decode()
    assert "diantrekan ulang setelah percobaan ke-1 terputus" in html
    jalankan_antrean()

    lampiran.refresh_from_db()
    assert lampiran.status == "selesai" and lampiran.diproses == 8
    assert DBTaskResult.objects.get().worker_ids == ["pekerja-mati", "uji-pekerja"]


def test_after_the_last_attempt_the_lampiran_is_marked_failed(media, peminta, settings):
    settings.TUGAS_MAKS_PERCOBAAN = 1
    lampiran = minta_lampiran("uji-lampiran", "8", user=peminta)
    buat_lampiran.enqueue(lampiran.pk)
    LampiranSurat.objects.filter(pk=lampiran.pk).update(status="berjalan")
    _tinggalkan(DBTaskResult.objects.get())

    diulang, gagal = tugas.pulihkan_tugas_yatim()
    assert diulang == [] and len(gagal) == 1
    lampiran.refresh_from_db()
    assert lampiran.status == "gagal"
    assert lampiran.pesan.startswith("Lampiran gagal dibuat: Pekerja berhenti di tengah tugas")


def test_status_partial_queries_do_not_grow(client, media, peminta, django_assert_max_num_queries):
    lampiran = LampiranSurat.objects.create(sumber="uji-lampiran", kunci="3", diminta_oleh=peminta)
    client.force_login(peminta)
    url = reverse("surat:lampiran_status", args=[lampiran.pk])
    client.get(url)
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
