"""Walk every SOP with steps of the four offices, start to finish, through the HTTP views.

At each step the test first acts as someone who does not hold the step's pelaksana (refused,
nothing changes), then as someone who does. Decisions are answered Ya; a second pass answers
Tidak at the first decision and must end where the SOP says (its `jika_tidak` step, or ditolak).
"""

import datetime
import html

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from dinsos.models import Desa, Jabatan, Pegawai
from layanan import aksi
from layanan import langkah as mesin
from layanan.models import SELESAI, Permohonan, Status
from sop.models import JenisLangkah, VersiSop
from surat import penerbitan
from tests.conftest import load_demo
from tests.layanan.helpers import form_post

KANTOR = ["oku-selatan", "lumajang", "kutai-kartanegara", "tanah-laut"]
# Each office's SOPs are walked in this many parts (one test each, every n-th SOP of the
# ordered list), so that the two pytest processes of `make test` share the long offices
# evenly; the parts together are every SOP, and each part must find at least one.
BAGIAN = {"oku-selatan": 1, "lumajang": 4, "kutai-kartanegara": 2, "tanah-laut": 4}
BATAS_LANGKAH = 80


def _pegawai_per_jabatan():
    """One active employee per position of the office (the demo's own where there is one)."""
    User = get_user_model()
    hasil = {}
    for jabatan in Jabatan.objects.all():
        pegawai = Pegawai.objects.filter(jabatan=jabatan, aktif=True).select_related("user").first()
        if pegawai is None:
            user = User.objects.create_user(username=f"uji-{jabatan.kode}", password="x")
            pegawai = Pegawai.objects.create(user=user, nama=f"Uji {jabatan.nama}", jabatan=jabatan)
        hasil[jabatan.pk] = pegawai.user
    return hasil


def _keadaan(p):
    p = Permohonan.objects.get(pk=p.pk)
    return (p.status, p.langkah_kini_id, p.giliran_ke, p.paraf_ke, p.riwayat.count())


def _mulai(client, versi, users):
    """Start the SOP through "Layanan baru" as a holder of its first office step."""
    mulai = mesin.langkah_mulai(versi)
    pemula = next(users[j.pk] for j in mesin.pencatat(versi, mulai) if j.pk in users)
    client.force_login(pemula)
    assert html.escape(versi.nama) in client.get(reverse("layanan:baru")).content.decode()
    url = reverse("layanan:baru_form", args=[versi.sop.kode])
    if versi.internal:
        data = {"kunci": f"k{versi.pk}x{Permohonan.objects.count()}", "keperluan": f"Uji {versi.nama}"[:200]}
    else:
        desa = Desa.objects.select_related("kecamatan").first()
        data = form_post(versi, desa)
        if penerbitan.untuk_organisasi(versi.jenis_surat):
            data.update(
                {
                    "organisasi-nama": "Yayasan Uji",
                    "organisasi-nomor_badan_hukum": "AHU-0012345.AH.01.04.TAHUN 2021",
                    "organisasi-jabatan_penanggung_jawab": "Ketua",
                    "organisasi-alamat": "Jl. Kenanga No. 12",
                    "organisasi-kecamatan": desa.kecamatan_id,
                    "organisasi-desa": desa.pk,
                }
            )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Permohonan.objects.get(kunci_form=data["kunci"])


def _tindakan(p, tidak=False):
    """The view and data that move the case on from where it is."""
    token = aksi.token_status(p)
    nomor = p.nomor_registrasi
    jenis = p.langkah_kini.jenis if p.langkah_kini_id else None

    def a(nama, **data):
        return reverse("layanan:aksi", args=[nomor, nama]), {"token": token, **data}

    if p.status == Status.SURVEI:
        data = {"token": token, "tanggal_kunjungan": datetime.date.today().isoformat(), "hasil": "layak"}
        return reverse("layanan:survei", args=[nomor]), {**data, "catatan": "Rumah layak dibantu"}
    if p.status == Status.MENUNGGU:
        return a("catat_jawaban", catatan="Jawaban diterima")
    if p.status == Status.KONSEP:
        return a("ajukan_konsep", alasan_registri="Hasil pemeriksaan lapangan terbaru")
    if p.status in (Status.TERBIT, Status.BERJALAN) and (jenis == JenisLangkah.SERAH or mesin.serah_terlipat(p)):
        return a("serahkan")
    if jenis == JenisLangkah.KEPUTUSAN and any(t.name == "putuskan" for t in p.get_available_status_transitions()):
        return a("putuskan_tidak" if tidak else "putuskan_ya", catatan="Keputusan uji")
    nama = {
        Status.VERIFIKASI: "verifikasi_berkas",
        Status.DISPOSISI: "disposisikan",
        Status.PARAF: "paraf",
        Status.TTD: "tandatangani",
    }.get(p.status, "selesaikan_langkah")
    return a(nama)


