"""Long lists attached to a letter (lampiran): thousands of rows, rendered in parts, in parallel.

WeasyPrint lays a long HTML table out slowly (5,000 rows in one pass: ~48 s and ~600 MB
here; a table cell costs several boxes, styles and a text layout each), so
`render_lampiran` never gives it a table:

1. **Lay the list out in Python.** Column widths are fixed from the data; every cell is
   wrapped into lines here, with the font's own advance widths (`dinsos.pdf._font_widths`,
   a little wider to be safe). Every line sits in a slot of `SLOT_PT`, so each row's height
   and each page's rows are known exactly, and so is the page count, before anything is
   rendered.
2. **Draw each page as a grid.** A page is a box of fixed height holding one
   absolutely placed text block per column (the column's lines joined by newlines,
   `white-space: pre`, so WeasyPrint shapes one text per column instead of one per cell)
   and one SVG with the rules and the header shading. The header row is drawn on every page.
   "Halaman x dari y" and the letter number are page margin boxes, drawn by WeasyPrint in
   the document's font (`@page :first { counter-reset: page N }` gives each part its first
   number).
3. **Render parts in parallel, then join.** Consecutive pages are grouped into parts of
   about `per_potongan` rows, rendered in a process pool (`pekerja` processes), joined in
   order with pypdf. Each part's real page count is checked against the plan; if the
   estimate of the opening block or the closing block missed, every part is rendered once
   more with the real counts (exact then, since every planned page starts with a forced break).

The lampiran has no kop: it follows the letter (the SK), which carries the kop, and opens
with the "LAMPIRAN <judul> / Nomor / Tanggal / Tentang" block, as the existing collective
lampiran (`templates/surat/_lampiran.html`) and regency SK lampiran do.
"""

import functools
import html
import io
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from dinsos.angka import angka, rupiah

logger = logging.getLogger(__name__)

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
KOLOM_TEGAK_MAKS = 4  # more data columns than this: landscape
MARGIN = {"atas": 18 * MM, "bawah": 16 * MM, "kiri": 15 * MM, "kanan": 15 * MM}
HURUF_PT = 8.5
SLOT_PT = 12.5  # one text line of a row; a row of k lines is k slots high
PAD_H = 3.0
GARIS = 0.5
SISA_HALAMAN_PT = 2.0  # kept free on every page, against rounding in WeasyPrint's layout
BARIS_PT = 10.5  # line height of the opening and closing blocks
JUDUL_PT, JUDUL_BARIS_PT = 10.0, 12.5
LEBAR_TEKS_AMAN = 1.03  # estimated text widths are stretched a little: wrap earlier than needed
PER_POTONGAN = 1000  # rows per part
PEKERJA = 2


@functools.cache
def _lebar_huruf(tebal: bool):
    from dinsos.pdf import _font_widths

    return _font_widths("DejaVu Sans:bold" if tebal else "DejaVu Sans") or {}


def _lebar_teks(teks: str, ukuran: float = HURUF_PT, tebal=False) -> float:
    widths = _lebar_huruf(tebal)
    return sum(widths.get(c, 0.9) for c in teks) * ukuran * LEBAR_TEKS_AMAN


def _potong_kata(kata: str, lebar: float, tebal: bool) -> list:
    """A word wider than the column, cut into pieces that fit."""
    potongan, kini = [], ""
    for c in kata:
        if kini and _lebar_teks(kini + c, tebal=tebal) > lebar:
            potongan.append(kini)
            kini = c
        else:
            kini += c
    return potongan + [kini]


def bungkus(teks: str, lebar: float, tebal=False) -> list:
    """`teks` as the lines it takes in a column `lebar` pt wide (greedy wrap at spaces)."""
    if _lebar_teks(teks, tebal=tebal) <= lebar:
        return [teks]
    lines, kini = [], ""
    for kata in teks.split():
        calon = f"{kini} {kata}" if kini else kata
        if _lebar_teks(calon, tebal=tebal) <= lebar:
            kini = calon
            continue
        if kini:
            lines.append(kini)
        if _lebar_teks(kata, tebal=tebal) > lebar:
            *penuh, kini = _potong_kata(kata, lebar, tebal)
            lines.extend(penuh)
        else:
            kini = kata
    return lines + [kini] if kini or not lines else lines


