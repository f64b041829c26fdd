"""Step kinds, turn order and internal procedures: in the catalogs, through import, and as
publishing rules (issue #11)."""

import json

import pytest
from django.core.exceptions import ValidationError

from sop import katalog
from sop.models import JenisLangkah, Langkah, VersiSop

KABUPATEN = ["oku-selatan", "lumajang", "kutai-kartanegara", "tanah-laut"]


def fixture(kabupaten):
    return json.loads(katalog.fixture_path(kabupaten).read_text(encoding="utf-8"))


@pytest.fixture
def sktm(kantor):
    return VersiSop.objects.terbit().get(sop__kode="sktm")


# -- the shipped catalogs -------------------------------------------------------


@pytest.mark.parametrize("kabupaten", KABUPATEN)
def test_every_step_of_the_catalogs_states_its_kind_and_why(kabupaten):
    for sop in fixture(kabupaten)["sop"]:
        for step in sop["langkah"]:
            where = f"{kabupaten}/{sop['kode']} langkah {step['urutan']}"
            assert step["jenis"] in JenisLangkah.values, where
            assert "Jenis disimpulkan dari uraian:" in step["catatan_pelaksana"], where
            assert set(step["giliran"]) <= set(step["pelaksana"]), where
            if step["jika_ya"] is not None or step["jika_tidak"] is not None:
                assert step["jenis"] == JenisLangkah.KEPUTUSAN, where


def test_lumajang_ugb_disposisi_goes_kadis_then_staf_then_kabid_assigns_the_kasi():
    ugb = next(s for s in fixture("lumajang")["sop"] if s["kode"] == "ugb")
    giliran = {step["urutan"]: step["giliran"] for step in ugb["langkah"]}
    assert giliran[3] == ["kadis", "staf"]
    assert giliran[5] == ["kabid-pemberdayaan-sosial", "kasi-pemberdayaan-kelembagaan"]


def test_paraf_steps_follow_the_sop_paraf_chain():
    spm = next(s for s in fixture("lumajang")["sop"] if s["kode"] == "spm")
    paraf = next(step for step in spm["langkah"] if step["jenis"] == "paraf")
    assert paraf["giliran"] == spm["paraf"] == ["kasi-linjamsos", "kabid-linjamsos", "sekretaris"]


def test_only_the_sekretariat_procedures_of_tanah_laut_are_internal():
    internal = {(kabupaten, sop["kode"]) for kabupaten in KABUPATEN for sop in fixture(kabupaten)["sop"] if sop["internal"]}
    assert internal == {
        ("tanah-laut", kode)
        for kode in [
            "renstra",
            "iku",
            "laporan-tahunan",
            "lppd",
            "cuti",
            "kenaikan-pangkat",
            "skm",
            "surat-keluar",
            "surat-masuk",
        ]
    }


def test_loading_keeps_kind_turns_and_internal(db):
    katalog.muat("tanah-laut")
    cuti = VersiSop.objects.terbit().get(sop__kabupaten="tanah-laut", sop__kode="cuti")
    assert cuti.internal is True
    langkah = cuti.langkah.get(urutan=10)
    assert langkah.giliran == ["sekretaris", "kasubbag-umum"]
    assert cuti.langkah.get(urutan=4).jenis == JenisLangkah.KEPUTUSAN


# -- import refuses what it cannot run --------------------------------------------


def _satu_sop(kabupaten, kode):
    data = fixture(kabupaten)
    data["sop"] = [s for s in data["sop"] if s["kode"] == kode]
    return data


def test_import_refuses_an_unknown_kind_and_keeps_nothing(kantor):
    data = _satu_sop("oku-selatan", "sktm")
    data["sop"][0]["langkah"][1]["jenis"] = "rapat"
    before = VersiSop.objects.count()
    with pytest.raises(ValidationError, match="jenis langkah “rapat” tidak dikenal"):
        katalog.impor(data)
    assert VersiSop.objects.count() == before


def test_import_refuses_a_turn_naming_someone_not_on_the_step(kantor):
    data = _satu_sop("oku-selatan", "sktm")
    data["sop"][0]["langkah"][0]["giliran"] = ["fo", "kadis"]
    with pytest.raises(ValidationError, match="giliran menyebut “kadis”, yang bukan pelaksana"):
        katalog.impor(data)


def test_a_file_without_the_new_keys_still_imports_as_kegiatan_and_joint(kantor):
    data = _satu_sop("oku-selatan", "sktm")
    sop = data["sop"][0]
    sop["jenis_surat"] = None  # an older file: no kinds, so no letter step either
    del sop["internal"]
    for step in sop["langkah"]:
        del step["jenis"], step["giliran"]
    (versi,) = katalog.impor(data)
    assert {(lk.jenis, tuple(lk.giliran)) for lk in versi.langkah.all()} == {(JenisLangkah.KEGIATAN, ())}
    assert versi.internal is False


# -- publishing rules -------------------------------------------------------------


def test_new_version_copies_kind_and_turns(sktm):
    draft = sktm.buat_versi_baru()
    lama = [(lk.urutan, lk.jenis, lk.giliran) for lk in sktm.langkah.all()]
    assert [(lk.urutan, lk.jenis, lk.giliran) for lk in draft.langkah.all()] == lama


def test_turn_naming_someone_not_on_the_step_blocks_publishing(sktm):
    draft = sktm.buat_versi_baru()
    Langkah.objects.filter(versi=draft, urutan=1).update(giliran=["pemohon", "kadis"])
    with pytest.raises(ValidationError) as exc:
        draft.terbitkan()
    assert exc.value.messages == ["Langkah 1: giliran menyebut “kadis”, yang bukan pelaksana langkah ini."]
    assert VersiSop.objects.get(pk=draft.pk).status == VersiSop.Status.DRAFT


def test_branch_to_a_missing_step_blocks_publishing(sktm):
    draft = sktm.buat_versi_baru()
    Langkah.objects.filter(versi=draft, urutan=2).update(jenis=JenisLangkah.KEPUTUSAN, jika_ya=3, jika_tidak=9)
    with pytest.raises(ValidationError) as exc:
        draft.terbitkan()
    assert exc.value.messages == ["Langkah 2: jawaban Tidak menuju langkah 9, yang tidak ada."]


def test_letter_sop_without_a_letter_step_blocks_publishing(sktm):
    draft = sktm.buat_versi_baru()
    Langkah.objects.filter(versi=draft, jenis=JenisLangkah.TTD).update(jenis=JenisLangkah.KEGIATAN)
    with pytest.raises(ValidationError) as exc:
        draft.terbitkan()
    assert exc.value.messages == [
        "SOP ini menerbitkan surat, tetapi tidak ada langkah konsep surat, paraf, atau tanda tangan."
    ]
    # The same steps without a letter template publish.
    VersiSop.objects.filter(pk=draft.pk).update(jenis_surat="")
    draft.refresh_from_db()
    draft.terbitkan()
    assert draft.status == VersiSop.Status.TERBIT
