"""Whole journeys of a case through the office, in Chromium, with the demo accounts."""

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from dinsos.models import Desa
from layanan.models import Permohonan, Riwayat
from tests.conftest import ARTIFACTS, DEMO_PASSWORD, load_demo, masuk, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def keluar(page):
    # Let the case page's registry check (htmx, writes the access log) finish first: two
    # writers at once lock the in-memory SQLite test database.
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/masuk/")


def sebagai(page, base, username):
    if page.url and "/masuk/" not in page.url and page.get_by_role("button", name="Keluar").count():
        keluar(page)
    masuk(page, base, username, DEMO_PASSWORD)


def buka_kasus(page, base, nomor):
    page.goto(f"{base}/tugas/?semua=1&q={nomor}")
    page.get_by_role("link", name=nomor).click()
    page.wait_for_load_state()


def status(page):
    return page.locator("#status").inner_text()


def klik(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def daftar_di_loket(page, base, kode, nik, kurang_pertama=False, nama="Siti Aminah"):
    desa = Desa.objects.select_related("kecamatan").order_by("pk").first()
    page.goto(f"{base}/permohonan/baru/")
    page.locator(f"a[href='/permohonan/baru/{kode}/']").click()
    page.fill("#id_pemohon-nik", nik)
    page.fill("#id_pemohon-nama", nama)
    page.fill("#id_pemohon-tempat_lahir", "Muaradua")
    page.fill("#id_pemohon-tanggal_lahir", "1985-04-12")
    page.select_option("#id_pemohon-jenis_kelamin", "L")
    page.fill("#id_pemohon-alamat", "Jl. Merdeka No. 5")
    page.select_option("#id_pemohon-kecamatan", str(desa.kecamatan_id))
    page.select_option("#id_pemohon-desa", str(desa.pk))
    page.fill("#id_pemohon-nomor_kk", nik[:6] + "150620" + "0002")
    page.fill("#id_keperluan", "Berobat ke rumah sakit")
    for field in page.locator("input[id^='id_isian_']").all():
        field.fill("RSUD Muaradua")
    boxes = page.locator("input[id^='id_ada_']").all()
    for i, box in enumerate(boxes):
        if not (kurang_pertama and i == 0):
            box.check()
    shot(page, f"daftar-{kode}")
    page.get_by_role("button", name="Daftarkan permohonan").click()
    page.wait_for_url(re.compile(r".*/permohonan/REG-\d{4}-\d{6}/$"))
    return page.url.rstrip("/").split("/")[-1]


def survei(page, layak=True, catatan="Rumah semi permanen, penghasilan tidak tetap"):
    page.fill("#id_tanggal_kunjungan", "2026-11-26")
    page.get_by_label("Layak" if layak else "Tidak layak", exact=True).check()
    page.fill("#id_catatan", catatan)
    klik(page, "Simpan hasil survei")


def test_oku_sktm_from_counter_to_issued_letter(page, live_server):
    base = live_server.url
    load_demo("oku-selatan")
    sebagai(page, base, "fo")
    nomor = daftar_di_loket(page, base, "sktm", "1609011204850001")
    assert status(page) == "Verifikasi berkas"
    receipt = page.request.get(f"{base}/permohonan/{nomor}/tanda-terima.pdf")
    assert nomor in PdfReader(io.BytesIO(receipt.body())).pages[0].extract_text()
    klik(page, "Berkas lengkap, lanjutkan")
    assert status(page) == "Survei lapangan"

    sebagai(page, base, "survei")
    page.goto(f"{base}/tugas/")
    page.get_by_role("link", name=nomor).click()
    survei(page)
    assert status(page) == "Penyusunan konsep surat"

    sebagai(page, base, "fo")
    buka_kasus(page, base, nomor)
    draft = page.request.get(f"{base}/permohonan/{nomor}/konsep.pdf")
    assert "Siti Aminah" in PdfReader(io.BytesIO(draft.body())).pages[0].extract_text()
    klik(page, "Ajukan konsep untuk paraf/tanda tangan")
    assert status(page) == "Paraf berjenjang"

    for user in ["kasi", "kabid"]:
        sebagai(page, base, user)
        page.goto(f"{base}/tugas/")
        page.get_by_role("link", name=nomor).click()
        klik(page, "Paraf")
    assert status(page) == "Menunggu tanda tangan"

    sebagai(page, base, "kadis")
    page.goto(f"{base}/tugas/")
    page.get_by_role("link", name=nomor).click()
    shot(page, "kasus-ttd-kadis")
    # The Kadis often approves on a phone: the page must fit and the button must be reachable.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.get_by_role("button", name="Tanda tangani dan terbitkan").is_visible()
    shot(page, "kasus-ttd-kadis-ponsel")
    klik(page, "Tanda tangani dan terbitkan")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert status(page) == "Surat terbit"
    link = page.locator("#unduh-surat")
    pdf = page.request.get(base + link.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(pdf.body())).pages[0].extract_text().split())
    assert "SURAT KETERANGAN TIDAK MAMPU" in text and "Zulfakar, S.Sos" in text
    shot(page, "kasus-terbit")
    sebagai(page, base, "fo")
    buka_kasus(page, base, nomor)
    klik(page, "Serahkan kepada pemohon")
    assert status(page) == "Diserahkan kepada pemohon"
    bukti = page.request.get(f"{base}/permohonan/{nomor}/bukti-penyerahan.pdf")
    assert "TANDA TERIMA PENYERAHAN SURAT" in PdfReader(io.BytesIO(bukti.body())).pages[0].extract_text()


