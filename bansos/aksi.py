"""What officers do to a bansos program, each in one transaction with its log row.

Allocation — a candidate getting a `nilai` — happens only under a row lock on the program
(`SELECT ... FOR UPDATE`), in `tetapkan` and in the disaster fast path `salurkan` (a
candidate distributed before any SK). The quota and budget used are read under that lock,
so two officers deciding at once can never exceed either: the second waits, then sees what
the first took.
"""

import hashlib

from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from bansos import sk
from bansos.cek import periksa_semua
from bansos.models import Bast, Calon, Penetapan, Penyaluran, Program, RiwayatCalon, rupiah
from dinsos import unggahan
from dinsos.models import Peran
from layanan.validators import BATAS_CATATAN
from surat import penerbitan
from surat.tugas_lampiran import minta_lampiran


class BansosGagal(Exception):
    """An action that cannot be done; `str()` is the message for the officer."""


PERAN_BANSOS = {Peran.FO, Peran.SURVEI, Peran.STAF, Peran.KASI, Peran.KABID, Peran.SEKRETARIS, Peran.KADIS}
PERAN_PUTUS = {Peran.KASI, Peran.KABID, Peran.SEKRETARIS, Peran.KADIS}


def _peran(user):
    pegawai = getattr(user, "pegawai", None)
    return pegawai.jabatan.peran if pegawai is not None and pegawai.aktif else None


def boleh_bansos(user) -> bool:
    """Every office position works on bansos; IT admins without a position do not."""
    return _peran(user) in PERAN_BANSOS


def boleh_putus(user) -> bool:
    """Overrides and penetapan: section heads and above."""
    return _peran(user) in PERAN_PUTUS


def boleh_ttd_sk(user) -> bool:
    """The Kepala Dinas signs the SK — definitively, or as Plt./Plh. by a dated delegation."""
    pegawai = getattr(user, "pegawai", None)
    if pegawai is None or not pegawai.aktif:
        return False
    from dinsos.models import Jabatan

    kadis = set(Jabatan.objects.filter(peran=Peran.KADIS).values_list("pk", flat=True))
    return bool(kadis & set(pegawai.jabatan_ids()))


def catat(calon, aksi, keterangan, user):
    return RiwayatCalon.objects.create(calon=calon, aksi=aksi, keterangan=keterangan, oleh=user)


def terpakai(program) -> tuple[int, int]:
    """(recipients allocated, rupiah allocated) of a program."""
    agg = program.calon.filter(nilai__gt=0).aggregate(n=Count("pk"), total=Sum("nilai"))
    return agg["n"] or 0, agg["total"] or 0


@transaction.atomic
def periksa_calon(calon_id, user) -> Calon:
    calon = Calon.objects.select_for_update().select_related("program__versi_sop").get(pk=calon_id)
    periksa_semua(calon.program, [calon], user=user)
    calon.save()
    catat(calon, "periksa", f"Hasil pemeriksaan: {calon.get_status_display()}.", user)
    return calon


@transaction.atomic
def loloskan(calon_id, user, alasan: str) -> Calon:
    """An officer accepts a candidate who failed a check, with a written reason (logged)."""
    alasan = (alasan or "").strip()
    if len(alasan) < 10:
        raise BansosGagal("Tuliskan alasan meloloskan calon (paling sedikit 10 karakter).")
    if len(alasan) > BATAS_CATATAN:
        raise BansosGagal(f"Alasan paling banyak {BATAS_CATATAN} karakter.")
    if not boleh_putus(user):
        raise BansosGagal("Hanya Kasi, Kabid, Sekretaris atau Kadis yang dapat meloloskan calon.")
    calon = Calon.objects.select_for_update().get(pk=calon_id)
    if calon.status != Calon.Status.TIDAK_LAYAK:
        raise BansosGagal("Hanya calon yang tidak memenuhi syarat yang dapat diloloskan.")
    gagal = "; ".join(f"{h['aturan']}: {h['alasan']}" for h in calon.gagal)
    calon.diloloskan = True
    calon.alasan_diloloskan = alasan
    calon.status = Calon.Status.LAYAK
    calon.save(update_fields=["diloloskan", "alasan_diloloskan", "status"])
    catat(calon, "loloskan", f"Diloloskan meski gagal ({gagal}). Alasan: {alasan}", user)
    return calon


def _kunci_program(program_id) -> Program:
    return Program.objects.select_for_update().select_related("versi_sop").get(pk=program_id)


