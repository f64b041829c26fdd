"""A complaint answered with a reply letter (issue 12 item 4, journey (b) at the HTTP level).

Kukar's "Penanganan pengaduan langsung": FO records and forwards, the Sekretaris disposes to
the Kabid, the Kabid handles (step 5) and answers with a Surat Dinas through persuratan; the
Sekretaris initials, the Kadis signs; the issued number becomes the complainant's reply.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from layanan.models import Status
from layanan.validators import BATAS_CATATAN
from pengaduan import aksi
from pengaduan.kategori import isi_bawaan
from pengaduan.models import Pengaduan, Saluran, Tanggapan
from persuratan.models import KodeKlasifikasi, NaskahDinas, StatusNaskah
from surat.models import Surat
from tests.conftest import load_demo
from tests.pengaduan.helpers import adukan, maju
from tests.persuratan.conftest import isi_daftar_baku, pdf_teks

JAWABAN = "Bantuan PKH keluarga Saudara telah dicairkan kembali melalui bank penyalur pada 20 November 2026."


@pytest.fixture
def kukar(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()  # per-address limits of earlier tests
    load_demo("kutai-kartanegara")
    isi_bawaan()
    isi_daftar_baku()
    KodeKlasifikasi.objects.get_or_create(kode="400.9", defaults={"nama": "Sosial"})
    return {u.username: u for u in get_user_model().objects.select_related("pegawai__jabatan")}


def _sampai_kabid(users, **data):
    """A counter complaint recorded, forwarded and disposed to the Kabid (step 5)."""
    pengaduan, kode = adukan(users["fo"], Saluran.LOKET, **data)
    pengaduan = maju(pengaduan, users["fo"])
    pengaduan = maju(pengaduan, users["fo"])
    tujuan = aksi.tujuan_disposisi(pengaduan.permohonan)
    pengaduan = maju(pengaduan, users["sekretaris"], tujuan=tujuan[0].pk)
    assert pengaduan.permohonan.langkah_kini.urutan == 5
    assert pengaduan.permohonan.bisa_bertindak(users["kabid"]) is not None
    return pengaduan, kode


def _masuk(user):
    c = Client()
    c.force_login(user)
    return c


def _naskah_aksi(user, naskah, nama):
    r = _masuk(user).post(reverse("persuratan:naskah_aksi", args=[naskah.pk, nama]))
    assert r.status_code == 302, r.content.decode()[:2000]
    return NaskahDinas.objects.get(pk=naskah.pk)


@pytest.mark.django_db
def test_a_reply_letter_initialled_and_signed_answers_the_complaint_which_then_closes(kukar):
    users = kukar
    pengaduan, kode = _sampai_kabid(users)
    tiket = pengaduan.nomor_tiket
    kabid = _masuk(users["kabid"])
    halaman = kabid.get(reverse("pengaduan:detail", args=[tiket])).content.decode()
    assert "Jawab dengan surat" in halaman and 'id="form-surat"' in halaman

    # An empty text is refused with a message; nothing is drafted.
    r = kabid.post(reverse("pengaduan:surat_balasan", args=[tiket]), {"teks": "  "}, follow=True)
    assert "Tulis isi jawaban untuk surat balasan." in r.content.decode()
    assert not NaskahDinas.objects.exists()

    r = kabid.post(reverse("pengaduan:surat_balasan", args=[tiket]), {"teks": JAWABAN})
    naskah = NaskahDinas.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("persuratan:naskah", args=[naskah.pk])
    assert naskah.pengaduan_id == pengaduan.pk and naskah.status == StatusNaskah.KONSEP
    assert naskah.hal == f"Jawaban atas pengaduan {tiket}"
    assert naskah.tujuan.splitlines()[0] == "Sdr. Rahmat Hidayat"
    assert JAWABAN in naskah.isi and tiket in naskah.isi
    assert naskah.jabatan_pembuat_id == users["kabid"].pegawai.jabatan_id
    halaman = kabid.get(r["Location"]).content.decode()
    assert f"pengaduan {tiket}</a>" in halaman  # the draft names the complaint it answers
    # The complaint page now points at the letter in progress instead of offering a second one.
    halaman = kabid.get(reverse("pengaduan:detail", args=[tiket])).content.decode()
    assert 'id="form-surat"' not in halaman and "Surat balasan sedang diproses" in halaman
    r = kabid.post(reverse("pengaduan:surat_balasan", args=[tiket]), {"teks": "Lagi."}, follow=True)
    assert "sedang diproses (konsep)" in r.content.decode()
    assert NaskahDinas.objects.count() == 1

    # Kabid submits (his paraf), the Sekretaris initials, the Kadis signs.
    naskah = _naskah_aksi(users["kabid"], naskah, "ajukan")
    sekretaris = users["sekretaris"].pegawai.jabatan_id
    assert naskah.rantai == [sekretaris] and naskah.status == StatusNaskah.PARAF
    naskah = _naskah_aksi(users["sekretaris"], naskah, "paraf")
    assert naskah.status == StatusNaskah.TTD
    assert Pengaduan.objects.get(pk=pengaduan.pk).dijawab_pada is None  # not answered before it is issued
    naskah = _naskah_aksi(users["kadis"], naskah, "tandatangani")
    assert naskah.status == StatusNaskah.TERBIT
    surat = naskah.surat

    pengaduan = Pengaduan.objects.select_related("permohonan").get(pk=pengaduan.pk)
    assert pengaduan.dijawab_pada is not None and pengaduan.status_publik == "dijawab"
    jawaban = pengaduan.tanggapan.filter(jenis=Tanggapan.Jenis.JAWABAN).get()
    assert f"Dijawab dengan surat nomor {surat.nomor}" in jawaban.teks
    # Recorded for the position that acts on the case at the step where the letter was started.
    assert jawaban.langkah.urutan == 5 and jawaban.jabatan_id in users["kabid"].pegawai.jabatan_ids()
    halaman = kabid.get(reverse("pengaduan:detail", args=[tiket])).content.decode()
    assert surat.nomor in halaman and 'id="surat-balasan"' not in halaman  # answered: no second letter offered
    with pytest.raises(aksi.AksiGagal, match="sudah dijawab"):
        aksi.mulai_surat_balasan(pengaduan.pk, users["kabid"], "Surat kedua.")

    # The answering step completes and the complaint closes as with a text reply.
    maju(pengaduan, users["kabid"])
    for user in ("fo", "sekretaris", "kadis"):
        pengaduan = maju(pengaduan, users[user])
    assert pengaduan.permohonan.status == Status.SELESAI and pengaduan.status_publik == "selesai"

    # The complainant, with ticket and code: the number and the applicant copy.
    warga = Client()
    r = warga.post(reverse("pengaduan:cek"), {"tiket": tiket, "kode": kode})
    assert r.status_code == 302
    halaman = warga.get(reverse("pengaduan:status")).content.decode()
    assert surat.nomor in halaman and "Unduh surat (PDF)" in halaman
    for pegawai in ("kabid", "sekretaris", "kadis"):
        assert users[pegawai].pegawai.nama not in halaman  # jabatan only
    unduh = reverse("pengaduan:status_surat", args=[surat.pk])
    r = warga.get(unduh)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    teks = pdf_teks(r.content)
    assert surat.nomor in teks and "Jawaban atas pengaduan" in teks
    assert users["sekretaris"].pegawai.nama not in teks  # the applicant copy carries no initials
    # Its QR verifies through the existing verification page.
    r = Client().get(reverse("surat:verifikasi", args=[surat.token]))
    assert r.status_code == 200 and surat.nomor in r.content.decode()

    # Reopening returns the complaint to the Kabid's step, where the letter was started.
    aksi.buka_kembali(pengaduan.pk, "Bantuan belum masuk rekening.")
    p = Pengaduan.objects.select_related("permohonan__langkah_kini").get(pk=pengaduan.pk).permohonan
    assert p.langkah_kini.urutan == 5 and p.bisa_bertindak(users["kabid"]) is not None


@pytest.mark.django_db
def test_a_wrong_code_gives_the_unknown_ticket_page_and_no_download(kukar, settings):
    users = kukar
    pengaduan, kode = _sampai_kabid(users, rahasiakan=True)
    naskah = aksi.mulai_surat_balasan(pengaduan.pk, users["kabid"], JAWABAN)
    # Hidden identity: the letter is addressed to "Pelapor", never the name.
    assert naskah.tujuan.splitlines()[0] == f"Pelapor pengaduan {pengaduan.nomor_tiket}"
    assert "Rahmat Hidayat" not in naskah.tujuan + naskah.isi
    for user, nama in (("kabid", "ajukan"), ("sekretaris", "paraf"), ("kadis", "tandatangani")):
        naskah = _naskah_aksi(users[user], naskah, nama)
    surat = naskah.surat
    unduh = reverse("pengaduan:status_surat", args=[surat.pk])

    salah, asing = Client(), Client()
    r_salah = salah.post(reverse("pengaduan:cek"), {"tiket": pengaduan.nomor_tiket, "kode": "AAAA-BBBB-CCCC"})
    r_asing = asing.post(reverse("pengaduan:cek"), {"tiket": "ADU-2026-999999", "kode": "AAAA-BBBB-CCCC"})
    assert r_salah.status_code == r_asing.status_code == 400
    bersih = [
        re.sub(r'(csrfmiddlewaretoken" value=|CSRFToken": )"[^"]+"', "", r.content.decode())
        .replace(pengaduan.nomor_tiket, "X")
        .replace("ADU-2026-999999", "X")
        for r in (r_salah, r_asing)
    ]
    assert bersih[0] == bersih[1]
    assert surat.nomor not in r_salah.content.decode()
    assert salah.get(unduh).status_code == 404
    assert salah.get(reverse("pengaduan:status")).status_code == 404

    # Another complaint's ticket and code do not open this letter.
    lain, kode_lain = adukan(users["fo"], Saluran.LOKET, judul="Aduan lain")
    tetangga = Client()
    assert tetangga.post(reverse("pengaduan:cek"), {"tiket": lain.nomor_tiket, "kode": kode_lain}).status_code == 302
    assert tetangga.get(unduh).status_code == 404
    assert surat.nomor not in tetangga.get(reverse("pengaduan:status")).content.decode()

    # The right ticket and code: downloads, limited per address per minute.
    settings.PENGADUAN_BATAS_UNDUH = 2
    cache.clear()  # the neighbour's attempt above came from the same address
    pelapor = Client()
    pelapor.post(reverse("pengaduan:cek"), {"tiket": pengaduan.nomor_tiket, "kode": kode})
    assert [pelapor.get(unduh).status_code for _ in range(3)] == [200, 200, 429]
    assert "Terlalu banyak unduhan" in pelapor.get(unduh).content.decode()
    # A revoked letter is listed as such and no longer served.
    cache.clear()
    Surat.objects.filter(pk=surat.pk).update(dicabut=True)
    halaman = pelapor.get(reverse("pengaduan:status")).content.decode()
    assert surat.nomor in halaman and "(dicabut)" in halaman and "Unduh surat (PDF)" not in halaman
    assert pelapor.get(unduh).status_code == 404


@pytest.mark.django_db
def test_only_the_handler_at_a_handling_step_may_start_a_reply_letter(kukar):
    users = kukar
    pengaduan, _ = adukan(users["fo"], Saluran.LOKET)
    # At verification: no letter (not a handling step), neither on the page nor by a forged POST.
    fo = _masuk(users["fo"])
    assert 'id="form-surat"' not in fo.get(reverse("pengaduan:detail", args=[pengaduan.nomor_tiket])).content.decode()
    r = fo.post(reverse("pengaduan:surat_balasan", args=[pengaduan.nomor_tiket]), {"teks": JAWABAN}, follow=True)
    assert "Surat balasan dibuat pada langkah penanganan pengaduan." in r.content.decode()
    pengaduan, _ = _sampai_kabid(users)
    # Too long: a message, and the form keeps what was typed.
    panjang = "Bantuan telah dicairkan. " + "x" * BATAS_CATATAN
    kabid = _masuk(users["kabid"])
    r = kabid.post(reverse("pengaduan:surat_balasan", args=[pengaduan.nomor_tiket]), {"teks": panjang}, follow=True)
    halaman = r.content.decode()
    assert "paling banyak" in halaman and "Bantuan telah dicairkan. xxx" in halaman
    # The Kadis is not this step's handler.
    with pytest.raises(aksi.AksiGagal, match="tidak berwenang"):
        aksi.mulai_surat_balasan(pengaduan.pk, users["kadis"], JAWABAN)
    # A staff member who cannot see the complaint gets a 404.
    staf = next(u for u in users.values() if getattr(u, "pegawai", None) and u.username.startswith("survei"))
    assert (
        _masuk(staf).post(reverse("pengaduan:surat_balasan", args=[pengaduan.nomor_tiket]), {"teks": JAWABAN}).status_code
        == 404
    )
    assert not NaskahDinas.objects.exists()


def _terbitkan(users, naskah):
    from persuratan import aksi as persuratan

    persuratan.ajukan(naskah.pk, users["kabid"])
    persuratan.paraf(naskah.pk, users["sekretaris"])
    return persuratan.tandatangani(naskah.pk, users["kadis"], "http://testserver/")


def _kueri(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_status_and_complaint_pages_need_the_same_queries_for_one_and_three_letters(
    kukar, django_assert_max_num_queries
):
    users = kukar
    pengaduan, kode = _sampai_kabid(users)
    _terbitkan(users, aksi.mulai_surat_balasan(pengaduan.pk, users["kabid"], JAWABAN))
    warga, kabid = Client(), _masuk(users["kabid"])
    warga.post(reverse("pengaduan:cek"), {"tiket": pengaduan.nomor_tiket, "kode": kode})
    status, detail = reverse("pengaduan:status"), reverse("pengaduan:detail", args=[pengaduan.nomor_tiket])
    kabid.get(detail)  # warm the per-process caches
    satu = (_kueri(warga, status), _kueri(kabid, detail))
    # Two more letters (e.g. a correction after reopening), issued the same way.
    for i in range(2):
        asal = NaskahDinas.objects.get(pk=NaskahDinas.objects.order_by("pk").first().pk)
        asal.pk, asal.surat, asal.status, asal.rantai, asal.paraf_ke = None, None, StatusNaskah.KONSEP, [], 0
        asal.hal = f"Jawaban tambahan {i} atas pengaduan {pengaduan.nomor_tiket}"
        asal.save()
        _terbitkan(users, asal)
    halaman = warga.get(status).content.decode()
    assert halaman.count("Unduh surat (PDF)") == 3
    assert (_kueri(warga, status), _kueri(kabid, detail)) == satu
    with django_assert_max_num_queries(5):
        warga.get(status)
    with django_assert_max_num_queries(20):  # as tests/pengaduan/test_kueri.py allows the page
        kabid.get(detail)