def test_incomplete_documents_are_returned_then_completed_and_issued(page, live_server):
    base = live_server.url
    load_demo("oku-selatan")
    sebagai(page, base, "fo")
    nomor = daftar_di_loket(page, base, "sktm", "1609011204850002", kurang_pertama=True)
    assert status(page) == "Dikembalikan (berkas kurang)"
    notice = page.request.get(f"{base}/permohonan/{nomor}/kekurangan.pdf")
    text = " ".join(PdfReader(io.BytesIO(notice.body())).pages[0].extract_text().split())
    assert "PEMBERITAHUAN KEKURANGAN BERKAS" in text and "Fotokopi KTP kepala keluarga" in text
    shot(page, "kasus-dikembalikan")
    # The applicant comes back the next working day: move the history one day back.
    kemarin = datetime.timedelta(days=1)
    p = Permohonan.objects.get(nomor_registrasi=nomor)
    for row in Riwayat.objects.filter(permohonan=p):
        Riwayat.objects.filter(pk=row.pk).update(waktu=row.waktu - kemarin)
    Permohonan.objects.filter(pk=p.pk).update(dibuat_pada=p.dibuat_pada - kemarin, status_sejak=p.status_sejak - kemarin)
    page.reload()
    page.locator("input[id^='id_ada_']").first.check()
    klik(page, "Simpan berkas yang diserahkan")
    assert status(page) == "Verifikasi berkas"
    riwayat = list(Riwayat.objects.filter(permohonan__nomor_registrasi=nomor).order_by("waktu"))
    assert riwayat[-1].aksi == "lengkapi" and (riwayat[-1].waktu - riwayat[0].waktu).days >= 1
    klik(page, "Berkas lengkap, lanjutkan")
    p = Permohonan.objects.get(nomor_registrasi=nomor)
    assert p.status == "survei" and Permohonan.objects.count() == 1
    sebagai(page, base, "survei")
    buka_kasus(page, base, nomor)
    survei(page)
    sebagai(page, base, "fo")
    buka_kasus(page, base, nomor)
    klik(page, "Ajukan konsep untuk paraf/tanda tangan")
    for user in ["kasi", "kabid"]:
        sebagai(page, base, user)
        buka_kasus(page, base, nomor)
        klik(page, "Paraf")
    sebagai(page, base, "kadis")
    buka_kasus(page, base, nomor)
    klik(page, "Tanda tangani dan terbitkan")
    assert status(page) == "Surat terbit"


