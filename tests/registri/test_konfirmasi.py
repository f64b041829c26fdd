"""An upload much smaller than the active snapshot waits for confirmation, showing both counts."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from registri.cari import cek_nik
from registri.generator import tulis_csv
from registri.impor import impor_berkas, proses_antrean
from registri.models import BarisDtks, Jenis, Snapshot


@pytest.fixture
def admin_registri(client, kantor, tmp_path, settings):
    settings.IMPOR_DI_LATAR = False
    settings.MEDIA_ROOT = tmp_path / "media"
    user = get_user_model().objects.create_user("pengunggah", password="x", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_snapshot", "unggah_snapshot", "unduh_laporan_snapshot"])
    )
    client.force_login(user)
    return client


@pytest.fixture
def aktif(kantor, tmp_path):
    Snapshot.objects.filter(jenis=Jenis.DTKS).delete()
    path = tmp_path / "lama.csv"
    tulis_csv(path, 100, kode_wilayah="1609", seed=7)
    return impor_berkas(path, Jenis.DTKS)


def unggah(client, tmp_path, jumlah, seed=8):
    path = tmp_path / f"baru-{jumlah}.csv"
    tulis_csv(path, jumlah, kode_wilayah="1609", seed=seed)
    with open(path, "rb") as fh:
        client.post(reverse("admin:registri_unggah"), {"jenis": "dtks", "berkas": fh})
    proses_antrean()
    return Snapshot.objects.latest("pk")


def test_a_much_smaller_upload_waits_and_shows_both_counts(admin_registri, aktif, tmp_path, users):
    baru = unggah(admin_registri, tmp_path, 4)
    assert baru.status == "konfirmasi" and not baru.aktif
    assert Snapshot.objects.get(pk=aktif.pk).aktif
    nik_lama = BarisDtks.objects.filter(snapshot=aktif).values_list("nik", flat=True).first()
    assert cek_nik(nik_lama, users["fo"]).dtks is not None  # look-ups still answer from the old data
    html = admin_registri.get(reverse("admin:registri_progres", args=[baru.pk])).content.decode()
    assert 'Data baru: <strong id="jumlah-baru">4</strong> baris' in html
    assert 'Data aktif sekarang: <strong id="jumlah-aktif">100</strong> baris' in html
    assert "Ya, ganti dengan data baru (4 baris)" in html
    assert '<span id="persen">100</span>%' in html  # loaded in full, only not switched on


def test_confirming_switches_the_small_upload_on(admin_registri, aktif, tmp_path):
    baru = unggah(admin_registri, tmp_path, 4)
    response = admin_registri.post(reverse("admin:registri_konfirmasi", args=[baru.pk]), {"keputusan": "aktifkan"})
    assert response.status_code == 302
    assert Snapshot.objects.get(pk=baru.pk).aktif and Snapshot.objects.get(pk=baru.pk).status == "selesai"
    assert not Snapshot.objects.get(pk=aktif.pk).aktif
    assert not BarisDtks.objects.filter(snapshot=aktif).exists()


def test_cancelling_keeps_the_active_data_and_drops_the_new_rows(admin_registri, aktif, tmp_path):
    baru = unggah(admin_registri, tmp_path, 4)
    admin_registri.post(reverse("admin:registri_konfirmasi", args=[baru.pk]), {"keputusan": "batalkan"})
    baru.refresh_from_db()
    assert baru.status == "gagal" and not baru.aktif and "Dibatalkan" in baru.pesan
    assert Snapshot.objects.get(pk=aktif.pk).aktif and BarisDtks.objects.filter(snapshot=aktif).count() == 100
    assert not BarisDtks.objects.filter(snapshot=baru).exists()
    # A second decision on the same upload changes nothing.
    response = admin_registri.post(
        reverse("admin:registri_konfirmasi", args=[baru.pk]), {"keputusan": "aktifkan"}, follow=True
    )
    assert "Impor ini tidak lagi menunggu konfirmasi." in response.content.decode()
    assert Snapshot.objects.get(pk=aktif.pk).aktif


def test_an_upload_of_80_percent_or_more_is_switched_on_at_once(admin_registri, aktif, tmp_path):
    baru = unggah(admin_registri, tmp_path, 80)
    assert baru.status == "selesai" and baru.aktif


def test_staff_without_the_upload_permission_cannot_confirm(client, admin_registri, aktif, tmp_path):
    baru = unggah(admin_registri, tmp_path, 4)
    viewer = get_user_model().objects.create_user("lihat", password="x", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_snapshot"))
    client.force_login(viewer)
    html = client.get(reverse("admin:registri_progres", args=[baru.pk])).content.decode()
    assert "Ya, ganti dengan data baru" not in html
    client.post(reverse("admin:registri_konfirmasi", args=[baru.pk]), {"keputusan": "aktifkan"})
    assert not Snapshot.objects.get(pk=baru.pk).aktif and Snapshot.objects.get(pk=aktif.pk).aktif


def test_the_command_line_import_is_not_held(aktif, tmp_path):
    path = tmp_path / "kecil.csv"
    tulis_csv(path, 4, kode_wilayah="1609", seed=9)
    assert impor_berkas(path, Jenis.DTKS).aktif
