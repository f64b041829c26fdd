"""#19.9: every time shown or exported is in the office's zone, with its name.

The snapshot below was finished at 06:30 UTC, which is 14:30 in a WITA office (Tanah Laut).
The admin list and the sanding XLSX used to print "06:30" while the pages said the local time.
"""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from registri.generator import baris_dtks, tulis_csv
from registri.impor import impor_berkas
from registri.models import Jenis, Snapshot

SELESAI_UTC = datetime.datetime(2026, 11, 26, 6, 30, tzinfo=datetime.UTC)


@pytest.fixture
def kantor_wita(kantor):
    kantor.zona_waktu = "WITA"
    kantor.save(update_fields=["zona_waktu"])
    return kantor


@pytest.fixture
def dtks(kantor_wita, tmp_path):
    path = tmp_path / "dtks.csv"
    tulis_csv(path, 20, kode_wilayah="1609", seed=5)
    snapshot = impor_berkas(path, Jenis.DTKS)
    Snapshot.objects.filter(pk=snapshot.pk).update(dibuat_pada=SELESAI_UTC, selesai_pada=SELESAI_UTC)
    return list(baris_dtks(20, kode_wilayah="1609", seed=5))


def _nik_file(path, rows):
    wb = Workbook()
    wb.active.append(["NIK", "Nama"])
    for row in rows[:3]:
        wb.active.append([row[0], row[1]])
    wb.save(path)


def test_admin_snapshot_label_is_in_the_office_zone(client, dtks):
    user = get_user_model().objects.create_user("lihat", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename="view_snapshot"))
    client.force_login(user)
    html = client.get(reverse("admin:registri_snapshot_changelist")).content.decode()
    assert "26 November 2026 14:30 WITA" in html
    assert "06:30" not in html


def test_sanding_xlsx_from_the_command_line_is_in_the_office_zone(dtks, tmp_path):
    _nik_file(tmp_path / "in.xlsx", dtks)
    call_command("sanding", str(tmp_path / "in.xlsx"), "--keluaran", str(tmp_path / "o.xlsx"), stdout=io.StringIO())
    judul = load_workbook(tmp_path / "o.xlsx").active["A1"].value
    assert judul == "Hasil sanding data terhadap DTKS per 26 November 2026 14:30 WITA"


def test_sanding_xlsx_and_letter_from_the_page_are_in_the_office_zone(client, users, dtks, tmp_path):
    _nik_file(tmp_path / "in.xlsx", dtks)
    client.force_login(users["fo"])
    with open(tmp_path / "in.xlsx", "rb") as fh:
        response = client.post(reverse("registri:sanding"), {"berkas": fh, "pemohon": "Dinkes", "keperluan": "Uji"})
    assert "26 November 2026 14:30" in response.content.decode()
    kode = response.context["kode"]
    xlsx = client.get(reverse("registri:sanding_unduh", args=[kode]))
    judul = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active["A1"].value
    assert judul == "Hasil sanding data terhadap DTKS per 26 November 2026 14:30 WITA"