def test_survey_not_eligible_goes_to_the_kasi_who_rejects_and_tracking_shows_status_only(page, live_server):
    base = live_server.url
    load_demo("oku-selatan")
    sebagai(page, base, "fo")
    nik = "1609011204850003"
    nomor = daftar_di_loket(page, base, "sktm", nik)
    kode = Permohonan.objects.get(nomor_registrasi=nomor).kode_lacak
    tampil = f"{kode[:4]}-{kode[4:8]}-{kode[8:]}"
    assert page.get_by_text(f"Kode lacak untuk pemohon: {tampil}").is_visible()
    klik(page, "Berkas lengkap, lanjutkan")
    sebagai(page, base, "survei")
    buka_kasus(page, base, nomor)
    survei(page, layak=False, catatan="Rumah permanen dan memiliki kendaraan roda empat")
    assert status(page) == "Tinjauan hasil survei tidak layak"
    sebagai(page, base, "kasi")
    page.goto(f"{base}/tugas/")
    page.get_by_role("link", name=nomor).click()
    assert page.get_by_role("link", name="Pratinjau konsep surat").count() == 1
    shot(page, "kasus-tinjau-kasi")
    klik(page, "Setujui hasil survei: tolak permohonan")
    assert status(page) == "Ditolak"
    assert page.get_by_role("link", name="Pratinjau konsep surat").count() == 0
    penolakan = page.request.get(base + page.locator("#surat-penolakan").get_attribute("href"))
    text = " ".join(PdfReader(io.BytesIO(penolakan.body())).pages[0].extract_text().split())
    assert "SURAT PEMBERITAHUAN PENOLAKAN PERMOHONAN" in text and "kendaraan roda empat" in text
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "surat-penolakan.pdf").write_bytes(penolakan.body())
    shot(page, "kasus-ditolak")
    keluar(page)
    # Typed by hand, in lower case with the dashes of the receipt.
    page.goto(f"{base}/lacak/")
    page.get_by_label("Kode lacak").fill(tampil.lower())
    klik(page, "Lacak")
    assert page.locator("#tahap").inner_text() == "Ditolak"
    html = page.content()
    # The surveyor's note, the applicant's name and the service are not public.
    assert "kendaraan roda empat" not in html and "Siti Aminah" not in html
    assert "Surat Keterangan Tidak Mampu" not in html and nomor not in html
    assert "/lacak/" in page.url and kode not in page.url
    shot(page, "lacak-ditolak")
    # The receipt's QR opens /lacak/#<code>; the page looks the case up by itself.
    page.goto(f"{base}/")
    page.goto(f"{base}/lacak/#{kode}")
    page.wait_for_url(f"{base}/lacak/")
    page.wait_for_selector("#tahap")
    assert page.locator("#tahap").inner_text() == "Ditolak"
    assert kode not in page.url


def test_lumajang_spm_paraf_chain_with_one_send_back(page, live_server):
    base = live_server.url
    load_demo("lumajang")
    sebagai(page, base, "fo")
    nomor = daftar_di_loket(page, base, "spm", "3508011204850001")
    # The SOP's steps: receive (1), decide on completeness (2), check the data (3), draft (4, 5).
    klik(page, "Berkas lengkap, lanjutkan")
    klik(page, "Ya")
    klik(page, "Berkas lengkap, lanjutkan")
    assert status(page) == "Penyusunan konsep surat"  # SPM has no survey step
    klik(page, "Ajukan konsep untuk paraf/tanda tangan")
    assert "Langkah 5 ·" in page.locator("#langkah-kini").inner_text()
    klik(page, "Langkah selesai, lanjutkan")
    assert status(page) == "Paraf berjenjang"
    sebagai(page, base, "kasi")
    buka_kasus(page, base, nomor)
    klik(page, "Paraf")
    sebagai(page, base, "kabid")
    buka_kasus(page, base, nomor)
    page.fill("#id_kembalikan_ke_konsep_catatan", "Alamat termohon belum lengkap")
    klik(page, "Kembalikan ke konsep")
    assert status(page) == "Penyusunan konsep surat"
    sebagai(page, base, "fo")
    buka_kasus(page, base, nomor)
    # The note is at the top of the page; the drafter corrects the data and resubmits.
    assert page.locator("#catatan-kembali").get_by_text("Alamat termohon belum lengkap").is_visible()
    shot(page, "kasus-konsep-dikembalikan")
    page.get_by_role("link", name="Perbaiki data dan isi surat").click()
    page.fill("#id_pemohon-alamat", "Jl. Merdeka No. 5, Dusun Krajan")
    page.fill("#id_keperluan", "Persyaratan beasiswa pendidikan anak")
    shot(page, "kasus-konsep-perbaiki")
    klik(page, "Simpan perbaikan")
    assert page.get_by_role("alert").get_by_text("Konsep diperbaiki: data pemohon, keperluan.").is_visible()
    klik(page, "Ajukan konsep untuk paraf/tanda tangan")
    klik(page, "Langkah selesai, lanjutkan")
    for user in ["kasi", "kabid", "sekretaris"]:
        sebagai(page, base, user)
        buka_kasus(page, base, nomor)
        klik(page, "Paraf")
    assert status(page) == "Menunggu tanda tangan"
    sebagai(page, base, "kadis")
    buka_kasus(page, base, nomor)
    klik(page, "Tanda tangani dan terbitkan")
    # Step 8 (copies of the signed letter) follows the signature; the letter is out.
    assert status(page) == "Sedang diproses" and page.locator("#unduh-surat").is_visible()
    actions = list(Riwayat.objects.filter(permohonan__nomor_registrasi=nomor).values_list("aksi", flat=True))
    assert actions.count("kembalikan_ke_konsep") == 1 and actions.count("paraf") == 4
    assert actions.count("ubah_konsep") == 1
    pdf = page.request.get(base + page.locator("#unduh-surat").get_attribute("href"))
    text = " ".join(PdfReader(io.BytesIO(pdf.body())).pages[0].extract_text().split())
    assert "Dusun Krajan" in text and "Persyaratan beasiswa pendidikan anak" in text and "survei" not in text
    shot(page, "kasus-spm-lumajang")


