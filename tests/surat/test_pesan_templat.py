"""#19.12: template syntax errors reach the admin in Indonesian, with the line, never Django's English."""

import pytest

from surat.templat import periksa

ENGLISH = ["Unclosed", "Invalid", "Looking for", "expected", "Did you", "Could not", "requires", "statement"]


@pytest.mark.parametrize(
    ("isi", "pesan"),
    [
        (
            "<p>a</p>\n" * 11 + "{% if survei_dilakukan %}Sudah disurvei.",
            "Templat tidak valid. Baris 12: Tag {% if %} belum ditutup. "
            "Tambahkan {% elif %} atau {% else %} atau {% endif %}.",
        ),
        (
            "{% for orang in lampiran %}{{ orang.nama }}{% endif %}",
            "Templat tidak valid. Baris 1: Tag {% endif %} tidak pada tempatnya; "
            "yang diharapkan {% empty %} atau {% endfor %}.",
        ),
        ("<p>\n{% endif %}</p>", "Templat tidak valid. Baris 2: Tag {% endif %} tidak dikenal atau tidak ada pembukanya."),
        ("{{ }}", "Templat tidak valid. Baris 1: Tanda {{ }} kosong: tulis nama variabel di dalamnya."),
        ("{% %}", "Templat tidak valid. Baris 1: Tanda {% %} kosong: tulis nama tag di dalamnya."),
        (
            "{{ pemohon.nama|default }}",
            'Templat tidak valid. Baris 1: Filter |default perlu satu nilai setelah titik dua, misalnya |default:"…".',
        ),
        (
            "{% if survei_dilakukan keperluan %}x{% endif %}",
            "Templat tidak valid. Baris 1: Kondisi {% if %} tidak tertulis dengan benar, "
            "misalnya {% if survei_dilakukan %} … {% endif %}.",
        ),
    ],
)
def test_syntax_errors_are_explained_in_indonesian(isi, pesan):
    assert periksa(isi) == [pesan]


def test_an_unrecognised_syntax_error_still_reads_in_indonesian():
    (pesan,) = periksa("{% with %}{% endwith %}")
    assert pesan == "Templat tidak valid. Baris 1: Periksa penulisan {{ … }} dan {% … %} di sana."
    assert not any(word in pesan for word in ENGLISH)
