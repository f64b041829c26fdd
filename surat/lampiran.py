"""Long lists attached to a letter (lampiran): thousands of rows, rendered in parts, in parallel.

WeasyPrint lays a long table out slower than linearly (5,000 rows in one pass: ~48 s and
~600 MB here), so `render_lampiran` never gives it the whole list:

1. **Plan pages in Python.** Column widths are fixed (`table-layout: fixed`) from the data,
   every cell's line count is estimated with the font's advance widths (greedy word wrap,
   on the safe side), so we know which rows go on which page. The first row of every
   planned page carries a forced page break; a page is never asked to hold more than the
   estimate says fits, so pages come out full and in the planned number.
2. **Render parts in parallel.** Consecutive pages are grouped into parts of about
   `per_potongan` rows; each part is its own small HTML document, rendered by WeasyPrint in a
   process pool (`pekerja` processes). Each part knows its first page number and the total
   (`@page :first { counter-reset: page N }`), so "Halaman x dari y" and the letter number
   are drawn by WeasyPrint itself, in the document's font. The table header repeats on
   every page (thead).
3. **Check and join.** Each part's real page count is compared with the plan; if the
   estimate missed anywhere (an unusually wrapping cell), every part is rendered once more
   with the real counts, which are then exact because forced breaks make each part's page
   count independent of its numbering. The parts are joined with pypdf.

The lampiran has no kop: it follows the letter (the SK), which carries the kop, and opens
with the "LAMPIRAN <judul> / Nomor / Tanggal / Tentang" block, as the existing collective
lampiran (`templates/surat/_lampiran.html`) and regency SK lampiran do.
"""

import functools
import html
import io
import logging
import math
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

logger = logging.getLogger(__name__)

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
# More data columns than this: landscape.
KOLOM_TEGAK_MAKS = 4
MARGIN = {"atas": 18 * MM, "bawah": 16 * MM, "kiri": 15 * MM, "kanan": 15 * MM}
HURUF_PT = 8.5
BARIS_PT = 10.5  # line height, fixed in the CSS so the plan can count on it
PAD_V, PAD_H, GARIS = 1.5, 3.0, 0.5
SISA_HALAMAN_PT = 4.0  # kept free on every page, against rounding in WeasyPrint's layout
JUDUL_PT, JUDUL_BARIS_PT = 10.0, 12.5
LEBAR_TEKS_AMAN = 1.03  # estimated text widths are stretched a little: wrap earlier than WeasyPrint
PER_POTONGAN = 400  # rows per part: WeasyPrint's cost per row is lowest at a few hundred rows
PEKERJA = 2


def rupiah(nilai) -> str:
    """12500000 → "Rp 12.500.000"."""
    return "Rp " + f"{int(nilai):,}".replace(",", ".")


def angka(nilai) -> str:
    """20000 → "20.000"."""
    return f"{int(nilai):,}".replace(",", ".")


@functools.cache
def _lebar_huruf(tebal: bool):
    from dinsos.pdf import _font_widths

    return _font_widths("DejaVu Sans:bold" if tebal else "DejaVu Sans") or {}


def _lebar_teks(teks: str, ukuran: float, tebal=False) -> float:
    widths = _lebar_huruf(tebal)
    return sum(widths.get(c, 0.9) for c in teks) * ukuran * LEBAR_TEKS_AMAN


def _jumlah_baris(teks: str, lebar: float, ukuran=HURUF_PT, tebal=False) -> int:
    """Lines `teks` takes in a box `lebar` pt wide (greedy wrap at spaces, long words split)."""
    if not teks:
        return 1
    if _lebar_teks(teks, ukuran, tebal) <= lebar:
        return 1
    spasi = _lebar_teks(" ", ukuran, tebal)
    lines, sisa = 1, lebar
    for kata in teks.split():
        w = _lebar_teks(kata, ukuran, tebal)
        if w > lebar:  # overflow-wrap: anywhere splits it
            if sisa < lebar:
                lines += 1
            lines += math.ceil(w / lebar) - 1
            sisa = lebar - (w % lebar)
            continue
        butuh = w if sisa == lebar else w + spasi
        if butuh <= sisa:
            sisa -= butuh
        else:
            lines += 1
            sisa = lebar - w
    return lines


