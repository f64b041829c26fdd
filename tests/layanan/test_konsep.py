"""Drafts can be corrected before signature, and the text is frozen once initialled."""

import datetime
import io

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from pypdf import PdfReader

from layanan import aksi
from layanan.models import Orang, Permohonan, Riwayat, Status
from surat.models import TemplatSurat
from tests.layanan.helpers import daftar, maju, orang

CATATAN = "Sebutkan nama anak dan sekolah"


def get(p):
    return Permohonan.objects.get(pk=p.pk)


def teks_pdf(content):
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def di_paraf(users):
    """An OKU SKTM after a layak survey, submitted and initialled by the Kasi (Kabid's turn)."""
    p = maju(daftar(users["fo"]), users["fo"], "verifikasi_berkas")
    aksi.catat_survei(p.pk, users["survei"], aksi.token_status(get(p)), datetime.date.today(), True, "Rumah kayu")
    p = maju(p, users["fo"], "ajukan_konsep")
    return maju(p, users["kasi"], "paraf")


def dikembalikan(users):
    p = di_paraf(users)
    return maju(p, users["kabid"], "kembalikan_ke_konsep", catatan=CATATAN)


def ubah_post(p, **overrides):
    """The correction form as the drafter sends it, with the case's current data."""
    p = get(p)
    person = {k: getattr(p.pemohon, k) for k in orang() if k != "desa"}
    data = {f"pemohon-{k}": v for k, v in person.items()}
    data["pemohon-tanggal_lahir"] = p.pemohon.tanggal_lahir.isoformat()
    data["pemohon-desa"] = p.pemohon.desa_id
    data["pemohon-kecamatan"] = p.pemohon.desa.kecamatan_id
    data.update(token=aksi.token_status(p), keperluan=p.keperluan, uraian_tambahan=p.uraian_tambahan)
    data.update({f"isian_{k}": v for k, v in p.isian.items()})
    data.update(overrides)
    return data


def test_kabid_sends_back_the_drafter_edits_keperluan_and_the_letter_shows_the_edit(client, users):
    p = dikembalikan(users)
    assert p.status == Status.KONSEP
    client.force_login(users["fo"])
    url = reverse("layanan:detail", args=[p.nomor_registrasi])
    html = client.get(url).content.decode()
    # The note is at the top of the page, above the actions, not only in the history.
    assert html.index('id="catatan-kembali"') < html.index("Tindakan Anda")
    assert CATATAN in html[: html.index("Tindakan Anda")]
    assert "Perbaiki data dan isi surat" in html

    keperluan = "Persyaratan beasiswa anak, Andi Saputra, di SMP Negeri 1 Muaradua"
    uraian = "Anak tersebut bersekolah di SMP Negeri 1 Muaradua kelas VIII."
    response = client.post(
        reverse("layanan:ubah", args=[p.nomor_registrasi]),
        ubah_post(p, keperluan=keperluan, uraian_tambahan=uraian),
        follow=True,
    )
    assert "Konsep diperbaiki: keperluan, uraian surat." in response.content.decode()
    p = get(p)
    assert p.keperluan == keperluan
    assert Riwayat.objects.get(permohonan=p, aksi="ubah_konsep").catatan == "Konsep diperbaiki: keperluan, uraian surat."

    p = maju(p, users["fo"], "ajukan_konsep")
    assert 'id="catatan-kembali"' not in client.get(url).content.decode()
    p = maju(p, users["kasi"], "paraf")
    p = maju(p, users["kabid"], "paraf")
    p = maju(p, users["kadis"], "tandatangani", base_url="http://testserver/")
    text = teks_pdf(bytes(p.surat.pdf))
    assert "Andi Saputra, di SMP Negeri 1 Muaradua" in text and uraian in text
    assert "Berobat ke rumah sakit" not in text
    # The letter carries the initials of the chain that initialled the corrected text.
    assert p.surat.nomor


def test_drafter_corrects_the_applicant_and_isian(client, kantor_lumajang):
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    p = maju(daftar(users["fo"], kode="rekomendasi-biaya-kesehatan"), users["fo"], "verifikasi_berkas")
    # Lumajang's SOP has no survey: step 2 decides on completeness, step 3 checks the data.
    p = maju(p, users["fo"], "putuskan", ya=True)
    p = maju(p, users["fo"], "verifikasi_berkas")
    assert p.status == Status.KONSEP
    kode = next(iter(p.isian))
    client.force_login(users["fo"])
    data = ubah_post(p, **{"pemohon-nama": "Siti Aminah Rahayu", f"isian_{kode}": "RSUD dr. Haryoto"})
    response = client.post(reverse("layanan:ubah", args=[p.nomor_registrasi]), data, follow=True)
    assert "Konsep diperbaiki: data pemohon, isian tambahan." in response.content.decode()
    p = get(p)
    assert p.pemohon.nama == "Siti Aminah Rahayu" and p.isian[kode] == "RSUD dr. Haryoto"
    draft = client.get(reverse("layanan:pratinjau", args=[p.nomor_registrasi]))
    text = teks_pdf(draft.content)
    assert "Siti Aminah Rahayu" in text and "RSUD dr. Haryoto" in text