def _lebar_kolom(kolom, baris, lebar_isi):
    """Column widths (pt): each column's natural width, shrunk to fit the page if needed."""
    pad = 2 * PAD_H + GARIS
    no_w = max(_lebar_teks(angka(max(len(baris), 1))), _lebar_teks("No.", tebal=True)) + pad + 1
    alami, minimum = [], []
    for i, judul in enumerate(kolom):
        lebar_sel = {s: _lebar_teks(s) for s in {r[i] for r in baris}}
        kata = max([_lebar_teks(k) for s in lebar_sel for k in s.split()[:6]] or [0])
        kata_judul = max(_lebar_teks(k, tebal=True) for k in (judul.split() or [""]))
        alami.append(min(max([*lebar_sel.values(), _lebar_teks(judul, tebal=True)]), 230) + pad)
        minimum.append(min(max(kata, kata_judul), 110) + pad)
    tersedia = lebar_isi - no_w
    if sum(alami) <= tersedia:
        tambah = (tersedia - sum(alami)) / len(alami)
        return [no_w] + [w + tambah for w in alami]
    if sum(minimum) >= tersedia:
        return [no_w] + [w * tersedia / sum(minimum) for w in minimum]
    lentur = [a - m for a, m in zip(alami, minimum, strict=True)]
    ruang = tersedia - sum(minimum)
    return [no_w] + [m + ruang * lt / sum(lentur) for m, lt in zip(minimum, lentur, strict=True)]


@dataclass
class Rencana:
    """The layout: page size, column widths, header lines, and each page's rows (wrapped)."""

    landskap: bool
    lebar_kolom: list  # pt, the "No." column first
    kepala_tabel: list  # per column, its heading's lines
    halaman: list  # per page: list of (row index, per column its lines)
    halaman_akhir: bool  # the closing block (count, total, signature) goes on a page of its own

    @property
    def jumlah_halaman(self) -> int:
        return len(self.halaman) + (1 if self.halaman_akhir else 0)


def _tinggi_kepala(kepala_teks, judul_daftar, lebar_isi) -> float:
    """Height of the opening block on page 1 (see _CSS: a block at 55 % from the left)."""
    lebar_blok = lebar_isi * 0.45 - 4
    lines = len(bungkus(kepala_teks[0], lebar_blok)) + sum(len(bungkus(t, lebar_blok - 56)) for t in kepala_teks[1:])
    judul_lines = len(bungkus(judul_daftar, lebar_isi * 0.95, tebal=True))
    return lines * BARIS_PT + 8 + judul_lines * JUDUL_BARIS_PT + 8 + 10  # margins, then some air


def _tinggi_akhir(ttd, ada_jumlah) -> float:
    tinggi = 8 + (BARIS_PT if ada_jumlah else 0)
    if ttd is not None:
        tinggi += 12 + (len(ttd.jabatan_label.splitlines()) + 3) * BARIS_PT + 40
    return tinggi + 10


def rencanakan(kolom, baris, kepala_teks, judul_daftar, ttd=None, ada_jumlah=True) -> Rencana:
    landskap = len(kolom) > KOLOM_TEGAK_MAKS
    lebar, tinggi = (A4[1], A4[0]) if landskap else A4
    lebar_isi = lebar - MARGIN["kiri"] - MARGIN["kanan"]
    tinggi_isi = tinggi - MARGIN["atas"] - MARGIN["bawah"] - SISA_HALAMAN_PT
    widths = _lebar_kolom(kolom, baris, lebar_isi)
    ruang = [w - 2 * PAD_H - GARIS for w in widths]
    kepala_tabel = [bungkus(h, r, tebal=True) for h, r in zip(["No.", *kolom], ruang, strict=True)]
    slot_kepala = max(len(k) for k in kepala_tabel)
    halaman, kini = [], []
    sisa = tinggi_isi - _tinggi_kepala(kepala_teks, judul_daftar, lebar_isi) - slot_kepala * SLOT_PT
    for i, sel in enumerate(baris):
        lines = [bungkus(s, r) if s else [""] for s, r in zip([angka(i + 1), *sel], ruang, strict=True)]
        h = max(len(x) for x in lines) * SLOT_PT
        if h > tinggi_isi - slot_kepala * SLOT_PT:
            raise ValueError(f"Baris {i + 1} terlalu panjang untuk satu halaman lampiran; persingkat isinya.")
        if h > sisa and kini:
            halaman.append(kini)
            kini = []
            sisa = tinggi_isi - slot_kepala * SLOT_PT
        kini.append((i, lines))
        sisa -= h
    halaman.append(kini)
    halaman_akhir = bool(kini) and _tinggi_akhir(ttd, ada_jumlah) > sisa
    return Rencana(landskap, widths, kepala_tabel, halaman, halaman_akhir)


