"""Journeys of the step engine in Chromium: an internal procedure walked step by step."""

import pytest
from django.contrib.auth import get_user_model

from layanan.models import Permohonan
from tests.conftest import load_demo, shot
from tests.e2e.test_perjalanan import daftar_di_loket, sebagai, status, survei

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO = ["fo", "survei", "kasi", "kabid", "sekretaris", "kadis"]


def _giliran(nomor):
    """The demo account that may act on the case now (read from the engine, as Tugas saya does)."""
    p = Permohonan.objects.get(nomor_registrasi=nomor)
    users = get_user_model().objects.filter(username__in=DEMO).select_related("pegawai")
    return p, next(
        u.username for u in sorted(users, key=lambda u: DEMO.index(u.username)) if p.bisa_bertindak(u) is not None
    )


def test_tanah_laut_cuti_runs_as_an_internal_procedure(page, live_server):
    base = live_server.url
    load_demo("tanah-laut")
    sebagai(page, base, "fo")
    page.goto(f"{base}/permohonan/baru/")
    page.get_by_role("link", name="Surat Permohonan Cuti").click()
    page.get_by_label("Perihal/keperluan").fill("Cuti tahunan 5 hari kerja, 1-5 Desember 2026")
    shot(page, "cuti-mulai")
    page.get_by_role("button", name="Mulai").click()
    page.wait_for_load_state()
    nomor = page.url.rstrip("/").split("/")[-1]
    assert "Diajukan oleh" in page.content() and "NIK" not in page.locator(".card").first.inner_text()

    pengguna = "fo"
    for _ in range(40):
        p, siapa = _giliran(nomor) if not Permohonan.objects.get(nomor_registrasi=nomor).is_selesai else (None, None)
        if p is None:
            break
        if siapa != pengguna:
            sebagai(page, base, siapa)
            pengguna = siapa
        page.goto(f"{base}/permohonan/{nomor}/")
        panel = page.locator("#panel-tindakan")
        assert p.langkah_kini.uraian.split()[0] in panel.locator("#langkah-kini").inner_text()
        if p.langkah_kini.urutan == 4:
            shot(page, "cuti-keputusan")
            page.set_viewport_size({"width": 390, "height": 844})
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            shot(page, "cuti-keputusan-ponsel")
            page.set_viewport_size({"width": 1366, "height": 900})
        panel.locator("form button[type=submit]").first.click()
        page.wait_for_load_state()
        assert "Tindakan tersimpan." in page.content(), page.locator(".alert").all_inner_texts()
    assert status(page) == "Diserahkan kepada pemohon"
    shot(page, "cuti-selesai")
    riwayat = page.locator(".timeline").inner_text()
    assert "Langkah 16 · Menyampaikan Surat cuti kepada pemohon" in riwayat


def _jalankan_sampai_selesai(page, base, nomor, pengguna):
    """Act at each step as the demo account whose turn it is, with the step's own form."""
    dilihat = []
    for _ in range(40):
        if Permohonan.objects.get(nomor_registrasi=nomor).is_selesai:
            return dilihat
        p, siapa = _giliran(nomor)
        if siapa != pengguna:
            sebagai(page, base, siapa)
            pengguna = siapa
        page.goto(f"{base}/permohonan/{nomor}/")
        dilihat.append((p.langkah_kini.urutan, status(page)))
        panel = page.locator("#panel-tindakan")
        if p.status == "survei":
            survei(page)
            continue
        if p.status == "menunggu":
            shot(page, f"menunggu-{nomor}")
            blok = panel.locator("#blok-catat_jawaban")
            blok.locator("textarea").fill("Kartu BP Pemda aktif menurut BPJS")
            blok.locator("button").click()
        else:
            panel.locator("form button[type=submit]").first.click()
        page.wait_for_load_state()
        assert "Tindakan tersimpan." in page.content(), page.locator(".alert").all_inner_texts()
    raise AssertionError("Permohonan belum selesai")


def test_oku_bansos_alat_bantu_up_to_the_hand_over_of_the_aid(page, live_server):
    base = live_server.url
    load_demo("oku-selatan")
    sebagai(page, base, "fo")
    nomor = daftar_di_loket(page, base, "bansos-alat-bantu-disabilitas", "1609011204850001")
    dilihat = _jalankan_sampai_selesai(page, base, nomor, "fo")
    assert [s for _, s in dilihat] == ["Verifikasi berkas", "Survei lapangan", "Sedang diproses"]
    assert status(page) == "Diserahkan kepada pemohon"
    shot(page, "bansos-alat-bantu-diserahkan")
    assert "Langkah 4 · Semua syarat dipenuhi" in page.locator(".timeline").inner_text()


def test_kutai_kartanegara_jkn_bp_pemda_waits_for_bpjs(page, live_server):
    base = live_server.url
    load_demo("kutai-kartanegara")
    sebagai(page, base, "fo")
    nomor = daftar_di_loket(page, base, "jkn-bp-pemda", "1609011204850001")
    dilihat = _jalankan_sampai_selesai(page, base, nomor, "fo")
    # Step 5 is input by the counter, then approved by the Kabid (its giliran), before the letter.
    assert [u for u, _ in dilihat[:3]] == [4, 5, 5]
    assert (7, "Menunggu pihak luar") in dilihat
    assert status(page) == "Diserahkan kepada pemohon"
    linimasa = page.locator("table").last.inner_text()
    assert "menunggu" in linimasa
    shot(page, "jkn-bp-pemda-selesai")


def test_a_decision_is_one_block_and_tidak_follows_the_sop_branch(page, live_server):
    """Cuti step 4: one note, Ya and Tidak side by side; Tidak asks first, then goes back to
    step 1 as the SOP's flowchart says (jika_tidak = 1)."""
    base = live_server.url
    load_demo("tanah-laut")
    sebagai(page, base, "fo")
    page.goto(f"{base}/permohonan/baru/")
    page.get_by_role("link", name="Surat Permohonan Cuti").click()
    page.get_by_label("Perihal/keperluan").fill("Cuti tahunan 3 hari kerja")
    page.get_by_role("button", name="Mulai").click()
    page.wait_for_load_state()
    nomor = page.url.rstrip("/").split("/")[-1]
    pengguna = "fo"
    for _ in range(10):
        p, siapa = _giliran(nomor)
        if siapa != pengguna:
            sebagai(page, base, siapa)
            pengguna = siapa
        page.goto(f"{base}/permohonan/{nomor}/")
        if p.langkah_kini.urutan == 4:
            break
        page.locator("#panel-tindakan form button[type=submit]").first.click()
        page.wait_for_load_state()
    blok = page.locator("#blok-putuskan_ya")
    assert blok.get_by_label("Catatan keputusan").count() == 1
    assert page.get_by_label("Catatan keputusan").count() == 1
    pertanyaan = []
    page.on("dialog", lambda dialog: pertanyaan.append(dialog.message))  # the fixture answers OK
    blok.get_by_label("Catatan keputusan").fill("Sisa cuti tidak cukup")
    blok.get_by_role("button", name="Tidak").click()
    page.wait_for_load_state()
    assert pertanyaan and pertanyaan[0].startswith("Jawab Tidak?")
    assert "Tindakan tersimpan." in page.content()
    p = Permohonan.objects.select_related("langkah_kini").get(nomor_registrasi=nomor)
    assert p.langkah_kini.urutan == 1 and not p.is_selesai
    assert "Sisa cuti tidak cukup" in page.locator(".timeline").inner_text()
