"""One place that turns HTML into PDF bytes with WeasyPrint."""

import functools
import logging
import subprocess

from django.conf import settings
from django.template.loader import render_to_string

logging.getLogger("fontTools").setLevel(logging.ERROR)


def html_ke_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported lazily: heavy, and only PDF views need it

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


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
