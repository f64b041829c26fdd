"""Browser journeys of bansos: OKU "Bansos alat bantu disabilitas" from candidates to 100% realisation."""

import datetime
import io

import pytest
from openpyxl import Workbook
from pypdf import PdfReader

from bansos.models import Calon, Penyaluran, Program
from dinsos.models import Desa
from sop.models import VersiSop
from tests.bansos import helpers as h
from tests.conftest import ARTIFACTS, load_demo, shot
from tests.e2e.test_perjalanan import klik, sebagai

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
# Four candidates: A at the counter; B, C, D from a village list. C fails the desil rule,
# D received the same programme last year (and is let through by the Kasi with a reason).
A, B, C, D = (h.nik(i, lahir=datetime.date(1970, 1, i)) for i in (1, 2, 3, 4))


def _teks(body: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(body)).pages)


def _arrange():
    load_demo("oku-selatan")
    versi = VersiSop.objects.terbit().get(sop__kode="bansos-alat-bantu-disabilitas")
    from registri.models import Snapshot

    Snapshot.objects.update(aktif=False)
    h.dtks([(A, 1), (B, 2), (C, 6), (D, 1)])
    lalu = Program.objects.create(
        nama="Bansos alat bantu disabilitas", versi_sop=versi, tahun_anggaran=2025, sumber_dana="apbd", bentuk="barang",
        nama_barang="Kursi roda", jumlah_barang=1, satuan="unit", harga_satuan=1_500_000, kuota=10, anggaran=15_000_000,
        mulai=datetime.date(2025, 1, 1), selesai=datetime.date(2025, 12, 31),
    )  # fmt: skip
    penerima_lalu = Calon.objects.create(program=lalu, nik=D, nama="Darmo", status="disalurkan", nilai=1_500_000)
    Penyaluran.objects.create(
        calon=penerima_lalu,
        tanggal=datetime.date(2025, 12, 10),
        tempat="Kantor Dinas",
        dicatat_oleh=h.pegawai("staf", "staf-lalu"),
    )
    program = Program.objects.create(
        nama="Bansos alat bantu disabilitas", versi_sop=versi, tahun_anggaran=2026, sumber_dana="apbd", bentuk="barang",
        nama_barang="Kursi roda", jumlah_barang=1, satuan="unit", harga_satuan=1_500_000, kuota=3, anggaran=4_500_000,
        mulai=datetime.date(2026, 1, 1), selesai=datetime.date(2026, 12, 31), desil_maks=4, jeda_bulan=24,
        kategori="disabilitas", syarat_domisili=True,
    )  # fmt: skip
    return program


def _usulan_desa(path):
    wb = Workbook()
    ws = wb.active
    ws.append(["NIK", "Nama", "No. KK", "Alamat", "Desa", "Kecamatan", "Kategori", "Jenis disabilitas"])
    for nik, nama, urut in ((B, "Budi Santoso", 2), (C, "Citra Lestari", 3), (D, "Darmo", 4)):
        ws.append([nik, nama, h.kk(urut), "Dusun II", "Air Rupik", "Banding Agung", "disabilitas", "Fisik"])
    wb.save(path)
    return path


