from django import template

from bansos.models import rupiah as _rupiah

register = template.Library()


@register.filter
def rupiah(nilai):
    """ "Rp 1.500.000"."""
    return _rupiah(nilai)
