"""Validators for identity numbers and uploads, shared by models and forms."""

import datetime

import filetype
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

BATAS_UNGGAH = 5 * 1024 * 1024
JENIS_UNGGAH = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def tanggal_dari_nik(nik: str):
    """(birth date, "L"/"P") encoded in a NIK; raises ValueError when impossible."""
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    jenis_kelamin = "L"
    if day > 40:
        day -= 40
        jenis_kelamin = "P"
    this_year = datetime.date.today().year % 100
    century = 2000 if year <= this_year else 1900
    return datetime.date(century + year, month, day), jenis_kelamin


@deconstructible
class NikValidator:
    """16 digits: area code, birth date (women: day + 40), serial not 0000."""

    message = "NIK harus 16 angka."
    code = "nik"
    label = "NIK"

    def __call__(self, value):
        value = str(value)
        if len(value) != 16 or not value.isdigit():
            raise ValidationError(f"{self.label} harus 16 angka.", code=f"{self.code}_format")
        if value[:2] < "11" or value[2:4] == "00" or value[4:6] == "00":
            raise ValidationError(
                f"Kode wilayah {self.label} ({value[:6]}) tidak valid.",
                code=f"{self.code}_wilayah",
            )
        self.check_tanggal(value)
        if value[12:] == "0000":
            raise ValidationError(f"Nomor urut {self.label} tidak boleh 0000.", code=f"{self.code}_urut")

    def check_tanggal(self, value):
        try:
            tanggal_dari_nik(value)
        except ValueError:
            raise ValidationError("Tanggal lahir di dalam NIK (digit 7–12) tidak valid.", code="nik_tanggal") from None

    def __eq__(self, other):
        return isinstance(other, type(self))


@deconstructible
class KkValidator(NikValidator):
    """16 digits: area code, date of issue (DDMMYY), serial not 0000."""

    code = "kk"
    label = "Nomor KK"

    def check_tanggal(self, value):
        day, month, year = int(value[6:8]), int(value[8:10]), int(value[10:12])
        try:
            datetime.date(2000 + year, month, day)
        except ValueError:
            raise ValidationError("Tanggal di dalam nomor KK (digit 7–12) tidak valid.", code="kk_tanggal") from None


@deconstructible
class UnggahanValidator:
    """PDF, JPG or PNG by content (not by name), at most 5 MB."""

    def __call__(self, berkas):
        if berkas.size > BATAS_UNGGAH:
            raise ValidationError(f"Berkas “{berkas.name}” lebih dari 5 MB.", code="unggah_besar")
        berkas.seek(0)
        kind = filetype.guess(berkas.read(261))
        berkas.seek(0)
        if kind is None or kind.mime not in JENIS_UNGGAH:
            raise ValidationError(f"Berkas “{berkas.name}” bukan PDF, JPG atau PNG yang sah.", code="unggah_jenis")

    def __eq__(self, other):
        return isinstance(other, type(self))


# Length caps of free text (characters). A letter's purpose is one sentence or two; notes and
# reasons a paragraph; a survey report a few. A 1 MB "keperluan" once made the draft PDF
# take 19 s.
BATAS_KEPERLUAN = 500
BATAS_ISIAN = 200
BATAS_CATATAN = 1000
BATAS_CATATAN_SURVEI = 2000


def _angka(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@deconstructible
class BatasPanjang:
    """Free text of at most `batas` characters, with the field's name in the message."""

    code = "terlalu_panjang"

    def __init__(self, batas, label):
        self.batas = batas
        self.label = label

    def __call__(self, value):
        if value is not None and len(value) > self.batas:
            raise ValidationError(
                f"{self.label} paling banyak {_angka(self.batas)} karakter (sekarang {_angka(len(value))}).",
                code=self.code,
            )

    def __eq__(self, other):
        return isinstance(other, BatasPanjang) and (self.batas, self.label) == (other.batas, other.label)


validate_nik = NikValidator()
validate_kk = KkValidator()
validate_unggahan = UnggahanValidator()