def test_bad_corrections_keep_what_was_typed_and_change_nothing(client, users):
    p = dikembalikan(users)
    client.force_login(users["fo"])
    url = reverse("layanan:ubah", args=[p.nomor_registrasi])
    response = client.post(url, ubah_post(p, **{"pemohon-nik": "12345", "keperluan": "Keperluan baru"}))
    html = response.content.decode()
    assert response.status_code == 200 and "NIK harus 16 angka." in html and "Keperluan baru" in html
    response = client.post(url, ubah_post(p, keperluan=""))
    assert "Keperluan wajib diisi." in response.content.decode()
    response = client.post(url, ubah_post(p, keperluan="x" * 501, uraian_tambahan="y" * 1001))
    html = response.content.decode()
    assert "Keperluan paling banyak 500 karakter" in html and "Uraian tambahan pada surat paling banyak 1.000" in html
    assert get(p).keperluan == "Berobat ke rumah sakit" and Orang.objects.get(pk=p.pemohon_id).nik == p.pemohon.nik
    assert not Riwayat.objects.filter(permohonan=p, aksi="ubah_konsep").exists()
    # A stale form (the case moved on meanwhile) is refused.
    stale = ubah_post(p, keperluan="Keperluan baru")
    maju(p, users["fo"], "ajukan_konsep")
    response = client.post(url, stale, follow=True)
    assert "hanya dapat diperbaiki" in response.content.decode()
    assert get(p).keperluan == "Berobat ke rumah sakit"


def test_only_the_drafter_may_correct_and_only_while_drafting(client, users):
    p = dikembalikan(users)
    client.force_login(users["kasi"])
    url = reverse("layanan:ubah", args=[p.nomor_registrasi])
    response = client.post(url, ubah_post(p, keperluan="Diubah Kasi"), follow=True)
    assert "hanya dapat diperbaiki oleh penyusun konsep" in response.content.decode()
    assert "Perbaiki data dan isi surat" not in response.content.decode()
    p2 = di_paraf(users)
    client.force_login(users["fo"])
    response = client.post(reverse("layanan:ubah", args=[p2.nomor_registrasi]), ubah_post(p2, keperluan="X"))
    assert response.status_code == 302 and get(p2).keperluan == "Berobat ke rumah sakit"
    with pytest.raises(aksi.AksiGagal, match="saat konsep surat disusun"):
        aksi.ubah_konsep(p2.pk, users["fo"], None, {}, None, "", "X", {}, "")


def test_a_template_edit_after_the_first_paraf_does_not_change_that_letter(client, users):
    p = di_paraf(users)
    templat = TemplatSurat.objects.get(jenis_surat="sktm")
    templat.isi = templat.isi.replace("<p>Demikian", "<p>Surat ini berlaku 12 bulan.</p>\n<p>Demikian")
    templat.save()
    assert templat.revisi.count() == 2
    client.force_login(users["kabid"])
    draft = teks_pdf(client.get(reverse("layanan:pratinjau", args=[p.nomor_registrasi])).content)
    assert "berlaku 12 bulan" not in draft
    p = maju(p, users["kabid"], "paraf")
    p = maju(p, users["kadis"], "tandatangani", base_url="http://testserver/")
    assert "berlaku 12 bulan" not in teks_pdf(bytes(p.surat.pdf))
    # A case registered after the edit uses the new text.
    baru = maju(daftar(users["fo"], nik="1609011204850009"), users["fo"], "verifikasi_berkas")
    client.force_login(users["fo"])
    assert "berlaku 12 bulan" in teks_pdf(client.get(reverse("layanan:pratinjau", args=[baru.nomor_registrasi])).content)


