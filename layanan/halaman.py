"""Case kinds with their own page (complaints …): a case number prefix names the page.

A case kind's app registers its prefix in `AppConfig.ready`; `layanan` never imports the
kind's views, and links to a case (Tugas saya, the generic case URL) still land on the
kind's page.
"""

from django.urls import reverse

_HALAMAN: dict[str, str] = {}
_BUKA_KEMBALI: set[str] = set()


def daftarkan(awalan: str, nama_url: str) -> None:
    _HALAMAN[awalan] = nama_url


def izinkan_buka_kembali(awalan: str) -> None:
    """Cases of this kind may be reopened by their citizen (`Permohonan.buka_kembali`)."""
    _BUKA_KEMBALI.add(awalan)


def boleh_buka_kembali(nomor: str) -> bool:
    return any(nomor.startswith(awalan) for awalan in _BUKA_KEMBALI)


def awalan_terdaftar() -> list[str]:
    """Case number prefixes of the kinds with their own page."""
    return list(_HALAMAN)


def url_jenis(nomor: str) -> str | None:
    """The URL of the case kind's own page for this case number (None: the generic page)."""
    for awalan, nama_url in _HALAMAN.items():
        if nomor.startswith(awalan):
            return reverse(nama_url, args=[nomor])
    return None
