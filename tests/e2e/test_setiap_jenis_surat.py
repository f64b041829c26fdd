"""Every letter kind of every office, signed in turn by its signer in the browser.

Issue 9's blocker: the second letter kind of each office answered 500 at "Tanda tangani dan
terbitkan" because two series printed the same number. Each case is brought to the signature
step through the action layer (the steps before it have their own journeys); the signer then
signs each one in Chromium, and every letter must be issued with its own number.
"""

import pytest
from django.contrib.auth import get_user_model

from layanan.models import Permohonan
from sop.models import VersiSop
from tests.conftest import load_demo, shot
from tests.e2e.test_perjalanan import sebagai, status
from tests.surat.test_penomoran import KANTOR, _ke_ttd, _penanda_tangan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("kabupaten", KANTOR)
def test_signer_issues_every_letter_kind_in_turn(page, live_server, kabupaten):
    base = live_server.url
    load_demo(kabupaten)
    users = {u.username: u for u in get_user_model().objects.select_related("pegawai__jabatan")}
    versi_list = list(VersiSop.objects.terbit().exclude(jenis_surat="").select_related("sop").order_by("sop__kode"))
    waiting = []
    for urut, versi in enumerate(versi_list, start=1):
        p = _ke_ttd(users, versi.sop.kode, urut)
        waiting.append((p, _penanda_tangan(p, users).username))

    nomor_surat = []
    current = None
    for p, signer in sorted(waiting, key=lambda item: item[1]):
        if signer != current:
            sebagai(page, base, signer)
            current = signer
        page.goto(f"{base}/permohonan/{p.nomor_registrasi}/")
        page.get_by_role("button", name="Tanda tangani dan terbitkan").click()
        page.wait_for_load_state()
        assert "Terjadi kesalahan" not in page.content(), p.versi_sop.sop.kode
        assert status(page) in {"Surat terbit", "Diteruskan ke instansi tujuan"}, p.versi_sop.sop.kode
        nomor_surat.append(Permohonan.objects.select_related("surat").get(pk=p.pk).surat.nomor)
        assert nomor_surat[-1] in page.locator("#unduh-surat").inner_text()
    shot(page, f"setiap-jenis-surat-{kabupaten}")
    assert len(nomor_surat) == len(versi_list) >= 3
    assert len(set(nomor_surat)) == len(nomor_surat)
