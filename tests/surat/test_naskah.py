"""The form of an official letter (tata naskah dinas, Permendagri 1/2023), read from real PDFs."""

import datetime
import hashlib
import io
import json
import re
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from dinsos.models import Delegasi, Desa, Jabatan, Pegawai, Peran
from layanan import aksi
from layanan.models import Permohonan, Status
from sop.models import VersiSop
from surat.models import BentukSurat, SeriNomor, Surat, TemplatSurat
from tests.conftest import ARTIFACTS, load_demo
from tests.layanan.helpers import daftar, form_post, kk, nik

FIXTURES = ["oku-selatan", "lumajang", "kutai-kartanegara", "tanah-laut"]


def simpan_gambar(pdf: bytes, name: str):
    """Keep the PDF and a 70 dpi PNG of its first page in test-artifacts/ for review."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", str(path), str(path.with_suffix(""))], check=True)


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def lines_of(pdf: bytes) -> list[str]:
    return [" ".join(line.split()) for p in PdfReader(io.BytesIO(pdf)).pages for line in p.extract_text().splitlines()]


def terbit(users, kode="sktm", signer="kadis", **orang):
    p = daftar(users["fo"], kode=kode, **orang)
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
    return aksi.jalankan(p.pk, users[signer], "tandatangani", base_url="http://testserver/")


# -- letters to an agency ------------------------------------------------------------


def test_letter_to_a_hospital_has_sifat_lampiran_hal_yth_and_tembusan_in_order(users):
    p = terbit(users, kode="rekomendasi-biaya-kesehatan")
    text = text_of(bytes(p.surat.pdf))
    expected = [
        "PEMERINTAH KABUPATEN OGAN KOMERING ULU SELATAN",
        f"Nomor : {p.surat.nomor}",
        "Sifat : Biasa",
        "Lampiran : 1 (satu) berkas",
        "Hal : Rekomendasi pembebasan biaya perawatan a.n. Siti Aminah",
        "Yth. Direktur RSUD Muaradua di Tempat",
        "memberikan rekomendasi kepada",
        "Kepala Dinas Sosial,",
        "Tembusan:",
        "Kepala Dinas Kesehatan Kabupaten Ogan Komering Ulu Selatan;",
        "Yang bersangkutan.",
    ]
    positions = [text.find(part) for part in expected]
    assert -1 not in positions, [part for part, at in zip(expected, positions, strict=True) if at < 0]
    assert positions == sorted(positions), "unsur surat dinas tidak berurutan"
    # The title line of a surat keterangan is not used in a surat dinas.
    assert "REKOMENDASI PEMBEBASAN BIAYA PERAWATAN KESEHATAN" not in text


def test_letter_to_bpjs_is_addressed_to_bpjs(users):
    p = terbit(users, kode="kis-pbid-penonaktifan")
    text = text_of(bytes(p.surat.pdf))
    assert "Yth. Kepala BPJS Kesehatan Kantor Cabang" in text
    assert "Hal : Penonaktifan KIS PBI Daerah a.n. Siti Aminah" in text and "Lampiran : -" in text


def test_surat_keterangan_has_title_and_no_agency_fields(users):
    text = text_of(bytes(terbit(users, kode="sktm").surat.pdf))
    assert "SURAT KETERANGAN TIDAK MAMPU" in text and "Nomor: 400.9.3.3/" in text
    for absent in ["Sifat", "Lampiran", "Hal :", "Yth.", "Tembusan"]:
        assert absent not in text, absent


def test_admin_edits_the_agency_fields_and_the_letter_follows(client, users):
    templat = TemplatSurat.objects.get(jenis_surat="sktm")
    client.force_login(users["admin"])
    url = reverse("admin:surat_templatsurat_change", args=[templat.pk])
    page = client.get(url).content.decode()
    for label in ["Bentuk surat", "Sifat", "Lampiran", "Hal", "Tujuan surat (Yth.)", "Tembusan"]:
        assert label in page, label
    form = {
        "jenis_surat": templat.jenis_surat,
        "nama": templat.nama,
        "judul": templat.judul,
        "seri": templat.seri_id,
        "isi": templat.isi,
        "tentang_orang": "on",
        "tampilkan_paraf": "on",
        "bentuk": "dinas",
        "sifat": "Segera",
        "lampiran": "-",
        "hal": "Keterangan tidak mampu a.n. {nama}",
        "tujuan": "Camat Muaradua\ndi\nMuaradua",
        "tembusan": "Bupati {kabupaten}\nArsip",
    }
    assert client.post(url, form).status_code == 302
    text = text_of(bytes(terbit(users, kode="sktm").surat.pdf))
    assert "Sifat : Segera" in text and "Hal : Keterangan tidak mampu a.n. Siti Aminah" in text
    assert "Yth. Camat Muaradua di Muaradua" in text
    assert "Bupati Kabupaten Ogan Komering Ulu Selatan;" in text


def test_unknown_placeholder_in_agency_fields_is_refused_with_a_clear_message(client, users):
    templat = TemplatSurat.objects.get(jenis_surat="rekomendasi-biaya-kesehatan")
    client.force_login(users["admin"])
    url = reverse("admin:surat_templatsurat_change", args=[templat.pk])
    form = {
        "jenis_surat": templat.jenis_surat,
        "nama": templat.nama,
        "judul": templat.judul,
        "seri": templat.seri_id,
        "isi": templat.isi,
        "tentang_orang": "on",
        "perlu_tujuan": "on",
        "bentuk": "dinas",
        "sifat": "Biasa",
        "lampiran": "-",
        "hal": "Rekomendasi a.n. {nama}",
        "tujuan": "Direktur {rumah_sakit}\ndi\nTempat",
        "tembusan": "",
    }
    page = client.post(url, form).content.decode()
    assert "Tidak dikenal: {rumah_sakit}" in page
    assert TemplatSurat.objects.get(pk=templat.pk).tujuan.startswith("Direktur {rs_tujuan}")


def test_surat_dinas_without_addressee_is_refused(kantor):
    templat = TemplatSurat.objects.get(jenis_surat="sktm")
    templat.bentuk = BentukSurat.DINAS
    templat.tujuan = "  "
    with pytest.raises(ValidationError) as err:
        templat.full_clean()
    assert "Surat dinas wajib menyebut tujuan (Yth.)." in str(err.value)


# -- signature block -------------------------------------------------------------------


def test_sekretaris_signing_an_behalf_shows_name_pangkat_and_nip(users):
    p = terbit(users, kode="rekomendasi-biaya-kesehatan", signer="sekretaris")
    text = text_of(bytes(p.surat.pdf))
    block = text[text.find("a.n. Kepala Dinas Sosial") :]
    for expected in [
        "a.n. Kepala Dinas Sosial Sekretaris Dinas,",
        "Hendra Saputra, S.E., M.Si.",
        "Pembina (IV/a)",
        "19750814 200212 1 004",
    ]:
        assert expected in block, expected
    assert re.search(r"NIP ?\. 19750814 200212 1 004", block)
    assert p.surat.penandatangan_nama == "Hendra Saputra, S.E., M.Si."
    assert p.surat.penandatangan_nip == "197508142002121004"


@pytest.mark.parametrize("jenis,label", [("plt", "Plt."), ("plh", "Plh.")])
def test_plt_and_plh_signers_show_name_pangkat_and_nip(users, jenis, label):
    kabid = users["kabid"].pegawai
    hari_ini = datetime.date.today()
    Delegasi.objects.create(
        jabatan=Jabatan.objects.get(peran=Peran.KADIS),
        pegawai=kabid,
        jenis=jenis,
        mulai=hari_ini - datetime.timedelta(days=1),
        selesai=hari_ini + datetime.timedelta(days=5),
    )
    text = text_of(bytes(terbit(users, signer="kabid").surat.pdf))
    for expected in [f"{label} Kepala Dinas Sosial,", kabid.nama, "Penata Tingkat I (III/d)", "19790322 200501 1 007"]:
        assert expected in text, expected


@pytest.mark.parametrize("kabupaten", FIXTURES)
def test_demo_officials_have_plausible_names_pangkat_and_nips(kabupaten):
    data = json.loads((ARTIFACTS.parent / "fixtures" / "demo" / f"{kabupaten}.json").read_text())
    jabatan_words = {"sekretaris", "kepala", "dinas", "seksi", "bidang", "petugas", "front", "office"}
    signers = {"kadis": data["kepala"], **data["pejabat"]}
    for username in ["kadis", "sekretaris", "kabid", "kasi", "fo"]:
        person = signers[username]
        assert not set(person["nama"].lower().replace(",", " ").split()) & jabatan_words, person["nama"]
        assert person["pangkat"] and re.fullmatch(r"(I|II|III|IV)/[a-e]", person["golongan"]), person
        nip = person["nip"]
        assert re.fullmatch(r"\d{18}", nip), nip
        lahir = datetime.date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
        tmt = datetime.date(int(nip[8:12]), int(nip[12:14]), 1)
        assert 18 <= (tmt - lahir).days / 365.25 <= 40 and nip[14] in "12" and nip[15:] != "000", nip
    assert data["pejabat"]["survei"]["nip"] == ""  # TKSK are not civil servants


# -- signing, copies and hashes ------------------------------------------------------------


def _terbit_dengan_paraf(users, kode="rekomendasi-biaya-kesehatan"):
    p = daftar(users["fo"], kode=kode)
    Permohonan.objects.filter(pk=p.pk).update(status=Status.KONSEP)
    for user, nama in [("fo", "ajukan_konsep"), ("kasi", "paraf"), ("kabid", "paraf")]:
        aksi.jalankan(p.pk, users[user], nama)
    return aksi.jalankan(p.pk, users["kadis"], "tandatangani", base_url="http://testserver/")


def test_paraf_table_only_on_the_archive_copy_and_both_hashes_are_kept(users):
    surat = _terbit_dengan_paraf(users).surat
    warga, arsip = text_of(bytes(surat.pdf)), text_of(bytes(surat.pdf_arsip))
    simpan_gambar(bytes(surat.pdf_arsip), "naskah-salinan-arsip")
    kasi = users["kasi"].pegawai.nama
    assert "Paraf hierarki" in arsip and kasi in arsip and users["kabid"].pegawai.nama in arsip
    assert "Paraf hierarki" not in warga and kasi not in warga
    # Same letter otherwise: number, signer, signing statement.
    for both in [surat.nomor, "Zulfakar, S.Sos", "Ditandatangani secara basah dan dibubuhi cap dinas."]:
        assert both in warga and both in arsip
    assert surat.sha256 == hashlib.sha256(bytes(surat.pdf)).hexdigest()
    assert surat.sha256_arsip == hashlib.sha256(bytes(surat.pdf_arsip)).hexdigest()
    assert surat.sha256 != surat.sha256_arsip
    stored = Surat.objects.get(pk=surat.pk)
    assert (stored.sha256, stored.sha256_arsip) == (surat.sha256, surat.sha256_arsip)


def test_draft_has_no_signing_statement(client, users):
    p = daftar(users["fo"])
    client.force_login(users["fo"])
    text = text_of(client.get(reverse("layanan:pratinjau", args=[p.nomor_registrasi])).content)
    assert "Ditandatangani secara basah" not in text and "DRAF" in text


def test_verification_accepts_either_copy_and_refuses_others(client, users):
    surat = _terbit_dengan_paraf(users).surat
    url = reverse("surat:verifikasi", args=[surat.token])
    for copy in [bytes(surat.pdf), bytes(surat.pdf_arsip)]:
        html = client.post(url, {"berkas": SimpleUploadedFile("s.pdf", copy, content_type="application/pdf")})
        assert "Berkas IDENTIK" in html.content.decode()
    fake = SimpleUploadedFile("s.pdf", bytes(surat.pdf_arsip) + b"\n", content_type="application/pdf")
    assert "TIDAK IDENTIK" in client.post(url, {"berkas": fake}).content.decode()
    assert surat.sha256_arsip in client.get(url).content.decode()


def test_staff_download_the_archive_copy_from_the_case_page(client, users):
    p = _terbit_dengan_paraf(users)
    client.force_login(users["fo"])
    page = client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()
    assert "Salinan arsip (dengan paraf)" in page
    pdf = client.get(reverse("layanan:surat_arsip", args=[p.nomor_registrasi])).content
    assert hashlib.sha256(pdf).hexdigest() == p.surat.sha256_arsip
    client.logout()
    assert client.get(reverse("layanan:surat_arsip", args=[p.nomor_registrasi])).status_code == 302


# -- kop of every office, looked at ------------------------------------------------------------

CONTOH = {
    "oku-selatan": ("rekomendasi-biaya-kesehatan", "1609"),
    "lumajang": ("kis-pbid-pengajuan", "3508"),
    "kutai-kartanegara": ("jkn-bp-pemda", "6403"),
    "tanah-laut": ("aktivasi-bpjs-apbd", "6301"),
}


@pytest.mark.parametrize("kabupaten", FIXTURES)
def test_kop_keeps_the_regency_name_on_one_line(db, kabupaten):
    from django.contrib.auth import get_user_model

    instansi = load_demo(kabupaten)
    users = {u.username: u for u in get_user_model().objects.all()}
    kode, wilayah = CONTOH[kabupaten]
    desa = Desa.objects.order_by("pk").first()
    p = daftar(users["fo"], kode=kode, nik=nik(kode_wilayah=wilayah), nomor_kk=kk(kode_wilayah=wilayah), desa=desa)
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
    # Lumajang: the Sekretaris signs a.n.; Kutai Kartanegara's JKN letter is signed by the Kabid.
    signer = {"lumajang": "sekretaris", "kutai-kartanegara": "kabid"}.get(kabupaten, "kadis")
    p = aksi.jalankan(p.pk, users[signer], "tandatangani", base_url="http://127.0.0.1:8000/")
    pdf = bytes(p.surat.pdf)
    lines = lines_of(pdf)
    pemda = instansi.pemerintah_daerah.upper()
    assert pemda in lines, lines[:6]
    assert "DINAS SOSIAL" in lines
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    kepala = Pegawai.objects.get(user=users[signer])
    text = text_of(pdf)
    assert kepala.nama in text and kepala.pangkat in text
    simpan_gambar(pdf, f"naskah-{kabupaten}")


# -- organisation applicants ---------------------------------------------------------------------


def _org_post(versi, desa, **overrides):
    data = form_post(versi, desa)
    data.update(
        {
            "organisasi-nama": "Yayasan Cahaya Harapan Lumajang",
            "organisasi-nomor_badan_hukum": "AHU-0012345.AH.01.04.TAHUN 2021",
            "organisasi-jabatan_penanggung_jawab": "Ketua",
            "organisasi-alamat": "Jl. Kenanga No. 12",
            "organisasi-kecamatan": desa.kecamatan_id,
            "organisasi-desa": desa.pk,
            "keperluan": "Undian berhadiah HUT yayasan",
        }
    )
    data.update(overrides)
    return data


@pytest.fixture
def fo_lumajang(kantor_lumajang):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="fo")


def test_organisation_form_asks_for_the_organisation_and_its_person_in_charge(client, fo_lumajang):
    client.force_login(fo_lumajang)
    page = client.get(reverse("layanan:baru_form", args=["ugb"])).content.decode()
    for label in ["Organisasi pemohon", "Nama organisasi", "Nomor badan hukum", "Penanggung jawab organisasi"]:
        assert label in page, label
    assert "termohon berbeda" not in page
    person = client.get(reverse("layanan:baru_form", args=["spm"])).content.decode()
    assert "Organisasi pemohon" not in person


def test_organisation_case_is_registered_and_its_letter_names_the_organisation(client, fo_lumajang):
    versi = VersiSop.objects.terbit().get(sop__kode="ugb")
    desa = Desa.objects.select_related("kecamatan").first()
    client.force_login(fo_lumajang)
    response = client.post(reverse("layanan:baru_form", args=["ugb"]), _org_post(versi, desa))
    assert response.status_code == 302, response.content.decode()[:2000]
    p = Permohonan.objects.select_related("organisasi", "pemohon").get()
    assert p.organisasi.nama == "Yayasan Cahaya Harapan Lumajang" and p.pemohon.nama == "Siti Aminah"
    detail = client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()
    assert "Yayasan Cahaya Harapan Lumajang" in detail and "Penanggung jawab (Ketua)" in detail
    from django.contrib.auth import get_user_model

    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
    kadis = get_user_model().objects.get(username="kadis")
    surat = aksi.jalankan(p.pk, kadis, "tandatangani", base_url="http://testserver/").surat
    text = text_of(bytes(surat.pdf))
    simpan_gambar(bytes(surat.pdf), "naskah-organisasi-lumajang")
    for expected in [
        "REKOMENDASI PENYELENGGARAAN UNDIAN GRATIS BERHADIAH",
        "Yayasan Cahaya Harapan Lumajang",
        "AHU-0012345.AH.01.04.TAHUN 2021",
        "Jl. Kenanga No. 12",
        "Siti Aminah (Ketua)",
        p.pemohon.nik,
        "Undian berhadiah HUT yayasan",
    ]:
        assert expected in text, expected
    assert "Tempat, tanggal lahir" not in text and "12 April 1985" not in text
    assert surat.nama_subjek == "Yayasan Cahaya Harapan Lumajang" and surat.nik_subjek == p.pemohon.nik


def test_organisation_name_field_of_the_sop_is_filled_from_the_organisation(client, db):
    from django.contrib.auth import get_user_model

    load_demo("tanah-laut")
    versi = VersiSop.objects.terbit().get(sop__kode="karang-taruna")
    desa = Desa.objects.select_related("kecamatan").first()
    client.force_login(get_user_model().objects.get(username="fo"))
    page = client.get(reverse("layanan:baru_form", args=["karang-taruna"])).content.decode()
    assert "isian_nama_karang_taruna" not in page
    data = _org_post(versi, desa, **{"organisasi-nama": "Karang Taruna Tunas Bangsa"})
    data.pop("isian_nama_karang_taruna", None)
    assert client.post(reverse("layanan:baru_form", args=["karang-taruna"]), data).status_code == 302
    p = Permohonan.objects.get()
    assert p.isian["nama_karang_taruna"] == "Karang Taruna Tunas Bangsa"


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("organisasi-nama", "", "Nama organisasi wajib diisi."),
        ("organisasi-nomor_badan_hukum", "belum ada", "Nomor badan hukum tidak valid"),
        ("pemohon-nik", "1234", "NIK harus 16 angka."),
    ],
)
def test_organisation_form_bad_input_keeps_what_was_typed_and_saves_nothing(client, fo_lumajang, field, value, message):
    versi = VersiSop.objects.terbit().get(sop__kode="ugb")
    desa = Desa.objects.select_related("kecamatan").first()
    client.force_login(fo_lumajang)
    response = client.post(reverse("layanan:baru_form", args=["ugb"]), _org_post(versi, desa, **{field: value}))
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert "Jl. Kenanga No. 12" in page  # kept as typed
    assert not Permohonan.objects.exists()
    from layanan.models import Orang, Organisasi

    assert not Organisasi.objects.exists() and not Orang.objects.exists()


def test_organisation_template_validation(kantor_lumajang):
    templat = TemplatSurat.objects.get(jenis_surat="rekomendasi-ugb")
    assert templat.untuk_organisasi and not templat.tentang_orang
    templat.full_clean()  # the default organisation letter has no person's birth data and is valid
    templat.isi = templat.isi.replace("{{ organisasi.nomor_badan_hukum }}", "")
    with pytest.raises(ValidationError) as err:
        templat.full_clean()
    assert "nomor badan hukum" in str(err.value)
    templat.refresh_from_db()
    templat.isi += "<p>{{ penanggung_jawab.ttl }}</p>"
    with pytest.raises(ValidationError) as err:
        templat.full_clean()
    assert "tidak memuat tanggal lahir" in str(err.value)


@pytest.mark.parametrize("kabupaten,jenis", [("lumajang", "rekomendasi-pub"), ("tanah-laut", "rekomendasi-lks")])
def test_default_organisation_templates(db, kabupaten, jenis):
    load_demo(kabupaten)
    templat = TemplatSurat.objects.get(jenis_surat=jenis)
    assert templat.untuk_organisasi
    assert "{{ organisasi.nama }}" in templat.isi and "termohon.ttl" not in templat.isi
    assert SeriNomor.objects.filter(kode=jenis).exists()


def test_existing_installs_get_the_agency_fields_once(kantor):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("surat.migrations.0004_surat_dinas_bawaan")
    TemplatSurat.objects.filter(jenis_surat="rekomendasi-biaya-kesehatan").update(bentuk="keterangan", tujuan="")
    TemplatSurat.objects.filter(jenis_surat="penonaktifan-kis-pbid").update(bentuk="keterangan", tujuan="Disunting admin")
    migration.forwards(apps, None)
    rs = TemplatSurat.objects.get(jenis_surat="rekomendasi-biaya-kesehatan")
    assert rs.bentuk == BentukSurat.DINAS and rs.tujuan.startswith("Direktur {rs_tujuan}")
    assert TemplatSurat.objects.get(jenis_surat="penonaktifan-kis-pbid").tujuan == "Disunting admin"


def test_admin_preview_of_an_organisation_template_uses_a_sample_organisation(client, kantor_lumajang):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))
    templat = TemplatSurat.objects.get(jenis_surat="rekomendasi-ugb")
    pdf = client.get(reverse("admin:surat_templat_pratinjau", args=[templat.pk])).content
    text = text_of(pdf)
    assert "Yayasan Peduli Sesama Contoh" in text and "AHU-0001234.AH.01.04.TAHUN 2024" in text and "DRAF" in text


def test_without_paraf_the_archive_copy_is_the_same_file(users):
    surat = terbit(users).surat  # signed straight away: nobody initialled
    assert bytes(surat.pdf_arsip) == bytes(surat.pdf) and surat.sha256_arsip == surat.sha256


def test_kutai_kartanegara_plt_head_signs_an_organisation_letter(client, db):
    from django.contrib.auth import get_user_model

    load_demo("kutai-kartanegara")
    users = {u.username: u for u in get_user_model().objects.all()}
    versi = VersiSop.objects.terbit().get(sop__kode="pub")
    desa = Desa.objects.select_related("kecamatan").first()
    client.force_login(users["fo"])
    data = _org_post(versi, desa, **{"organisasi-nama": "Perkumpulan Peduli Mahakam"})
    data.pop("isian_nama_lembaga", None)
    assert client.post(reverse("layanan:baru_form", args=["pub"]), data).status_code == 302
    p = Permohonan.objects.get()
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
    surat = aksi.jalankan(p.pk, users["kadis"], "tandatangani", base_url="http://testserver/").surat
    text = text_of(bytes(surat.pdf))
    simpan_gambar(bytes(surat.pdf), "naskah-organisasi-kutai-kartanegara")
    for expected in [
        "PEMERINTAH KABUPATEN KUTAI KARTANEGARA",
        "Perkumpulan Peduli Mahakam",
        "Plt. Kepala Dinas Sosial,",
        "Drs. Yuliandris Suherdiman",
        "Pembina Tingkat I (IV/b)",
        "19680708 199403 1 013",
    ]:
        assert expected in text, expected
    assert p.isian["nama_lembaga"] == "Perkumpulan Peduli Mahakam"