def test_a_text_change_after_a_paraf_restarts_the_chain(users):
    p = di_paraf(users)
    # The case data changes behind the chain's back (e.g. a correction in the database).
    Permohonan.objects.filter(pk=p.pk).update(keperluan="Keperluan lain")
    with pytest.raises(aksi.AksiGagal, match="Paraf diulang dari awal"):
        maju(p, users["kabid"], "paraf")
    p = get(p)
    assert (p.status, p.paraf_ke, p.jabatan_giliran.peran) == (Status.PARAF, 0, "kasi")
    assert Riwayat.objects.filter(permohonan=p, aksi="ulang_paraf").exists()
    p = maju(p, users["kasi"], "paraf")
    p = maju(p, users["kabid"], "paraf")
    p = maju(p, users["kadis"], "tandatangani", base_url="http://testserver/")
    text = teks_pdf(bytes(p.surat.pdf))
    assert "Keperluan lain" in text
    # Only the initials given to this text are printed on the letter.
    assert aksi._paraf_terakhir(p)[0].nama_pelaku == users["kasi"].pegawai.nama
    assert len(aksi._paraf_terakhir(p)) == 2


def test_the_case_records_the_template_revision_it_uses(users):
    p = daftar(users["fo"])
    templat = TemplatSurat.objects.get(jenis_surat="sktm")
    assert p.revisi_templat == templat.revisi_terakhir() and p.revisi_templat.nomor == 1
    templat.judul = "SURAT KETERANGAN TIDAK MAMPU (BARU)"
    templat.save()
    templat.save()  # no change, no new revision
    assert templat.revisi.count() == 2
    assert TemplatSurat.untuk("sktm", p.revisi_templat_id).judul == "SURAT KETERANGAN TIDAK MAMPU"
    # The letter fields of tata naskah dinas are part of the text too.
    templat.tembusan = "Camat Muaradua"
    templat.save()
    assert templat.revisi.count() == 3
    assert TemplatSurat.untuk("sktm", p.revisi_templat_id).tembusan == ""
    with pytest.raises(Exception, match="tidak dapat disimpan"):
        TemplatSurat.untuk("sktm", p.revisi_templat_id).save()


def test_the_drafter_may_move_a_returned_draft_onto_a_fixed_template(client, users):
    p = dikembalikan(users)
    templat = TemplatSurat.objects.get(jenis_surat="sktm")
    templat.isi = templat.isi.replace("<p>Demikian", "<p>Surat ini berlaku 6 bulan.</p>\n<p>Demikian")
    templat.save()
    client.force_login(users["kasi"])
    url = reverse("layanan:detail", args=[p.nomor_registrasi])
    assert "Pakai templat terbaru" not in client.get(url).content.decode()
    response = client.post(reverse("layanan:templat_terbaru", args=[p.nomor_registrasi]), {"token": aksi.token_status(p)})
    assert get(p).revisi_templat.nomor == 1
    client.force_login(users["fo"])
    assert "revisi 1 → 2" in client.get(url).content.decode()
    response = client.post(
        reverse("layanan:templat_terbaru", args=[p.nomor_registrasi]), {"token": aksi.token_status(p)}, follow=True
    )
    assert "Konsep kini memakai templat surat terbaru." in response.content.decode()
    assert get(p).revisi_templat.nomor == 2
    assert Riwayat.objects.get(permohonan=p, aksi="pakai_templat_terbaru").catatan.endswith("ke revisi 2.")
    assert "berlaku 6 bulan" in teks_pdf(client.get(reverse("layanan:pratinjau", args=[p.nomor_registrasi])).content)
    response = client.post(
        reverse("layanan:templat_terbaru", args=[p.nomor_registrasi]), {"token": aksi.token_status(get(p))}, follow=True
    )
    assert "sudah memakai templat terbaru" in response.content.decode()


def test_an_admin_edit_through_the_admin_form_makes_a_revision_and_spares_the_initialled_draft(client, users):
    p = di_paraf(users)
    templat = TemplatSurat.objects.get(jenis_surat="sktm")
    client.force_login(users["admin"])
    url = reverse("admin:surat_templatsurat_change", args=[templat.pk])
    # Everything the admin form shows, as it is, with the body edited.
    form = {k: v for k, v in model_to_dict(templat).items() if v is not None and not isinstance(v, bool)}
    form.update({k: "on" for k, v in model_to_dict(templat).items() if v is True})
    form["isi"] = templat.isi.replace("<p>Demikian", "<p>Berlaku 12 bulan.</p>\n<p>Demikian")
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:500]
    assert templat.revisi.count() == 2
    p = maju(maju(p, users["kabid"], "paraf"), users["kadis"], "tandatangani", base_url="http://testserver/")
    assert "Berlaku 12 bulan" not in teks_pdf(bytes(p.surat.pdf))
