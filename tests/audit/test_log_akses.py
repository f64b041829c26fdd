"""The access log: every read of personal data and every refusal is written, nobody can
change or delete it, admins search it by NIK or user, and no NIK travels in a URL."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse

from audit.models import LogAkses, catat, hash_nik
from dinsos.models import Jabatan, Pegawai
from layanan import aksi
from layanan.models import Permohonan, Status
from tests.layanan.helpers import daftar, form_post, kk, maju, nik

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
NIK_TERMOHON = nik(urut="0077")


def _dengan_termohon(users):
    """A case for someone else: the log must name both people."""
    from sop.models import VersiSop
    from tests.layanan.helpers import orang

    versi = VersiSop.objects.terbit().get(sop__kode="sktm")
    return aksi.daftarkan(
        users["fo"],
        versi,
        orang(),
        orang(nik=NIK_TERMOHON, nama="Budi Santoso", nomor_kk=kk(urut="0003")),
        "Anak",
        "Berobat",
        {i.kode: "RSUD" for i in versi.isian_tambahan.all()},
        [(p.nama, None) for p in versi.persyaratan.all()],
        "1609",
    )


def _terbit(users, p):
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
    return aksi.jalankan(p.pk, users["kadis"], "tandatangani", base_url="http://testserver/")


@pytest.mark.parametrize(
    "url_name,aksi_log,persiapan",
    [
        ("layanan:detail", "lihat_permohonan", None),
        ("layanan:tanda_terima", "tanda_terima", None),
        ("layanan:pratinjau", "pratinjau_surat", None),
        ("layanan:kekurangan", "kekurangan_berkas", "kurang"),
        ("layanan:surat", "unduh_surat", "terbit"),
        ("layanan:bukti_penyerahan", "bukti_penyerahan", "serah"),
    ],
)
def test_each_read_of_a_case_writes_one_row_naming_case_and_people(client, users, url_name, aksi_log, persiapan):
    p = _dengan_termohon(users)
    if persiapan == "kurang":
        p = maju(p, users["fo"], "kembalikan", kurang=[p.versi_sop.persyaratan.first().nama])
    if persiapan in ("terbit", "serah"):
        p = _terbit(users, p)
    if persiapan == "serah":
        p = maju(p, users["fo"], "serahkan")
    client.force_login(users["fo"])
    response = client.get(reverse(url_name, args=[p.nomor_registrasi]), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    row = LogAkses.objects.get()
    assert (row.aksi, row.user, row.nama_pengguna, row.diizinkan) == (aksi_log, users["fo"], "fo", True)
    assert row.nomor_permohonan == p.nomor_registrasi and row.alamat_ip == "10.1.2.3"
    # Both the subject and the applicant are findable by NIK; the NIK itself is not stored.
    assert LogAkses.objects.cari_nik(NIK_TERMOHON).get() == row
    assert LogAkses.objects.cari_nik(nik()).get() == row
    assert row.nik_samar == f"{NIK_TERMOHON[:4]}********{NIK_TERMOHON[-4:]}, {nik()[:4]}********{nik()[-4:]}"
    assert NIK_TERMOHON not in str(LogAkses.objects.values().get())


def test_viewing_a_scan_is_logged_with_the_document(client, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    p = daftar(users["fo"])
    doc = aksi.simpan_dokumen(p, "KTP pemohon", SimpleUploadedFile("ktp.png", PNG), users["fo"])
    client.force_login(users["fo"])
    response = client.get(reverse("layanan:dokumen", args=[p.nomor_registrasi, doc.pk]))
    assert response.status_code == 200
    row = LogAkses.objects.get()
    assert row.aksi == "lihat_dokumen" and row.objek == f"dokumen {doc.pk}: KTP pemohon"


def test_prefill_by_nik_is_posted_and_logged(client, users):
    daftar(users["fo"])
    client.force_login(users["fo"])
    response = client.post(reverse("layanan:baru_form", args=["sktm"]), {"cari_nik": nik()})
    assert "Data pemohon terakhir ditemukan" in response.content.decode()
    assert 'value="1985-04-12"' in response.content.decode()  # the date input can show it
    row = LogAkses.objects.cari_nik(nik()).get()
    assert row.aksi == "isi_dari_nik" and row.keterangan == "pemohon lama ditemukan"
    assert Permohonan.objects.count() == 1  # the search registered nothing
    # The old GET form does not look anyone up.
    html = client.get(reverse("layanan:baru_form", args=["sktm"]), {"nik": nik()}).content.decode()
    assert "Data pemohon terakhir ditemukan" not in html and LogAkses.objects.count() == 1


def test_worklist_search_by_nik_is_posted_logged_and_keeps_the_nik_out_of_the_url(client, users):
    p = daftar(users["fo"])
    client.force_login(users["fo"])
    response = client.post(reverse("layanan:tugas"), {"q": nik(), "semua": "1"}, follow=True)
    assert response.redirect_chain and all(nik() not in url for url, _ in response.redirect_chain)
    html = response.content.decode()
    assert p.nomor_registrasi in html and f'value="{nik()}"' in html  # the box keeps what was typed
    row = LogAkses.objects.cari_nik(nik()).get()
    assert row.aksi == "cari_nik" and row.keterangan == f"1 cocok: {p.nomor_registrasi}"
    # Paging on keeps the search (the token), and a hand-made ?q=<NIK> is not run.
    url = response.redirect_chain[-1][0]
    assert p.nomor_registrasi in client.get(url).content.decode()
    direct = client.get(reverse("layanan:tugas"), {"q": nik(), "semua": "1"}).content.decode()
    assert "cari NIK lewat kotak pencarian" in direct
    assert LogAkses.objects.filter(aksi="cari_nik").count() == 2


def test_registry_check_from_the_case_page_sends_the_case_not_the_nik(client, users):
    p = daftar(users["fo"])
    client.force_login(users["fo"])
    html = client.get(reverse("layanan:detail", args=[p.nomor_registrasi])).content.decode()
    assert 'hx-post="/registri/cek/"' in html and nik() not in re.findall(r'hx-[a-z]+="([^"]*)"', html)[0]
    response = client.post(reverse("layanan:cek_registri"), {"permohonan": p.nomor_registrasi})
    assert response.status_code == 200
    row = LogAkses.objects.get(aksi="cek_registri")
    assert row.nomor_permohonan == p.nomor_registrasi and row.nik_hash == hash_nik(nik())
    assert row.keterangan.startswith("DTKS: belum dimuat")
    assert client.get(reverse("layanan:cek_registri"), {"nik": nik()}).status_code == 405


# -- refusals ------------------------------------------------------------------------


def _pindahkan_kasi_ke_layanan_lain(users):
    lain = Jabatan.objects.create(kode="kasi-lain", nama="Kasi Lain", peran="kasi")
    Pegawai.objects.filter(user=users["kasi"]).update(jabatan=lain)
    users["kasi"].pegawai.jabatan_rangkap.clear()
    return users["kasi"]


@pytest.mark.parametrize(
    "url_name,extra,aksi_log",
    [
        ("layanan:detail", [], "lihat_permohonan"),
        ("layanan:tanda_terima", [], "tanda_terima"),
        ("layanan:surat", [], "unduh_surat"),
        ("layanan:dokumen", [1], "lihat_dokumen"),
    ],
)
def test_staff_of_another_service_is_refused_and_the_refusal_logged(client, users, url_name, extra, aksi_log):
    p = daftar(users["fo"])
    client.force_login(_pindahkan_kasi_ke_layanan_lain(users))
    assert client.get(reverse(url_name, args=[p.nomor_registrasi, *extra])).status_code == 404
    row = LogAkses.objects.get()
    assert (row.aksi, row.diizinkan, row.user) == (aksi_log, False, users["kasi"])
    assert row.nomor_permohonan == p.nomor_registrasi and row.keterangan == "tidak berwenang"


def test_refused_case_action_is_logged_with_its_reason(client, users):
    p = daftar(users["fo"])
    client.force_login(users["kadis"])
    token = aksi.token_status(p)
    response = client.post(reverse("layanan:aksi", args=[p.nomor_registrasi, "verifikasi_berkas"]), {"token": token})
    assert response.status_code == 302
    assert Permohonan.objects.get(pk=p.pk).status == Status.VERIFIKASI
    row = LogAkses.objects.get()
    assert (row.aksi, row.diizinkan, row.nomor_permohonan) == ("tindakan", False, p.nomor_registrasi)
    assert row.objek == "verifikasi_berkas" and "tidak berwenang" in row.keterangan


def test_action_on_a_case_outside_ones_services_is_logged(client, users):
    p = daftar(users["fo"])
    client.force_login(_pindahkan_kasi_ke_layanan_lain(users))
    response = client.post(reverse("layanan:aksi", args=[p.nomor_registrasi, "paraf"]), {"token": "x"})
    assert response.status_code == 404
    row = LogAkses.objects.get()
    assert (row.aksi, row.objek, row.diizinkan) == ("tindakan", "paraf", False)


def test_registration_by_someone_not_at_the_counter_is_logged(client, users):
    client.force_login(users["kasi"])
    assert client.get(reverse("layanan:baru_form", args=["sktm"])).status_code == 404
    # "Layanan baru" lists every SOP to every employee; a Kasi is not on SKTM's first step,
    # so the page offers no start link for it, and nothing is logged for the list itself.
    page = client.get(reverse("layanan:baru"))
    assert page.status_code == 200
    assert reverse("layanan:baru_form", args=["sktm"]) not in page.content.decode()
    assert list(LogAkses.objects.values_list("aksi", "diizinkan")) == [("daftar", False)]


def test_staff_pages_refuse_accounts_without_a_position_and_log_it(client, users):
    client.force_login(users["admin"])
    assert client.get(reverse("layanan:tugas")).status_code == 404
    row = LogAkses.objects.get()
    assert (row.aksi, row.diizinkan, row.objek) == ("halaman_petugas", False, "/tugas/")


# -- nobody changes or deletes the log -------------------------------------------------


def test_log_rows_cannot_be_changed_or_deleted_through_the_orm(users):
    row = catat("lihat_permohonan", user=users["fo"], nomor="REG-2026-000001", nik=nik())
    row.keterangan = "dihapus jejaknya"
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        row.save()
    with pytest.raises(ValidationError, match="tidak dapat dihapus"):
        row.delete()
    with pytest.raises(ValidationError):
        LogAkses.objects.filter(pk=row.pk).update(keterangan="x")
    with pytest.raises(ValidationError):
        LogAkses.objects.all().delete()
    with pytest.raises(ValidationError), transaction.atomic():
        LogAkses.objects.bulk_update([row], ["keterangan"])
    assert LogAkses.objects.get().keterangan == ""


def test_deleting_a_user_keeps_their_log(users):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("sementara")
    catat("lihat_permohonan", user=user, nomor="REG-2026-000001")
    user.delete()
    assert LogAkses.objects.get().nama_pengguna == "sementara"


@pytest.mark.postgres
def test_postgresql_refuses_raw_sql_update_and_delete(users):
    if connection.vendor != "postgresql":
        pytest.skip("Trigger log akses hanya ada di PostgreSQL (set DATABASE_URL).")
    from django.db import DatabaseError

    row = catat("lihat_permohonan", user=users["fo"], nomor="REG-2026-000001")
    table = LogAkses._meta.db_table
    for sql in (f"UPDATE {table} SET keterangan = 'x' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
        with pytest.raises(DatabaseError, match="tidak dapat diubah atau dihapus"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [row.pk])
    assert LogAkses.objects.get().keterangan == ""


@pytest.fixture
def admin_client(client, users):
    client.force_login(users["admin"])
    return client


def test_admin_log_is_read_only(admin_client, users):
    row = catat("lihat_permohonan", user=users["fo"], nomor="REG-2026-000001", nik=nik())
    changelist = reverse("admin:audit_logakses_changelist")
    html = admin_client.get(changelist).content.decode()
    assert "REG-2026-000001" in html and "1609********0001" in html and nik() not in html
    assert admin_client.get(reverse("admin:audit_logakses_add")).status_code == 403
    assert admin_client.get(reverse("admin:audit_logakses_delete", args=[row.pk])).status_code == 403
    change = reverse("admin:audit_logakses_change", args=[row.pk])
    admin_client.post(change, {"keterangan": "diubah", "nomor_permohonan": "REG-X"})
    admin_client.post(changelist, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"})
    assert LogAkses.objects.get().nomor_permohonan == "REG-2026-000001"


def test_admin_searches_the_log_by_nik_without_the_nik_in_a_url(admin_client, users):
    catat("lihat_permohonan", user=users["fo"], nomor="REG-2026-000001", nik=nik())
    catat("lihat_permohonan", user=users["kasi"], nomor="REG-2026-000002", nik=nik(urut="0002"), nik_lain=nik(urut="0003"))
    response = admin_client.post(reverse("admin:audit_cari_nik"), {"nik": nik(urut="0003")}, follow=True)
    assert all(nik(urut="0003") not in url for url, _ in response.redirect_chain)
    html = response.content.decode()
    assert "REG-2026-000002" in html and "REG-2026-000001" not in html
    # By user: the ordinary search box.
    html = admin_client.get(reverse("admin:audit_logakses_changelist"), {"q": "fo"}).content.decode()
    assert "REG-2026-000001" in html and "REG-2026-000002" not in html
    # A NIK typed into the ordinary (GET) box is not searched.
    response = admin_client.get(reverse("admin:audit_logakses_changelist"), {"q": nik()}, follow=True)
    assert "kotak Cari NIK" in response.content.decode()
    bad = admin_client.post(reverse("admin:audit_cari_nik"), {"nik": "123"})
    assert bad.status_code == 400 and "NIK harus 16 angka." in bad.content.decode()


# -- no NIK in any URL the app makes -------------------------------------------------------

URL_ATTR = re.compile(r'(?:href|src|action|hx-get|hx-post)="([^"]*)"')


def test_no_url_the_app_generates_carries_a_nik(client, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(users["fo"])
    baru = reverse("layanan:baru_form", args=["sktm"])
    from sop.models import VersiSop

    versi = VersiSop.objects.terbit().get(sop__kode="sktm")
    pages = [client.get(baru), client.post(baru, {"cari_nik": nik()})]
    registered = client.post(baru, form_post(versi), follow=True)
    pages.append(registered)
    p = Permohonan.objects.get()
    pages.append(client.post(reverse("layanan:tugas"), {"q": nik()}, follow=True))
    pages.append(client.post(reverse("layanan:tugas"), {"q": nik(), "semua": "1"}, follow=True))
    pages.append(client.get(reverse("layanan:detail", args=[p.nomor_registrasi])))
    pages.append(client.post(reverse("layanan:cek_registri"), {"permohonan": p.nomor_registrasi}))
    for response in pages:
        assert response.status_code == 200
        assert nik() not in response.request["PATH_INFO"] and nik() not in response.request.get("QUERY_STRING", "")
        for url, _ in getattr(response, "redirect_chain", []):
            assert nik() not in url
        for url in URL_ATTR.findall(response.content.decode()):
            assert nik() not in url, url
    assert nik() in pages[-2].content.decode()  # the page itself does show it to staff


def test_registry_rejected_rows_report_is_logged_read_and_refusal(client, kantor):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from registri.models import Snapshot

    snapshot = Snapshot.objects.create(jenis="dtks", nama_berkas="dtks.csv", laporan="baris,nik,alasan\n3,1609,x\n")
    url = reverse("admin:registri_laporan", args=[snapshot.pk])
    for username, perms in (("lihat", ["view_snapshot"]), ("analis", ["view_snapshot", "unduh_laporan_snapshot"])):
        user = get_user_model().objects.create_user(username, is_staff=True)
        user.user_permissions.set(Permission.objects.filter(codename__in=perms))
        client.force_login(user)
        client.get(url)
    rows = list(LogAkses.objects.order_by("pk").values_list("nama_pengguna", "aksi", "diizinkan", "objek"))
    assert rows == [
        ("lihat", "laporan_impor", False, f"impor {snapshot.pk}"),
        ("analis", "laporan_impor", True, f"impor {snapshot.pk}: dtks.csv"),
    ]


def test_letter_page_and_pdf_reads_are_logged_and_a_refused_revoke_too(client, users):
    p = _terbit(users, daftar(users["fo"]))
    client.force_login(users["fo"])
    assert client.get(reverse("layanan:surat_detail", args=[p.surat.pk])).status_code == 200
    assert client.get(reverse("layanan:surat_pdf", args=[p.surat.pk])).status_code == 200
    reads = LogAkses.objects.cari_nik(nik()).filter(aksi="unduh_surat", diizinkan=True)
    assert reads.count() == 2 and {r.nomor_permohonan for r in reads} == {p.nomor_registrasi}
    client.force_login(users["admin"])
    client.post(reverse("layanan:cabut_surat", args=[p.surat.pk]), {"alasan": "x", "tindak_lanjut": "cabut"})
    refused = LogAkses.objects.get(user=users["admin"])
    assert (refused.aksi, refused.diizinkan) == ("tindakan", False)