def _css_string(teks: str) -> str:
    return '"' + teks.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


_CSS = """
@page {{ size: A4 {orientasi}; margin: {atas:.2f}pt {kanan:.2f}pt {bawah:.2f}pt {kiri:.2f}pt;
  @top-right {{ content: {kepala_halaman}; font: 7.5pt "DejaVu Sans", sans-serif;
    vertical-align: bottom; padding-bottom: 6pt; }}
  @bottom-right {{ content: "Halaman " counter(page) " dari {total}"; font: 7.5pt "DejaVu Sans", sans-serif;
    vertical-align: top; padding-top: 6pt; }} }}
@page :first {{ counter-reset: page {mulai}; }}
html, body {{ margin: 0; padding: 0; }}
body {{ font-family: "DejaVu Sans", sans-serif; font-size: {huruf}pt; line-height: {baris}pt; color: #000; }}
.kepala {{ margin: 0 0 8pt 55%; border-collapse: collapse; }}
.kepala td {{ padding: 0 4pt 0 0; vertical-align: top; }}
.kepala td.label {{ width: 44pt; }}
h2 {{ font-size: {judul_pt}pt; line-height: {judul_baris}pt; text-align: center; margin: 0 0 8pt; }}
.hal {{ position: relative; width: 100%; break-inside: avoid; }}
.hal.pb {{ break-before: page; }}
.hal svg {{ position: absolute; left: 0; top: 0; }}
.k {{ position: absolute; white-space: pre; overflow: hidden; line-height: {slot}pt; padding: 0 {pad_h}pt; }}
.k.th {{ font-weight: bold; }}
.k.no {{ text-align: right; }}
.akhir {{ break-inside: avoid; padding-top: 8pt; }}
.akhir.baru {{ break-before: page; }}
.akhir .jumlah {{ font-weight: bold; }}
.ttd {{ margin: 12pt 0 0 60%; }}
.ttd .ruang {{ height: 40pt; }}
body.draf::before {{ content: "DRAF"; position: fixed; top: 60mm; left: 40mm; font-size: 96pt; color: rgba(200, 0, 0, .12);
  line-height: 1.2; transform: rotate(-30deg); }}
"""


def _html_halaman(lebar_kolom, kepala_tabel, rows, putus: bool) -> str:
    """One page of the list: an SVG of rules and shading, and one text block per column."""
    slot_kepala = max(len(k) for k in kepala_tabel)
    tinggi_baris = [max(len(c) for c in cells) for _, cells in rows]
    total_slot = slot_kepala + sum(tinggi_baris)
    lebar = sum(lebar_kolom)
    tinggi = total_slot * SLOT_PT + GARIS
    g = GARIS / 2
    y = slot_kepala
    ys = [0, y]
    for t in tinggi_baris:
        y += t
        ys.append(y)
    x, xs = 0.0, [0.0]
    for w in lebar_kolom:
        x += w
        xs.append(x)
    xs[-1] = lebar - g
    xs[0] = g
    # All rules as one path: WeasyPrint's SVG drawing costs per element.
    d = "".join(f"M0 {v * SLOT_PT + g:.2f}H{lebar:.2f}" for v in ys) + "".join(f"M{v:.2f} 0V{tinggi:.2f}" for v in xs)
    svg = (
        f'<svg width="{lebar:.2f}pt" height="{tinggi:.2f}pt" viewBox="0 0 {lebar:.2f} {tinggi:.2f}">'
        f'<rect x="{g}" y="{g}" width="{lebar - GARIS:.2f}" height="{slot_kepala * SLOT_PT:.2f}" fill="#eee"/>'
        f'<path d="{d}" fill="none" stroke="#000" stroke-width="{GARIS}"/></svg>'
    )
    blok = []
    top_isi = slot_kepala * SLOT_PT + g
    for c, w in enumerate(lebar_kolom):
        left = xs[c] if c else 0.0
        no = " no" if c == 0 else ""
        kepala = "\n".join(html.escape(s) for s in kepala_tabel[c])
        letak = f"left:{left:.2f}pt;width:{w - 2 * PAD_H:.2f}pt"
        blok.append(f'<div class="k th{no}" style="{letak};top:{g:.2f}pt">{kepala}</div>')
        lines = []
        for (_, cells), t in zip(rows, tinggi_baris, strict=True):
            cell = cells[c]
            lines.extend(html.escape(s) for s in cell)
            lines.extend([""] * (t - len(cell)))
        isi = "\n".join(lines)
        blok.append(f'<div class="k{no}" style="{letak};top:{top_isi:.2f}pt">{isi}</div>')
    kelas = "hal pb" if putus else "hal"
    return f'<div class="{kelas}" style="height:{tinggi:.2f}pt">{svg}{"".join(blok)}</div>'


