"""Numbering: every letter kind of every office can be issued, numbers unique and gapless."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from dinsos.models import Desa, Instansi
from layanan import aksi
from layanan.models import Permohonan, Status
from sop.models import VersiSop
from surat.models import Penomoran, SeriNomor, Surat, TemplatSurat
from tests.conftest import load_demo
from tests.layanan.helpers import daftar, kk, nik

KANTOR = ["oku-selatan", "lumajang", "kutai-kartanegara", "tanah-laut"]


def _penanda_tangan(p, users):
    """The first demo account that may sign this case (Kadis, Sekretaris a.n., Kabid ...)."""
    for name in ["kadis", "sekretaris", "kabid", "kasi"]:
        if p.bisa_bertindak(users[name], Status.TTD) is not None:
            return users[name]
    raise AssertionError(f"Tidak ada akun demo yang boleh menandatangani {p.versi_sop}")


def _ke_ttd(users, kode, urut):
    wilayah = Instansi.get_current().kode_wilayah
    p = daftar(
        users["fo"],
        kode=kode,
        nik=nik(kode_wilayah=wilayah, urut=f"{urut:04d}"),
        nomor_kk=kk(kode_wilayah=wilayah),
        desa=Desa.objects.order_by("pk").first(),
    )
    # The drafter submits the draft (pins the text; a DTKS letter without loaded DTKS data
    # needs a written reason), then the case jumps to the signature.
    Permohonan.objects.filter(pk=p.pk).update(status=Status.KONSEP)
    p = Permohonan.objects.get(pk=p.pk)
    drafter = next(u for u in users.values() if p.bisa_bertindak(u, Status.KONSEP) is not None)
    aksi.jalankan(p.pk, drafter, "ajukan_konsep", alasan_registri="Uji penomoran: data DTKS demo belum dimuat.")
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD, paraf_ke=0)
    return Permohonan.objects.get(pk=p.pk)


@pytest.mark.parametrize("kabupaten", KANTOR)
def test_every_letter_kind_of_the_office_is_issued_in_turn_with_unique_gapless_numbers(db, kabupaten):
    load_demo(kabupaten)
    users = {u.username: u for u in get_user_model().objects.select_related("pegawai__jabatan")}
    versi_list = list(VersiSop.objects.terbit().exclude(jenis_surat="").select_related("sop").order_by("sop__kode"))
    assert len(versi_list) >= 3
    issued = []
    for urut, versi in enumerate(versi_list, start=1):
        p = _ke_ttd(users, versi.sop.kode, urut)
        signer = _penanda_tangan(p, users)
        p = aksi.jalankan(p.pk, signer, "tandatangani", token=aksi.token_status(p), base_url="http://testserver/")
        assert p.status != Status.TTD and p.surat is not None, versi.sop.kode
        issued.append(p.surat)
    assert len(issued) == len(versi_list)
    nomor = [s.nomor for s in issued]
    assert len(set(nomor)) == len(nomor)
    # Each numbering sequence (one per klasifikasi/unit/year by default) runs 1, 2, 3 ... without gaps.
    sequences = {}
    for surat in Surat.objects.select_related("seri"):
        sequences.setdefault((surat.seri.kunci_penomoran(), surat.tahun), []).append(surat.urutan)
    for key, urutan in sequences.items():
        assert sorted(urutan) == list(range(1, len(urutan) + 1)), key
    for counter in Penomoran.objects.all():
        assert counter.terakhir == len(sequences[(counter.kunci, counter.tahun)])


def test_office_wide_agenda_counter_numbers_every_kind_from_one_sequence(users, settings):
    settings.PENOMORAN_SURAT = "agenda"
    SeriNomor.objects.filter(kode="rekomendasi-biaya-kesehatan").update(klasifikasi="400.9.2")
    kinds = ["sktm", "rekomendasi-biaya-kesehatan", "sktm"]
    surat = []
    for urut, kode in enumerate(kinds, start=1):
        p = _ke_ttd(users, kode, urut)
        surat.append(aksi.jalankan(p.pk, users["kadis"], "tandatangani", base_url="http://testserver/").surat)
    assert [s.urutan for s in surat] == [1, 2, 3]
    assert surat[1].nomor.startswith("400.9.2/0002/")
    assert Penomoran.objects.get().kunci == "agenda"


def test_switching_to_the_agenda_counter_mid_year_continues_after_the_highest_number(users, settings):
    for urut in (1, 2):
        p = _ke_ttd(users, "sktm", urut)
        aksi.jalankan(p.pk, users["kadis"], "tandatangani", base_url="http://testserver/")
    settings.PENOMORAN_SURAT = "agenda"
    p = _ke_ttd(users, "rekomendasi-biaya-kesehatan", 3)
    p = aksi.jalankan(p.pk, users["kadis"], "tandatangani", base_url="http://testserver/")
    assert p.surat.urutan == 3
    assert Surat.objects.aggregate(m=Max("urutan"))["m"] == 3


def _seri(**kwargs):
    data = {"kode": "baru", "nama": "Seri baru", "klasifikasi": "400.9.3.3", "unit": "DINSOS"}
    data.update(kwargs)
    return SeriNomor(**data)


def test_series_that_could_produce_the_same_number_are_refused(kantor, settings):
    settings.PENOMORAN_SURAT = "prefiks"
    # Same klasifikasi and unit share one counter: allowed, they can never collide.
    _seri(format="{klasifikasi}/{nomor:04}/{unit}/{tahun}").full_clean()
    # Written out by hand, the same prefix under another klasifikasi has its own counter.
    bentrok = _seri(klasifikasi="400.9.2", format="400.9.3.3/{nomor:04}/DINSOS/{tahun}")
    with pytest.raises(ValidationError) as exc:
        bentrok.full_clean()
    message = " ".join(exc.value.messages)
    assert "nomor yang sama dengan seri “Nomor SKTM”" in message and "400.9.3.3/0001/DINSOS/2026" in message
    # Different padding still collides from number 1000 on.
    with pytest.raises(ValidationError, match="nomor yang sama"):
        _seri(klasifikasi="400.9.2", format="400.9.3.3/{nomor}/DINSOS/{tahun}").full_clean()
    _seri(klasifikasi="400.9.2", format="{klasifikasi}/{nomor:04}/{unit}/{tahun}").full_clean()


def test_series_without_the_year_is_refused_because_numbers_restart_each_year(kantor):
    with pytest.raises(ValidationError, match="tahun"):
        _seri(format="{klasifikasi}/{nomor:04}/{unit}").full_clean()


def test_admin_refuses_a_colliding_series_with_a_message(client, users):
    client.force_login(users["admin"])
    response = client.post(
        reverse("admin:surat_serinomor_add"),
        {
            "kode": "bentrok",
            "nama": "Seri bentrok",
            "klasifikasi": "400.9.2",
            "unit": "DINSOS",
            "format": "400.9.3.3/{nomor:04}/DINSOS/{tahun}",
        },
    )
    assert response.status_code == 200
    assert "nomor yang sama" in response.content.decode()
    assert not SeriNomor.objects.filter(kode="bentrok").exists()


def test_a_failure_while_issuing_gives_the_signer_a_message_and_changes_nothing(client, users):
    p = _ke_ttd(users, "sktm", 1)
    # A number already taken outside the counter (a letter typed in by hand, say).
    templat = TemplatSurat.objects.get(jenis_surat="sktm")
    tahun = timezone.localdate().year
    Penomoran.objects.create(kunci=templat.seri.kunci_penomoran(), tahun=tahun, terakhir=0)
    Surat.objects.create(
        seri=templat.seri,
        tahun=tahun,
        urutan=999,
        nomor=templat.seri.format_nomor(1, timezone.localdate()),
        jenis_surat="lain",
        judul="Surat lain",
        tanggal=timezone.localdate(),
        nama_subjek="x",
        penandatangan_nama="x",
        penandatangan_jabatan="x",
        pdf=b"x",
        sha256="x",
    )
    client.force_login(users["kadis"])
    response = client.post(
        reverse("layanan:aksi", args=[p.nomor_registrasi, "tandatangani"]),
        {"token": aksi.token_status(p)},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "sudah dipakai" in html
    p.refresh_from_db()
    assert p.status == Status.TTD and p.surat is None
    assert Surat.objects.count() == 1


def test_missing_template_gives_the_signer_a_message(client, users):
    p = _ke_ttd(users, "sktm", 1)
    TemplatSurat.objects.filter(jenis_surat="sktm").update(jenis_surat="sktm-lama")  # no template for the kind
    client.force_login(users["kadis"])
    response = client.post(
        reverse("layanan:aksi", args=[p.nomor_registrasi, "tandatangani"]),
        {"token": aksi.token_status(p)},
        follow=True,
    )
    assert response.status_code == 200
    assert "Templat surat" in response.content.decode()
    p.refresh_from_db()
    assert p.status == Status.TTD


def test_broken_series_format_gives_the_signer_a_message(users):
    p = _ke_ttd(users, "sktm", 1)
    SeriNomor.objects.filter(kode="sktm").update(format="{klasifikasi}/{nomor:04}/{salah}/{tahun}")
    with pytest.raises(aksi.AksiGagal, match="Format seri penomoran “Nomor SKTM” tidak dapat dipakai"):
        aksi.jalankan(p.pk, users["kadis"], "tandatangani", base_url="http://testserver/")
    assert Permohonan.objects.get(pk=p.pk).status == Status.TTD and not Surat.objects.exists()


def test_database_busy_while_issuing_gives_the_signer_a_message(users, monkeypatch):
    from django.db import OperationalError

    from surat import penerbitan

    def busy(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(penerbitan, "ambil_nomor", busy)
    p = _ke_ttd(users, "sktm", 1)
    with pytest.raises(aksi.AksiGagal, match="Server sedang sibuk"):
        aksi.jalankan(p.pk, users["kadis"], "tandatangani", base_url="http://testserver/")
    assert Permohonan.objects.get(pk=p.pk).status == Status.TTD
