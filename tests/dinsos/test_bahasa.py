"""#19.12 language scan: admin and staff pages show no English (nor Django's broken Indonesian).

Every admin changelist and add page is rendered as the superuser `admin`, every staff page
as a role that may open it; the visible text (and titles, placeholders, button values) is
checked against the English strings users reported and Django's usual admin phrases.
The admin's two-box selector writes its labels from the JavaScript catalog: checked too.
"""

import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from tests.layanan.helpers import daftar

TERLARANG = [
    "Choose",
    "Remove",
    "Pindahkan",
    "Unclosed tag",
    "Save and add another",
    "Save and continue editing",
    "Save as new",
    "to change",
    "Recent actions",
    "View site",
    "Log out",
    "Change password",
    "Welcome",
    "Delete selected",
    "Run the selected action",
    "Show all",
    "Clear all filters",
    "Search",
    "Filter",
    "Home",
    "Add another",
    "Currently:",
    "This field is required",
    "Select all",
    "Select ",
    "Action:",
    "Go",
]
# "Pindahkan" is Django's mistranslation of Remove, also glued to the field name.
_POLA = re.compile(r"\bPindahkan|\b(?:" + "|".join(re.escape(s.strip()) for s in TERLARANG) + r")\b")


class _Teks(HTMLParser):
    """Visible text plus the attributes a user reads (title, placeholder, aria-label, button values)."""

    def __init__(self):
        super().__init__()
        self.bagian = []
        self._lewati = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._lewati += 1
        attrs = dict(attrs)
        for name in ("title", "placeholder", "aria-label", "alt"):
            if attrs.get(name):
                self.bagian.append(attrs[name])
        if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
            self.bagian.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._lewati -= 1

    def handle_data(self, data):
        if not self._lewati:
            self.bagian.append(data)


def english_in(html: str) -> list[str]:
    parser = _Teks()
    parser.feed(html)
    text = " ".join(" ".join(parser.bagian).split())
    return sorted(set(_POLA.findall(text)))


def _scan(client, urls):
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        bad = english_in(response.content.decode())
        if bad:
            found[url] = bad
    return found


def test_every_admin_changelist_and_add_page_reads_in_indonesian(client, users):
    client.force_login(users["admin"])
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        try:
            add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
        except NoReverseMatch:
            continue
        if model_admin.has_add_permission(_request(users["admin"])):
            urls.append(add)
        first = model.objects.first()
        if first is not None and model_admin.has_view_permission(_request(users["admin"]), first):
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk]))
    print(f"\n{len(urls)} halaman admin diperiksa")
    assert len(urls) > 30
    assert _scan(client, urls) == {}


def test_the_admin_selector_labels_are_indonesian(client, users):
    """filter_horizontal (pelaksana, jabatan rangkap) builds its buttons from this catalog."""
    client.force_login(users["admin"])
    js = client.get(reverse("admin:jsi18n")).content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", js, re.S).group(1))
    labels = [
        catalog[key]
        for key in (
            "Choose all %s",
            "Choose selected %s",
            "Remove selected %s",
            "Remove all %s",
            'Choose %s by selecting them and then select the "Choose" arrow button.',
            'Remove %s by selecting them and then select the "Remove" arrow button.',
            "Filter",
        )
    ]
    assert labels[2] == "Keluarkan %s yang ditandai"
    assert not [label for label in labels if re.search(r"Choose|Remove|Pindahkan|Filter", label)]


def test_every_staff_page_reads_in_indonesian(client, users):
    p = daftar(users["fo"])
    pages = {
        "fo": [
            reverse("beranda"),
            reverse("layanan:tugas"),
            reverse("layanan:baru"),
            reverse("layanan:baru_form", args=[p.versi_sop.sop.kode]),
            reverse("layanan:detail", args=[p.nomor_registrasi]),
            reverse("registri:sanding"),
            reverse("akun"),
        ],
        "kadis": [reverse("layanan:kinerja"), reverse("surat:agenda"), reverse("layanan:tugas")],
        "kasi": [reverse("layanan:tugas"), reverse("layanan:kinerja")],
    }
    from tests.surat.test_surat import terbit

    surat = terbit(users).surat
    pages["kadis"].append(reverse("layanan:surat_detail", args=[surat.pk]))
    found = {}
    for username, urls in pages.items():
        client.force_login(users[username])
        found.update({f"{username} {url}": bad for url, bad in _scan(client, urls).items()})
    client.logout()
    publik = [reverse("sop:standar_daftar"), reverse("layanan:lacak"), reverse("masuk")]
    publik.append(reverse("sop:standar_detail", args=[p.versi_sop.sop.kode]))
    found.update(_scan(client, publik))
    assert found == {}


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<button title="Choose">›</button>', ["Choose"]),
        ("<p>Pindahkanpelaksana</p>", ["Pindahkan"]),
        ("<input type=submit value='Save and add another'>", ["Save and add another"]),
        ("<script>gettext('Choose')</script><p>Pilih semua pelaksana</p>", []),
    ],
)
def test_the_scan_sees_what_a_user_sees(html, expected):
    assert english_in(html) == expected


def test_dates_still_read_24_november_2026_under_the_indonesian_locale():
    import datetime

    from django.template import Context, Template
    from django.utils import formats

    hari = datetime.date(2026, 11, 24)
    saat = datetime.datetime(2026, 11, 24, 13, 30)
    assert formats.date_format(hari) == "24 November 2026"
    assert formats.date_format(saat, "DATETIME_FORMAT") == "24 November 2026 13:30"
    html = Template("{{ hari|date }} · {{ hari }} · {{ saat }}").render(Context({"hari": hari, "saat": saat}))
    assert html == "24 November 2026 · 24 November 2026 · 24 November 2026 13:30"
