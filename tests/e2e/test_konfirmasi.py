"""Irreversible actions ask first (issue 19, item 7): signing a letter shows a confirmation;
"Batal" issues nothing, "OK" issues the letter."""

import pytest

from layanan.models import Permohonan, Status
from surat.models import Surat
from tests.conftest import load_demo, masuk, shot
from tests.layanan.helpers import daftar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signing_asks_for_confirmation_and_cancel_issues_nothing(browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo("oku-selatan")
    from django.contrib.auth import get_user_model

    fo = get_user_model().objects.get(username="fo")
    p = daftar(fo, kode="sktm")
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD, langkah_kini=p.langkah_untuk(Status.TTD))
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(20000)
    questions = []
    answer = {"accept": False}

    def on_dialog(dialog):
        questions.append(dialog.message)
        dialog.accept() if answer["accept"] else dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        masuk(page, live_server.url, "kadis")
        page.goto(f"{live_server.url}/permohonan/{p.nomor_registrasi}/")
        button = page.get_by_role("button", name="Tanda tangani dan terbitkan")
        button.click()
        page.wait_for_timeout(500)
        assert questions and "Tanda tangani dan terbitkan surat ini?" in questions[0]
        assert not Surat.objects.exists()
        assert Permohonan.objects.get(pk=p.pk).status == Status.TTD
        shot(page, "konfirmasi-ttd-batal-390")

        answer["accept"] = True
        with page.expect_navigation():
            button.click()
        shot(page, "konfirmasi-ttd-terbit-390")
        assert len(questions) == 2
        assert Surat.objects.count() == 1
        assert Permohonan.objects.get(pk=p.pk).surat_id is not None
    finally:
        context.close()