@dataclass
class Rencana:
    """The page plan: column widths, the first row of each page, where each part starts."""

    landskap: bool
    lebar_kolom: list  # pt, including the "No." column
    awal_halaman: list  # index of the first row of each page
    halaman_akhir: bool  # the closing block (count, total, signature) needs a page of its own

    @property
    def jumlah_halaman(self) -> int:
        return max(len(self.awal_halaman), 1) + (1 if self.halaman_akhir else 0)


def _lebar_kolom(kolom, baris, lebar_isi):
    """Fixed widths (pt): natural width of each column's content, shrunk to fit the page."""
    pad = 2 * PAD_H + GARIS
    no_w = _lebar_teks(angka(max(len(baris), 1)), HURUF_PT) + pad + 2
    no_w = max(no_w, _lebar_teks("No.", HURUF_PT, True) + pad)
    alami, minimum = [], []
    for i, judul in enumerate(kolom):
        sel = [r[i] for r in baris]
        lebar_sel = {s: _lebar_teks(s, HURUF_PT) for s in set(sel)}
        kata_terpanjang = max([_lebar_teks(k, HURUF_PT) for s in lebar_sel for k in s.split()[:8]] or [0])
        judul_kata = max(_lebar_teks(k, HURUF_PT, True) for k in (judul.split() or [""]))
        alami.append(min(max(list(lebar_sel.values()) + [_lebar_teks(judul, HURUF_PT, True)]), 230) + pad)
        minimum.append(min(max(kata_terpanjang, judul_kata), 110) + pad)
    tersedia = lebar_isi - no_w
    if sum(alami) <= tersedia:
        tambah = (tersedia - sum(alami)) / len(alami)
        return [no_w] + [w + tambah for w in alami]
    if sum(minimum) >= tersedia:
        return [no_w] + [w * tersedia / sum(minimum) for w in minimum]
    lentur = [a - m for a, m in zip(alami, minimum)]
    ruang = tersedia - sum(minimum)
    return [no_w] + [m + ruang * lt / sum(lentur) for m, lt in zip(minimum, lentur)]


def _tinggi_baris(sel, lebar_kolom, tebal=False) -> float:
    lines = max(_jumlah_baris(s, w - 2 * PAD_H - GARIS, tebal=tebal) for s, w in zip(sel, lebar_kolom))
    return lines * BARIS_PT + 2 * PAD_V + GARIS


def _tinggi_kepala(kepala, judul_daftar, lebar_isi) -> float:
    """Height of the opening block on page 1 (see _KEPALA_CSS: 45 % wide block, then the title)."""
    lebar_blok = lebar_isi * 0.45
    lines = sum(_jumlah_baris(t, lebar_blok - 60) for t in kepala)
    judul_lines = _jumlah_baris(judul_daftar, lebar_isi, JUDUL_PT, True)
    return lines * BARIS_PT + 8 + judul_lines * JUDUL_BARIS_PT + 8 + 6


def _tinggi_akhir(ttd, ada_jumlah) -> float:
    tinggi = 10 + (2 * BARIS_PT if ada_jumlah else 0)
    if ttd is not None:
        tinggi += 12 + (len(ttd.jabatan_label.splitlines()) + 4) * BARIS_PT + 40
    return tinggi + 6


