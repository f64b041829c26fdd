"""PDF files attached to a letter (a naskah dinas's lampiran), appended after its pages.

Each attached page gets a small header with the letter's number ("Lampiran surat Nomor ...")
so a page taken out of the stack still says which letter it belongs to. The header is a
WeasyPrint overlay page of the page's own size, merged onto the page with pypdf; the
overlay pages of one attachment come from a single render (named CSS pages per size).
The header sits in the top 8 mm, over whatever the attachment has there (most documents
keep a top margin; the text has a white background so it stays legible).

The pages are appended before the letter is signed and hashed (surat.penerbitan._render_pdf),
so the QR-verified SHA-256 and a PAdES signature cover them too.
"""

import html
import io

from pypdf import PdfReader, PdfWriter

from dinsos.pdf import html_ke_pdf


class BerkasRusak(Exception):
    """The file is not a PDF pypdf can read (or it is encrypted)."""


def jumlah_halaman(isi: bytes) -> int:
    """Pages of a PDF; BerkasRusak if it cannot be read or opened without a password."""
    try:
        reader = PdfReader(io.BytesIO(isi))
        if reader.is_encrypted:
            raise BerkasRusak("terkunci kata sandi")
        return len(reader.pages)
    except BerkasRusak:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise BerkasRusak(str(exc)) from exc


def _overlay(ukuran: list[tuple[float, float]], teks: list[str]) -> bytes:
    """One overlay page per attached page, each of that page's size (named CSS pages), one render."""
    jenis = {u: f"u{i}" for i, u in enumerate(dict.fromkeys(ukuran))}
    gaya = "".join(f"@page {nama} {{ size: {w:.2f}pt {h:.2f}pt; margin: 0 }}" for (w, h), nama in jenis.items())
    badan = "".join(
        f'<section style="page: {jenis[u]}"><div class="h">{html.escape(t)}</div></section>'
        for u, t in zip(ukuran, teks, strict=True)
    )
    return html_ke_pdf(
        "<!doctype html><html><head><style>"
        f"{gaya}"
        "body { margin: 0; font-family: 'DejaVu Sans', sans-serif; }"
        "section { break-after: page; position: relative; height: 100vh; }"
        "section:last-child { break-after: auto; }"
        ".h { position: absolute; top: 2.5mm; right: 8mm; font-size: 7.5pt; color: #222;"
        " background: #fff; padding: 0.6mm 1.5mm; border: 0.3pt solid #888; }"
        f"</style></head><body>{badan}</body></html>"
    )


def bubuhi_nomor(isi: bytes, nomor: str, urutan: int, jumlah: int) -> bytes:
    """The attached PDF with the letter's number stamped at the top of every page
    ("Lampiran 1 dari 2 · halaman 3 dari 5 · Nomor surat: ...")."""
    reader = PdfReader(io.BytesIO(isi))
    writer = PdfWriter()
    halaman = []
    for page in reader.pages:
        baru = writer.add_page(page)
        if baru.get("/Rotate", 0):
            baru.transfer_rotation_to_content()  # the header reads upright on a landscape scan
        halaman.append(baru)
    ukuran = [(round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1)) for p in halaman]
    n = len(halaman)
    teks = [f"Lampiran {urutan} dari {jumlah} · halaman {i} dari {n} · Nomor surat: {nomor}" for i in range(1, n + 1)]
    overlay = PdfReader(io.BytesIO(_overlay(ukuran, teks)))
    for page, atas in zip(halaman, overlay.pages, strict=True):
        page.merge_translated_page(atas, float(page.mediabox.left), float(page.mediabox.bottom))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
