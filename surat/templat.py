"""The sandbox that letter bodies written by admins render in.

A letter body is admin-edited text printed into documents the public trusts, so it is
treated as untrusted code:

- It renders in its own `Engine` with no loaders, no tag libraries and only the tags and
  filters in `TAG_DIIZINKAN` / `FILTER_DIIZINKAN` (no `load`, `include`, `extends`,
  `debug`, `autoescape`, `safe` ...). Autoescaping is always on.
- Its context holds plain values only (`polos()`): strings, numbers, dates, and dicts and
  lists of them. Never a model instance, so nothing can walk from a value to a related
  model, a manager or a password hash.
- `periksa()` (used by `TemplatSurat.clean()`) refuses a body that uses anything else or
  names a variable that does not exist, with a message saying which.

The variables are listed in `VARIABEL` and documented in docs/templat-surat.md.
"""

import datetime
import decimal
import re
from html.parser import HTMLParser

from django.contrib.humanize.templatetags import humanize
from django.template import Context, Engine, Library, TemplateSyntaxError, defaultfilters, defaulttags
from django.template.base import Lexer, TokenType, VariableNode
from django.template.defaulttags import ForNode, WithNode

TAG_DIIZINKAN = ["if", "for", "with", "firstof", "comment", "spaceless", "now"]
# Closing and intermediate words of the allowed tags.
_TAG_PENUTUP = {"elif", "else", "endif", "empty", "endfor", "endwith", "endcomment", "endspaceless"}
FILTER_DIIZINKAN = [
    "add",
    "capfirst",
    "cut",
    "date",
    "default",
    "default_if_none",
    "divisibleby",
    "first",
    "join",
    "last",
    "length",
    "linebreaks",
    "linebreaksbr",
    "lower",
    "pluralize",
    "slice",
    "time",
    "title",
    "truncatechars",
    "truncatewords",
    "upper",
    "yesno",
]

# HTML a body may contain: text structure only. No images, links, styles, scripts, frames
# or forms: the letterhead, QR code and signature come from the frame (kerangka.html).
ELEMEN_DIIZINKAN = {
    "p", "br", "strong", "b", "em", "i", "u", "span", "div", "table", "thead", "tbody", "tr", "td", "th",
    "ol", "ul", "li", "h2", "h3", "h4", "sup", "sub", "small", "hr", "blockquote",
}  # fmt: skip
ATRIBUT_DIIZINKAN = {"class", "colspan", "rowspan", "style", "align"}

register = Library()
for _name in TAG_DIIZINKAN:
    register.tag(_name, defaulttags.register.tags[_name])
for _name in FILTER_DIIZINKAN:
    register.filters[_name] = defaultfilters.register.filters[_name]
register.filters["intcomma"] = humanize.intcomma


class _EngineSurat(Engine):
    default_builtins = []  # not even Django's default tags: only this module's `register`


ENGINE = _EngineSurat(loaders=[], libraries={}, builtins=["surat.templat"], autoescape=True, debug=False)

# Variables a body may use; `None` means "any key" (the SOP's own extra fields).
_ORANG = [
    "nik",
    "nama",
    "tempat_lahir",
    "tanggal_lahir",
    "ttl",
    "jenis_kelamin",
    "alamat",
    "desa",
    "kecamatan",
    "nomor_kk",
]
_INSTANSI = [
    "nama_dinas",
    "pemerintah_daerah",
    "kabupaten",
    "kota_penerbitan",
    "alamat",
    "telepon",
    "email",
    "laman",
]
_ORGANISASI = ["nama", "nomor_badan_hukum", "alamat", "desa", "kecamatan", "telepon"]
VARIABEL = {
    "termohon": _ORANG,
    "pemohon": _ORANG,
    "organisasi": _ORGANISASI,  # organisation letters only (TemplatSurat.untuk_organisasi)
    "penanggung_jawab": [*_ORANG, "jabatan"],
    "hubungan": [],
    "keperluan": [],
    "isian": None,
    "nomor_registrasi": [],
    "instansi": _INSTANSI,
    "tanggal": ["year", "month", "day"],
    # Collective letters only (TemplatSurat.isi_kolektif): how many people, and the list
    # (each item has the termohon keys plus nomor_registrasi and keperluan).
    "jumlah": [],
    "lampiran": [],
    # Case facts added by layanan (DataSurat.tambahan): see docs/templat-surat.md.
    "survei_dilakukan": [],
    "uraian_tambahan": [],
    "registri": "*",  # registri.dtks.terdaftar, .desil, .per, .alasan
}
_BAWAAN_LOOP = {"forloop"}