def _html_potongan(p: dict) -> str:
    """One part as a standalone HTML document (all text already escaped)."""
    css = _CSS.format(**p["css"])
    bagian = [
        f'<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{p["judul_dokumen"]}</title>',
        f"<style>{css}</style></head>",
        '<body class="draf">' if p.get("draf") else "<body>",
        p.get("kepala_html", ""),
    ]
    for k, rows in enumerate(p["halaman"]):
        if rows:
            bagian.append(_html_halaman(p["lebar_kolom"], p["kepala_tabel"], rows, putus=k > 0))
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
    draf: bool = False,
) -> bytes:
    """The lampiran of letter `nomor` as PDF bytes.

    - `judul`: the letter's title as the lampiran names it ("Keputusan Kepala Dinas Sosial
      Kabupaten ..."), printed "LAMPIRAN <JUDUL>" on page 1 and, with the number, at the top
      of every page.
    - `kolom`: column headings; a "No." column is added in front and numbered 1..n.
    - `baris`: an iterable of row lists (any values; None prints empty), e.g. 20,000 rows.
    - `instansi`: the office (`dinsos.models.Instansi`); its name goes into the PDF metadata.
    - `total`: an amount in rupiah for the closing line "Jumlah: n orang, Rp ..." (the count
      is always the rows actually printed); `tampilkan_jumlah=False` leaves the line out.
    - `ttd`: a `surat.penerbitan.Penandatangan` (or anything with jabatan_label, nama,
      pangkat_golongan, nip, nip_cetak) for a signature block at the end; None: no block.
    - `progres(selesai, jumlah)`: called as parts finish (rows done, rows in total).
    - `draf`: mark every page "DRAF", as a letter's preview is marked.
    """
    from django.utils import formats

    esc = html.escape
    data = [[" ".join(str(v).split()) if v is not None else "" for v in r] for r in baris]
    for i, r in enumerate(data):
        if len(r) != len(kolom):
            raise ValueError(f"Baris {i + 1} berisi {len(r)} kolom, seharusnya {len(kolom)}.")
    tanggal_teks = formats.date_format(tanggal, "j F Y") if tanggal else ""
    kepala_teks = [f"LAMPIRAN {judul.upper()}", nomor, tanggal_teks, tentang]
    ada_jumlah = tampilkan_jumlah or total is not None
    rencana = rencanakan(kolom, data, [t for t in kepala_teks if t], judul_daftar, ttd, ada_jumlah)

    kepala_rows = [f'<tr><td colspan="3">LAMPIRAN {esc(judul.upper())}</td></tr>']
    for label, nilai in (("Nomor", nomor), ("Tanggal", tanggal_teks), ("Tentang", tentang)):
        if nilai:
            kepala_rows.append(f'<tr><td class="label">{label}</td><td>:</td><td>{esc(nilai)}</td></tr>')
    kepala_html = f'<table class="kepala">{"".join(kepala_rows)}</table><h2>{esc(judul_daftar)}</h2>'
    akhir = []
    if ada_jumlah:
        teks = f"Jumlah: {angka(len(data))} {satuan}"
        if total is not None:
            teks += f", {rupiah(total)}"
        akhir.append(f'<div class="jumlah">{esc(teks)}</div>')
    if ttd is not None:
        akhir.append(
            '<div class="ttd">'
            + "<br>".join(esc(b) for b in ttd.jabatan_label.splitlines())
            + f'<div class="ruang"></div><strong><u>{esc(ttd.nama)}</u></strong><br>'
            + (f"{esc(ttd.pangkat_golongan)}<br>" if ttd.pangkat_golongan else "")
            + (f"NIP. {esc(ttd.nip_cetak)}" if ttd.nip else "")
            + "</div>"
        )
    kelas_akhir = "akhir baru" if rencana.halaman_akhir else "akhir"
    akhir_html = f'<div class="{kelas_akhir}">{"".join(akhir)}</div>' if akhir else ""

    # Parts: whole pages, about `per_potongan` rows each.
    potongan, kini, n_kini = [], [], 0
    for rows in rencana.halaman:
        kini.append(rows)
        n_kini += len(rows)
        if n_kini >= per_potongan:
            potongan.append(kini)
            kini, n_kini = [], 0
    if kini or not potongan:
        potongan.append(kini)
    css_dasar = {
        "orientasi": "landscape" if rencana.landskap else "portrait",
        **MARGIN,
        "kepala_halaman": _css_string(f"Lampiran {judul} Nomor {nomor}"),
        "huruf": HURUF_PT,
        "baris": BARIS_PT,
        "slot": SLOT_PT,
        "pad_h": PAD_H,
        "judul_pt": JUDUL_PT,
        "judul_baris": JUDUL_BARIS_PT,
    }
    judul_dokumen = esc(f"Lampiran {judul} {nomor}")

    def bagian(k, mulai, total_halaman):
        p = {
            "css": {**css_dasar, "mulai": mulai, "total": total_halaman},
            "lebar_kolom": rencana.lebar_kolom,
            "kepala_tabel": rencana.kepala_tabel,
            "halaman": potongan[k],
            "judul_dokumen": judul_dokumen,
            "draf": draf,
        }
        if k == 0:
            p["kepala_html"] = kepala_html
        if k == len(potongan) - 1:
            p["akhir_html"] = akhir_html
        return p

    def render_semua(jumlah_per_bagian):
        total_halaman = sum(jumlah_per_bagian)
        mulai = [1 + sum(jumlah_per_bagian[:k]) for k in range(len(potongan))]
        parts = [bagian(k, mulai[k], total_halaman) for k in range(len(potongan))]
        hasil, selesai = [None] * len(parts), 0
        if len(parts) == 1 or pekerja <= 1:
            for k, p in enumerate(parts):
                hasil[k] = _render_potongan(p)
                selesai += sum(len(rows) for rows in p["halaman"])
                if progres:
                    progres(selesai, len(data))
            return hasil
        with ProcessPoolExecutor(max_workers=min(pekerja, len(parts)), mp_context=_konteks_proses()) as pool:
            futures = {pool.submit(_render_potongan, p): k for k, p in enumerate(parts)}
            for fut in as_completed(futures):
                k = futures[fut]
                hasil[k] = fut.result()
                selesai += sum(len(rows) for rows in parts[k]["halaman"])
                if progres:
                    progres(selesai, len(data))
        return hasil

    rencana_per_bagian = [max(len(p), 1) for p in potongan]
    rencana_per_bagian[-1] += 1 if rencana.halaman_akhir else 0
    pdfs = render_semua(rencana_per_bagian)
    nyata = [_jumlah_halaman_pdf(p) for p in pdfs]
    if nyata != rencana_per_bagian:
        # The opening or closing block took more room than estimated: the real counts are exact.
        logger.warning("Lampiran %s: rencana halaman %s, nyata %s; dirender ulang", nomor, rencana_per_bagian, nyata)
        pdfs = render_semua(nyata)
    metadata = {"/Title": f"Lampiran {judul} {nomor}"}
    if instansi is not None:
        metadata["/Author"] = instansi.nama_dinas
    return gabung_pdf(pdfs, metadata)


def gabung_pdf(pdfs, metadata=None) -> bytes:
    """Join PDF documents in order (pypdf); one document without metadata is returned as it is."""
    if len(pdfs) == 1 and not metadata:
        return pdfs[0]
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    if metadata:
        writer.add_metadata(metadata)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
