"""Remedies and collective letters in Chromium: one KIS PBID letter for three cases, revoke and correct."""

import io
import subprocess

import pytest
from django.contrib.auth import get_user_model
from pypdf import PdfReader

from layanan import aksi
from layanan.models import Permohonan, Status
from surat.models import Surat
from tests.conftest import ARTIFACTS, DEMO_PASSWORD, load_demo, masuk, shot
from tests.layanan.helpers import daftar, nik

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMA = ["Sumarni", "Slamet Riyadi", "Nur Hasanah"]


def sebagai(page, base, username):
    if page.get_by_role("button", name="Keluar").count():
        page.get_by_role("button", name="Keluar").click()
        page.wait_for_url("**/masuk/")
    masuk(page, base, username, DEMO_PASSWORD)


def klik(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def render_pdf(body: bytes, name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(body)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(ARTIFACTS / name)], check=False)


def test_lumajang_collective_kis_pbid_letter_then_revoke_and_correct(page, live_server):
    base = live_server.url
    load_demo("lumajang")
    users = {u.username: u for u in get_user_model().objects.all()}
    kasus = [
        daftar(users["fo"], kode="kis-pbid-pengajuan", nama=NAMA[i], nik=nik("3508", urut=f"{i + 1:04d}")) for i in range(3)
    ]
    Permohonan.objects.update(status=Status.KONSEP)

    # The drafter selects the three cases for one letter.
    sebagai(page, base, "fo")
    page.goto(f"{base}/permohonan/{kasus[0].nomor_registrasi}/")
    page.locator("#buat-kolektif").click()
    for p in kasus:
        page.get_by_label(p.nomor_registrasi).check()
    shot(page, "kolektif-pilih")
    klik(page, "Buat satu surat untuk permohonan terpilih")
    assert "Surat kolektif KOL-" in page.locator("#kolektif").inner_text()
    klik(page, "Ajukan konsep untuk paraf/tanda tangan")
    for user in ["kasi", "kabid", "sekretaris"]:
        sebagai(page, base, user)
        page.goto(f"{base}/permohonan/{kasus[1].nomor_registrasi}/")
        klik(page, "Paraf")
    sebagai(page, base, "kadis")
    page.goto(f"{base}/permohonan/{kasus[2].nomor_registrasi}/")
    klik(page, "Tanda tangani dan terbitkan")
    assert set(Permohonan.objects.values_list("status", flat=True)) == {Status.TERBIT}
    surat = Surat.objects.get()
    shot(page, "kolektif-terbit")
    pdf = page.request.get(base + page.locator("#unduh-surat").get_attribute("href")).body()
    text = " ".join(" ".join(pg.extract_text() for pg in PdfReader(io.BytesIO(pdf)).pages).split())
    assert all(n in text for n in NAMA)
    render_pdf(pdf, "surat-kolektif-kis-pbid")

    # The Kadis revokes from the case page, choosing correction.
    page.locator("#cabut-surat").click()
    page.fill("#id_alasan", "Alamat salah satu peserta keliru")
    page.get_by_label("Cabut dan betulkan", exact=False).check()
    shot(page, "surat-cabut-form")
    klik(page, f"Cabut surat {surat.nomor}")
    assert "dicabut" in page.content()
    assert set(Permohonan.objects.values_list("status", flat=True)) == {Status.KONSEP}
    for user, nama in [("fo", "ajukan_konsep"), ("kasi", "paraf"), ("kabid", "paraf"), ("sekretaris", "paraf")]:
        aksi.jalankan(kasus[0].pk, users[user], nama)
    aksi.jalankan(kasus[0].pk, users["kadis"], "tandatangani", base_url=base + "/")
    baru = Surat.objects.exclude(pk=surat.pk).get()
    render_pdf(bytes(baru.pdf), "surat-pembetulan-kolektif")

    # The public: the old QR leads to DICABUT and on to the correction.
    page.goto(f"{base}/surat/agenda/")
    assert "Dicabut" in page.content() and f"Diganti: {baru.nomor}" in page.content()
    shot(page, "agenda-dicabut-pembetulan")
    page.goto(f"{base}/permohonan/{kasus[1].nomor_registrasi}/")
    shot(page, "kasus-setelah-pembetulan")
    page.goto(f"{base}/surat/{surat.pk}/")
    assert "Cabut surat" not in page.content() and baru.nomor in page.content()
    shot(page, "surat-lama-dicabut")
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/masuk/")
    page.goto(f"{base}/v/{surat.token}/")
    assert "DICABUT" in page.locator("#status-surat").inner_text()
    shot(page, "verifikasi-dicabut-dengan-pengganti")
    page.locator("#pengganti a").click()
    page.wait_for_load_state()
    assert baru.nomor in page.content() and "SAH" in page.locator("#status-surat").inner_text()
    shot(page, "verifikasi-pembetulan")
    salah = surat.token[:-1] + ("x" if surat.token[-1] != "x" else "y")
    page.goto(f"{base}/v/{salah}/")
    assert "TIDAK TERDAFTAR" in page.locator("#status-surat").inner_text()
    shot(page, "verifikasi-tidak-terdaftar")
