"""A signed SK with a long recipient list: its lampiran is made by the worker, the page shows the job."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from audit.models import LogAkses
from bansos import aksi
from bansos.models import Calon
from surat.models import LampiranSurat
from tests.bansos import helpers as h
from tests.operasi.helpers import jalankan_antrean

pytestmark = pytest.mark.django_db


def _teks(pdf: bytes) -> list[str]:
    """Each page's text with line breaks and repeated spaces folded."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _penetapan(n):
    program = h.program(kuota=n, anggaran=n * 1_500_000)
    for i in range(1, n + 1):
        h.calon(program, i, status=Calon.Status.LAYAK).save()
    return aksi.tetapkan(program.pk, h.pegawai("kasi"))


def _unduh(client, lampiran):
    response = client.get(reverse("surat:lampiran_unduh", args=[lampiran.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


@override_settings(BANSOS_LAMPIRAN_LATAR=5)
def test_a_long_list_is_queued_shown_and_downloadable_once_the_worker_ran(client, media, django_capture_on_commit_callbacks):
    penetapan = _penetapan(8)
    kadis = h.pegawai("kadis")
    with django_capture_on_commit_callbacks(execute=True):
        penetapan = aksi.terbitkan_sk(penetapan.pk, kadis, "http://uji/")
    nomor = penetapan.surat.nomor
    # Not rendered in the request: the SK is issued, the lampiran waits for the worker.
    assert not penetapan.lampiran_pdf
    lampiran = LampiranSurat.objects.get()
    assert (lampiran.sumber, lampiran.kunci, lampiran.surat, lampiran.status) == (
        "bansos-sk",
        str(penetapan.pk),
        penetapan.surat,
        "antre",
    )
    assert DBTaskResult.objects.get().status == "READY"

    client.force_login(h.pegawai("staf"))  # any officer on bansos, not only the requester
    halaman = reverse("bansos:penetapan_detail", args=[penetapan.pk])
    body = client.get(halaman).content.decode()
    assert "dibuat oleh pekerja latar" in body and "Menunggu" in body and "menunggu pekerja" in body
    assert 'hx-trigger="every 2s"' in body and "Unduh lampiran" not in body
    assert client.get(reverse("bansos:lampiran_pdf", args=[penetapan.pk])).status_code == 404

    jalankan_antrean()

    body = client.get(halaman).content.decode()
    assert "Lampiran selesai" in body and "8 baris" in body and "hx-trigger" not in body
    unduh = reverse("surat:lampiran_unduh", args=[lampiran.pk])
    assert unduh in body
    # The old link of the page leads to the same file.
    assert client.get(reverse("bansos:lampiran_pdf", args=[penetapan.pk])).url == unduh
    halaman_pdf = _teks(_unduh(client, lampiran))
    semua = " ".join(halaman_pdf)
    assert nomor in halaman_pdf[0] and "Halaman 1 dari" in halaman_pdf[0]
    assert "Jumlah: 8 orang, Rp 12.000.000" in halaman_pdf[-1]
    assert "Pegawai kadis" in halaman_pdf[-1]  # the signer, as the SK names them
    assert "1609********0008" in semua and h.nik(8) not in semua  # masked as in the SK
    assert LogAkses.objects.filter(objek=f"lampiran {nomor}", diizinkan=True).exists()


@override_settings(BANSOS_LAMPIRAN_LATAR=5)
def test_people_outside_bansos_get_404_on_the_job_and_its_pdf(client, media, django_capture_on_commit_callbacks):
    penetapan = _penetapan(6)
    with django_capture_on_commit_callbacks(execute=True):
        aksi.terbitkan_sk(penetapan.pk, h.pegawai("kadis"), "http://uji/")
    jalankan_antrean()
    lampiran = LampiranSurat.objects.get(status="selesai")
    admin_ti = get_user_model().objects.create_user("admin-ti", password="x", is_staff=True)
    client.force_login(admin_ti)
    assert client.get(reverse("surat:lampiran_unduh", args=[lampiran.pk])).status_code == 404
    assert client.get(reverse("surat:lampiran_status", args=[lampiran.pk])).status_code == 404
    assert client.get(reverse("bansos:lampiran_pdf", args=[penetapan.pk])).status_code == 404
    assert LogAkses.objects.filter(diizinkan=False, objek=f"lampiran id {lampiran.pk}").count() == 2


@override_settings(BANSOS_LAMPIRAN_LATAR=5)
def test_a_list_at_the_threshold_stays_in_the_request(client):
    penetapan = _penetapan(5)
    penetapan = aksi.terbitkan_sk(penetapan.pk, h.pegawai("kadis"), "http://uji/")
    assert not LampiranSurat.objects.exists() and not DBTaskResult.objects.exists()
    halaman = _teks(bytes(penetapan.lampiran_pdf))
    assert "Jumlah: 5 orang, Rp 7.500.000" in halaman[-1] and penetapan.surat.nomor in halaman[0]
    client.force_login(h.pegawai("staf"))
    body = client.get(reverse("bansos:penetapan_detail", args=[penetapan.pk])).content.decode()
    assert "Unduh lampiran SK (PDF)" in body and "pekerja latar" not in body


@override_settings(BANSOS_LAMPIRAN_LATAR=5)
def test_a_failed_job_shows_its_reason_and_a_kasi_or_above_may_queue_it_again(
    client, media, django_capture_on_commit_callbacks
):
    penetapan = _penetapan(6)
    with django_capture_on_commit_callbacks(execute=True):
        penetapan = aksi.terbitkan_sk(penetapan.pk, h.pegawai("kadis"), "http://uji/")
    penetapan.surat = None  # the source finds no issued SK behind the key
    penetapan.save(update_fields=["surat"])
    jalankan_antrean()
    assert LampiranSurat.objects.get().status == "gagal"
    penetapan.surat = LampiranSurat.objects.get().surat
    penetapan.save(update_fields=["surat"])
    client.force_login(h.pegawai("staf"))
    body = client.get(reverse("bansos:penetapan_detail", args=[penetapan.pk])).content.decode()
    assert "Lampiran gagal dibuat" in body and "SK penetapan tidak ditemukan atau belum terbit." in body
    assert "Buat ulang lampiran" not in body  # staff do not decide
    ulang = reverse("bansos:lampiran_ulang", args=[penetapan.pk])
    body = client.post(ulang, follow=True).content.decode()
    assert "Hanya Kasi, Kabid, Sekretaris atau Kadis" in body and LampiranSurat.objects.count() == 1

    client.force_login(h.pegawai("kabid"))
    assert "Buat ulang lampiran" in client.get(reverse("bansos:penetapan_detail", args=[penetapan.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        body = client.post(ulang, follow=True).content.decode()
    assert "Lampiran SK diantrekan untuk dibuat ulang." in body and "Menunggu" in body
    jalankan_antrean()
    assert LampiranSurat.objects.order_by("pk").last().status == "selesai"
    body = client.post(ulang, follow=True).content.decode()  # nothing failed any more
    assert "tidak sedang gagal" in body and LampiranSurat.objects.count() == 2


@override_settings(BANSOS_LAMPIRAN_LATAR=5)
def test_page_with_the_job_has_the_same_query_count_at_two_sizes(
    client, media, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    kadis = h.pegawai("kadis")
    pks = []
    for n, kode in ((6, "a"), (20, "b")):
        program = h.program(versi_sop=h.versi(kode, kode), kuota=n, anggaran=n * 1_500_000)
        for i in range(1, n + 1):
            h.calon(program, i, status=Calon.Status.LAYAK).save()
        p = aksi.tetapkan(program.pk, kadis)
        with django_capture_on_commit_callbacks(execute=True):
            aksi.terbitkan_sk(p.pk, kadis, "http://uji/")
        pks.append(p.pk)
    client.force_login(kadis)
    counts = []
    for pk in pks:
        with django_assert_max_num_queries(25) as ctx:
            assert client.get(reverse("bansos:penetapan_detail", args=[pk])).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
