"""The four offices' catalogs against the seed inventory, and the exchange round trip."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from sop import katalog
from sop.models import Langkah, Pelaksana, Sop, VersiSop
from sop.waktu import parse_waktu

HERE = Path(__file__).resolve().parent
# SOP counts from the inventory in shared/seeds/README.md.
JUMLAH_SOP = {"oku-selatan": 10, "lumajang": 20, "kutai-kartanegara": 12, "tanah-laut": 25}
KABUPATEN = list(JUMLAH_SOP)


def inventory(kabupaten):
    with open(HERE / f"inventory_{kabupaten.replace('-', '_')}.json", encoding="utf-8") as fh:
        return json.load(fh)


@pytest.mark.parametrize("kabupaten", KABUPATEN)
def test_catalog_matches_the_seed_inventory(db, kabupaten):
    call_command("muat_sop", kabupaten, stdout=io.StringIO())
    expected = inventory(kabupaten)
    versi = {v.sop.kode: v for v in VersiSop.objects.terbit().filter(sop__kabupaten=kabupaten).select_related("sop")}
    assert len(versi) == JUMLAH_SOP[kabupaten] == expected["jumlah_sop"]
    assert set(versi) == set(expected["sop"])
    for kode, item in expected["sop"].items():
        langkah = list(versi[kode].langkah.order_by("urutan"))
        assert len(langkah) == item["langkah"], kode
        assert versi[kode].tanpa_langkah == (item["langkah"] == 0), kode
        for step, teks in zip(langkah, item["waktu"], strict=True):
            # Tanah Laut's sanding-data table prints bare numbers under "Waktu (menit)".
            parsed = parse_waktu(teks, satuan_bawaan="menit" if kode == "sanding-data" else None)
            where = f"{kode} langkah {step.urutan}"
            if parsed is None:
                assert step.waktu is None, where
            else:
                assert step.waktu_teks == teks, where
                assert (step.waktu_min, step.waktu_max, step.waktu_satuan) == (
                    parsed.min,
                    parsed.max,
                    parsed.satuan,
                ), where


@pytest.mark.parametrize("kabupaten", KABUPATEN)
def test_every_step_has_pelaksana_and_every_version_publishes_cleanly(db, kabupaten):
    katalog.muat(kabupaten)
    assert not Langkah.objects.filter(pelaksana__isnull=True).exists()
    for versi in VersiSop.objects.filter(sop__kabupaten=kabupaten):
        assert versi.masalah() == [], versi.nama


@pytest.mark.parametrize("kabupaten", KABUPATEN)
def test_loading_the_fixture_keeps_every_sop_field(db, kabupaten):
    with open(katalog.fixture_path(kabupaten), encoding="utf-8") as fh:
        fixture = json.load(fh)
    katalog.muat(kabupaten)
    assert katalog.ekspor(kabupaten)["sop"] == fixture["sop"]


@pytest.mark.parametrize("kabupaten", KABUPATEN)
def test_export_import_export_is_byte_identical(db, kabupaten, tmp_path):
    katalog.muat(kabupaten)
    out = io.StringIO()
    call_command("ekspor_sop", kabupaten, stdout=out)
    pertama = out.getvalue()
    # A fresh catalog: drop this office's SOPs and columns, then read the export back.
    Sop.objects.filter(kabupaten=kabupaten).delete()
    Pelaksana.objects.filter(kabupaten=kabupaten).delete()
    berkas = tmp_path / "katalog.json"
    berkas.write_text(pertama, encoding="utf-8")
    call_command("impor_sop", str(berkas), stdout=io.StringIO())
    out = io.StringIO()
    call_command("ekspor_sop", kabupaten, stdout=out)
    assert out.getvalue().encode() == pertama.encode()


def test_one_office_adopts_another_office_sop(db):
    katalog.muat("oku-selatan")
    data = katalog.ekspor("oku-selatan")
    data["sop"] = [s for s in json.loads(katalog.fixture_path("lumajang").read_text())["sop"] if s["kode"] == "spm"]
    data["pelaksana"] = json.loads(katalog.fixture_path("lumajang").read_text())["pelaksana"]
    hasil = katalog.impor(data, kabupaten="oku-selatan")
    assert [v.sop.kode for v in hasil] == ["spm"]
    assert hasil[0].status == VersiSop.Status.DRAFT
    assert hasil[0].langkah.count() > 0


def test_import_rejects_a_file_that_is_not_a_catalog(db, tmp_path):
    berkas = tmp_path / "bukan.json"
    berkas.write_text('{"halo": 1}', encoding="utf-8")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="bukan katalog SOP"):
        call_command("impor_sop", str(berkas), stdout=io.StringIO())
