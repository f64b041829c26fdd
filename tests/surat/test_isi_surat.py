"""A letter states only what the office checked: the survey, and registry facts."""

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from layanan import aksi
from layanan.models import Permohonan, Riwayat, Status
from registri.generator import KOLOM_DTKS
from registri.impor import impor_berkas
from registri.models import BarisDtks, Jenis, Snapshot
from surat.models import TemplatSurat
from tests.conftest import load_demo
from tests.layanan.helpers import daftar, maju, nik

TERDAFTAR = nik("6301", lahir=datetime.date(1980, 2, 3), urut="0007")
TIDAK = nik("6301", lahir=datetime.date(1981, 3, 4), urut="0008")
ALASAN = "Terdaftar di SIKS-NG per 20 November 2026; data dinas belum diperbarui."


def teks_pdf(content):
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def get(p):
    return Permohonan.objects.get(pk=p.pk)


@pytest.fixture
def tanah_laut(db, tmp_path):
    """Tanah Laut with a DTKS snapshot (through the real import) that lists TERDAFTAR only."""
    load_demo("tanah-laut")
    path = tmp_path / "dtks.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(KOLOM_DTKS)
        writer.writerow([TERDAFTAR, "Siti Aminah", "6301011506200002", "Jl. Merdeka", "Bajuin", "Bajuin", 2, 0, 0, 0])
    snapshot = impor_berkas(path, Jenis.DTKS)
    assert snapshot.aktif and snapshot.dimuat == 1
    Snapshot.objects.filter(pk=snapshot.pk).update(selesai_pada=timezone.make_aware(datetime.datetime(2026, 10, 31, 10)))
    return {u.username: u for u in get_user_model().objects.select_related("pegawai__jabatan")}


def _konsep_dtks(users, nik_subjek):
    p = daftar(users["fo"], kode="dtks", nik=nik_subjek)
    p = maju(p, users["fo"], "putuskan", ya=True)  # step 2: the counter finds the file complete
    assert p.status == Status.KONSEP
    return p


def _sampai_terbit(p, users):
    for user in ("kasi", "kabid"):
        p = maju(p, users[user], "paraf")
    return maju(p, users["kadis"], "tandatangani", base_url="http://testserver/")


def test_dtks_letter_for_an_unregistered_nik_is_refused_without_a_reason(client, tanah_laut):
    users = tanah_laut
    p = _konsep_dtks(users, TIDAK)
    client.force_login(users["fo"])
    url = reverse("layanan:detail", args=[p.nomor_registrasi])
    html = client.get(url).content.decode()
    assert "Surat ini menyatakan: Terdaftar di DTKS." in html
    assert "Data DTKS per 31 Oktober 2026: <strong>tidak terdaftar</strong>" in html
    assert "Alasan tetap mengajukan" in html
    response = client.post(
        reverse("layanan:aksi", args=[p.nomor_registrasi, "ajukan_konsep"]), {"token": aksi.token_status(p)}, follow=True
    )
    assert "tidak terdaftar dalam data DTKS per 31 Oktober 2026" in response.content.decode()
    assert get(p).status == Status.KONSEP
    assert not Riwayat.objects.filter(permohonan=p, aksi="kesampingkan_registri").exists()


def test_dtks_override_with_a_reason_is_in_the_history_and_on_the_letter(client, tanah_laut):
    users = tanah_laut
    p = _konsep_dtks(users, TIDAK)
    client.force_login(users["fo"])
    client.post(
        reverse("layanan:aksi", args=[p.nomor_registrasi, "ajukan_konsep"]),
        {"token": aksi.token_status(p), "alasan_registri": ALASAN},
    )
    p = get(p)
    assert p.status == Status.PARAF
    row = Riwayat.objects.get(permohonan=p, aksi="kesampingkan_registri")
    assert ALASAN in row.catatan and "tidak terdaftar dalam data DTKS per 31 Oktober 2026" in row.catatan
    assert row.nama_pelaku == users["fo"].pegawai.nama
    client.force_login(users["kasi"])
    html = client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()
    assert html.count(ALASAN) >= 2  # the fact box and the history
    p = _sampai_terbit(p, users)
    text = teks_pdf(bytes(p.surat.pdf))
    assert "tidak ditemukan dalam data Data Terpadu Kesejahteraan Sosial (DTKS) per 31 Oktober 2026" in text
    assert "Terdaftar di SIKS-NG per 20 November 2026" in text


