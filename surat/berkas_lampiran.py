"""PDF files attached to a letter (a naskah dinas's lampiran), appended after its pages.

Each attached page gets a small header with the letter's number ("Lampiran surat Nomor ...")
so a page taken out of the stack still says which letter it belongs to. The header is a
one-page WeasyPrint overlay of the page's own size, merged onto the page with pypdf; one
overlay is rendered per distinct page size. The header sits in the top 8 mm, over whatever
the attachment has there (most documents keep a top margin; the text has a white
background so it stays legible).

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


def _overlay(lebar_pt: float, tinggi_pt: float, teks: str) -> bytes:
    return html_ke_pdf(
        "<!doctype html><html><head><style>"
        f"@page {{ size: {lebar_pt:.2f}pt {tinggi_pt:.2f}pt; margin: 0 }}"
        "body { margin: 0; font-family: 'DejaVu Sans', sans-serif; }"
        ".h { position: absolute; top: 2.5mm; right: 8mm; font-size: 7.5pt; color: #222;"
        " background: #fff; padding: 0.6mm 1.5mm; border: 0.3pt solid #888; }"
        f'</style></head><body><div class="h">{html.escape(teks)}</div></body></html>'
    )


def bubuhi_nomor(isi: bytes, nomor: str, urutan: int, jumlah: int) -> bytes:
    """The attached PDF with the letter's number stamped at the top of every page."""
    reader = PdfReader(io.BytesIO(isi))
    writer = PdfWriter()
    overlays = {}
    teks = f"Lampiran {urutan} dari {jumlah} · Nomor surat: {nomor}"
    for page in reader.pages:
        baru = writer.add_page(page)
        if baru.get("/Rotate", 0):
            baru.transfer_rotation_to_content()  # the header reads upright on a landscape scan
        box = baru.mediabox
        ukuran = (round(float(box.width), 1), round(float(box.height), 1))
        if ukuran not in overlays:
            overlays[ukuran] = PdfReader(io.BytesIO(_overlay(*ukuran, teks))).pages[0]
        baru.merge_translated_page(overlays[ukuran], float(box.left), float(box.bottom))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