def test_user_without_the_step_position_cannot_act(page, live_server):
    base = live_server.url
    load_demo("oku-selatan")
    sebagai(page, base, "fo")
    nomor = daftar_di_loket(page, base, "sktm", "1609011204850004")
    from layanan.aksi import token_status

    token = token_status(Permohonan.objects.get(nomor_registrasi=nomor))
    sebagai(page, base, "kadis")
    buka_kasus(page, base, nomor)
    assert page.get_by_role("button", name="Berkas lengkap, lanjutkan").count() == 0
    # A forged POST is refused too, and nothing changes.
    page.evaluate(
        """([url, token]) => { const f = document.createElement('form'); f.method = 'post'; f.action = url;
        const csrf = document.cookie.match(/csrftoken=([^;]+)/)[1];
        for (const [k, v] of [['token', token], ['csrfmiddlewaretoken', csrf]]) {
          const i = document.createElement('input'); i.name = k; i.value = v; f.appendChild(i); }
        document.body.appendChild(f); f.submit(); }""",
        [f"/permohonan/{nomor}/aksi/verifikasi_berkas/", token],
    )
    page.get_by_text("Anda tidak berwenang").wait_for()
    assert status(page) == "Verifikasi berkas"
    assert Riwayat.objects.filter(permohonan__nomor_registrasi=nomor).count() == 1
    shot(page, "kasus-ditolak-wewenang")


def test_tanah_laut_dtks_letter_for_an_unregistered_nik_needs_a_written_reason(page, live_server):
    from django.utils import timezone

    from registri.models import Jenis, Snapshot

    base = live_server.url
    load_demo("tanah-laut")
    Snapshot.objects.create(
        jenis=Jenis.DTKS,
        nama_berkas="dtks.csv",
        status="selesai",
        aktif=True,
        selesai_pada=timezone.make_aware(datetime.datetime(2026, 10, 31, 10, 0)),
    )
    sebagai(page, base, "fo")
    nomor = daftar_di_loket(page, base, "dtks", "6301011204850001")
    klik(page, "Ya")  # step 2: the counter decides the file is complete
    fakta = page.locator("#fakta-registri")
    assert "Data DTKS per 31 Oktober 2026: tidak terdaftar" in " ".join(fakta.inner_text().split())
    klik(page, "Ajukan konsep untuk paraf/tanda tangan")
    assert page.get_by_text("Konsep tidak dapat diajukan kecuali Anda menuliskan alasannya.").is_visible()
    assert status(page) == "Penyusunan konsep surat"
    page.fill("#id_ajukan_konsep_alasan_registri", "Terdaftar di SIKS-NG per 20 November 2026")
    shot(page, "kasus-dtks-tidak-terdaftar")
    klik(page, "Ajukan konsep untuk paraf/tanda tangan")
    assert status(page) == "Paraf berjenjang"
    for user in ["kasi", "kabid"]:
        sebagai(page, base, user)
        buka_kasus(page, base, nomor)
        klik(page, "Paraf")
    sebagai(page, base, "kadis")
    buka_kasus(page, base, nomor)
    klik(page, "Tanda tangani dan terbitkan")
    assert status(page) == "Surat terbit"
    assert page.get_by_text("Tetap diajukan dengan alasan: Terdaftar di SIKS-NG").first.is_visible()
    pdf = page.request.get(base + page.locator("#unduh-surat").get_attribute("href"))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "surat-dtks-dikesampingkan.pdf").write_bytes(pdf.body())
    text = " ".join(PdfReader(io.BytesIO(pdf.body())).pages[0].extract_text().split())
    assert "per 31 Oktober 2026" in text and "Terdaftar di SIKS-NG per 20 November 2026" in text
