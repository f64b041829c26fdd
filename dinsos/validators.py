"""Password validators of the office."""

import re

from django.core.exceptions import ValidationError

# Common look-alike characters, so "d1ns0s" counts as "dinsos".
_MIRIP = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
KATA_UMUM_KANTOR = ["dinsos", "dinas", "sosial", "pemkab", "pemkot", "kabupaten", "kota", "pemerintah", "layanan"]


def _huruf(teks: str) -> str:
    return re.sub(r"[^a-z0-9]", "", teks.lower().translate(_MIRIP))


def kata_tebakan(instansi, user=None) -> list[str]:
    """Words an attacker tries first: the office's slug and names, the user's own names."""
    teks_semua = []
    if instansi is not None:
        teks_semua += [instansi.kabupaten, instansi.nama_dinas, instansi.pemerintah_daerah, instansi.kota_penerbitan]
    if user is not None:
        teks_semua += [user.get_username(), user.first_name, user.last_name, user.email.split("@")[0]]
        pegawai = getattr(user, "pegawai", None) if user.pk else None
        if pegawai is not None:
            teks_semua.append(pegawai.nama)
    kata = set(KATA_UMUM_KANTOR)
    for teks in teks_semua:
        teks = (teks or "").lower()
        kata.add(_huruf(teks))
        kata.update(_huruf(bagian) for bagian in re.split(r"[\s\-_.,]+", teks))
    return sorted((k for k in kata if len(k) >= 3), key=len, reverse=True)


class KataKantorValidator:
    """Refuses a password made mostly of guessable words: the office's own ("dinsos-oku-
    selatan") and the user's (username, name), with look-alike spellings.

    When the password holds such a word (or a look-alike spelling), the office words
    are struck out; what is left must still be at least `sisa_minimal` letters and digits,
    and not digits alone (a year after "dinsos" adds nothing).
    """

    def __init__(self, sisa_minimal: int = 8):
        self.sisa_minimal = sisa_minimal

    def validate(self, password, user=None):
        from dinsos.models import Instansi

        # Match words on the look-alike reading, but judge what is left as typed.
        ketik = [c for c in password.lower() if c.translate(_MIRIP).isalnum()]
        baca = "".join(c.translate(_MIRIP) for c in ketik)
        coret = [False] * len(baca)
        for kata in kata_tebakan(Instansi.get_current(), user):
            for cocok in re.finditer(re.escape(kata), baca):
                coret[cocok.start() : cocok.end()] = [True] * len(kata)
        sisa = "".join(c for c, dicoret in zip(ketik, coret, strict=True) if not dicoret and c.isalnum())
        if any(coret) and (len(sisa) < self.sisa_minimal or sisa.isdigit()):
            raise ValidationError(
                "Kata sandi terlalu mirip dengan nama pengguna, nama kantor atau daerah (mis. dinsos, nama kabupaten). "
                f"Tambahkan setidaknya {self.sisa_minimal} huruf atau angka lain yang tidak mudah ditebak.",
                code="kata_kantor",
            )

    def get_help_text(self):
        return "Kata sandi tidak boleh tersusun dari nama pengguna, nama kantor atau daerah (mis. dinsos, nama kabupaten)."
