"""Numbers as the office writes them: "20.000", "Rp 12.500.000"."""


def angka(nilai) -> str:
    """20000 → "20.000" (whole numbers, dot thousands separator; None → "0")."""
    return f"{int(nilai or 0):,}".replace(",", ".")


def rupiah(nilai) -> str:
    """12500000 → "Rp 12.500.000"."""
    return "Rp " + angka(nilai)
