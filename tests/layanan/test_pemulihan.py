"""Remedies after issue: revoke by the signer's level, correction, cancel-and-revoke, unknown QR tokens."""

import datetime
import io

import pytest
from django.urls import reverse
from django_fsm import has_transition_perm
from pypdf import PdfReader

from dinsos.models import Delegasi, Jabatan
from layanan import aksi
from layanan.models import Permohonan, Riwayat, Status
from surat.models import Surat
from tests.layanan.helpers import daftar, maju

BASE = "http://testserver/"


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def terbit(users, signer="kadis", **orang):
    p = daftar(users["fo"], **orang)
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
    return aksi.jalankan(p.pk, users[signer], "tandatangani", base_url=BASE)


def cabut(client, surat, alasan="Nama termohon salah ketik", tindak_lanjut="perbaiki"):
    return client.post(reverse("layanan:cabut_surat", args=[surat.pk]), {"alasan": alasan, "tindak_lanjut": tindak_lanjut})


def verifikasi(client, surat):
    return client.get(reverse("surat:verifikasi", args=[surat.token])).content.decode()


def test_revoke_then_correct_old_qr_page_says_dicabut_and_links_to_the_new_letter(client, users):
    p = terbit(users, nama="Siti Aminh")
    p = maju(p, users["fo"], "serahkan")
    lama = p.surat
    client.force_login(users["kadis"])
    response = cabut(client, lama)
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.KONSEP and p.selesai_pada is None
    row = Riwayat.objects.filter(permohonan=p, aksi="cabut_surat").get()
    assert "Nama termohon salah ketik" in row.catatan and row.nama_pelaku == users["kadis"].pegawai.nama
    assert row.dari_status == Status.DISERAHKAN and row.ke_status == Status.KONSEP
    assert "Nama termohon salah ketik" in client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()

    # The draft is fixed, initialled and signed again through the normal path.
    p.subjek.nama = "Siti Aminah"
    p.subjek.save()
    for user, nama in [("fo", "ajukan_konsep"), ("kasi", "paraf"), ("kabid", "paraf"), ("kadis", "tandatangani")]:
        p = maju(p, users[user], nama, base_url=BASE)
    baru = p.surat
    assert p.status == Status.TERBIT
    assert baru.pk != lama.pk and baru.nomor != lama.nomor and baru.menggantikan_id == lama.pk
    assert f"menggantikan surat Nomor {lama.nomor}" in text_of(bytes(baru.pdf))

    client.logout()
    html = verifikasi(client, lama)
    assert "DICABUT" in html and "SAH." not in html
    assert reverse("surat:verifikasi", args=[baru.token]) in html and baru.nomor in html
    html = verifikasi(client, baru)
    assert "SAH." in html and lama.nomor in html


def test_revoke_is_offered_on_the_case_page_and_the_agenda_to_the_signer_only(client, users):
    p = terbit(users)
    halaman = reverse("layanan:surat_detail", args=[p.surat.pk])
    client.force_login(users["kadis"])
    assert "cabut-surat" in client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()
    assert f"{halaman}#cabut" in client.get(reverse("surat:agenda")).content.decode()
    assert "Cabut surat " + p.surat.nomor in client.get(halaman).content.decode()
    client.force_login(users["fo"])
    assert "cabut-surat" not in client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()
    assert f"{halaman}#cabut" not in client.get(reverse("surat:agenda")).content.decode()
    assert "Cabut surat " + p.surat.nomor not in client.get(halaman).content.decode()


@pytest.mark.parametrize("role", ["admin", "fo", "kasi", "kabid"])
def test_it_admin_and_other_staff_cannot_revoke(client, users, role):
    p = terbit(users)
    client.force_login(users[role])
    response = cabut(client, p.surat)
    assert response.status_code == 403
    assert "keputusan pejabat penandatangan" in response.content.decode()
    assert not Surat.objects.get().dicabut
    assert not Riwayat.objects.filter(aksi="cabut_surat").exists()


def test_sekretaris_and_a_plh_of_the_signer_may_revoke(client, users):
    first, second = terbit(users).surat, terbit(users).surat
    client.force_login(users["sekretaris"])
    assert cabut(client, first, tindak_lanjut="cabut").status_code == 302
    today = datetime.date.today()
    Delegasi.objects.create(
        jabatan=Jabatan.objects.get(kode="kadis"), pegawai=users["kabid"].pegawai, jenis="plh", mulai=today, selesai=today
    )
    client.force_login(users["kabid"])
    assert cabut(client, second, tindak_lanjut="cabut").status_code == 302
    assert Surat.objects.filter(dicabut=True).count() == 2
    row = Riwayat.objects.filter(aksi="cabut_surat", oleh=users["kabid"]).get()
    assert row.sebagai == "Plh. Kepala Dinas Sosial"


