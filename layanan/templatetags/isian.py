"""The case's extra fields (isian tambahan) with the labels their SOP version gives them."""

from django import template

register = template.Library()


@register.filter
def isian_berlabel(permohonan) -> list[tuple[str, str]]:
    """[(label, value)] in the SOP's order; a code the version no longer names reads as words."""
    label = {i.kode: i.label for i in permohonan.versi_sop.isian_tambahan.all()}
    urutan = {kode: n for n, kode in enumerate(label)}
    items = sorted(permohonan.isian.items(), key=lambda item: urutan.get(item[0], len(urutan)))
    return [(label.get(kode) or kode.replace("_", " ").capitalize(), nilai) for kode, nilai in items]