@transaction.atomic
def tetapkan(program_id, user, penanda=Penetapan.Penanda.KADIS) -> Penetapan:
    """Draft SK: eligible candidates (lowest desil first, then in order of entry) within quota and budget."""
    if not boleh_putus(user):
        raise BansosGagal("Hanya Kasi, Kabid, Sekretaris atau Kadis yang dapat menetapkan penerima.")
    program = _kunci_program(program_id)
    jumlah, total = terpakai(program)
    nilai = program.nilai_per_penerima
    # Distributed in the disaster fast path before any SK: they enter this SK first.
    cepat = list(program.calon.filter(nilai__gt=0, penetapan__isnull=True))
    pilih = []
    if nilai > 0:
        sisa = max(min(program.kuota - jumlah, (program.anggaran - total) // nilai), 0)
        if sisa:
            pilih = list(
                program.calon.filter(status=Calon.Status.LAYAK, nilai=0, penetapan__isnull=True).order_by(
                    F("desil").asc(nulls_last=True), "dibuat_pada", "pk"
                )[:sisa]
            )
    if not pilih and not cepat:
        if jumlah >= program.kuota or total + nilai > program.anggaran:
            raise BansosGagal("Kuota atau anggaran program sudah habis; tidak ada calon yang dapat ditetapkan.")
        raise BansosGagal("Belum ada calon yang memenuhi syarat untuk ditetapkan.")
    penetapan = Penetapan.objects.create(program=program, penanda=penanda, dibuat_oleh=user)
    for c in pilih:
        c.nilai = nilai
        c.status = Calon.Status.DITETAPKAN
    for c in pilih + cepat:
        c.penetapan = penetapan
    Calon.objects.bulk_update(pilih + cepat, ["nilai", "status", "penetapan"], batch_size=1000)
    penetapan.jumlah = len(pilih) + len(cepat)
    penetapan.total = sum(c.nilai for c in pilih + cepat)
    penetapan.save(update_fields=["jumlah", "total"])
    RiwayatCalon.objects.bulk_create(
        [
            RiwayatCalon(calon=c, aksi="tetapkan", keterangan=f"Masuk draf SK ({rupiah(c.nilai)}).", oleh=user)
            for c in pilih + cepat
        ]
    )
    return penetapan


def penandatangan(user) -> penerbitan.Penandatangan:
    """The Kadis (or Plt./Plh. Kadis) as the SK's signature block names them."""
    from dinsos.models import Jabatan

    pegawai = user.pegawai
    held = pegawai.jabatan_ids()
    kadis = Jabatan.objects.filter(peran=Peran.KADIS, pk__in=list(held)).first()
    sifat = (held.get(kadis.pk) if kadis else "") or ""
    label = penerbitan.label_jabatan(kadis.judul_surat if kadis else "Kepala Dinas Sosial", cara=sifat)
    return penerbitan.Penandatangan.dari_pegawai(pegawai, label)


def terbitkan_sk(penetapan_id, user, base_url) -> Penetapan:
    """The Kadis signs: the SK is numbered and stored by the surat app, the lampiran carries its number.

    A list above `BANSOS_LAMPIRAN_LATAR` recipients is queued as a background lampiran job
    (after commit) instead of being rendered here; `penetapan.lampiran_pdf` then stays empty.
    """
    if not boleh_ttd_sk(user):
        raise BansosGagal("SK penetapan hanya dapat ditandatangani Kepala Dinas.")
    sk.pastikan_templat_sk()
    ttd = penandatangan(user)
    with transaction.atomic():
        penetapan = Penetapan.objects.select_for_update().select_related("program").get(pk=penetapan_id)
        if penetapan.status != Penetapan.Status.DRAF or penetapan.penanda != Penetapan.Penanda.KADIS:
            raise BansosGagal("SK ini sudah terbit atau bukan keputusan Kepala Dinas.")
        latar = sk.perlu_latar(penetapan)
        try:
            surat = penerbitan.terbitkan(sk.data_sk(penetapan), ttd, base_url, user=user)
            if not latar:
                sk.simpan_lampiran(penetapan, sk.lampiran_pdf(penetapan, surat.nomor, surat.tanggal, ttd))
        except penerbitan.SuratGagal as exc:
            raise BansosGagal(str(exc)) from None
        if latar:
            # A long list: the worker renders it once this transaction commits (surat.tugas_lampiran).
            minta_lampiran(sk.SUMBER_LATAR, str(penetapan.pk), user=user, surat=surat)
        penetapan.surat = surat
        penetapan.status = Penetapan.Status.TERBIT
        penetapan.save(update_fields=["surat", "status", "lampiran_pdf", "sha256_lampiran"])
        RiwayatCalon.objects.bulk_create(
            [
                RiwayatCalon(calon=c, aksi="sk", keterangan=f"SK {surat.nomor} terbit.", oleh=user)
                for c in penetapan.penerima.all()
            ]
        )
    return penetapan


def ulangi_lampiran(penetapan_id, user):
    """Queue the background lampiran of a signed SK again, after its job failed (Kasi and above)."""
    if not boleh_putus(user):
        raise BansosGagal("Hanya Kasi, Kabid, Sekretaris atau Kadis yang dapat membuat ulang lampiran.")
    with transaction.atomic():
        penetapan = Penetapan.objects.select_for_update(of=("self",)).select_related("surat").get(pk=penetapan_id)
        terakhir = sk.lampiran_latar(penetapan)
        if penetapan.surat is None or penetapan.lampiran_pdf or terakhir is None or terakhir.status != "gagal":
            raise BansosGagal("Lampiran ini tidak sedang gagal; tidak perlu dibuat ulang.")
        return minta_lampiran(sk.SUMBER_LATAR, str(penetapan.pk), user=user, surat=penetapan.surat)


@transaction.atomic
def teruskan_bupati(penetapan_id, user) -> Penetapan:
    """A Bupati decree: the office only drafts it and records that the draft was forwarded."""
    if not boleh_putus(user):
        raise BansosGagal("Hanya Kasi, Kabid, Sekretaris atau Kadis yang dapat meneruskan draf SK.")
    penetapan = Penetapan.objects.select_for_update().get(pk=penetapan_id)
    if penetapan.status != Penetapan.Status.DRAF or penetapan.penanda != Penetapan.Penanda.BUPATI:
        raise BansosGagal("Hanya draf Keputusan Bupati yang dapat diteruskan.")
    penetapan.status = Penetapan.Status.DITERUSKAN
    penetapan.save(update_fields=["status"])
    return penetapan


def penandatangan_rencana() -> penerbitan.Penandatangan:
    """Who is expected to sign, for the draft."""
    from dinsos.models import Instansi

    instansi = Instansi.get_current()
    kepala = instansi.kepala if instansi else None
    if kepala is None:
        return penerbitan.Penandatangan("(nama penandatangan)", "", "", "Kepala Dinas Sosial")
    return penerbitan.Penandatangan(
        kepala.nama,
        kepala.nip,
        kepala.pangkat_golongan,
        penerbitan.label_jabatan(kepala.jabatan.judul_surat, cara=kepala.sifat_jabatan),
    )


def periksa_program_dicatat(program, user) -> int:
    """Re-check a program's undecided candidates, with one history row each."""
    from bansos.cek import periksa_program

    with transaction.atomic():
        _kunci_program(program.pk)
        jumlah = periksa_program(program, user)
        RiwayatCalon.objects.bulk_create(
            [
                RiwayatCalon(calon=c, aksi="periksa", keterangan=f"Hasil pemeriksaan: {c.get_status_display()}.", oleh=user)
                for c in program.calon.filter(status__in=("layak", "tidak_layak"), penetapan__isnull=True)
            ],
            batch_size=2000,
        )
    return jumlah


HASIL_PENYALURAN = {
    Penyaluran.Status.TERSALUR: Calon.Status.DISALURKAN,
    Penyaluran.Status.TIDAK_TERSALUR: Calon.Status.TIDAK_TERSALUR,
    Penyaluran.Status.DIKEMBALIKAN: Calon.Status.DIKEMBALIKAN,
}


@unggahan.hapus_bila_batal()
def salurkan(calon_id, user, data: dict) -> Penyaluran:
    """Record one hand-over (or that it did not happen). `data`: cleaned PenyaluranForm fields."""
    with transaction.atomic():
        calon = Calon.objects.select_related("program").get(pk=calon_id)
        program = calon.program
        cepat = program.bencana and calon.status == Calon.Status.LAYAK and calon.nilai == 0
        if cepat:
            program = _kunci_program(program.pk)
            calon = Calon.objects.select_for_update().get(pk=calon_id)
            if not calon.asesmen.strip() and not (data.get("asesmen") or "").strip():
                raise BansosGagal("Jalur cepat bencana: catat hasil asesmen sebelum penyaluran.")
            jumlah, total = terpakai(program)
            nilai = program.nilai_per_penerima
            if jumlah + 1 > program.kuota or total + nilai > program.anggaran:
                raise BansosGagal("Kuota atau anggaran program sudah habis.")
            calon.nilai = nilai
            if data.get("asesmen"):
                calon.asesmen = data["asesmen"].strip()
        else:
            calon = Calon.objects.select_for_update().get(pk=calon_id)
            if calon.status != Calon.Status.DITETAPKAN or calon.penetapan is None:
                raise BansosGagal("Bantuan hanya disalurkan kepada penerima yang sudah ditetapkan.")
            if calon.penetapan.status != Penetapan.Status.TERBIT:
                raise BansosGagal("SK penetapan penerima ini belum terbit.")
        if hasattr(calon, "penyaluran"):
            raise BansosGagal("Penyaluran untuk penerima ini sudah dicatat.")
        status = data["status"]
        penyaluran = Penyaluran(
            calon=calon,
            status=status,
            tanggal=data["tanggal"],
            tempat=data["tempat"],
            diterima_oleh=data.get("diterima_oleh") or Penyaluran.Penerima.SENDIRI,
            nama_wakil=data.get("nama_wakil", ""),
            hubungan_wakil=data.get("hubungan_wakil", ""),
            nik_wakil=data.get("nik_wakil", ""),
            foto=data.get("foto"),
            tanda_tangan=data.get("tanda_tangan"),
            keterangan=data.get("keterangan", ""),
            dicatat_oleh=user,
        )
        penyaluran.save()
        calon.status = HASIL_PENYALURAN[status]
        calon.save(update_fields=["status", "nilai", "asesmen"])
        catat(
            calon,
            "salurkan",
            f"{penyaluran.get_status_display()} pada {data['tanggal']:%d-%m-%Y} di {data['tempat']}.",
            user,
        )
    return penyaluran


@transaction.atomic
def buat_bast(program_id, user, desa: str = "") -> Bast:
    """A BAST for the hand-overs not yet in one (of one desa, or all)."""
    program = _kunci_program(program_id)
    qs = Penyaluran.objects.filter(calon__program=program, status=Penyaluran.Status.TERSALUR, bast__isnull=True)
    if desa:
        qs = qs.filter(calon__desa=desa)
    daftar = list(qs.select_related("calon").order_by("calon__desa", "calon__nama"))
    if not daftar:
        raise BansosGagal("Tidak ada penyaluran yang belum masuk BAST.")
    tanggal = timezone.localdate()
    urut = Bast.objects.filter(program=program).count() + 1
    bast = Bast(
        program=program,
        nomor=f"BAST/{program.pk:03d}/{urut:03d}/{tanggal.year}",
        desa=desa,
        tanggal=tanggal,
        dibuat_oleh=user,
    )
    bast.pdf = sk.bast_pdf(bast, daftar)
    bast.sha256 = hashlib.sha256(bast.pdf).hexdigest()
    bast.save()
    Penyaluran.objects.filter(pk__in=[p.pk for p in daftar]).update(bast=bast)
    return bast


def daftar_loket(program_id, user, data: dict) -> Calon:
    """A candidate at the counter: a case on the program's SOP (step engine) and its Calon, checked."""
    from django.core.exceptions import ValidationError

    from dinsos.models import Instansi
    from layanan import aksi as layanan_aksi

    program = Program.objects.select_related("versi_sop").get(pk=program_id)
    if program.calon.filter(nik=data["nik"]).exists():
        raise BansosGagal("NIK ini sudah menjadi calon program ini.")
    instansi = Instansi.get_current()
    orang = {
        k: data[k] for k in ("nik", "nama", "nomor_kk", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "alamat", "desa")
    }
    try:
        with transaction.atomic():
            permohonan = layanan_aksi.daftarkan(
                user,
                program.versi_sop,
                pemohon=orang,
                termohon=None,
                hubungan="",
                keperluan=f"Calon penerima {program}"[:500],
                isian={},
                dokumen=[],
                kode_wilayah=instansi.kode_wilayah if instansi else "",
            )
            desa = data["desa"]
            calon = Calon(
                program=program,
                permohonan=permohonan,
                asal="loket",
                nik=data["nik"],
                nomor_kk=data["nomor_kk"],
                nama=data["nama"],
                tanggal_lahir=data["tanggal_lahir"],
                alamat=data["alamat"],
                desa=desa.nama,
                kecamatan=desa.kecamatan.nama,
                kategori=data.get("kategori") or "",
                jenis_disabilitas=data.get("jenis_disabilitas") or "",
            )
            periksa_semua(program, [calon], user=user)
            calon.save()
            catat(calon, "daftar", f"Didaftarkan di loket ({permohonan.nomor_registrasi}).", user)
    except ValidationError as exc:
        raise BansosGagal(" ".join(exc.messages)) from None
    except layanan_aksi.AksiGagal as exc:
        raise BansosGagal(str(exc)) from None
    return calon
