"""Tracking codes: random, unguessable, easy to read aloud and to type.

12 characters from 31 letters and digits with the look-alikes left out (0/O, 1/I/L):
31^12 ≈ 7.9 × 10^17 codes (59 bits). At the rate limit of /lacak/ (10 per address per 15
minutes) guessing one of a million cases takes longer than the universe has existed.
"""

import re
import secrets

ALFABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PANJANG = 12


def buat() -> str:
    return "".join(secrets.choice(ALFABET) for _ in range(PANJANG))


def tampil(kode: str) -> str:
    """ "ABCD2345EFGH" → "ABCD-2345-EFGH" (as printed on the receipt)."""
    return "-".join(kode[i : i + 4] for i in range(0, len(kode), 4))


def normalisasi(teks: str) -> str:
    """What a citizen typed, as stored: case, spaces and dashes do not matter; O→0 etc. do not exist."""
    return re.sub(r"[\s\-]", "", teks or "").upper()


def sah(kode: str) -> bool:
    return len(kode) == PANJANG and all(ch in ALFABET for ch in kode)