def rencanakan(kolom, baris, kepala, judul_daftar, ttd=None, ada_jumlah=True) -> Rencana:
    landskap = len(kolom) > KOLOM_TEGAK_MAKS
    lebar, tinggi = (A4[1], A4[0]) if landskap else A4
    lebar_isi = lebar - MARGIN["kiri"] - MARGIN["kanan"]
    tinggi_isi = tinggi - MARGIN["atas"] - MARGIN["bawah"] - SISA_HALAMAN_PT
    widths = _lebar_kolom(kolom, baris, lebar_isi)
    tinggi_kepala_tabel = _tinggi_baris(["No.", *kolom], widths, tebal=True) + GARIS
    awal, sisa = [], tinggi_isi - _tinggi_kepala(kepala, judul_daftar, lebar_isi) - tinggi_kepala_tabel
    halaman_pertama = True
    for i, sel in enumerate(baris):
        h = _tinggi_baris([angka(i + 1), *sel], widths)
        if halaman_pertama or h > sisa:
            awal.append(i)
            if not halaman_pertama:
                sisa = tinggi_isi - tinggi_kepala_tabel
            halaman_pertama = False
        sisa -= h
    if not awal:
        awal = [0]
    halaman_akhir = _tinggi_akhir(ttd, ada_jumlah) > sisa
    return Rencana(landskap, widths, awal, halaman_akhir)


def _css_string(teks: str) -> str:
    return '"' + teks.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


_CSS = """
@page {{ size: A4 {orientasi}; margin: {atas:.2f}pt {kanan:.2f}pt {bawah:.2f}pt {kiri:.2f}pt;
  @top-right {{ content: {kepala_halaman}; font: 7.5pt "DejaVu Sans", sans-serif; vertical-align: bottom; padding-bottom: 6pt; }}
  @bottom-right {{ content: "Halaman " counter(page) " dari {total}"; font: 7.5pt "DejaVu Sans", sans-serif; vertical-align: top; padding-top: 6pt; }} }}
@page :first {{ counter-reset: page {mulai}; }}
html, body {{ margin: 0; padding: 0; }}
body {{ font-family: "DejaVu Sans", sans-serif; font-size: {huruf}pt; line-height: {baris}pt; color: #000; }}
.kepala {{ margin: 0 0 8pt 55%; border-collapse: collapse; }}
.kepala td {{ padding: 0 4pt 0 0; vertical-align: top; }}
.kepala td.label {{ width: 44pt; }}
h2 {{ font-size: {judul_pt}pt; line-height: {judul_baris}pt; text-align: center; margin: 0 0 8pt; }}
table.daftar {{ width: 100%; table-layout: fixed; border-collapse: collapse; }}
table.daftar th, table.daftar td {{ border: {garis}pt solid #000; padding: {pad_v}pt {pad_h}pt; vertical-align: top;
  text-align: left; overflow-wrap: anywhere; }}
table.daftar th {{ background: #eee; font-weight: bold; }}
table.daftar td.no {{ text-align: right; }}
tr.pb {{ break-before: page; }}
.akhir {{ break-inside: avoid; padding-top: 10pt; }}
.akhir.baru {{ break-before: page; }}
.akhir .jumlah {{ font-weight: bold; }}
.ttd {{ margin: 12pt 0 0 60%; }}
.ttd .ruang {{ height: 40pt; }}
"""


def _html_potongan(p: dict) -> str:
    """One part as a standalone HTML document (all text already escaped)."""
    css = _CSS.format(**p["css"])
    cols = "".join(f'<col style="width:{w:.2f}pt">' for w in p["lebar_kolom"])
    thead = "<thead><tr>" + "".join(f"<th>{h}</th>" for h in p["kolom"]) + "</tr></thead>"
    body = []
    for nomor_baris, sel, putus in p["baris"]:
        kelas = ' class="pb"' if putus else ""
        body.append(f'<tr{kelas}><td class="no">{nomor_baris}</td><td>' + "</td><td>".join(sel) + "</td></tr>")
    bagian = [
        f'<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{p["judul_dokumen"]}</title>',
        f"<style>{css}</style></head><body>",
        p.get("kepala_html", ""),
    ]
    if body:
        bagian.append(f'<table class="daftar"><colgroup>{cols}</colgroup>{thead}<tbody>{"".join(body)}</tbody></table>')
    bagian.append(p.get("akhir_html", ""))
    bagian.append("</body></html>")
    return "".join(bagian)


