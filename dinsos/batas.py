"""Per-address limits on public endpoints, counted in Django's cache (shared by processes
when CACHE_DIR is set; see settings)."""

from django.core.cache import cache

from dinsos.auth import alamat_klien


def alamat(request) -> str:
    """The client's address, honouring JUMLAH_PROXY like the login throttle (dinsos.auth)."""
    return alamat_klien(request) or "tanpa-alamat"


def lewat_batas(nama: str, request, maks: int, jendela_detik: int) -> bool:
    """Count one attempt of `request`'s address at `nama`; True once it exceeds `maks` in the window."""
    key = f"batas:{nama}:{alamat(request)}"
    cache.add(key, 0, timeout=jendela_detik)
    try:
        jumlah = cache.incr(key)
    except ValueError:  # the window ran out between add() and incr()
        cache.set(key, 1, timeout=jendela_detik)
        jumlah = 1
    return jumlah > maks
