"""The letter body editor in the admin: the fields an admin may insert, and the body textarea
with a panel of insert buttons and a preview button (#19.14).

The frame (kop, number, date, signature, paraf, QR) is not editable here: it is
templates/surat/kerangka.html. Without JavaScript the panel still lists every field to copy.
"""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from surat import templat

# Indonesian headings and the labels of the variables in surat/templat.py VARIABEL.
_KELOMPOK = [
    ("Yang dimohonkan (termohon)", "termohon"),
    ("Pemohon", "pemohon"),
    ("Organisasi pemohon", "organisasi"),
    ("Penanggung jawab organisasi", "penanggung_jawab"),
    ("Instansi", "instansi"),
]
_PERMOHONAN = [
    ("keperluan", "Keperluan (maksud dan tujuan)"),
    ("nomor_registrasi", "Nomor registrasi"),
    ("hubungan", "Hubungan pemohon dengan termohon"),
    ("uraian_tambahan", "Uraian tambahan dari penyusun konsep"),
]
_LAIN = [
    ('{{ tanggal|date:"j F Y" }}', "Tanggal penerbitan"),
    ("{% if survei_dilakukan %}…{% endif %}", "Bagian yang tampil bila survei menyimpulkan layak"),
    ("{% if registri.dtks.terdaftar %}…{% endif %}", "Bagian yang tampil bila terdaftar di DTKS"),
    ("{{ registri.dtks.desil }}", "Desil DTKS"),
    ("{{ registri.dtks.per }}", "Tanggal data DTKS"),
]
_TANGGAL = {"tanggal_lahir"}


def _sisipan(nama: str) -> str:
    if nama.rsplit(".", 1)[-1] in _TANGGAL:
        return "{{ " + nama + '|date:"j F Y" }}'
    return "{{ " + nama + " }}"


def daftar_isian(kode_isian: list[tuple[str, str]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(heading, [(text to insert, label)])] for the editor panel and its tests."""
    groups = []
    for heading, key in _KELOMPOK:
        groups.append((heading, [(_sisipan(f"{key}.{sub}"), sub.replace("_", " ")) for sub in templat.VARIABEL[key]]))
    permohonan = [(_sisipan(nama), label) for nama, label in _PERMOHONAN]
    permohonan += [(_sisipan(f"isian.{kode}"), label) for kode, label in kode_isian]
    groups.insert(2, ("Permohonan", permohonan))
    groups.append(("Tanggal, survei dan registri", _LAIN))
    return groups


class IsiSuratWidget(forms.Textarea):
    """The body textarea with an insert panel and a 'preview this text' button."""

    class Media:
        js = ["js/templat_surat.js"]
        css = {"all": ["css/templat_surat.css"]}

    def __init__(self, kode_isian=(), url_pratinjau="", attrs=None):
        super().__init__(attrs={"rows": 18, "cols": 90, "class": "isi-surat", **(attrs or {})})
        self.kode_isian = list(kode_isian)
        self.url_pratinjau = url_pratinjau

    def render(self, name, value, attrs=None, renderer=None):
        textarea = super().render(name, value, attrs, renderer)
        field_id = (attrs or {}).get("id", f"id_{name}")
        panel = format_html_join(
            "",
            '<details class="isian-surat"{}><summary>{}</summary><p>{}</p></details>',
            (
                (
                    mark_safe(" open") if i == 0 else "",
                    heading,
                    format_html_join(
                        " ",
                        '<button type="button" class="button sisip" data-sasaran="{}" data-sisip="{}" '
                        'title="Sisipkan {}">{}</button>',
                        ((field_id, text, text, label) for text, label in items),
                    ),
                )
                for i, (heading, items) in enumerate(daftar_isian(self.kode_isian))
            ),
        )
        pratinjau = (
            format_html(
                '<p><button type="submit" class="button" formaction="{}" formtarget="_blank" formmethod="post" '
                'formnovalidate name="pratinjau_isi" value="1">Pratinjau isi ini dengan kasus contoh (PDF)</button> '
                '<span class="help">Belum disimpan; pratinjau memakai teks di kotak ini.</span></p>',
                self.url_pratinjau,
            )
            if self.url_pratinjau
            else format_html('<p class="help">{}</p>', "Simpan dahulu untuk melihat pratinjau.")
        )
        return format_html(
            '<div class="penyunting-surat">{}<div class="panel-isian"><p class="help">{}</p>{}</div>{}</div>',
            textarea,
            "Klik isian untuk menyisipkannya di posisi kursor. Kop surat, nomor, tanggal, tanda tangan, "
            "paraf dan kode QR dipasang otomatis oleh kerangka surat dan tidak ditulis di sini.",
            panel,
            pratinjau,
        )