def test_dtks_letter_for_a_registered_nik_states_the_fact_and_the_snapshot_date(tanah_laut):
    users = tanah_laut
    p = _sampai_terbit(maju(_konsep_dtks(users, TERDAFTAR), users["fo"], "ajukan_konsep"), users)
    text = teks_pdf(bytes(p.surat.pdf))
    assert "adalah benar terdaftar dalam Data Terpadu Kesejahteraan Sosial (DTKS)" in text
    assert "per 31 Oktober 2026 (desil 2)" in text
    assert not Riwayat.objects.filter(permohonan=p, aksi="kesampingkan_registri").exists()


def test_signature_refuses_a_dtks_claim_the_registry_contradicts(tanah_laut):
    users = tanah_laut
    p = maju(_konsep_dtks(users, TERDAFTAR), users["fo"], "ajukan_konsep")
    p = maju(maju(p, users["kasi"], "paraf"), users["kabid"], "paraf")
    # A case submitted before facts were stored: the signature reads the registry itself.
    BarisDtks.objects.filter(nik=TERDAFTAR).update(nik=TIDAK)
    Permohonan.objects.filter(pk=p.pk).update(fakta_registri={}, sidik_naskah="")
    with pytest.raises(aksi.AksiGagal, match="tidak terdaftar dalam data DTKS"):
        maju(p, users["kadis"], "tandatangani", base_url="http://testserver/")
    assert get(p).status == Status.TTD and get(p).surat is None


@pytest.mark.parametrize("jenis", ["spm", "rekomendasi-kis-pbid", "rekomendasi-ugb"])
def test_lumajang_letters_without_a_survey_do_not_claim_one(kantor_lumajang, jenis):
    templat = TemplatSurat.objects.get(jenis_surat=jenis)
    from surat.penerbitan import instansi_polos  # letter bodies see plain values only

    context = {"termohon": {"nama": "Siti"}, "keperluan": "x", "instansi": instansi_polos(kantor_lumajang), "isian": {}}
    assert "survei" not in templat.render_isi({**context, "survei_dilakukan": False})
    if not templat.untuk_organisasi:  # UGB is an organisation letter: never a survey sentence
        assert "survei lapangan" in templat.render_isi({**context, "survei_dilakukan": True})


def test_spm_draft_says_no_survey_and_sktm_after_a_survey_says_survey(client, users):
    # OKU SKTM: surveyed and found layak.
    p = maju(daftar(users["fo"]), users["fo"], "verifikasi_berkas")
    aksi.catat_survei(p.pk, users["survei"], aksi.token_status(get(p)), datetime.date.today(), True, "Rumah kayu")
    client.force_login(users["fo"])
    text = teks_pdf(client.get(reverse("layanan:pratinjau", args=[p.nomor_registrasi])).content)
    assert "berdasarkan hasil verifikasi dan survei lapangan tergolong keluarga tidak mampu" in text


def test_lumajang_spm_issued_without_survey_does_not_mention_one(client, kantor_lumajang):
    users = {u.username: u for u in get_user_model().objects.all()}
    p = maju(daftar(users["fo"], kode="spm"), users["fo"], "verifikasi_berkas")
    p = maju(p, users["fo"], "putuskan", ya=True)  # step 2: documents complete
    p = maju(p, users["fo"], "verifikasi_berkas")  # step 3: data checked
    assert p.status == Status.KONSEP
    client.force_login(users["fo"])
    text = teks_pdf(client.get(reverse("layanan:pratinjau", args=[p.nomor_registrasi])).content)
    assert "berdasarkan hasil verifikasi data." in text and "survei" not in text


def test_only_the_drafter_reads_the_registry_for_a_draft(client, tanah_laut):
    from audit.models import LogAkses

    users = tanah_laut
    p = _konsep_dtks(users, TERDAFTAR)
    for username in ("kasi", "fo"):
        client.force_login(users[username])
        assert client.get(reverse("layanan:pratinjau", args=[p.nomor_registrasi])).status_code == 200
    readers = set(LogAkses.objects.filter(aksi="cek_registri", objek="surat").values_list("nama_pengguna", flat=True))
    assert readers == {"fo"}
