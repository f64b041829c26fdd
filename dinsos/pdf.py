"""One place that turns HTML into PDF bytes with WeasyPrint."""

import logging

from django.conf import settings
from django.template.loader import render_to_string

logging.getLogger("fontTools").setLevel(logging.ERROR)


def html_ke_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported lazily: heavy, and only PDF views need it

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render_pdf(template_name: str, context: dict) -> bytes:
    return html_ke_pdf(render_to_string(template_name, context))
