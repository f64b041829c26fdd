"""One place that turns HTML into PDF bytes with WeasyPrint, with one guarded URL fetcher.

Every PDF of the project (letters, receipts, notices, SOP sheets, lists) is made here.
WeasyPrint would otherwise fetch whatever the HTML names: `file:` paths, network URLs
(SSRF), and files linked with `rel="attachment"`, which it embeds into the PDF. So:

- `AsetFetcher` serves only `data:` URIs, the project's own static files (`/static/...`)
  and stored office images (`/media.../instansi/...`, `/media.../spesimen/...`) that are
  really images; everything else is refused (the resource is left out, the PDF still renders).
- Attachments and links out of the document are dropped from the rendered document
  before it is written, whatever URL they name, so nothing can be embedded into a PDF.

Templates refer to assets by their normal URLs (`{% static %}`, `ImageField.url`); they
resolve against `ASET_BASE`, a host name that cannot exist (RFC 2606 `.invalid`).
"""

import functools
import logging
import posixpath
import subprocess
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string

logging.getLogger("fontTools").setLevel(logging.ERROR)
logger = logging.getLogger(__name__)

ASET_HOST = "aset.dinsos.invalid"
ASET_BASE = f"https://{ASET_HOST}/"
# Stored files a PDF may show: the office logo and signature specimens (upload_to folders).
MEDIA_DIIZINKAN = ("instansi/", "spesimen/")


class AsetDitolak(ValueError):
    """A PDF asked for a resource outside the allow-list."""


def _relative(path: str, prefix: str) -> str | None:
    if not prefix or not path.startswith(prefix):
        return None
    name = posixpath.normpath(unquote(path[len(prefix) :]))
    if name.startswith(("/", "..")) or "\x00" in name or name == ".":
        raise AsetDitolak(f"Jalur aset tidak sah: {path}")
    return name


def _static_bytes(name: str) -> bytes:
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    found = finders.find(name)
    if found:
        with open(found, "rb") as handle:
            return handle.read()
    if staticfiles_storage.exists(name):  # collected static files in production
        with staticfiles_storage.open(name) as handle:
            return handle.read()
    raise AsetDitolak(f"Berkas statis tidak ada: {name}")


def _media_bytes(name: str) -> bytes:
    import filetype
    from django.core.files.storage import default_storage

    if not name.startswith(MEDIA_DIIZINKAN):
        raise AsetDitolak(f"Berkas unggahan ini tidak boleh dimuat ke PDF: {name}")
    with default_storage.open(name) as handle:
        data = handle.read()
    kind = filetype.guess(data[:261])
    if kind is None or not kind.mime.startswith("image/"):
        raise AsetDitolak(f"Bukan gambar: {name}")
    return data


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AsetFetcher(URLFetcher):
        """WeasyPrint's fetcher, narrowed to data: URIs and the project's own assets."""

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "https" or parts.hostname != ASET_HOST or parts.port is not None:
                logger.warning("PDF: sumber ditolak: %s", url[:200])
                raise AsetDitolak(f"Sumber tidak diizinkan: {url[:200]}")
            name = _relative(parts.path, settings.STATIC_URL)
            if name is not None:
                return URLFetcherResponse(url, _static_bytes(name))
            name = _relative(parts.path, settings.MEDIA_URL)
            if name is not None:
                return URLFetcherResponse(url, _media_bytes(name))
            raise AsetDitolak(f"Sumber tidak diizinkan: {url[:200]}")

    return AsetFetcher


def url_fetcher():
    """A fresh fetcher (WeasyPrint fetchers keep per-request state)."""
    return _fetcher_class()(timeout=2, allow_redirects=False)


def _dokumen(html: str):
    from weasyprint import HTML  # imported lazily: heavy, and only PDF views need it

    document = HTML(string=html, base_url=ASET_BASE, url_fetcher=url_fetcher()).render()
    # No embedded files, whatever the HTML says (<link rel="attachment">, <a rel="attachment">),
    # and no clickable links out of an official document: only links within it stay.
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] == "internal"]
    return document


def html_ke_pdf(html: str) -> bytes:
    return _dokumen(html).write_pdf()


# WeasyPrint lays pages out in CSS pixels (96 per inch); PDF user space is in points (72 per inch).
PT_PER_PX = 0.75


def html_ke_pdf_dengan_posisi(html: str, elemen_id: str) -> tuple[bytes, tuple[int, float, float, float, float] | None]:
    """The PDF and the box of the element `id=elemen_id`: (page index, x1, y1, x2, y2) in PDF points.

    The box is measured from the page's bottom-left corner, as PDF user space counts (used
    to place a visible signature stamp over it). None if the element is absent.
    """
    document = _dokumen(html)
    posisi = None
    for index, page in enumerate(document.pages):
        if elemen_id in page.anchors:
            x1, y1, x2, y2 = page.anchors[elemen_id]
            tinggi = page.height
            posisi = (index, x1 * PT_PER_PX, (tinggi - y2) * PT_PER_PX, x2 * PT_PER_PX, (tinggi - y1) * PT_PER_PX)
            break
    return document.write_pdf(), posisi


def render_pdf(template_name: str, context: dict) -> bytes:
    return html_ke_pdf(render_to_string(template_name, context))


@functools.cache
def _font_widths(family: str):
    """Glyph advance widths (per em) of a font fontconfig resolves; None if unavailable."""
    try:
        path = subprocess.run(
            ["fc-match", family, "-f", "%{file}"], capture_output=True, text=True, timeout=5, check=True
        ).stdout
        from fontTools.ttLib import TTFont

        font = TTFont(path, lazy=True)
        cmap, hmtx, units = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
        return {chr(code): hmtx[name][0] / units for code, name in cmap.items() if code < 0x250}
    except (OSError, subprocess.SubprocessError, KeyError, ImportError):
        return None


def ukuran_muat(teks: str, lebar_pt: float, maks_pt: float, family="DejaVu Serif:bold", jarak_huruf_pt=0.0) -> float:
    """The largest font size (≤ maks_pt, in 0.25 pt steps) at which `teks` fits on one line."""
    widths = _font_widths(family)
    per_pt = sum(widths.get(c, 0.75) for c in teks) if widths else 0.78 * len(teks)
    if not teks or per_pt <= 0:
        return maks_pt
    ukuran = (lebar_pt - jarak_huruf_pt * len(teks)) / per_pt
    return max(7.0, min(maks_pt, int(ukuran * 4) / 4))
