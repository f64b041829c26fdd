"""Every role × every transition: who may and who may not (OKU Selatan SKTM)."""

import pytest
from django_fsm import has_transition_perm

from layanan.models import Permohonan, Status
from tests.layanan.helpers import daftar

ROLES = ["fo", "survei", "kasi", "kabid", "sekretaris", "kadis", "admin"]
# transition, status it starts from, paraf position, roles allowed
MATRIX = [
    ("verifikasi_berkas", Status.VERIFIKASI, 0, {"fo"}),
    ("kembalikan", Status.VERIFIKASI, 0, {"fo"}),
    ("tolak", Status.VERIFIKASI, 0, {"fo"}),
    ("lengkapi", Status.DIKEMBALIKAN, 0, {"fo"}),
    ("survei_layak", Status.SURVEI, 0, {"survei"}),
    # A surveyor no longer rejects directly: tidak layak goes to the Kasi, who decides.
    ("tolak", Status.SURVEI, 0, set()),
    ("survei_tidak_layak", Status.SURVEI, 0, {"survei"}),
    ("tetapkan_tolak", Status.TINJAU, 0, {"kasi"}),
    ("tetapkan_layak", Status.TINJAU, 0, {"kasi"}),
    ("ajukan_konsep", Status.KONSEP, 0, {"fo"}),
    ("paraf", Status.PARAF, 0, {"kasi"}),
    ("paraf", Status.PARAF, 1, {"kabid"}),
    ("kembalikan_ke_konsep", Status.PARAF, 0, {"kasi"}),
    ("kembalikan_ke_konsep", Status.PARAF, 1, {"kabid"}),
    # The SOP allows a.n.: the Sekretaris may sign on behalf of the Kadis.
    ("tandatangani", Status.TTD, 0, {"kadis", "sekretaris"}),
    ("kembalikan_ke_konsep", Status.TTD, 0, {"kadis", "sekretaris"}),
    ("serahkan", Status.TERBIT, 0, {"fo"}),
    ("teruskan", Status.TERBIT, 0, {"fo"}),
    ("batalkan", Status.VERIFIKASI, 0, {"fo", "kasi", "kabid"}),
    ("batalkan", Status.SURVEI, 0, {"fo", "kasi", "kabid"}),
    ("batalkan", Status.PARAF, 0, {"fo", "kasi", "kabid"}),
    # Waiting for signature or numbered: the signer's level only (Issue 10 §5).
    ("batalkan", Status.TTD, 0, {"kadis", "sekretaris"}),
    ("batalkan", Status.TERBIT, 0, {"kadis", "sekretaris"}),
    ("batalkan", Status.TINJAU, 0, {"fo", "kasi", "kabid"}),
]


@pytest.mark.parametrize("nama,status,paraf_ke,allowed", MATRIX, ids=[f"{m[0]}@{m[1]}{m[2] or ''}" for m in MATRIX])
def test_who_may_run_each_transition(users, nama, status, paraf_ke, allowed):
    p = daftar(users["fo"])
    Permohonan.objects.filter(pk=p.pk).update(status=status, paraf_ke=paraf_ke)
    p = Permohonan.objects.get(pk=p.pk)
    for role in ROLES:
        method = getattr(p, nama)
        assert has_transition_perm(method, users[role]) == (role in allowed), f"{role} {nama} {status}"


def test_no_transition_out_of_a_closed_case(users):
    p = daftar(users["fo"])
    Permohonan.objects.filter(pk=p.pk).update(status=Status.DISERAHKAN)
    p = Permohonan.objects.get(pk=p.pk)
    for role in ROLES:
        assert list(p.get_available_user_status_transitions(users[role])) == []


def test_plt_delegation_lets_another_person_sign_as_plt(users):
    import datetime

    from dinsos.models import Delegasi, Jabatan
    from layanan.aksi import penandatangan_untuk

    p = daftar(users["fo"])
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
    p = Permohonan.objects.get(pk=p.pk)
    kabid = users["kabid"].pegawai
    assert not has_transition_perm(p.tandatangani, users["kabid"])
    today = datetime.date.today()
    Delegasi.objects.create(
        jabatan=Jabatan.objects.get(kode="kadis"), pegawai=kabid, jenis="plh", mulai=today, selesai=today
    )
    assert has_transition_perm(p.tandatangani, users["kabid"])
    assert penandatangan_untuk(p, users["kabid"]).jabatan_label == "Plh. Kepala Dinas Sosial"
    ttd = penandatangan_untuk(p, users["sekretaris"]).jabatan_label
    assert ttd == "a.n. Kepala Dinas Sosial\nSekretaris Dinas"


def test_expired_delegation_gives_no_right(users):
    import datetime

    from dinsos.models import Delegasi, Jabatan

    p = daftar(users["fo"])
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
    p = Permohonan.objects.get(pk=p.pk)
    lalu = datetime.date.today() - datetime.timedelta(days=10)
    Delegasi.objects.create(
        jabatan=Jabatan.objects.get(kode="kadis"),
        pegawai=users["kabid"].pegawai,
        jenis="plt",
        mulai=lalu,
        selesai=lalu + datetime.timedelta(days=3),
    )
    assert not has_transition_perm(p.tandatangani, users["kabid"])


def test_kadis_opens_a_case_of_a_letter_sop_that_names_no_signatory(db, client):
    """Tanah Laut's "aktivasi BPJS APBD" names no signatory: the Kepala Dinas signs it, so he
    must be able to open it (it answered 404 while waiting in his worklist)."""
    from django.contrib.auth import get_user_model

    from tests.conftest import load_demo
    from tests.surat.test_penomoran import _ke_ttd

    load_demo("tanah-laut")
    users = {u.username: u for u in get_user_model().objects.select_related("pegawai__jabatan")}
    p = _ke_ttd(users, "aktivasi-bpjs-apbd", 1)
    assert p.versi_sop.penandatangan is None
    client.force_login(users["kadis"])
    response = client.get(f"/permohonan/{p.nomor_registrasi}/")
    assert response.status_code == 200
    assert "Tanda tangani dan terbitkan" in response.content.decode()
