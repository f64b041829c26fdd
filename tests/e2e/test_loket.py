"""The counter's daily friction (issue 19) in Chromium: scans kept across a failed submit, phone
formats, the returning-applicant prefill, an accepted NIK mismatch, partial completion, survey
photos, public tracking from the receipt's QR, and the registry confirmation."""

import datetime
import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from dinsos.models import Desa
from layanan import aksi, lacak_kode
from layanan.models import Permohonan, Riwayat
from registri.models import Snapshot
from sop.models import VersiSop
from tests.conftest import ARTIFACTS, DEMO_PASSWORD, load_demo, masuk
from tests.layanan.helpers import daftar, nik
from tests.layanan.test_pendaftaran import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shots(page, name):
    """The page as a phone (390 px) and a laptop (1366 px) show it, kept in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"loket-{name}-{width}.png"), full_page=True)
        lebar = page.evaluate("document.documentElement.scrollWidth")
        assert lebar <= width, f"{name}: halaman melebar {lebar} px pada layar {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def kantor_e2e(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPOR_DI_LATAR = False
    return load_demo("oku-selatan")


def isi_pemohon(page, desa, nomor_hp):
    page.fill("#id_pemohon-nik", "1609011204850002")
    page.fill("#id_pemohon-nama", "Siti Aminah")
    page.fill("#id_pemohon-tempat_lahir", "Muaradua")
    page.fill("#id_pemohon-tanggal_lahir", "1985-04-12")
    page.select_option("#id_pemohon-jenis_kelamin", "L")
    page.fill("#id_pemohon-alamat", "Jl. Merdeka No. 5")
    page.select_option("#id_pemohon-kecamatan", str(desa.kecamatan_id))
    page.select_option("#id_pemohon-desa", str(desa.pk))
    page.fill("#id_pemohon-nomor_kk", "1609011506200002")
    page.fill("#id_pemohon-nomor_hp", nomor_hp)
    for field in page.locator("input[id^='id_isian_']").all():
        field.fill("RSUD Muaradua")
    for box in page.locator("input[id^='id_ada_']").all():
        box.check()


def test_a_failed_submit_keeps_the_scans_and_phone_formats_are_accepted(page, live_server, kantor_e2e, tmp_path):
    base = live_server.url
    desa = Desa.objects.select_related("kecamatan").order_by("pk").first()
    ktp, kk = tmp_path / "ktp-siti.png", tmp_path / "kk-siti.png"
    ktp.write_bytes(PNG)
    kk.write_bytes(PNG)
    masuk(page, base, "fo", DEMO_PASSWORD)
    page.goto(f"{base}/permohonan/baru/sktm/")
    isi_pemohon(page, desa, "+62 812 7345 6621")
    page.set_input_files("#id_berkas_0", str(ktp))
    page.set_input_files("#id_berkas_1", str(kk))
    # "Keperluan" left empty: the form comes back with an error ...
    page.get_by_role("button", name="Daftarkan permohonan").click()
    page.wait_for_load_state()
    assert page.get_by_text("Pindaian yang sudah dipilih tetap terlampir.").is_visible()
    assert page.locator("#id_keperluan").evaluate("e => e.classList.contains('is-invalid')")
    # ... and both scans still attached, by name.
    assert "ktp-siti.png" in page.locator("#tersimpan-berkas_0").inner_text()
    assert "kk-siti.png" in page.locator("#tersimpan-berkas_1").inner_text()
    assert page.locator("#id_pemohon-nomor_hp").input_value() == "+62 812 7345 6621"
    shots(page, "daftar-gagal-pindaian-tetap")
    page.fill("#id_keperluan", "Berobat ke rumah sakit")
    page.get_by_role("button", name="Daftarkan permohonan").click()
    page.wait_for_url(re.compile(r".*/permohonan/REG-\d{4}-\d{6}/$"))
    p = Permohonan.objects.get()
    assert p.pemohon.nomor_hp == "081273456621"
    assert page.get_by_role("link", name="lihat pindaian").count() == 2
    assert p.dokumen.exclude(berkas="").count() == 2
    # Other common ways of writing the same number are accepted too.
    for typed in ("0812-7345-6621", "0812 7345 6621", "6281273456621"):
        page.goto(f"{base}/permohonan/baru/sktm/")
        isi_pemohon(page, desa, typed)
        page.fill("#id_keperluan", "Berobat ke rumah sakit")
        page.get_by_role("button", name="Daftarkan permohonan").click()
        page.wait_for_url(re.compile(r".*/permohonan/REG-\d{4}-\d{6}/$"))
    assert set(Permohonan.objects.values_list("pemohon__nomor_hp", flat=True)) == {"081273456621"}


def test_the_returning_applicant_search_fills_the_birth_date(page, live_server, kantor_e2e, users):
    base = live_server.url
    daftar(users["fo"], tanggal_lahir=datetime.date(1988, 7, 5), nik=nik(lahir=datetime.date(1988, 7, 5)))
    masuk(page, base, "fo", DEMO_PASSWORD)
    page.goto(f"{base}/permohonan/baru/sktm/")
    page.fill("#cari-nik", nik(lahir=datetime.date(1988, 7, 5)))
    page.get_by_role("button", name="Cari", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Data pemohon terakhir ditemukan").is_visible()
    assert page.locator("#id_pemohon-tanggal_lahir").input_value() == "1988-07-05"
    assert page.locator("#id_pemohon-nama").input_value() == "Siti Aminah"


def test_the_front_office_accepts_a_nik_mismatch_with_a_note(page, live_server, kantor_e2e):
    base = live_server.url
    desa = Desa.objects.select_related("kecamatan").order_by("pk").first()
    masuk(page, base, "fo", DEMO_PASSWORD)
    page.goto(f"{base}/permohonan/baru/sktm/")
    isi_pemohon(page, desa, "")
    page.fill("#id_pemohon-tanggal_lahir", "1985-04-13")  # the KTP says 13 April, the NIK 12 April
    page.fill("#id_keperluan", "Berobat ke rumah sakit")
    page.get_by_role("button", name="Daftarkan permohonan").click()
    page.wait_for_load_state()
    assert page.get_by_text("Tanggal lahir tidak sesuai NIK (NIK menunjukkan 12 April 1985)").is_visible()
    assert Permohonan.objects.count() == 0
    shots(page, "daftar-beda-nik")
    catatan = "KTP asli diperiksa: tertulis 13 April 1985."
    page.get_by_label("Catatan perbedaan dengan NIK").fill(catatan)
    page.get_by_role("button", name="Daftarkan permohonan").click()
    page.wait_for_url(re.compile(r".*/permohonan/REG-\d{4}-\d{6}/$"))
    alert = page.locator(".beda-nik")
    assert "Data berbeda dari NIK diterima petugas" in alert.inner_text() and catatan in alert.inner_text()
    assert catatan in page.locator(".timeline").inner_text()
    assert Riwayat.objects.filter(aksi="beda_nik", catatan__contains=catatan).count() == 1
    shots(page, "detail-beda-nik")


def test_partial_completion_of_a_returned_case(page, live_server, kantor_e2e, users):
    base = live_server.url
    versi = VersiSop.objects.terbit().get(sop__kode="sktm")
    kurang = [s.nama for s in versi.persyaratan.all()[:2]]
    p = daftar(users["fo"], kurang=kurang)
    masuk(page, base, "fo", DEMO_PASSWORD)
    page.goto(f"{base}/permohonan/{p.nomor_registrasi}/")
    assert "Batas melengkapi:" in page.locator("#berkas-kurang").inner_text()
    page.get_by_label(kurang[1], exact=True).check()
    page.get_by_role("button", name="Simpan berkas yang diserahkan").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").filter(has_text=f"Masih kurang: {kurang[0]}.").is_visible()
    assert page.locator("#status").inner_text() == "Dikembalikan (berkas kurang)"
    assert page.locator("#berkas-kurang").inner_text().startswith(f"Berkas kurang: {kurang[0]}")
    shots(page, "detail-lengkap-sebagian")
    notice = page.request.get(f"{base}/permohonan/{p.nomor_registrasi}/kekurangan.pdf")
    text = " ".join(PdfReader(io.BytesIO(notice.body())).pages[0].extract_text().split())
    assert "paling lambat" in text and "14 hari kalender" in text
    assert kurang[0] in text and kurang[1] not in text
    (ARTIFACTS / "loket-kekurangan.pdf").write_bytes(notice.body())
    page.get_by_label(kurang[0], exact=True).check()
    page.get_by_role("button", name="Simpan berkas yang diserahkan").click()
    page.wait_for_load_state()
    assert page.locator("#status").inner_text() == "Verifikasi berkas"


def test_survey_photos_show_on_the_case_page(page, live_server, kantor_e2e, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    base = live_server.url
    p = daftar(users["fo"])
    p = aksi.jalankan(p.pk, users["fo"], "verifikasi_berkas", token=aksi.token_status(p))
    gambar = io.BytesIO()
    Image.new("RGB", (320, 240), (70, 130, 90)).save(gambar, "PNG")
    foto = SimpleUploadedFile("rumah.png", gambar.getvalue(), content_type="image/png")
    catatan = "Rumah semi permanen, dinding papan"
    aksi.catat_survei(p.pk, users["survei"], aksi.token_status(p), datetime.date(2026, 11, 26), True, catatan, [foto])
    masuk(page, base, "kasi", DEMO_PASSWORD)
    page.goto(f"{base}/permohonan/{p.nomor_registrasi}/")
    img = page.get_by_alt_text("Foto kunjungan 1, survei 26 November 2026")
    img.wait_for()
    assert img.evaluate("e => e.decode().then(() => e.naturalWidth)") == 320  # served and loaded
    shots(page, "detail-foto-survei")


def test_tracking_from_the_receipt_qr_and_by_number(page, live_server, kantor_e2e, users):
    base = live_server.url
    p = daftar(users["fo"])
    page.goto(f"{base}/lacak/#{p.kode_lacak}")
    page.wait_for_url(f"{base}/lacak/")
    page.locator("#tahap").wait_for()
    assert page.locator("#tahap").inner_text() == "Verifikasi berkas"
    assert page.locator(".invalid-feedback, .alert-danger").count() == 0
    assert page.get_by_text("tidak boleh kosong").count() == 0
    # The letter is issued: the page says where to fetch it.
    Permohonan.objects.filter(pk=p.pk).update(status="terbit")
    page.goto(f"{base}/lacak/#{lacak_kode.tampil(p.kode_lacak)}")
    page.locator("#siap-diambil").wait_for()
    assert "siap diambil di loket" in page.locator("#siap-diambil").inner_text()
    shots(page, "lacak-siap-diambil")
    # The registration number without "REG-": explained, not "not found".
    nomor = p.nomor_registrasi.removeprefix("REG-")
    page.get_by_label("Kode lacak").fill(nomor)
    page.get_by_role("button", name="Lacak").click()
    page.wait_for_load_state()
    assert page.get_by_text("Ini nomor registrasi. Untuk melacak, isi kode lacak").is_visible()
    shots(page, "lacak-nomor-registrasi")
    # Staff find it by the same number in Tugas.
    masuk(page, base, "fo", DEMO_PASSWORD)
    page.goto(f"{base}/tugas/?semua=1")
    page.fill("#f-q", nomor)
    page.press("#f-q", "Enter")
    page.wait_for_load_state()
    assert page.get_by_role("link", name=p.nomor_registrasi).is_visible()


def test_a_much_smaller_registry_upload_asks_for_confirmation(page, live_server, kantor_e2e, tmp_path):
    from registri.generator import tulis_csv
    from registri.impor import impor_berkas, proses_antrean
    from registri.models import Jenis

    base = live_server.url
    Snapshot.objects.filter(jenis=Jenis.DTKS).delete()
    tulis_csv(tmp_path / "lama.csv", 200, kode_wilayah="1609", seed=3)
    lama = impor_berkas(tmp_path / "lama.csv", Jenis.DTKS)
    tulis_csv(tmp_path / "uji-4-baris.csv", 4, kode_wilayah="1609", seed=4)
    masuk(page, base, "admin", DEMO_PASSWORD)
    page.goto(f"{base}/admin/registri/snapshot/unggah/")
    page.get_by_label("Jenis data").select_option("dtks")
    page.set_input_files("input[type=file]", str(tmp_path / "uji-4-baris.csv"))
    page.locator("input[type=submit], button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/progres/$"))
    proses_antrean()  # the worker's turn (IMPOR_DI_LATAR off, as on a multi-server office)
    page.reload()
    page.locator("#konfirmasi").wait_for()
    assert page.locator("#jumlah-baru").inner_text() == "4"
    assert page.locator("#jumlah-aktif").inner_text() == "200"
    assert Snapshot.objects.get(pk=lama.pk).aktif
    shots(page, "registri-konfirmasi")
    page.get_by_role("button", name="Ya, ganti dengan data baru (4 baris)").click()
    page.wait_for_load_state()
    assert page.get_by_text("Data baru (4 baris) kini dipakai.").is_visible()
    assert not Snapshot.objects.get(pk=lama.pk).aktif
    assert Snapshot.objects.get(nama_berkas="uji-4-baris.csv").aktif
