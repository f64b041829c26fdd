"""The SOP admin in a browser: the step inline with kind and turn order, the publish
confirmation with its list of changes, and the late-steps page (issues #11, #19.13)."""

import pytest
from django.contrib.auth import get_user_model

from layanan.models import Riwayat
from sop.models import VersiSop
from tests.conftest import load_demo, masuk, shot
from tests.layanan.helpers import daftar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_edits_turns_confirms_publishing_and_reads_late_steps(page, live_server):
    base = live_server.url
    load_demo("lumajang")
    ugb = VersiSop.objects.terbit().get(sop__kode="ugb")
    draft = ugb.buat_versi_baru()
    langkah = draft.langkah.get(urutan=2)
    langkah.waktu_teks = "30 menit"
    langkah.clean()
    langkah.save()
    fo = get_user_model().objects.get(username="fo")
    kasus = daftar(fo, "spm")
    spm = VersiSop.objects.terbit().get(sop__kode="spm")
    for urutan, tepat in [(1, False), (1, True), (4, False)]:
        Riwayat.objects.create(
            permohonan=kasus,
            aksi="maju",
            langkah=spm.langkah.get(urutan=urutan),
            ke_status="berjalan",
            oleh=fo,
            nama_pelaku="fo",
            tepat_waktu=tepat,
        )

    masuk(page, base, "admin")
    for lebar in (1366, 390):
        page.set_viewport_size({"width": lebar, "height": 900})
        page.goto(f"{base}/admin/sop/versisop/{draft.pk}/change/")
        giliran = page.locator("#id_langkah-2-giliran")
        assert giliran.input_value() == "kadis, staf"
        assert page.locator("#id_langkah-2-jenis").input_value() == "disposisi"
        bantuan = page.locator("#id_langkah-2-giliran_helptext")
        assert "Pelaksana langkah ini: " in bantuan.inner_text() and "kadis (Kepala Dinas" in bantuan.inner_text()
        giliran.scroll_into_view_if_needed()
        page.screenshot(path=f"test-artifacts/admin-sop-langkah-{lebar}.png")

        page.get_by_role("link", name="Terbitkan versi…").click()
        assert page.get_by_role("heading", name="Terbitkan versi SOP?").is_visible()
        assert page.get_by_text("Langkah 2: waktu 15 menit → 30 menit").is_visible()
        shot(page, f"admin-sop-konfirmasi-terbit-{lebar}")

        page.goto(f"{base}/admin/sop/versisop/keterlambatan/")
        assert page.get_by_role("heading", name="Langkah yang sering terlambat").is_visible()
        shot(page, f"admin-sop-keterlambatan-{lebar}")

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{base}/admin/sop/versisop/{draft.pk}/terbitkan/")
    page.get_by_role("button", name="Ya, terbitkan").click()
    page.wait_for_load_state()
    assert page.get_by_text("versi 2 terbit").is_visible()
    assert VersiSop.objects.get(pk=draft.pk).status == VersiSop.Status.TERBIT
