"""Penyaluran per recipient, BAST per desa, undistributed/returned aid, realisation, the bencana fast path."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from pypdf import PdfReader

from bansos import aksi, laporan
from bansos.models import Calon, Penyaluran
from tests.bansos import helpers as h

pytestmark = pytest.mark.django_db
# The smallest PNG (1×1), a valid image by content.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _png(nama="ttd.png"):
    return SimpleUploadedFile(nama, PNG, content_type="image/png")


def _terbit(kuota=3, n=3, **kw):
    program = h.program(kuota=kuota, **kw)
    for i in range(1, n + 1):
        h.calon(
            program, i, status=Calon.Status.LAYAK, desa="Air Rupik" if i % 2 else "Tanjung", kecamatan="Banding Agung"
        ).save()
    p = aksi.tetapkan(program.pk, h.pegawai("kasi"))
    aksi.terbitkan_sk(p.pk, h.pegawai("kadis"), "http://uji/")
    return program


def _data(**kw):
    data = {
        "status": Penyaluran.Status.TERSALUR,
        "tanggal": datetime.date(2026, 11, 20),
        "tempat": "Balai desa",
        "diterima_oleh": "sendiri",
        "tanda_tangan": _png(),
    }
    data.update(kw)
    return data


def test_distribution_bast_and_realisation_reach_100_percent():
    program = _terbit()
    staf = h.pegawai("staf")
    calon = list(program.calon.order_by("pk"))
    aksi.salurkan(calon[0].pk, staf, _data(foto=_png("foto.png")))
    aksi.salurkan(
        calon[1].pk, staf, _data(diterima_oleh="wakil", nama_wakil="Rina", hubungan_wakil="Anak", nik_wakil=h.nik(40))
    )
    assert laporan.realisasi(program)["persen_kuota"] == 66.7
    aksi.salurkan(calon[2].pk, staf, _data())
    r = laporan.realisasi(program)
    assert (r["tersalur"], r["persen_kuota"], r["persen_anggaran"], r["nilai_tersalur"]) == (3, 100.0, 100.0, 4_500_000)
    bast = aksi.buat_bast(program.pk, staf, desa="Air Rupik")
    teks = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(bytes(bast.pdf))).pages)
    assert "BERITA ACARA SERAH TERIMA" in teks and "kepada 2 penerima" in teks and "Rp 3.000.000" in teks
    assert "Calon 1" in teks and "Calon 3" in teks and "Calon 2" not in teks
    semua = aksi.buat_bast(program.pk, staf)
    assert semua.penyaluran.count() == 1 and semua.nomor.endswith(f"002/{bast.tanggal.year}")
    with pytest.raises(aksi.BansosGagal, match="belum masuk BAST"):
        aksi.buat_bast(program.pk, staf)


def test_undistributed_and_returned_aid_are_counted_apart():
    program = _terbit()
    staf = h.pegawai("staf")
    a, b, _ = program.calon.order_by("pk")
    aksi.salurkan(a.pk, staf, _data(status="tidak_tersalur", keterangan="Penerima meninggal dunia", tanda_tangan=None))
    aksi.salurkan(b.pk, staf, _data(status="dikembalikan", keterangan="Kursi roda tidak sesuai ukuran", tanda_tangan=None))
    r = laporan.realisasi(program)
    assert (r["tersalur"], r["tidak_tersalur"], r["dikembalikan"], r["persen_kuota"]) == (0, 1, 1, 0.0)


def test_distribution_needs_an_issued_sk_and_happens_once():
    program = h.program()
    c = h.calon(program, 1, status=Calon.Status.LAYAK)
    c.save()
    staf = h.pegawai("staf")
    with pytest.raises(aksi.BansosGagal, match="sudah ditetapkan"):
        aksi.salurkan(c.pk, staf, _data())
    aksi.tetapkan(program.pk, h.pegawai("kasi"))
    with pytest.raises(aksi.BansosGagal, match="belum terbit"):
        aksi.salurkan(c.pk, staf, _data())
    assert not Penyaluran.objects.exists()


def test_bencana_fast_path_distributes_first_within_quota_and_the_sk_follows():
    program = h.program(
        bencana=True,
        kuota=2,
        anggaran=3_000_000,
        bentuk="uang",
        nilai_uang=1_500_000,
        nama_barang="",
        jumlah_barang=0,
        satuan="",
    )
    staf = h.pegawai("staf")
    for i in range(1, 4):
        h.calon(program, i, status=Calon.Status.LAYAK, kategori="korban_bencana").save()
    a, b, c = program.calon.order_by("pk")
    with pytest.raises(aksi.BansosGagal, match="asesmen"):
        aksi.salurkan(a.pk, staf, _data())
    aksi.salurkan(a.pk, staf, _data(asesmen="Rumah rusak berat akibat banjir"))
    aksi.salurkan(b.pk, staf, _data(asesmen="Rumah hanyut"))
    with pytest.raises(aksi.BansosGagal, match="Kuota atau anggaran"):
        aksi.salurkan(c.pk, staf, _data(asesmen="Rumah rusak ringan"))
    assert laporan.realisasi(program)["persen_kuota"] == 100.0
    # The SK afterwards fixes exactly those already helped.
    p = aksi.tetapkan(program.pk, h.pegawai("kasi"))
    assert (p.jumlah, p.total) == (2, 3_000_000)
    assert set(p.penerima.values_list("status", flat=True)) == {Calon.Status.DISALURKAN}


def test_form_keeps_input_and_explains_a_missing_representative_and_scan(client):
    program = _terbit(n=1, kuota=1)
    c = program.calon.get()
    client.force_login(h.pegawai("staf"))
    r = client.post(
        f"/bansos/calon/{c.pk}/salurkan/",
        {"status": "tersalur", "tanggal": "2026-11-20", "tempat": "Balai desa Air Rupik", "diterima_oleh": "wakil"},
    )
    body = r.content.decode()
    assert r.status_code == 400
    assert "Nama wakil wajib diisi bila bantuan diterima wakil." in body
    assert "Unggah pindaian tanda tangan atau cap jempol penerima." in body
    assert 'value="Balai desa Air Rupik"' in body
    assert not Penyaluran.objects.exists()


def test_a_scan_that_is_not_an_image_is_refused(client):
    program = _terbit(n=1, kuota=1)
    c = program.calon.get()
    client.force_login(h.pegawai("staf"))
    palsu = SimpleUploadedFile("ttd.png", b"<html>bukan gambar</html>", content_type="image/png")
    r = client.post(
        f"/bansos/calon/{c.pk}/salurkan/",
        {
            "status": "tersalur",
            "tanggal": "2026-11-20",
            "tempat": "Balai desa",
            "diterima_oleh": "sendiri",
            "tanda_tangan": palsu,
        },
    )
    assert "bukan PDF, JPG atau PNG yang sah" in r.content.decode()
    assert not Penyaluran.objects.exists()


def test_scans_are_served_only_to_office_staff(client):
    program = _terbit(n=1, kuota=1)
    c = program.calon.get()
    aksi.salurkan(c.pk, h.pegawai("staf"), _data())
    from django.contrib.auth import get_user_model

    orang_luar = get_user_model().objects.create_user("luar", password="x")
    client.force_login(orang_luar)
    assert client.get(f"/bansos/calon/{c.pk}/tanda_tangan/").status_code == 404
    client.force_login(h.pegawai("fo"))
    r = client.get(f"/bansos/calon/{c.pk}/tanda_tangan/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PNG


def test_export_has_the_upward_columns_and_writes_text_never_formulas():
    program = _terbit(n=2, kuota=2)
    c = program.calon.order_by("pk").first()
    Calon.objects.filter(pk=c.pk).update(nama='=HYPERLINK("http://x")')
    out = io.BytesIO()
    laporan.ekspor_xlsx(program, out)
    ws = load_workbook(io.BytesIO(out.getvalue())).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1] == (
        "No.",
        "NIK",
        "Nama",
        "Alamat",
        "Desa/Kelurahan",
        "Kecamatan",
        "Jenis bantuan",
        "Nilai (Rp)",
        "Status",
    )
    cells = {r[1]: r for r in rows[2:]}
    assert cells[h.nik(1)][2] == '=HYPERLINK("http://x")' and ws.cell(3, 3).data_type == "s"
    assert cells[h.nik(1)][6] == "Kursi roda 1 unit" and cells[h.nik(1)][7] == 1_500_000


def test_realisation_per_desa_and_per_funding_source():
    program = _terbit()
    staf = h.pegawai("staf")
    for c in program.calon.all():
        aksi.salurkan(c.pk, staf, _data())
    wilayah = {(w["kecamatan"], w["desa"]): (w["ditetapkan"], w["tersalur"]) for w in laporan.per_wilayah(program)}
    assert wilayah == {("Banding Agung", "Air Rupik"): (2, 2), ("Banding Agung", "Tanjung"): (1, 1)}
    h.program(versi_sop=program.versi_sop, nama="CSR", sumber_dana="csr", anggaran=1_000_000)
    sumber = {r["sumber_dana"]: (r["program"], r["tersalur"], r["persen_anggaran"]) for r in laporan.per_sumber_dana(2026)}
    assert sumber == {"APBD": (1, 3, 100.0), "CSR": (1, 0, 0.0)}


def test_the_export_masks_niks_for_roles_that_see_them_masked_on_the_pages(client):
    program = _terbit(n=2, kuota=2)
    nik = program.calon.order_by("pk").first().nik

    def niks(user):
        client.force_login(user)
        r = client.get(f"/bansos/{program.pk}/ekspor.xlsx")
        return {row[1] for row in load_workbook(io.BytesIO(r.content)).active.iter_rows(min_row=3, values_only=True)}

    assert nik in niks(h.pegawai("fo", username="fo-ekspor"))  # verifies candidates: full NIK, as on the pages
    masked = niks(h.pegawai("kadis", username="kadis-ekspor"))
    assert nik not in masked and any(n and n.startswith(nik[:4]) and "*" in n for n in masked), masked
