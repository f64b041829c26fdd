"""Staff pages: who sees a complaint, hidden identity, the counter's form, triage, disposition."""

import pytest

from layanan.models import Status
from pengaduan.models import Pengaduan, Saluran, Tanggapan
from tests.conftest import load_demo
from tests.pengaduan.helpers import adukan, data, maju, token


@pytest.mark.django_db
def test_hidden_identity_shows_dirahasiakan_to_staff_not_handling(client, users):
    fo, survei, kasi = users["fo"], users["survei"], users["kasi"]
    a, _ = adukan(fo, rahasiakan=True, nama_pelapor="Sri Wahyuni", telepon="081299988877")
    # The FO recorded it: handling.
    client.force_login(fo)
    html = client.get(f"/pengaduan/{a.nomor_tiket}/").content.decode()
    assert "Sri Wahyuni" in html and "081299988877" in html
    html = client.get("/pengaduan/").content.decode()
    assert "Sri Wahyuni" in html
    # The survey officer (named on a later step) and the Kasi (superior of the FO) do not handle it yet.
    for user in (survei, kasi):
        client.force_login(user)
        for url in (f"/pengaduan/{a.nomor_tiket}/", "/pengaduan/"):
            html = client.get(url).content.decode()
            assert a.nomor_tiket in html
            assert "Sri Wahyuni" not in html and "081299988877" not in html and "1609011204850001" not in html
            assert "dirahasiakan" in html
    # Once the complaint waits for the survey officer, they handle it and see the name.
    maju(a, fo)
    client.force_login(survei)
    assert "Sri Wahyuni" in client.get(f"/pengaduan/{a.nomor_tiket}/").content.decode()


@pytest.mark.django_db
def test_staff_not_named_by_the_sop_get_404(client, users):
    a, _ = adukan(users["fo"])
    client.force_login(users["kabid"])  # not in the PKH complaint SOP, not the FO's superior
    assert client.get(f"/pengaduan/{a.nomor_tiket}/").status_code == 404
    assert a.nomor_tiket not in client.get("/pengaduan/").content.decode()
    assert client.get(f"/pengaduan/{a.nomor_tiket}/lampiran/1/").status_code == 404
    client.logout()
    assert client.get(f"/pengaduan/{a.nomor_tiket}/").status_code == 302  # to the login page
    # The generic case page of a complaint opens the complaint page.
    client.force_login(users["fo"])
    resp = client.get(f"/permohonan/{a.nomor_tiket}/")
    assert resp.status_code == 302 and resp["Location"] == f"/pengaduan/{a.nomor_tiket}/"


@pytest.mark.django_db
def test_the_counter_records_a_lapor_ticket_and_refuses_a_duplicate(client, users):
    from pengaduan.models import Kategori

    client.force_login(users["fo"])
    post = {
        "saluran": Saluran.LAPOR,
        "nomor_lapor": "",
        "kategori": Kategori.objects.get(kode="data-dtks").pk,
        "prioritas": "tinggi",
        "judul": "Nama tidak ada di DTKS",
        "isi": "Sudah mendaftar tetapi tidak masuk DTKS.",
    }
    resp = client.post("/pengaduan/baru/", post)
    assert resp.status_code == 400 and "Isi nomor tiket SP4N-LAPOR!." in resp.content.decode()
    assert "Nama tidak ada di DTKS" in resp.content.decode()
    resp = client.post("/pengaduan/baru/", {**post, "nomor_lapor": "LAP-8812"}, follow=True)
    a = Pengaduan.objects.get()
    assert a.nomor_lapor == "LAP-8812" and a.prioritas == "tinggi" and a.saluran == Saluran.LAPOR
    assert a.permohonan.versi_sop.sop.kode == "pengaduan-pkh"
    assert a.nomor_tiket in resp.content.decode() and "hanya ditampilkan sekali" in resp.content.decode()
    resp = client.post("/pengaduan/baru/", {**post, "nomor_lapor": "LAP-8812"})
    assert resp.status_code == 400 and "sudah tercatat" in resp.content.decode()
    assert Pengaduan.objects.count() == 1
    # Only who records the SOP's first office step may use the counter form.
    client.force_login(users["kasi"])
    assert client.get("/pengaduan/baru/").status_code == 404


@pytest.mark.django_db
def test_triage_links_a_nik_and_a_case_and_notes_stay_internal(client, users):
    fo = users["fo"]
    a, _ = adukan(fo)
    client.force_login(fo)
    resp = client.post(
        f"/pengaduan/{a.nomor_tiket}/triase/",
        {"kategori": a.kategori_id, "prioritas": "tinggi", "nik_terkait": "1609011204", "nomor_permohonan": ""},
        follow=True,
    )
    assert "NIK harus 16 digit" in resp.content.decode() or "16" in resp.content.decode()
    assert Pengaduan.objects.get(pk=a.pk).prioritas == "sedang"
    resp = client.post(
        f"/pengaduan/{a.nomor_tiket}/triase/",
        {"kategori": a.kategori_id, "prioritas": "tinggi", "nik_terkait": "1609015506900002", "nomor_permohonan": "X"},
        follow=True,
    )
    assert "Nomor permohonan tidak ditemukan." in resp.content.decode()
    client.post(
        f"/pengaduan/{a.nomor_tiket}/triase/",
        {"kategori": a.kategori_id, "prioritas": "tinggi", "nik_terkait": "1609015506900002", "nomor_permohonan": ""},
    )
    a.refresh_from_db()
    assert a.prioritas == "tinggi" and a.nik_terkait == "1609015506900002"
    resp = client.post(
        f"/pengaduan/{a.nomor_tiket}/catat/",
        {"jenis": "koordinasi", "instansi": "", "teks": "Menunggu data bank"},
        follow=True,
    )
    assert "Sebutkan instansi yang dihubungi." in resp.content.decode()
    client.post(
        f"/pengaduan/{a.nomor_tiket}/catat/",
        {"jenis": "koordinasi", "instansi": "Bank Penyalur", "teks": "Menunggu data bank"},
    )
    assert Tanggapan.objects.get(pengaduan=a).instansi == "Bank Penyalur"
    # The Kasi (not handling) sees the linked NIK masked.
    client.force_login(users["kasi"])
    html = client.get(f"/pengaduan/{a.nomor_tiket}/").content.decode()
    assert "1609********0002" in html and "1609015506900002" not in html


