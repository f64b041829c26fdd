"""A complaint walks its office's complaint SOP (OKU "Pengaduan bansos PKH")."""

import pytest

from layanan.models import GiliranPermohonan, Riwayat, Status
from pengaduan import aksi
from pengaduan.models import Pengaduan, Saluran
from tests.pengaduan.helpers import adukan, maju


@pytest.mark.django_db
def test_it_walks_the_oku_pkh_steps_and_closes_only_with_an_answer(users):
    fo, survei = users["fo"], users["survei"]
    pengaduan, kode = adukan(fo)
    p = pengaduan.permohonan
    assert pengaduan.nomor_tiket.startswith("ADU-") and p.nomor_registrasi == pengaduan.nomor_tiket
    assert len(kode) == 12 and pengaduan.cocok_kode(kode) and kode not in pengaduan.kode_hash
    assert p.versi_sop.sop.kode == "pengaduan-pkh"
    # The SOP's step 1 (the complainant comes) is recorded at registration; FO verifies on step 2 within 30 minutes.
    assert p.langkah_kini.urutan == 2 and p.status == Status.VERIFIKASI
    assert p.batas_waktu is not None
    assert GiliranPermohonan.objects.filter(permohonan=p, jabatan__kode="fo").exists()

    pengaduan = maju(pengaduan, fo, catatan="Materi aduan jelas.")
    assert pengaduan.permohonan.status == Status.SURVEI  # step 3: pengecekan lapangan by the survey officer
    with pytest.raises(aksi.AksiGagal, match="tidak berwenang"):
        maju(pengaduan, fo)
    pengaduan = maju(pengaduan, survei, catatan="Rekening dicek bersama pendamping.")
    assert pengaduan.permohonan.langkah_kini.urutan == 4  # diproses dan ditindaklanjuti

    with pytest.raises(aksi.AksiGagal, match="Tulis jawaban untuk pelapor"):
        maju(pengaduan, fo)
    assert Pengaduan.objects.get(pk=pengaduan.pk).permohonan.status == Status.BERJALAN
    pengaduan = maju(pengaduan, fo, jawaban="Rekening Bapak sudah diaktifkan kembali; bantuan cair bulan depan.")
    assert pengaduan.permohonan.status == Status.SELESAI
    assert pengaduan.ditutup_pada is not None and pengaduan.status_publik == "selesai"
    assert list(Riwayat.objects.filter(permohonan=p).values_list("aksi", flat=True)) == [
        "daftarkan",
        "verifikasi_berkas",
        "survei_layak",
        "selesaikan_langkah",
    ]


@pytest.mark.django_db
def test_it_reopens_once_within_14_days_back_to_the_answering_step(users, settings):
    fo, survei = users["fo"], users["survei"]
    pengaduan, _ = adukan(fo, Saluran.WHATSAPP)
    pengaduan = maju(pengaduan, fo)
    pengaduan = maju(pengaduan, survei)
    pengaduan = maju(pengaduan, fo, jawaban="Sudah ditindaklanjuti.")
    aksi.buka_kembali(pengaduan.pk, "Bantuan belum juga cair.")
    pengaduan = Pengaduan.objects.select_related("permohonan").get(pk=pengaduan.pk)
    p = pengaduan.permohonan
    assert p.status == Status.BERJALAN and p.langkah_kini.urutan == 4
    # Back to whoever answered: the "Dinas Sosial" position the FO account holds for step 4.
    assert p.jabatan_tujuan.kode == "dinsos"
    assert list(GiliranPermohonan.objects.filter(permohonan=p).values_list("jabatan__kode", flat=True)) == ["dinsos"]
    assert pengaduan.status_publik == "diproses" and pengaduan.ditutup_pada is None
    with pytest.raises(aksi.AksiGagal, match="satu kali"):
        aksi.buka_kembali(pengaduan.pk, "Lagi.")
    pengaduan = maju(pengaduan, fo, jawaban="Bantuan sudah cair tanggal 3.")
    assert pengaduan.permohonan.status == Status.SELESAI
    with pytest.raises(aksi.AksiGagal, match="satu kali"):
        aksi.buka_kembali(pengaduan.pk, "Sekali lagi.")


@pytest.mark.django_db
def test_it_refuses_reopening_after_14_days(users):
    import datetime

    from django.utils import timezone

    fo, survei = users["fo"], users["survei"]
    pengaduan, _ = adukan(fo)
    for user, kwargs in ((fo, {}), (survei, {}), (fo, {"jawaban": "Selesai."})):
        pengaduan = maju(pengaduan, user, **kwargs)
    Pengaduan.objects.filter(pk=pengaduan.pk).update(ditutup_pada=timezone.now() - datetime.timedelta(days=15))
    with pytest.raises(aksi.AksiGagal, match="14 hari"):
        aksi.buka_kembali(pengaduan.pk, "Belum beres.")
    assert Pengaduan.objects.get(pk=pengaduan.pk).permohonan.status == Status.SELESAI


@pytest.mark.django_db
def test_staff_cannot_reopen_and_other_cases_cannot_be_reopened(users):
    from layanan import aksi as kasus
    from layanan.models import Permohonan
    from tests.layanan.helpers import daftar

    fo, survei = users["fo"], users["survei"]
    pengaduan, _ = adukan(fo)
    for user, kwargs in ((fo, {}), (survei, {}), (fo, {"jawaban": "Selesai."})):
        pengaduan = maju(pengaduan, user, **kwargs)
    p = Permohonan.objects.get(pk=pengaduan.permohonan_id)
    assert [t.name for t in p.get_available_user_status_transitions(fo)] == []
    with pytest.raises(aksi.AksiGagal, match="oleh warga"):
        kasus.buka_kembali(p.pk, fo, p.versi_sop.langkah.last())
    # A service case (not a complaint) has no reopening at all, not even for the system account.
    lain = daftar(fo)
    Permohonan.objects.filter(pk=lain.pk).update(status=Status.DISERAHKAN)
    lain = Permohonan.objects.get(pk=lain.pk)
    assert [t.name for t in lain.get_available_user_status_transitions(aksi.pengguna_web())] == []