def test_revoke_without_reason_or_follow_up_is_refused_and_keeps_what_was_typed(client, users):
    p = terbit(users)
    client.force_login(users["kadis"])
    response = cabut(client, p.surat, alasan="   ")
    assert response.status_code == 400 and "Alasan pencabutan wajib diisi." in response.content.decode()
    response = cabut(client, p.surat, alasan="Salah alamat", tindak_lanjut="")
    html = response.content.decode()
    assert response.status_code == 400 and "Pilih tindak lanjut pencabutan." in html and "Salah alamat" in html
    assert not Surat.objects.get().dicabut
    assert Permohonan.objects.get().status == Status.TERBIT


def test_revoking_twice_answers_with_a_message(client, users):
    p = terbit(users)
    client.force_login(users["kadis"])
    cabut(client, p.surat, tindak_lanjut="cabut")
    response = cabut(client, p.surat)
    assert response.status_code == 409 and "sudah dicabut" in response.content.decode()


def test_revoke_without_replacement_cancels_a_case_not_yet_handed_over(client, users):
    p = terbit(users)
    client.force_login(users["kadis"])
    cabut(client, p.surat, tindak_lanjut="cabut")
    p.refresh_from_db()
    assert p.status == Status.DIBATALKAN and p.surat.dicabut
    assert not has_transition_perm(p.serahkan, users["fo"])


def test_cancel_after_numbering_revokes_the_letter_in_the_same_action(client, users):
    p = terbit(users)
    client.force_login(users["kadis"])
    client.post(
        reverse("layanan:aksi", args=[p.nomor_registrasi, "batalkan"]),
        {"token": aksi.token_status(p), "alasan": "Pemohon meninggal dunia"},
    )
    p.refresh_from_db()
    assert p.status == Status.DIBATALKAN
    assert p.surat.dicabut and "Pemohon meninggal dunia" in p.surat.alasan_pencabutan
    assert f"Surat {p.surat.nomor} dicabut" in p.riwayat.last().catatan
    client.logout()
    html = verifikasi(client, p.surat)
    assert "DICABUT" in html and "SAH." not in html


def test_cancel_after_numbering_without_reason_leaves_the_letter_valid(users):
    p = terbit(users)
    with pytest.raises(aksi.AksiGagal, match="Alasan pembatalan wajib diisi"):
        maju(p, users["kadis"], "batalkan", alasan="  ")
    p.refresh_from_db()
    assert p.status == Status.TERBIT and not p.surat.dicabut


@pytest.mark.parametrize("status", [Status.TTD, Status.TERBIT])
def test_fo_cannot_cancel_a_case_waiting_for_signature_or_later(client, users, status):
    p = terbit(users) if status == Status.TERBIT else daftar(users["fo"])
    Permohonan.objects.filter(pk=p.pk).update(status=status)
    p.refresh_from_db()
    client.force_login(users["fo"])
    html = client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()
    assert "Batalkan permohonan" not in html
    response = client.post(
        reverse("layanan:aksi", args=[p.nomor_registrasi, "batalkan"]),
        {"token": aksi.token_status(p), "alasan": "Salah daftar"},
        follow=True,
    )
    assert "tidak berwenang" in response.content.decode()
    p.refresh_from_db()
    assert p.status == status and (p.surat is None or not p.surat.dicabut)


def test_the_signer_sees_cancel_and_revoke_on_an_issued_case(client, users):
    p = terbit(users)
    client.force_login(users["kadis"])
    assert (
        "Batalkan permohonan dan cabut surat"
        in client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()
    )


def test_mistyped_qr_token_gets_the_indonesian_not_registered_page(client, users):
    p = terbit(users)
    token = p.surat.token
    salah = ("A" if token[0] != "A" else "B") + token[1:]
    response = client.get(reverse("surat:verifikasi", args=[salah]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "TIDAK TERDAFTAR" in html and "Kode verifikasi ini tidak tercatat" in html
    assert "Dinsos Layanan" in html  # the base layout
    assert "Not Found" not in html and p.surat.nomor not in html
    assert client.get("/v/x/").status_code == 404


def test_an_over_long_revocation_reason_is_refused(client, users):
    p = terbit(users)
    client.force_login(users["kadis"])
    response = cabut(client, p.surat, alasan="x" * 1001)
    assert response.status_code == 400 and "1.000 karakter" in response.content.decode()
    with pytest.raises(aksi.AksiGagal, match="paling banyak 1.000 karakter"):
        aksi.cabut_surat(p.surat.pk, users["kadis"], "x" * 1001, aksi.TindakLanjut.CABUT)
    assert not Surat.objects.get().dicabut