@pytest.mark.django_db
def test_kukar_online_complaint_is_disposed_to_the_kabid_and_answered(client, db):
    """Kukar "Penanganan pengaduan online": Ketua Tim Pengaduan (Sekretaris) disposes to the Kabid terkait."""
    from django.contrib.auth import get_user_model

    load_demo("kutai-kartanegara")
    u = {x.username: x for x in get_user_model().objects.all()}
    a, _ = adukan(u["fo"], Saluran.WEB)
    p = a.permohonan
    assert p.versi_sop.sop.kode == "pengaduan-online" and p.langkah_kini.urutan == 2
    a = maju(a, u["fo"])  # 2 verifikasi by Admin Media Sosial
    a = maju(a, u["fo"], catatan="Respon diterima dikirim.")  # 3
    a = maju(a, u["fo"])  # 4 diteruskan ke Ketua Tim
    assert a.permohonan.status == Status.DISPOSISI
    client.force_login(u["sekretaris"])
    html = client.get(f"/pengaduan/{a.nomor_tiket}/").content.decode()
    assert "Tujuan disposisi" in html and "Kepala Bidang (bidang terkait materi pengaduan)" in html
    kabid_terkait = a.permohonan.versi_sop.peta_jabatan.get(pelaksana__kode="kabid-terkait").jabatan
    resp = client.post(
        f"/pengaduan/{a.nomor_tiket}/tindak/",
        {"token": token(a), "catatan": "Tindak lanjuti.", "jawaban": "", "tujuan": kabid_terkait.pk},
        follow=True,
    )
    assert "Langkah pengaduan tercatat." in resp.content.decode()
    a = Pengaduan.objects.get(pk=a.pk)
    assert a.permohonan.langkah_kini.urutan == 6 and a.permohonan.jabatan_tujuan == kabid_terkait
    a = maju(a, u["kabid"], catatan="Dicek ke pendamping.")  # 6
    a = maju(a, u["kabid"], jawaban="Data Ibu sudah diperbaiki.")  # 7 balasan
    a = maju(a, u["fo"])  # 8 admin meneruskan balasan (serah)
    assert a.status_publik == "dijawab"
    # 9 pelaporan dan pengarsipan: in turn Admin, Sekretaris, Kepala Dinas (the SOP's giliran).
    a = maju(a, u["fo"])
    a = maju(a, u["sekretaris"])
    assert a.permohonan.status == Status.BERJALAN
    a = maju(a, u["kadis"])
    assert a.permohonan.status == Status.DISERAHKAN and a.status_publik == "selesai" and a.boleh_buka_kembali()


@pytest.mark.django_db
def test_an_overdue_complaint_is_marked_in_tugas_saya_and_rises_to_the_superior(client, users):
    import datetime

    from django.utils import timezone

    from layanan.models import Permohonan

    a, _ = adukan(users["fo"], rahasiakan=True, nama_pelapor="Sri Wahyuni")
    tepat, _ = adukan(users["fo"])
    Permohonan.objects.filter(pk=a.permohonan_id).update(batas_waktu=timezone.now() - datetime.timedelta(hours=2))
    client.force_login(users["fo"])
    html = client.get("/tugas/").content.decode()
    baris = html.split(a.nomor_tiket, 1)[1].split("</tr>")[0]
    assert "terlambat" in baris and "terlambat" not in html.split(tepat.nomor_tiket, 1)[1].split("</tr>")[0]
    client.force_login(users["kasi"])  # superior of the Front Office position the step waits for
    html = client.get("/pengaduan/").content.decode()
    bagian = html.split('id="terlambat-bawahan"')[1].split("</div>")[0]
    assert a.nomor_tiket in bagian and tepat.nomor_tiket not in bagian
    assert "Sri Wahyuni" not in html


@pytest.mark.django_db
def test_attachments_of_a_hidden_identity_go_only_to_whoever_handles_it(client, users, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from audit.models import LogAkses
    from pengaduan import aksi
    from tests.pengaduan.test_publik import PNG

    settings.MEDIA_ROOT = tmp_path
    a, _ = aksi.buat(users["fo"], Saluran.LOKET, data(rahasiakan=True), [SimpleUploadedFile("ktp.png", PNG)])
    lampiran = a.lampiran.get()
    url = f"/pengaduan/{a.nomor_tiket}/lampiran/{lampiran.pk}/"
    client.force_login(users["kasi"])
    assert client.get(url).status_code == 404
    assert "ktp.png" not in client.get(f"/pengaduan/{a.nomor_tiket}/").content.decode()
    client.force_login(users["fo"])
    resp = client.get(url)
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == PNG
    assert LogAkses.objects.filter(aksi="lihat_dokumen", nomor_permohonan=a.nomor_tiket, diizinkan=True).count() == 1
    assert LogAkses.objects.filter(aksi="lihat_dokumen", nomor_permohonan=a.nomor_tiket, diizinkan=False).count() == 1