def test_oku_alat_bantu_from_candidates_to_full_realisation(page, live_server, tmp_path):
    base = live_server.url
    program = _arrange()
    desa = Desa.objects.select_related("kecamatan").order_by("pk").first()

    # FO: one candidate at the counter (a case on the SOP's steps), then the village list.
    sebagai(page, base, "fo")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # the bar still fits
    page.get_by_role("link", name="Calon bansos").click()
    assert page.locator("#daftar-program tbody tr").first.inner_text().startswith("Bansos alat bantu disabilitas\t2026")
    page.locator(f"a[href='/bansos/{program.pk}/']").click()
    assert page.url.endswith(f"/bansos/{program.pk}/")
    page.get_by_role("link", name="Daftarkan calon di loket").click()
    page.fill("#id_nik", A)
    page.fill("#id_nama", "Aminah")
    page.fill("#id_nomor_kk", h.kk(1))
    page.fill("#id_tempat_lahir", "Muaradua")
    page.fill("#id_tanggal_lahir", "1970-01-01")
    page.select_option("#id_jenis_kelamin", "P")
    page.fill("#id_alamat", "Jl. Merdeka No. 5")
    page.select_option("#id_desa", str(desa.pk))
    page.select_option("#id_kategori", "disabilitas")
    page.fill("#id_jenis_disabilitas", "Fisik")
    shot(page, "bansos-calon-loket")
    klik(page, "Daftarkan")
    assert page.locator("#status-calon").inner_text() == "Memenuhi syarat"
    assert Calon.objects.get(nik=A, program=program).permohonan.versi_sop.sop.kode == "bansos-alat-bantu-disabilitas"
    page.get_by_role("link", name="Bansos alat bantu disabilitas").click()
    page.select_option("#id_asal", "desa")
    page.set_input_files("#id_berkas", str(_usulan_desa(tmp_path / "usulan-air-rupik.xlsx")))
    klik(page, "Impor")
    assert "3 dimuat, 0 ditolak" in page.locator("#ringkasan-impor").inner_text().replace("baris: ", "")
    shot(page, "bansos-laporan-impor")

    # Kasi: sees why C and D fail, lets D through with a reason, drafts the SK.
    sebagai(page, base, "kasi")
    page.get_by_role("link", name="Bansos", exact=True).click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.locator(f"a[href='/bansos/{program.pk}/']").click()
    tabel = page.locator("#daftar-calon").inner_text()
    assert "desil 6 di atas 4" in tabel
    assert "sudah menerima Bansos alat bantu disabilitas 2025 pada 10-12-2025" in tabel
    shot(page, "bansos-program-calon")
    page.get_by_role("link", name="Darmo").click()
    page.fill("#id_alasan", "Kursi roda tahun lalu rusak berat karena banjir; hasil asesmen ulang layak diganti.")
    klik(page, "Loloskan")
    assert "rusak berat karena banjir" in page.locator("#riwayat-calon").inner_text()
    page.get_by_role("link", name="Bansos alat bantu disabilitas").click()
    klik(page, "Buat draf SK dari calon yang layak")
    assert "3 penerima" in page.locator("#ringkasan-sk").inner_text()
    assert "Citra" not in page.locator("#penerima-sk").inner_text()
    penetapan_url = page.url

    # Kadis: signs; the SK is numbered with a QR code, the lampiran lists the three.
    sebagai(page, base, "kadis")
    page.goto(penetapan_url)
    shot(page, "bansos-draf-sk")
    # The sign button asks once (static/js/dinsos.js); the Kadis confirms.
    page.once("dialog", lambda d: d.accept() if "Tandatangani dan terbitkan SK ini?" in d.message else d.dismiss())
    klik(page, "Tandatangani dan terbitkan SK")
    judul = page.locator("h1").inner_text()
    assert judul.startswith("SK ") and "/SK/" in judul
    nomor = judul.removeprefix("SK ")
    sk = _teks(page.request.get(base + page.get_by_role("link", name="Unduh SK (PDF)").get_attribute("href")).body())
    assert "sebanyak 3 orang" in sk and "Rp 4.500.000" in sk and "keaslian" in sk
    lampiran = _teks(
        page.request.get(base + page.get_by_role("link", name="Unduh lampiran SK (PDF)").get_attribute("href")).body()
    )
    assert "Jumlah: 3 orang, Rp 4.500.000" in lampiran and nomor in lampiran
    assert "Halaman 1 dari 1" in lampiran and "Citra" not in lampiran
    shot(page, "bansos-sk-terbit")

    # FO: hands over to all three, with the signature scan; a BAST for the desa.
    sebagai(page, base, "fo")
    ttd = tmp_path / "ttd.png"
    ttd.write_bytes(PNG)
    for nama in ("Aminah", "Budi Santoso", "Darmo"):
        page.goto(penetapan_url)
        page.get_by_role("link", name=nama).click()
        page.fill("#id_tempat", "Balai Desa Air Rupik")
        if nama == "Darmo":
            page.select_option("#id_diterima_oleh", "wakil")
            page.fill("#id_nama_wakil", "Sri Wahyuni")
            page.fill("#id_hubungan_wakil", "Anak")
            page.fill("#id_nik_wakil", h.nik(40, lahir=datetime.date(1995, 5, 5)))
        page.set_input_files("#id_tanda_tangan", str(ttd))
        if nama == "Aminah":
            shot(page, "bansos-penyaluran-form")
        klik(page, "Simpan penyaluran")
        assert page.locator("#status-calon").inner_text() == "Tersalur"
    page.goto(f"{base}/bansos/{program.pk}/")
    klik(page, "Buat BAST")
    bast_link = page.locator("a[href*='/bansos/bast/']").first
    bast = _teks(page.request.get(base + bast_link.get_attribute("href")).body())
    assert "BERITA ACARA SERAH TERIMA" in bast and "kepada 3 penerima" in bast and "Sri Wahyuni (Anak)" in bast
    assert page.locator("#persen-kuota").inner_text() == "100,0%"
    assert page.locator("#persen-anggaran").inner_text() == "100,0%"
    shot(page, "bansos-realisasi-100")
    ARTIFACTS.mkdir(exist_ok=True)


