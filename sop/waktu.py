"""Time standards of SOP steps: "30 menit", "1-3 hari kerja", "1 x 24 jam", "960 - 1.440 menit".

`parse_waktu` turns the text an admin types (or a seed prints) into a structured
`Waktu`; it raises `ValueError` with an Indonesian message when it cannot.
"""

import re
from dataclasses import dataclass

SATUAN_CHOICES = [
    ("menit", "menit"),
    ("jam", "jam"),
    ("hari_kerja", "hari kerja"),
    ("hari_kalender", "hari kalender"),
    ("minggu", "minggu"),
    ("bulan", "bulan"),
]
SATUAN_LABEL = dict(SATUAN_CHOICES)

# Longest phrases first so "hari kalender" wins over "hari".
_UNIT_WORDS = [
    (r"hari\s+kalender|hari\s+kalendar", "hari_kalender"),
    (r"hari\s+kerja|hk", "hari_kerja"),
    (r"hari", "hari_kerja"),  # SOPs count working days unless they say otherwise
    (r"menit|mnt", "menit"),
    (r"jam", "jam"),
    (r"minggu|pekan", "minggu"),
    (r"bulan|bln", "bulan"),
]
_NUMBER = r"\d+(?:[.,]\d+)*"
_WORDS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7}


@dataclass(frozen=True)
class Waktu:
    teks: str
    min: float
    max: float
    satuan: str

    def untuk_batas(self) -> tuple[float, str]:
        """The amount and unit a deadline counts with (the upper bound of a range).

        "24 jam" and "1 x 24 jam" mean one working day, as offices read them, not 24 working
        hours (three days of 8.5 hours): a whole multiple of 24 hours counts as that many
        working days. Any other number of hours counts as working hours (docs/keputusan.md).
        """
        if self.satuan == "jam" and self.max >= 24 and float(self.max / 24).is_integer():
            return self.max / 24, "hari_kerja"
        return self.max, self.satuan

    def label(self) -> str:
        satuan = SATUAN_LABEL[self.satuan]
        if self.min == self.max:
            return f"{format_angka(self.min)} {satuan}"
        return f"{format_angka(self.min)}–{format_angka(self.max)} {satuan}"


def format_angka(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def _to_number(text: str) -> float:
    text = text.strip()
    if text.lower() in _WORDS:
        return float(_WORDS[text.lower()])
    # "1.440" is a thousands separator; "1,5" a decimal comma.
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        return float(text.replace(".", ""))
    return float(text.replace(",", "."))


_KE_MENIT = {"menit": 1, "jam": 60, "hari_kerja": 1440, "hari_kalender": 1440}


def parse_waktu(teks: str | None, satuan_bawaan: str | None = None) -> Waktu | None:
    """Parse a time standard; None for blank or "-".

    `satuan_bawaan` is the unit for a bare number ("960-1440") when the table's column
    header gives it; without it a bare number is refused. "5 menit / orang" is read as
    5 menit (per person); "15 menit / 1 hari" as 15 to 1,440 minutes.
    """
    if teks is None:
        return None
    clean = " ".join(str(teks).split())
    if clean in {"", "-", "–", "—"}:
        return None
    lowered = clean.lower()
    # Drop a parenthesised word form: "2 (dua) hari kerja".
    lowered = re.sub(r"\([a-z\s]+\)", " ", lowered)
    lowered = re.sub(r"\s*(?:/|per)\s*orang$", "", lowered)
    lowered = re.sub(r"^mak(?:s|simal)?\.?\s*", "", lowered)
    lowered = re.sub(r"(\d)\.(?=[a-z])", r"\1 ", lowered)
    lowered = " ".join(lowered.split())

    # "15 menit / 1 hari", "3 bulan/6 bulan": a range written as two amounts.
    match = re.fullmatch(rf"({_NUMBER})\s*([a-z][a-z\s]*?)\s*/\s*({_NUMBER})\s*([a-z][a-z\s]*)", lowered)
    if match:
        low, high = _to_number(match.group(1)), _to_number(match.group(3))
        satuan_low, satuan_high = _unit(match.group(2)), _unit(match.group(4))
        if satuan_low != satuan_high:
            if satuan_low not in _KE_MENIT or satuan_high not in _KE_MENIT:
                raise ValueError(f"Waktu “{clean}” memakai dua satuan yang tidak dapat disetarakan.")
            low, high = low * _KE_MENIT[satuan_low], high * _KE_MENIT[satuan_high]
            satuan_low = "menit"
        return Waktu(clean, low, high, satuan_low)

    bare = re.fullmatch(rf"({_NUMBER})(?:\s*-\s*({_NUMBER}))?", lowered)
    if bare:
        if satuan_bawaan is None:
            raise ValueError(f"Waktu “{clean}” belum bersatuan. Tulis misalnya “{clean} menit”.")
        low = _to_number(bare.group(1))
        high = _to_number(bare.group(2)) if bare.group(2) else low
        return Waktu(clean, low, high, satuan_bawaan)

    # "1 x 24 jam"
    match = re.fullmatch(rf"({_NUMBER})\s*x\s*({_NUMBER})\s*(\w+(?:\s+\w+)?)", lowered)
    if match:
        satuan = _unit(match.group(3))
        amount = _to_number(match.group(1)) * _to_number(match.group(2))
        return Waktu(clean, amount, amount, satuan)

    number = rf"({_NUMBER}|{'|'.join(_WORDS)})"
    match = re.fullmatch(
        rf"(?:maks(?:imal)?\.?\s*|paling\s+lama\s+)?{number}"
        rf"(?:\s*(?:-|–|s\.?d\.?|s/d|sampai(?:\s+dengan)?)\s*{number})?"
        rf"\s*([a-z][a-z\s]*)",
        lowered,
    )
    if not match:
        raise ValueError(f"Waktu “{clean}” tidak dapat dibaca. Tulis misalnya “30 menit”, “2 hari kerja” atau “1-3 hari”.")
    low = _to_number(match.group(1))
    high = _to_number(match.group(2)) if match.group(2) else low
    if high < low:
        raise ValueError(f"Waktu “{clean}”: batas atas lebih kecil dari batas bawah.")
    return Waktu(clean, low, high, _unit(match.group(3)))


def _unit(text: str) -> str:
    text = text.strip()
    for pattern, satuan in _UNIT_WORDS:
        if re.fullmatch(rf"(?:{pattern})(?:\s+\w+)*", text):
            return satuan
    raise ValueError(
        f"Satuan waktu “{text}” tidak dikenal. Gunakan menit, jam, hari kerja, hari kalender, minggu atau bulan."
    )
