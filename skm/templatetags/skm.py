"""Template tags other apps' templates use to show the survey link and the latest IKM.

Kept here so `layanan` and `sop` do not import `skm` (templates load the tag library).
"""

from urllib.parse import urljoin

from django import template

from skm import tautan

register = template.Library()


@register.simple_tag
def skm_tautan(permohonan, dasar=""):
    """Absolute (if `dasar` is an absolute URL of this site) survey link of a case."""
    alamat = tautan.url(permohonan.pk)
    return urljoin(dasar, alamat) if dasar else alamat


@register.simple_tag
def skm_qr(alamat):
    return tautan.qr_data_uri(alamat)


@register.inclusion_tag("skm/_ikm_layanan.html")
def ikm_layanan(sop):
    """The latest IKM of a service: the last full year with responses, else this year so far."""
    from skm.publik import ikm_terakhir

    return {"hasil": ikm_terakhir(sop)}


@register.inclusion_tag("skm/_ajakan_survei.html", takes_context=True)
def skm_ajakan(context, permohonan):
    """On the tracking page: the survey link once the service ended and before it was answered."""
    from skm import sumber
    from skm.models import Tanggapan

    boleh = sumber.sudah_selesai(permohonan) and not Tanggapan.objects.filter(permohonan=permohonan).exists()
    return {"url": tautan.url(permohonan.pk) if boleh else ""}