def _pelaku(p, users):
    """A user who may act now, and one who may not."""
    boleh = [users[j.pk] for j in p.jabatan_untuk() if j.pk in users]
    assert boleh, f"{p.versi_sop.nama}: tidak ada yang boleh bertindak di {mesin.label(p.langkah_kini)} ({p.status})"
    tidak = next(u for u in users.values() if p.bisa_bertindak(u) is None and not p.boleh_batalkan(u))
    return boleh[0], tidak


def _jalan(client, p, users, tidak_pertama=False):
    """Walk the case to its end; returns the statuses seen and the step after the first Tidak."""
    sesudah_tidak = None
    tidak = tidak_pertama
    for _ in range(BATAS_LANGKAH):
        p = Permohonan.objects.select_related("langkah_kini", "versi_sop", "surat").get(pk=p.pk)
        if p.status in SELESAI:
            return p, sesudah_tidak
        url, data = _tindakan(p, tidak=tidak and p.langkah_kini.jenis == JenisLangkah.KEPUTUSAN)
        boleh, bukan = _pelaku(p, users)
        sebelum = _keadaan(p)
        client.force_login(bukan)
        client.post(url, data)
        assert _keadaan(p) == sebelum, f"{p.versi_sop.nama}: {bukan} bertindak di {mesin.label(p.langkah_kini)}"
        client.force_login(boleh)
        response = client.post(url, data, follow=True)
        sesudah = _keadaan(p)
        pesan = [str(m) for m in response.context["messages"]] if response.context else []
        assert sesudah != sebelum, f"{p.versi_sop.nama}: macet di {mesin.label(p.langkah_kini)} ({p.status}): {pesan}"
        if tidak and "putuskan_tidak" in url:
            tidak = False
            q = Permohonan.objects.get(pk=p.pk)
            sesudah_tidak = (p.langkah_kini, q.status, q.langkah_kini.urutan if q.langkah_kini_id else None)
    raise AssertionError(f"{p.versi_sop.nama}: belum selesai setelah {BATAS_LANGKAH} tindakan")


def _versi_berlangkah(kabupaten):
    terbit = VersiSop.objects.terbit().filter(sop__kabupaten=kabupaten).select_related("sop")
    return [v for v in terbit.order_by("sop__urutan", "sop__kode") if not v.tanpa_langkah and v.langkah.exists()]


@pytest.mark.parametrize(
    "kabupaten,bagian",
    [(k, i) for k in KANTOR for i in range(BAGIAN[k])],
    ids=lambda v: str(v) if isinstance(v, str) else f"bagian{v}",
)
def test_every_sop_runs_from_start_to_finish(client, db, kabupaten, bagian):
    load_demo(kabupaten)
    users = _pegawai_per_jabatan()
    versi_list = _versi_berlangkah(kabupaten)[bagian :: BAGIAN[kabupaten]]
    assert versi_list
    dengan_keputusan = 0
    for versi in versi_list:
        p = _mulai(client, versi, users)
        p, _ = _jalan(client, p, users)
        assert p.status in (Status.SELESAI, Status.DISERAHKAN, Status.DITERUSKAN), (versi.nama, p.status)
        if versi.jenis_surat:
            assert p.surat is not None and not p.surat.dicabut, versi.nama

        keputusan = next((lk for lk in mesin.daftar(versi) if lk.jenis == JenisLangkah.KEPUTUSAN), None)
        if keputusan is None:
            continue
        dengan_keputusan += 1
        p = _mulai(client, versi, users)
        p, sesudah_tidak = _jalan(client, p, users, tidak_pertama=True)
        assert sesudah_tidak is not None, f"{versi.nama}: tidak ada keputusan yang dicapai"
        keputusan, status, urutan = sesudah_tidak
        if keputusan.jika_tidak:
            assert urutan == keputusan.jika_tidak, (versi.nama, sesudah_tidak)
            assert p.status in (Status.SELESAI, Status.DISERAHKAN, Status.DITERUSKAN), (versi.nama, p.status)
        else:
            assert (status, urutan) == (Status.DITOLAK, None) and p.status == Status.DITOLAK, (versi.nama, sesudah_tidak)
    bagian_ke = f"bagian {bagian + 1}/{BAGIAN[kabupaten]}"
    print(
        f"\n{kabupaten} {bagian_ke}: {len(versi_list)} SOP dijalankan sampai selesai; {dengan_keputusan} juga dengan Tidak."
    )