def test_kukar_bencana_fast_path_distribution_first_sk_after(page, live_server, tmp_path):
    """Kutai Kartanegara "Bantuan korban bencana alam dan sosial": assessment and hand-over first."""
    base = live_server.url
    load_demo("kutai-kartanegara")
    versi = VersiSop.objects.terbit().get(sop__kode="bencana")
    from dinsos.models import Instansi

    kode = Instansi.get_current().kode_wilayah
    korban = [h.nik(i, lahir=datetime.date(1980, 2, i), kode=kode) for i in (1, 2)]
    program = Program.objects.create(
        nama="Bantuan korban banjir Tenggarong", versi_sop=versi, tahun_anggaran=2026, sumber_dana="btt", bentuk="uang",
        nilai_uang=1_000_000, kuota=2, anggaran=2_000_000, mulai=datetime.date(2026, 11, 1),
        selesai=datetime.date(2026, 12, 31), bencana=True, kategori="korban_bencana", syarat_domisili=True,
    )  # fmt: skip
    wb = Workbook()
    ws = wb.active
    ws.append(["NIK", "Nama", "No. KK", "Alamat", "Desa", "Kecamatan", "Kategori"])
    for i, nik in enumerate(korban, start=1):
        ws.append([nik, f"Korban {i}", h.kk(i, kode=kode), "RT 05", "Loa Ipuh", "Tenggarong", "korban bencana"])
    wb.save(tmp_path / "korban.xlsx")
    ttd = tmp_path / "cap-jempol.png"
    ttd.write_bytes(PNG)

    sebagai(page, base, "fo")
    page.goto(f"{base}/bansos/{program.pk}/")
    page.select_option("#id_asal", "kecamatan")
    page.set_input_files("#id_berkas", str(tmp_path / "korban.xlsx"))
    klik(page, "Impor")
    assert "2 dimuat, 0 ditolak" in page.locator("#ringkasan-impor").inner_text().replace("baris: ", "")
    for i in (1, 2):
        page.goto(f"{base}/bansos/{program.pk}/")
        page.get_by_role("link", name=f"Korban {i}").click()
        # No SK yet: the disaster fast path records the assessment with the hand-over.
        page.fill("#id_asesmen", "Rumah terendam 1,5 m; perabot dan pakaian hanyut.")
        page.fill("#id_tempat", "Posko Kelurahan Loa Ipuh")
        page.set_input_files("#id_tanda_tangan", str(ttd))
        if i == 1:
            shot(page, "bansos-bencana-penyaluran")
        klik(page, "Simpan penyaluran")
        assert page.locator("#status-calon").inner_text() == "Tersalur"
    page.goto(f"{base}/bansos/{program.pk}/")
    assert page.locator("#persen-kuota").inner_text() == "100,0%"

    sebagai(page, base, "kasi")
    page.goto(f"{base}/bansos/{program.pk}/")
    klik(page, "Buat draf SK dari calon yang layak")
    assert "2 penerima" in page.locator("#ringkasan-sk").inner_text()
    url = page.url
    sebagai(page, base, "kadis")
    page.goto(url)
    # The sign button asks once (static/js/dinsos.js); the Kadis confirms.
    page.once("dialog", lambda d: d.accept() if "Tandatangani dan terbitkan SK ini?" in d.message else d.dismiss())
    klik(page, "Tandatangani dan terbitkan SK")
    lampiran = _teks(
        page.request.get(base + page.get_by_role("link", name="Unduh lampiran SK (PDF)").get_attribute("href")).body()
    )
    assert "Jumlah: 2 orang, Rp 2.000.000" in lampiran
    assert "Tersalur" in page.locator("#penerima-sk").inner_text()
    shot(page, "bansos-bencana-sk-sesudah")
