"""Publishing and copying SOP versions need their own permissions; published routing is frozen."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import reverse

from dinsos.models import Jabatan
from layanan.models import Permohonan, Status
from sop.models import Langkah, Pelaksana, VersiSop, VersiTerkunci
from tests.layanan.helpers import daftar


@pytest.fixture
def sktm(kantor):
    return VersiSop.objects.terbit().get(sop__kode="sktm")


def staf(client, username, *codenames):
    """A staff account holding exactly these permissions, logged in."""
    user = get_user_model().objects.create_user(username, password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return user


EDITOR = ("view_versisop", "change_versisop", "add_versisop")


def test_view_only_staff_cannot_publish_or_copy_a_version(client, sktm):
    staf(client, "lihat", "view_versisop")
    draft = sktm.buat_versi_baru()
    changelist = reverse("admin:sop_versisop_changelist")

    client.post(changelist, {"action": "terbitkan_versi", "_selected_action": [draft.pk], "konfirmasi": "1"})
    response = client.post(reverse("admin:sop_terbitkan", args=[draft.pk]), {"konfirmasi": "1"}, follow=True)
    assert "Anda tidak berwenang menerbitkan versi SOP." in response.content.decode()
    assert VersiSop.objects.get(pk=draft.pk).status == "draft"
    assert VersiSop.objects.get(pk=sktm.pk).status == "terbit"

    client.post(changelist, {"action": "buat_versi_baru", "_selected_action": [sktm.pk]})
    response = client.post(reverse("admin:sop_versi_baru", args=[sktm.pk]), follow=True)
    assert "Anda tidak berwenang membuat versi baru SOP." in response.content.decode()
    assert list(VersiSop.objects.filter(sop=sktm.sop).values_list("nomor_versi", flat=True)) == [
        draft.nomor_versi,
        sktm.nomor_versi,
    ]

    html = client.get(reverse("admin:sop_versisop_change", args=[draft.pk])).content.decode()
    assert reverse("admin:sop_terbitkan", args=[draft.pk]) not in html and "Buat versi baru</button>" not in html


def test_editing_drafts_does_not_give_the_right_to_publish(client, sktm):
    staf(client, "penyusun", *EDITOR)
    draft = sktm.buat_versi_baru()
    client.post(reverse("admin:sop_terbitkan", args=[draft.pk]), {"konfirmasi": "1"})
    client.post(
        reverse("admin:sop_versisop_changelist"),
        {"action": "terbitkan_versi", "_selected_action": [draft.pk], "konfirmasi": "1"},
    )
    assert VersiSop.objects.get(pk=draft.pk).status == "draft"


def test_staff_with_the_permissions_copy_and_publish(client, sktm):
    staf(client, "pengesah", *EDITOR, "salin_versisop", "terbitkan_versisop")
    html = client.get(reverse("admin:sop_versisop_change", args=[sktm.pk])).content.decode()
    assert "Buat versi baru</button>" in html
    client.post(reverse("admin:sop_versi_baru", args=[sktm.pk]))
    draft = VersiSop.objects.get(sop=sktm.sop, status="draft")
    client.post(
        reverse("admin:sop_versisop_changelist"),
        {"action": "terbitkan_versi", "_selected_action": [draft.pk], "konfirmasi": "1"},
    )
    assert VersiSop.objects.get(pk=draft.pk).status == "terbit"


def test_catalog_import_that_publishes_needs_the_publish_permission(client, kantor, tmp_path):
    from sop import katalog

    staf(client, "pengimpor", "view_sop", "add_sop", *EDITOR)
    berkas = tmp_path / "k.json"
    berkas.write_text(katalog.dumps(katalog.ekspor("oku-selatan")))
    sebelum = VersiSop.objects.count()
    with open(berkas, "rb") as fh:
        html = client.post(reverse("admin:sop_impor"), {"berkas": fh, "terbitkan": "on"}).content.decode()
    assert "Anda tidak berwenang menerbitkan versi SOP." in html
    assert VersiSop.objects.count() == sebelum


def test_pelaksana_of_a_published_step_cannot_be_added_removed_or_cleared(sktm):
    langkah = sktm.langkah.first()
    lain = Pelaksana.objects.filter(kabupaten="oku-selatan").exclude(langkah=langkah).first()
    sebelum = set(langkah.pelaksana.values_list("pk", flat=True))
    attempts = [
        lambda: langkah.pelaksana.add(lain),
        lambda: langkah.pelaksana.set([lain]),
        lambda: langkah.pelaksana.remove(langkah.pelaksana.first()),
        lambda: langkah.pelaksana.clear(),
        lambda: lain.langkah.add(langkah),
        lambda: Pelaksana.objects.get(pk=min(sebelum)).langkah.clear(),
    ]
    for attempt in attempts:
        # Each refusal in its own savepoint, as a request's transaction would roll back.
        with pytest.raises(VersiTerkunci, match="tidak dapat diubah"), transaction.atomic():
            attempt()
    assert set(Langkah.objects.get(pk=langkah.pk).pelaksana.values_list("pk", flat=True)) == sebelum


def test_pelaksana_of_a_draft_step_can_still_change(sktm):
    draft = sktm.buat_versi_baru()
    langkah = draft.langkah.first()
    lain = Pelaksana.objects.filter(kabupaten="oku-selatan").exclude(langkah=langkah).first()
    langkah.pelaksana.add(lain)
    assert lain in langkah.pelaksana.all()


def test_editing_a_draft_and_its_pelaksana_does_not_reroute_a_running_case(users, sktm):
    p = daftar(users["fo"])
    posisi = Permohonan.objects.get(pk=p.pk).jabatan_untuk(Status.VERIFIKASI)
    assert any(j.pk in users["fo"].pegawai.jabatan_ids() for j in posisi)
    kabid = Jabatan.objects.filter(peran="kabid").first()
    draft = sktm.buat_versi_baru()
    langkah = draft.langkah.get(fase="verifikasi")
    # The draft's author points the verification column at the Kabid: a draft change ...
    pelaksana = langkah.pelaksana.filter(jenis="jabatan").first()
    pelaksana.jabatan = kabid
    pelaksana.save()
    assert draft.jabatan_dari(pelaksana) == kabid
    # ... that the case pinned to the published version does not follow.
    p = Permohonan.objects.get(pk=p.pk)
    assert p.jabatan_untuk(Status.VERIFIKASI) == posisi
    assert p.bisa_bertindak(users["fo"]) is not None
    assert p.bisa_bertindak(users["kabid"]) is None
    # The signatory and paraf chain are frozen the same way.
    penandatangan = sktm.penandatangan
    penandatangan.jabatan = kabid
    penandatangan.save()
    Permohonan.objects.filter(pk=p.pk).update(status=Status.TTD)
    p = Permohonan.objects.get(pk=p.pk)
    assert p.bisa_bertindak(users["kadis"], Status.TTD) is not None
    assert p.bisa_bertindak(users["kabid"], Status.TTD) is None
    # Once the draft is published, new cases follow the new mapping; the old one does not.
    draft.terbitkan()
    assert VersiSop.objects.get(pk=draft.pk).jabatan_dari(pelaksana) == kabid
    assert Permohonan.objects.get(pk=p.pk).bisa_bertindak(users["kadis"], Status.TTD) is not None


def test_a_pelaksana_named_by_a_published_version_cannot_be_deleted(sktm):
    from django.db.models import ProtectedError

    pelaksana = sktm.langkah.first().pelaksana.first()
    with pytest.raises(ProtectedError):
        pelaksana.delete()