_POLOS = (str, int, float, decimal.Decimal, bool, datetime.date, datetime.time, type(None))


def polos(value):
    """A deep copy of `value` made of plain values only; anything else is a programming error.

    Strings are copied as plain `str`, so a `SafeString` cannot smuggle markup past
    autoescaping.
    """
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, _POLOS):
        return value
    if isinstance(value, dict):
        return {str.__str__(str(k)): polos(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [polos(v) for v in value]
    raise TypeError(f"Templat surat hanya menerima nilai polos, bukan {type(value).__name__}.")


class TemplatTidakAman(ValueError):
    """The rendered body contains HTML outside the allow-list (built by template tricks)."""


def render(isi: str, context: dict) -> str:
    """The body rendered from plain values; its output is checked against the HTML allow-list too."""
    html = ENGINE.from_string(isi).render(Context(polos(context), autoescape=True))
    masalah = _html_terlarang(html)
    if masalah:
        raise TemplatTidakAman(" ".join(masalah))
    return html


def _tag_terlarang(isi: str) -> list[str]:
    found = []
    for token in Lexer(isi).tokenize():
        if token.token_type != TokenType.BLOCK:
            continue
        name = token.contents.split()[0] if token.contents.split() else ""
        if name and name not in TAG_DIIZINKAN and name not in _TAG_PENUTUP and name not in found:
            found.append(name)
    return found


def _nama_variabel(filter_expression):
    var = getattr(filter_expression, "var", None)
    lookups = getattr(var, "lookups", None)
    return list(lookups) if lookups else None


def _variabel_asing(template) -> list[str]:
    """Variables the body prints or loops over that are not in `VARIABEL`."""
    nodes = template.nodelist
    terikat = set(_BAWAAN_LOOP)
    for node in nodes.get_nodes_by_type(ForNode):
        terikat.update(node.loopvars)
    for node in nodes.get_nodes_by_type(WithNode):
        terikat.update(node.extra_context)
    expressions = [n.filter_expression for n in nodes.get_nodes_by_type(VariableNode)]
    expressions += [n.sequence for n in nodes.get_nodes_by_type(ForNode)]
    expressions += [v for n in nodes.get_nodes_by_type(WithNode) for v in n.extra_context.values()]
    asing = []
    for expression in expressions:
        lookups = _nama_variabel(expression)
        if not lookups or lookups[0] in terikat:
            continue
        root, rest = lookups[0], lookups[1:]
        keys = VARIABEL.get(root, [])
        if root not in VARIABEL:
            known = False
        elif keys == "*":  # nested plain values, any depth
            known = True
        elif keys is None:  # isian.<kode>: any key, one level
            known = len(rest) <= 1
        else:
            known = not rest or (len(rest) == 1 and rest[0] in keys)
        if not known:
            name = ".".join(lookups)
            if name not in asing:
                asing.append(name)
    return asing


class _PemeriksaHtml(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.masalah = []

    def _tambah(self, message):
        if message not in self.masalah:
            self.masalah.append(message)

    def handle_starttag(self, tag, attrs):
        if tag not in ELEMEN_DIIZINKAN:
            self._tambah(f"Elemen <{tag}> tidak diizinkan di isi surat.")
            return
        for name, value in attrs:
            if name not in ATRIBUT_DIIZINKAN:
                self._tambah(f"Atribut {name} pada <{tag}> tidak diizinkan di isi surat.")
            elif name == "style" and any(w in (value or "").lower() for w in ("url(", "@import", "expression", "\\")):
                self._tambah(f"Gaya pada <{tag}> tidak boleh memuat url(), @import atau escape.")

    handle_startendtag = handle_starttag

    def handle_decl(self, decl):
        self._tambah("Deklarasi <!...> tidak diizinkan di isi surat.")

    def handle_pi(self, data):
        self._tambah("Instruksi <?...> tidak diizinkan di isi surat.")


def _html_terlarang(isi: str) -> list[str]:
    # Comments, doctypes, CDATA and processing instructions have no place in a letter body,
    # and Python's HTMLParser and WeasyPrint's HTML5 parser disagree on where some end
    # ("<!-->"): refuse them outright so both parsers see the same elements.
    if "<!" in isi or "<?" in isi:
        return ["Komentar HTML (<!-- -->), <!DOCTYPE> dan <?...?> tidak diizinkan di isi surat; pakai {# ... #}."]
    parser = _PemeriksaHtml()
    parser.feed(isi)
    parser.close()
    if not parser.masalah:
        return []
    return [
        " ".join(parser.masalah)
        + " Gambar, tautan dan gaya berasal dari kerangka surat; isi surat hanya memuat teks berformat: "
        + ", ".join(f"<{e}>" for e in sorted(ELEMEN_DIIZINKAN))
        + "."
    ]


def _tag(name: str) -> str:
    return "{% " + name.strip().strip("'") + " %}"


def _daftar_tag(text: str) -> str:
    """ "'endif' or 'else'" / "endif, else" → "{% endif %} atau {% else %}"."""
    names = [n for n in re.split(r",|\bor\b", text) if n.strip()]
    return " atau ".join(_tag(n) for n in names)


# Django's template syntax errors (English, not in its translations) → Indonesian for admins.
_POLA_SINTAKS = [
    (
        r"Unclosed tag on line \d+: '(?P<tag>[^']+)'\. Looking for one of: (?P<akhir>.+)\.",
        lambda m: f"Tag {_tag(m['tag'])} belum ditutup. Tambahkan {_daftar_tag(m['akhir'])}.",
    ),
    (
        r"Invalid block tag on line \d+: '(?P<tag>[^']+)', expected (?P<akhir>.+?)\. Did you",
        lambda m: f"Tag {_tag(m['tag'])} tidak pada tempatnya; yang diharapkan {_daftar_tag(m['akhir'])}.",
    ),
    (
        r"Invalid block tag on line \d+: '(?P<tag>[^']+)'",
        lambda m: f"Tag {_tag(m['tag'])} tidak dikenal atau tidak ada pembukanya.",
    ),
    (r"Empty variable tag", lambda m: "Tanda {{ }} kosong: tulis nama variabel di dalamnya."),
    (r"Empty block tag", lambda m: "Tanda {% %} kosong: tulis nama tag di dalamnya."),
    (
        r"Could not parse the remainder: '(?P<sisa>.*)' from '(?P<semua>.*)'",
        lambda m: f"“{m['semua']}” tidak dapat dibaca (bagian “{m['sisa']}”). Periksa ejaan dan tanda bacanya.",
    ),
    (r"Could not (?:parse some characters|find variable)", lambda m: "Ada tanda baca yang tidak dapat dibaca."),
    (
        r"Variables and attributes may not begin with underscores: '(?P<nama>.*)'",
        lambda m: f"Nama variabel tidak boleh diawali garis bawah: “{m['nama']}”.",
    ),
    (
        r"'for' (?:statements|tag)",
        lambda m: "Tag {% for %} harus ditulis seperti {% for orang in lampiran %} … {% endfor %}.",
    ),
    (
        r"(?:in if tag|if expression|'if' statement)",
        lambda m: "Kondisi {% if %} tidak tertulis dengan benar, misalnya {% if survei_dilakukan %} … {% endif %}.",
    ),
    (
        r"(?P<nama>\w+) requires (?P<n>\d+) arguments, (?P<ada>\d+) provided",
        lambda m: (
            f'Filter |{m["nama"]} perlu satu nilai setelah titik dua, misalnya |{m["nama"]}:"…".'
            if m["n"] == "2"
            else f"Filter |{m['nama']} tidak menerima nilai setelah titik dua."
        ),
    ),
]


def pesan_sintaks(exc: TemplateSyntaxError) -> str:
    """A template syntax error in Indonesian, with its line: never Django's English text."""
    message = str(exc)
    token = getattr(exc, "token", None)
    baris = f"Baris {token.lineno}: " if token is not None and getattr(token, "lineno", None) else ""
    for pola, pesan in _POLA_SINTAKS:
        match = re.search(pola, message)
        if match:
            return f"Templat tidak valid. {baris}{pesan(match)}"
    return f"Templat tidak valid. {baris}Periksa penulisan {{{{ … }}}} dan {{% … %}} di sana."


def periksa(isi: str) -> list[str]:
    """Why this body may not be used (Indonesian messages), or [] if it may."""
    html = _html_terlarang(isi)
    if html:
        return html
    terlarang = _tag_terlarang(isi)
    if terlarang:
        names = ", ".join(f"{{% {name} %}}" for name in terlarang)
        return [f"Tag {names} tidak diizinkan di templat surat. Tag yang boleh dipakai: " + ", ".join(TAG_DIIZINKAN) + "."]
    try:
        template = ENGINE.from_string(isi)
    except TemplateSyntaxError as exc:
        message = str(exc)
        if message.startswith("Invalid filter:"):
            name = message.split(":", 1)[1].strip().strip("'")
            return [
                f"Filter |{name} tidak diizinkan di templat surat. Filter yang boleh dipakai: "
                + ", ".join(sorted([*FILTER_DIIZINKAN, "intcomma"]))
                + "."
            ]
        return [pesan_sintaks(exc)]
    asing = _variabel_asing(template)
    if asing:
        return [
            "Variabel "
            + ", ".join(f"{{{{ {name} }}}}" for name in asing)
            + " tidak dikenal di templat surat. Daftar variabel ada di docs/templat-surat.md."
        ]
    try:
        render(isi, CONTOH_KONTEKS)
    except TemplatTidakAman as exc:
        return [f"Hasil templat memuat HTML yang tidak diizinkan. {exc}"]
    except Exception as exc:  # noqa: BLE001 - any failure on the sample case is reported to the admin
        return [f"Templat gagal dijalankan dengan kasus contoh: {exc}"]
    return []


_ORANG_CONTOH = {
    "nik": "1609014501900001",
    "nama": "Siti Ma'rufah Al-Amin",
    "tempat_lahir": "Muaradua",
    "tanggal_lahir": datetime.date(1990, 1, 5),
    "ttl": "Muaradua, 5 Januari 1990",
    "jenis_kelamin": "Perempuan",
    "alamat": "Jl. Merdeka No. 1, RT 001/RW 002, Desa/Kel. Contoh, Kec. Muaradua",
    "desa": "Contoh",
    "kecamatan": "Muaradua",
    "nomor_kk": "1609010101200001",
}
# A sample case with every variable: used by `periksa()` and the admin preview.
CONTOH_KONTEKS = {
    "termohon": _ORANG_CONTOH,
    "pemohon": _ORANG_CONTOH,
    "hubungan": "",
    "keperluan": "Persyaratan berobat di rumah sakit",
    "isian": {"rs_tujuan": "RSUD Contoh", "lokasi_tujuan": "Lapangan Merdeka"},
    "nomor_registrasi": "REG-2026-000001",
    "instansi": {
        "nama_dinas": "Dinas Sosial",
        "pemerintah_daerah": "Pemerintah Kabupaten Contoh",
        "kabupaten": "Kabupaten Contoh",
        "kota_penerbitan": "Contoh",
        "alamat": "Jl. Contoh No. 1",
        "telepon": "(0735) 000000",
        "email": "dinsos@contoh.go.id",
        "laman": "dinsos.contoh.go.id",
    },
    "tanggal": datetime.date(2026, 11, 24),
    "survei_dilakukan": True,
    "uraian_tambahan": "",
    "registri": {"dtks": {"terdaftar": True, "desil": 1, "per": datetime.date(2026, 10, 1), "alasan": ""}},
    "jumlah": 1,
    "lampiran": [{**_ORANG_CONTOH, "nomor_registrasi": "REG-2026-000001", "keperluan": "Berobat"}],
}