def _render_potongan(p: dict) -> bytes:
    """Render one part (runs in a pool process; needs no database and no Django setup)."""
    from dinsos.pdf import html_ke_pdf

    return html_ke_pdf(_html_potongan(p))


def _jumlah_halaman_pdf(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


@functools.cache
def _konteks_proses():
    ctx = multiprocessing.get_context("forkserver")
    # The fork server imports WeasyPrint once; every pool process forks from it warm. Never a
    # plain fork of the caller: the worker process has threads and an open database connection.
    ctx.set_forkserver_preload(["weasyprint", "surat.lampiran"])
    return ctx


def render_lampiran(
    *,
    judul: str,
    nomor: str,
    kolom: list,
    baris,
    instansi=None,
    tanggal=None,
    tentang: str = "",
    judul_daftar: str = "DAFTAR NAMA",
    satuan: str = "orang",
    total=None,
    tampilkan_jumlah: bool = True,
    ttd=None,
    per_potongan: int = PER_POTONGAN,
    pekerja: int = PEKERJA,
    progres=None,
) -> bytes:
    """The lampiran of letter `nomor` as PDF bytes.

    - `judul`: the letter's title as the lampiran names it ("Keputusan Kepala Dinas Sosial
      Kabupaten ..."), printed "LAMPIRAN <JUDUL>" on page 1 and, with the number, at the top
      of every page.
    - `kolom`: column headings; a "No." column is added in front and numbered 1..n.
    - `baris`: an iterable of row lists (any values; None prints empty), e.g. 20,000 rows.
    - `total`: an amount in rupiah for the closing line "Jumlah: n orang, Rp ..." (the count
      is always the rows actually printed); `tampilkan_jumlah=False` leaves the line out.
    - `ttd`: a `surat.penerbitan.Penandatangan` (or anything with jabatan_label, nama,
      pangkat_golongan, nip_cetak) for a signature block at the end; None: no block.
    - `progres(selesai, jumlah)`: called as parts finish (rows done, rows in total).
    """
    from django.utils import formats

    esc = html.escape
    data = [["" if v is None else str(v) for v in r] for r in baris]
    for i, r in enumerate(data):
        if len(r) != len(kolom):
            raise ValueError(f"Baris {i + 1} berisi {len(r)} kolom, seharusnya {len(kolom)}.")
    tanggal_teks = formats.date_format(tanggal, "j F Y") if tanggal else ""
    kepala_teks = [f"LAMPIRAN {judul.upper()}", f"Nomor : {nomor}"]
    if tanggal_teks:
        kepala_teks.append(f"Tanggal : {tanggal_teks}")
    if tentang:
        kepala_teks.append(f"Tentang : {tentang}")
    rencana = rencanakan(kolom, data, kepala_teks, judul_daftar, ttd, tampilkan_jumlah or total is not None)

    kepala_rows = [f'<tr><td colspan="3">LAMPIRAN {esc(judul.upper())}</td></tr>']
    for label, nilai in (("Nomor", nomor), ("Tanggal", tanggal_teks), ("Tentang", tentang)):
        if nilai:
            kepala_rows.append(f'<tr><td class="label">{label}</td><td>:</td><td>{esc(nilai)}</td></tr>')
    kepala_html = f'<table class="kepala">{"".join(kepala_rows)}</table><h2>{esc(judul_daftar)}</h2>'
    akhir = []
    if tampilkan_jumlah or total is not None:
        teks = f"Jumlah: {angka(len(data))} {satuan}"
        if total is not None:
            teks += f", {rupiah(total)}"
        akhir.append(f'<div class="jumlah">{esc(teks)}</div>')
    if ttd is not None:
        akhir.append(
            '<div class="ttd">'
            + "<br>".join(esc(b) for b in ttd.jabatan_label.splitlines())
            + f',<div class="ruang"></div><strong><u>{esc(ttd.nama)}</u></strong><br>'
            + (f"{esc(ttd.pangkat_golongan)}<br>" if ttd.pangkat_golongan else "")
            + (f"NIP. {esc(ttd.nip_cetak)}" if ttd.nip else "")
            + "</div>"
        )
    kelas_akhir = "akhir baru" if rencana.halaman_akhir else "akhir"
    akhir_html = f'<div class="{kelas_akhir}">{"".join(akhir)}</div>' if akhir else ""

    # Parts: whole planned pages, about `per_potongan` rows each.
    halaman = rencana.awal_halaman + [len(data)]
    potongan, awal_hal = [], 0
    for h in range(1, len(halaman)):
        if halaman[h] - halaman[awal_hal] >= per_potongan or h == len(halaman) - 1:
            potongan.append((awal_hal, h))
            awal_hal = h
    if not potongan:
        potongan = [(0, 1)]
    css_dasar = {
        "orientasi": "landscape" if rencana.landskap else "portrait",
        **MARGIN,
        "kepala_halaman": _css_string(f"Lampiran {judul} Nomor {nomor}"),
        "huruf": HURUF_PT,
        "baris": BARIS_PT,
        "judul_pt": JUDUL_PT,
        "judul_baris": JUDUL_BARIS_PT,
        "garis": GARIS,
        "pad_v": PAD_V,
        "pad_h": PAD_H,
    }
    kolom_html = ["No.", *(esc(k) for k in kolom)]
    judul_dokumen = esc(f"Lampiran {judul} {nomor}")

    def bagian(indeks, hal_a, hal_b, mulai, total_halaman):
        rows = []
        for page in range(hal_a, hal_b):
            for i in range(halaman[page], halaman[page + 1]):
                rows.append((angka(i + 1), [esc(s) for s in data[i]], i == halaman[page] and page != hal_a))
        p = {
            "css": {**css_dasar, "mulai": mulai, "total": total_halaman},
            "lebar_kolom": rencana.lebar_kolom,
            "kolom": kolom_html,
            "baris": rows,
            "judul_dokumen": judul_dokumen,
        }
        if indeks == 0:
            p["kepala_html"] = kepala_html
        if indeks == len(potongan) - 1:
            p["akhir_html"] = akhir_html
        return p

    def render_semua(jumlah_per_bagian):
        total_halaman = sum(jumlah_per_bagian)
        mulai = [1 + sum(jumlah_per_bagian[:k]) for k in range(len(potongan))]
        parts = [bagian(k, a, b, mulai[k], total_halaman) for k, (a, b) in enumerate(potongan)]
        hasil = [None] * len(parts)
        selesai = 0
        if len(parts) == 1 or pekerja <= 1:
            for k, p in enumerate(parts):
                hasil[k] = _render_potongan(p)
                selesai += len(p["baris"])
                if progres:
                    progres(selesai, len(data))
            return hasil
        with ProcessPoolExecutor(max_workers=min(pekerja, len(parts)), mp_context=_konteks_proses()) as pool:
            futures = {pool.submit(_render_potongan, p): k for k, p in enumerate(parts)}
            for fut in as_completed(futures):
                k = futures[fut]
                hasil[k] = fut.result()
                selesai += len(parts[k]["baris"])
                if progres:
                    progres(selesai, len(data))
        return hasil

    rencana_per_bagian = [b - a for a, b in potongan]
    rencana_per_bagian[-1] += 1 if rencana.halaman_akhir else 0
    pdfs = render_semua(rencana_per_bagian)
    nyata = [_jumlah_halaman_pdf(p) for p in pdfs]
    if nyata != rencana_per_bagian:
        # The estimate missed somewhere: the real counts are exact now (forced breaks).
        logger.warning("Lampiran %s: rencana halaman %s, nyata %s; dirender ulang", nomor, rencana_per_bagian, nyata)
        pdfs = render_semua(nyata)
    return gabung_pdf(pdfs, judul=f"Lampiran {judul} {nomor}")


def gabung_pdf(pdfs, judul: str = "") -> bytes:
    """Join PDF documents in order (pypdf); one document is returned as it is."""
    if len(pdfs) == 1:
        return pdfs[0]
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    if judul:
        writer.add_metadata({"/Title": judul, "/Producer": "Dinsos Layanan"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
