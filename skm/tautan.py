"""The survey link of a case: unguessable (signed with the server's key), one response per case.

The link names the case's internal id and a signature over it, so it cannot be derived
from a receipt number or a tracking code, and says nothing about the applicant.
"""

import segno
from django.core import signing
from django.urls import reverse

SALT = "skm.survei"


def token(permohonan_pk: int) -> str:
    return signing.Signer(salt=SALT).sign(str(permohonan_pk))


def buka(teks: str) -> int | None:
    """The case id of a token, or None if it was not made here."""
    try:
        nilai = signing.Signer(salt=SALT).unsign(teks[:120])
    except signing.BadSignature:
        return None
    return int(nilai) if nilai.isdigit() else None


def url(permohonan_pk: int) -> str:
    return reverse("skm:isi", args=[token(permohonan_pk)])


def qr_data_uri(alamat: str) -> str:
    return segno.make(alamat, error="m").svg_data_uri(scale=3, border=2)
