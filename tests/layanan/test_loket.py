"""The counter's daily friction (issue 19): phone formats, scans kept across a failed submit,
an accepted NIK mismatch with a written note."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from layanan import titipan
from layanan.forms import OrangForm
from layanan.models import Dokumen, Permohonan, Riwayat
from sop.models import VersiSop
from tests.layanan.helpers import form_post
from tests.layanan.test_pendaftaran import PNG


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def fo(client, users):
    client.force_login(users["fo"])
    return client


@pytest.fixture
def sktm(kantor):
    return VersiSop.objects.terbit().get(sop__kode="sktm")


def url(kode="sktm"):
    return reverse("layanan:baru_form", args=[kode])


def scan(name="ktp.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.mark.parametrize(
    "typed", ["0812-7345-6621", "+62 812 7345 6621", "0812 7345 6621", "6281273456621", "081273456621", "0812.7345.6621"]
)
def test_it_accepts_common_phone_formats_and_stores_one(fo, sktm, typed):
    response = fo.post(url(), form_post(sktm, **{"pemohon-nomor_hp": typed}))
    assert response.status_code == 302
    assert Permohonan.objects.get().pemohon.nomor_hp == "081273456621"


@pytest.mark.parametrize("typed", ["12345", "0212-345-678", "0812-abc-6621", "+1 812 7345 6621", "08123"])
def test_it_refuses_what_is_not_a_mobile_number(fo, sktm, typed):
    html = fo.post(url(), form_post(sktm, **{"pemohon-nomor_hp": typed})).content.decode()
    assert "Nomor HP tidak valid" in html
    assert Permohonan.objects.count() == 0


def test_a_failed_submit_keeps_the_scans_and_the_next_submit_registers_them(fo, sktm):
    data = form_post(sktm, **{"pemohon-nomor_hp": "nomor salah"})
    html = fo.post(url(), {**data, "berkas_0": scan("ktp-siti.png")}).content.decode()
    assert "Nomor HP tidak valid" in html
    assert "Terlampir: <strong>ktp-siti.png</strong>" in html
    assert "Pindaian yang sudah dipilih tetap terlampir." in html
    assert Permohonan.objects.count() == 0 and Dokumen.objects.count() == 0
    # The same form (same kunci) is sent again with the phone corrected and no file chosen.
    response = fo.post(url(), {**data, "pemohon-nomor_hp": "0812 7345 6621"})
    assert response.status_code == 302
    doc = Permohonan.objects.get().dokumen.exclude(berkas="").get()
    assert doc.nama == sktm.persyaratan.first().nama and doc.berkas.read() == PNG
    assert doc.jenis_konten == "image/png"
    assert not titipan.info(fo, data["kunci"])  # the kept copy is gone once the case holds its own
    assert _kept_files() == []


def _kept_files():
    from pathlib import Path

    from django.conf import settings

    return [p for p in (Path(settings.MEDIA_ROOT) / titipan.FOLDER).rglob("*") if p.is_file()]


def test_a_kept_scan_can_be_removed(fo, sktm):
    data = form_post(sktm, **{"pemohon-nomor_hp": "nomor salah"})
    fo.post(url(), {**data, "berkas_0": scan()})
    assert len(_kept_files()) == 1
    response = fo.post(url(), {**data, "pemohon-nomor_hp": "", "lepas_berkas_0": "on"})
    assert response.status_code == 302
    assert not Permohonan.objects.get().dokumen.exclude(berkas="").exists()
    assert _kept_files() == []


def test_a_kept_scan_is_only_for_the_session_that_chose_it(fo, sktm, users):
    from django.test import Client

    data = form_post(sktm, **{"pemohon-nomor_hp": "nomor salah"})
    fo.post(url(), {**data, "berkas_0": scan()})
    other = Client()
    other.force_login(users["fo"])
    response = other.post(url(), {**data, "pemohon-nomor_hp": ""})
    assert response.status_code == 302
    assert not Permohonan.objects.get().dokumen.exclude(berkas="").exists()


def test_a_bad_scan_is_not_kept_and_says_so(fo, sktm):
    fake = SimpleUploadedFile("ktp.pdf", b"MZ\x90\x00 bukan PDF", content_type="application/pdf")
    html = fo.post(url(), {**form_post(sktm), "berkas_0": fake, "berkas_1": scan("kk.png")}).content.decode()
    assert "bukan PDF, JPG atau PNG yang sah" in html
    assert "Terlampir: <strong>kk.png</strong>" in html and "ktp.pdf</strong>" not in html
    assert len(_kept_files()) == 1


def test_old_kept_scans_are_cleaned_up(fo, sktm):
    fo.post(url(), {**form_post(sktm, **{"pemohon-nomor_hp": "x"}), "berkas_0": scan()})
    assert titipan.bersihkan() == 0
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=25)
    assert titipan.bersihkan(sebelum=later) == 1
    assert _kept_files() == []


# -- NIK against birth date and sex ----------------------------------------------------


def test_a_mismatch_without_a_note_is_refused_and_asks_for_one(fo, sktm):
    html = fo.post(url(), form_post(sktm, **{"pemohon-tanggal_lahir": "1985-04-13"})).content.decode()
    assert "Tanggal lahir tidak sesuai NIK (NIK menunjukkan 12 April 1985)" in html
    assert "Catatan perbedaan dengan NIK" in html
    assert Permohonan.objects.count() == 0


def test_a_mismatch_with_a_note_registers_and_logs_the_note_on_the_case(fo, sktm):
    note = "KTP asli diperiksa: tanggal lahir pada KTP 13 April 1985."
    data = form_post(sktm, **{"pemohon-tanggal_lahir": "1985-04-13", "pemohon-jenis_kelamin": "P"})
    response = fo.post(url(), {**data, "pemohon-catatan_nik": note})
    assert response.status_code == 302
    p = Permohonan.objects.get()
    assert p.pemohon.tanggal_lahir == datetime.date(1985, 4, 13) and p.pemohon.jenis_kelamin == "P"
    row = Riwayat.objects.get(permohonan=p, aksi="beda_nik")
    assert "NIK menunjukkan 12 April 1985" in row.catatan and "NIK menunjukkan laki-laki" in row.catatan
    assert note in row.catatan and row.oleh.username == "fo"
    html = fo.get(response["Location"]).content.decode()
    assert "Data berbeda dari NIK diterima petugas" in html and note in html


def test_a_note_alone_changes_nothing_when_the_data_agree():
    form = OrangForm({"nik": "1609015204850001", "tanggal_lahir": "1985-04-12", "jenis_kelamin": "P", "catatan_nik": "x"})
    form.is_valid()
    assert form.beda_nik == [] and form.catatan_beda_nik("pemohon") == ""


# -- partial completion of a returned case -----------------------------------------------


def _dua_kurang(users, sktm):
    from tests.layanan.helpers import daftar

    kurang = [s.nama for s in sktm.persyaratan.all()[:2]]
    return daftar(users["fo"], kurang=kurang), kurang


def _lengkapi(fo, p, data):
    """POST the completion form; `data` keys name documents by position in the original list."""
    from layanan.aksi import token_status
    from layanan.forms import kunci_berkas

    p = Permohonan.objects.get(pk=p.pk)
    awal = [s.nama for s in p.versi_sop.persyaratan.all()]
    post = {}
    for key, value in data.items():
        field, i = key.rsplit("_", 1)
        post[f"{field}_{kunci_berkas(awal[int(i)])}"] = value
    return fo.post(reverse("layanan:lengkapi", args=[p.nomor_registrasi]), {"token": token_status(p), **post})


def test_one_of_two_missing_documents_is_kept_and_the_case_waits_for_the_other(fo, users, sktm):
    p, kurang = _dua_kurang(users, sktm)
    response = _lengkapi(fo, p, {"berkas_1": scan("kk.png")})
    p.refresh_from_db()
    assert p.status == "dikembalikan" and p.berkas_kurang == [kurang[0]]
    doc = p.dokumen.get(nama=kurang[1])
    assert doc.berkas.read() == PNG
    row = p.riwayat.get(aksi="lengkapi_sebagian")
    assert row.catatan == f"Berkas diserahkan sebagian: {kurang[1]}. Masih kurang: {kurang[0]}."
    html = fo.get(response["Location"]).content.decode()
    assert f"Masih kurang: {kurang[0]}" in html
    assert f"<strong>Berkas kurang:</strong> {kurang[0]}" in html
    # The second visit brings the rest: the case goes back to verification.
    _lengkapi(fo, p, {"ada_0": "on"})
    p.refresh_from_db()
    assert p.status == "verifikasi" and p.dokumen.filter(nama__in=kurang).count() == 2


def test_completing_with_nothing_ticked_is_refused_and_changes_nothing(fo, users, sktm):
    p, kurang = _dua_kurang(users, sktm)
    response = _lengkapi(fo, p, {})
    p.refresh_from_db()
    assert p.berkas_kurang == kurang and p.status == "dikembalikan"
    html = fo.get(response["Location"]).content.decode()
    assert "Centang atau unggah sedikitnya satu berkas yang dibawa pemohon." in html


def test_a_form_opened_before_another_clerk_recorded_part_still_means_its_documents(fo, users, sktm):
    p, kurang = _dua_kurang(users, sktm)
    stale = Permohonan.objects.get(pk=p.pk)  # the page both clerks opened
    _lengkapi(fo, stale, {"ada_0": "on"})  # the first clerk records the first document
    _lengkapi(fo, stale, {"ada_1": "on"})  # the second clerk's form still names the second one
    p.refresh_from_db()
    assert p.status == "verifikasi"
    assert sorted(p.riwayat.filter(aksi__startswith="lengkapi").values_list("aksi", flat=True)) == [
        "lengkapi",
        "lengkapi_sebagian",
    ]


def test_partial_completion_needs_the_front_office(client, users, sktm):
    p, kurang = _dua_kurang(users, sktm)
    client.force_login(users["kasi"])
    _lengkapi(client, p, {"ada_1": "on"})
    p.refresh_from_db()
    assert p.berkas_kurang == kurang and not p.dokumen.filter(nama=kurang[1]).exists()


def test_the_notice_states_the_deadline_in_calendar_days(fo, users, sktm, settings):
    import io

    from django.utils import timezone
    from django.utils.formats import date_format
    from pypdf import PdfReader

    settings.BATAS_KEKURANGAN_HARI = 14
    p, kurang = _dua_kurang(users, sktm)
    batas = timezone.localdate(p.status_sejak) + datetime.timedelta(days=14)
    pdf = fo.get(reverse("layanan:kekurangan", args=[p.nomor_registrasi])).content
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert f"paling lambat {date_format(batas, 'j F Y')} (14 hari kalender" in text
    _lengkapi(fo, p, {"ada_1": "on"})
    pdf = fo.get(reverse("layanan:kekurangan", args=[p.nomor_registrasi])).content
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert kurang[0] in text and kurang[1] not in text
    assert f"paling lambat {date_format(batas, 'j F Y')}" in text  # the deadline does not move


# -- tracking and the worklist search by registration number --------------------------------


@pytest.mark.parametrize("typed", ["2026-000002", "REG-2026-000002", "reg-2026-000002", "2026-2", " 2026 000002 "])
def test_the_worklist_finds_a_case_by_its_number_with_or_without_reg(fo, users, typed):
    from tests.layanan.helpers import daftar

    first = daftar(users["fo"], nama="Warga Pertama")
    second = daftar(users["fo"], nama="Warga Kedua")
    assert second.nomor_registrasi.endswith("-000002")
    tahun = second.nomor_registrasi[4:8]
    html = fo.get(reverse("layanan:tugas"), {"semua": "1", "q": typed.replace("2026", tahun)}).content.decode()
    assert second.nomor_registrasi in html and first.nomor_registrasi not in html


@pytest.mark.parametrize("typed", ["2026-000002", "REG-2026-000002"])
def test_the_public_page_explains_a_registration_number_is_not_the_tracking_code(client, users, typed):
    html = client.post("/lacak/", {"kode": typed}).content.decode()
    assert "Ini nomor registrasi. Untuk melacak, isi kode lacak" in html
    assert f'value="{typed}"' in html


def test_the_public_page_says_the_letter_is_ready_at_the_counter(client, users):
    from layanan import lacak_kode
    from tests.layanan.helpers import daftar

    p = daftar(users["fo"])
    html = client.post("/lacak/", {"kode": lacak_kode.tampil(p.kode_lacak)}).content.decode()
    assert "siap diambil di loket" not in html
    Permohonan.objects.filter(pk=p.pk).update(status="terbit")
    html = client.post("/lacak/", {"kode": lacak_kode.tampil(p.kode_lacak)}).content.decode()
    assert "Surat sudah terbit dan <strong>siap diambil di loket</strong>" in html


def test_a_new_valid_scan_replaces_the_kept_one_and_a_bad_one_does_not(fo, sktm):
    data = form_post(sktm, **{"pemohon-nomor_hp": "nomor salah"})
    fo.post(url(), {**data, "berkas_0": scan("ktp-lama.png")})
    fake = SimpleUploadedFile("ktp-rusak.pdf", b"MZ bukan PDF", content_type="application/pdf")
    html = fo.post(url(), {**data, "berkas_0": fake}).content.decode()
    assert "bukan PDF, JPG atau PNG yang sah" in html and "Terlampir: <strong>ktp-lama.png</strong>" in html
    html = fo.post(url(), {**data, "berkas_0": scan("ktp-baru.png")}).content.decode()
    assert "Terlampir: <strong>ktp-baru.png</strong>" in html and "ktp-lama.png" not in html
    assert len(_kept_files()) == 1


def test_the_case_page_costs_the_same_queries_with_one_or_ten_survey_photos(fo, users, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from layanan import aksi
    from layanan.models import FotoSurvei, Survei
    from tests.layanan.helpers import daftar

    p = daftar(users["fo"])
    p = aksi.jalankan(p.pk, users["fo"], "verifikasi_berkas", token=aksi.token_status(p))
    foto = [scan("rumah-0.png")]
    aksi.catat_survei(p.pk, users["survei"], aksi.token_status(p), datetime.date(2026, 11, 26), True, "Layak", foto)
    url_detail = reverse("layanan:detail", args=[p.nomor_registrasi])
    with CaptureQueriesContext(connection) as ctx:
        assert fo.get(url_detail).status_code == 200
    survei = Survei.objects.get()
    for i in range(9):
        FotoSurvei.objects.create(survei=survei, berkas=scan(f"rumah-{i + 1}.png"))
    with django_assert_max_num_queries(len(ctx)):
        html = fo.get(url_detail).content.decode()
    assert html.count('alt="Foto kunjungan ') == 10


def test_the_public_page_states_the_deadline_of_a_returned_case(client, users, sktm):
    from django.utils import timezone
    from django.utils.formats import date_format

    from layanan import lacak_kode

    p, _kurang = _dua_kurang(users, sktm)
    batas = timezone.localdate(p.status_sejak) + datetime.timedelta(days=14)
    html = client.post("/lacak/", {"kode": lacak_kode.tampil(p.kode_lacak)}).content.decode()
    assert f'paling lambat <strong id="batas-kekurangan">{date_format(batas, "j F Y")}</strong>' in html
