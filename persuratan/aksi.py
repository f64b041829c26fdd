"""The write path of correspondence, in small named actions.

Each action checks the person's right again under a row lock, so two people clicking at
once cannot both initial, sign or take the same agenda number. Messages are Indonesian
(`Ditolak`), for the view to show next to the form.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from dinsos.models import Instansi, Jabatan, Pegawai, Peran
from dinsos.unggahan import hapus_bila_batal, jenis_berkas
from persuratan.models import (
    PERAN_AGENDA,
    PERAN_PIMPINAN,
    Disposisi,
    JenisNaskah,
    LampiranNaskah,
    NaskahDinas,
    ParafNaskah,
    PenerimaDisposisi,
    PenomoranAgenda,
    Sifat,
    StatusNaskah,
    SuratMasuk,
)
from surat import penerbitan, tte
from surat.models import BentukSurat, SeriNomor, TemplatSurat


class Ditolak(Exception):
    """The action is not allowed now; `str()` is the message for the person."""


# -- agenda surat masuk ------------------------------------------------------------------


def ambil_nomor_agenda(tahun: int) -> int:
    """The next agenda number of the year; call inside a transaction (row lock, gapless)."""
    counter, _ = PenomoranAgenda.objects.get_or_create(
        tahun=tahun,
        defaults={"terakhir": SuratMasuk.objects.filter(tahun=tahun).aggregate(m=Max("nomor_agenda"))["m"] or 0},
    )
    counter = PenomoranAgenda.objects.select_for_update().get(pk=counter.pk)
    counter.terakhir += 1
    counter.save(update_fields=["terakhir"])
    return counter.terakhir


def catat_surat_masuk(surat: SuratMasuk, user) -> SuratMasuk:
    """Register a validated, unsaved incoming letter: agenda number and scan in one transaction."""
    pegawai = user.pegawai
    with hapus_bila_batal(), transaction.atomic():
        surat.tahun = surat.tanggal_diterima.year
        surat.nomor_agenda = ambil_nomor_agenda(surat.tahun)
        surat.dicatat_oleh = user
        surat.dicatat_jabatan = pegawai.jabatan
        kind = jenis_berkas(surat.berkas.file)
        surat.jenis_konten = kind.mime if kind else ""
        surat.save()
    return surat


# -- disposition -------------------------------------------------------------------------


def posisi_pendisposisi(surat: SuratMasuk, pegawai) -> dict:
    """{jabatan id: (cara, PenerimaDisposisi or None)} from which this person may dispose.

    A Kadis/Sekretaris position disposes first; a recipient position disposes its receipt on.
    """
    held = pegawai.jabatan_ids()
    hasil = {}
    for jabatan in Jabatan.objects.filter(pk__in=list(held), peran__in=PERAN_PIMPINAN):
        hasil[jabatan.pk] = (held[jabatan.pk] or "", None)
    for penerima in PenerimaDisposisi.objects.filter(disposisi__surat_masuk=surat, jabatan_id__in=list(held)):
        hasil.setdefault(penerima.jabatan_id, (held[penerima.jabatan_id] or "", penerima))
    return hasil


def bawahan_dari(jabatan: Jabatan) -> list[Jabatan]:
    """Positions below `jabatan` in the organisation chart (every level), by name."""
    semua = list(Jabatan.objects.all())
    anak = {}
    for j in semua:
        anak.setdefault(j.atasan_id, []).append(j)
    hasil, antre, seen = [], [jabatan.pk], {jabatan.pk}
    while antre:
        for j in anak.get(antre.pop(), []):
            if j.pk not in seen:
                seen.add(j.pk)
                hasil.append(j)
                antre.append(j.pk)
    return sorted(hasil, key=lambda j: j.nama)


def tujuan_disposisi(jabatan: Jabatan) -> list[Jabatan]:
    """Positions `jabatan` may dispose to: the head of office anyone; others down the chart."""
    if jabatan.peran == Peran.KADIS:
        return list(Jabatan.objects.exclude(pk=jabatan.pk).order_by("nama"))
    return bawahan_dari(jabatan)


def disposisikan(surat_pk, user, dari_jabatan_id, kepada, instruksi, catatan="", batas_waktu=None) -> Disposisi:
    """Dispose a letter from one of the person's positions to `kepada` (positions)."""
    pegawai = user.pegawai
    with transaction.atomic():
        surat = SuratMasuk.objects.select_for_update().get(pk=surat_pk)
        boleh = posisi_pendisposisi(surat, pegawai)
        if dari_jabatan_id not in boleh:
            raise Ditolak("Anda tidak dapat mendisposisikan surat ini dari jabatan tersebut.")
        cara, asal = boleh[dari_jabatan_id]
        dari = Jabatan.objects.get(pk=dari_jabatan_id)
        sah = {j.pk for j in tujuan_disposisi(dari)}
        kepada = list(kepada)
        if not kepada:
            raise Ditolak("Pilih sekurang-kurangnya satu jabatan tujuan disposisi.")
        if any(j.pk not in sah for j in kepada):
            raise Ditolak("Disposisi hanya dapat diteruskan ke jabatan di bawah jabatan Anda.")
        disposisi = Disposisi.objects.create(
            surat_masuk=surat,
            asal=asal,
            dari_jabatan=dari,
            oleh=pegawai,
            cara=cara,
            catatan=catatan,
            batas_waktu=batas_waktu,
        )
        disposisi.instruksi.set(instruksi)
        PenerimaDisposisi.objects.bulk_create([PenerimaDisposisi(disposisi=disposisi, jabatan=j) for j in kepada])
    return disposisi


def laporkan(penerima_pk, user, tindak_lanjut: str) -> PenerimaDisposisi:
    """A recipient reports the follow-up of its disposition."""
    pegawai = user.pegawai
    with transaction.atomic():
        penerima = PenerimaDisposisi.objects.select_for_update().get(pk=penerima_pk)
        if penerima.jabatan_id not in pegawai.jabatan_ids():
            raise Ditolak("Hanya penerima disposisi yang dapat melaporkan tindak lanjutnya.")
        penerima.tindak_lanjut = tindak_lanjut
        penerima.dilaporkan_oleh = pegawai
        penerima.dilaporkan_pada = timezone.now()
        penerima.save(update_fields=["tindak_lanjut", "dilaporkan_oleh", "dilaporkan_pada"])
    return penerima


# -- naskah dinas keluar -----------------------------------------------------------------

# Starter text of each kind (tata naskah dinas): staff replace the bracketed parts.
ISI_AWAL = {
    JenisNaskah.SURAT_DINAS: "Menindaklanjuti surat Saudara nomor [nomor] tanggal [tanggal] hal [hal], "
    "dengan ini kami sampaikan bahwa [isi].\n\nDemikian disampaikan, atas perhatian dan kerja samanya "
    "diucapkan terima kasih.",
    JenisNaskah.UNDANGAN: "Dalam rangka [kegiatan], dengan hormat kami mengundang Saudara untuk hadir pada:\n\n"
    "hari/tanggal : [hari, tanggal]\nwaktu : [pukul] WIB s.d. selesai\ntempat : [tempat]\nacara : [acara]\n\n"
    "Mengingat pentingnya acara tersebut, diharapkan kehadirannya tepat waktu. Atas perhatiannya "
    "diucapkan terima kasih.",
    JenisNaskah.NOTA_DINAS: "Dengan hormat, bersama ini kami laporkan [isi].\n\nDemikian untuk menjadi "
    "perhatian dan arahan lebih lanjut.",
    JenisNaskah.SURAT_EDARAN: "Sehubungan dengan [latar belakang], dengan ini disampaikan hal-hal sebagai "
    "berikut:\n1. [butir];\n2. [butir].\n\nDemikian surat edaran ini untuk dilaksanakan dengan penuh "
    "tanggung jawab.",
    JenisNaskah.SURAT_TUGAS: "Dasar: [dasar penugasan].\n\nMenugaskan kepada:\nnama : [nama]\nNIP : [NIP]\n"
    "jabatan : [jabatan]\n\nuntuk [tugas] pada [tanggal] di [tempat].\n\nDemikian surat tugas ini "
    "dibuat untuk dilaksanakan dengan penuh tanggung jawab.",
}

# Surat Edaran and Surat Tugas print a centred title and number; the rest the letter head.
BENTUK = {
    JenisNaskah.SURAT_DINAS: BentukSurat.DINAS,
    JenisNaskah.UNDANGAN: BentukSurat.DINAS,
    JenisNaskah.NOTA_DINAS: BentukSurat.DINAS,
    JenisNaskah.SURAT_EDARAN: BentukSurat.KETERANGAN,
    JenisNaskah.SURAT_TUGAS: BentukSurat.KETERANGAN,
}
FORMAT_BAKU = "{klasifikasi}/{nomor:04}/{unit}/{tahun}"


def jenis_surat_naskah(jenis: str) -> str:
    return f"naskah-{jenis.replace('_', '-')}"


def pastikan_templat():
    """One letter template per kind: the frame only, the body is the naskah's own text.

    Kept editable in the admin (Templat surat) like every other; the header fields and the
    numbering series are the naskah's (penerbitan.KOLOM_NASKAH).
    """
    seri = None
    for jenis, label in JenisNaskah.choices:
        if TemplatSurat.objects.filter(jenis_surat=jenis_surat_naskah(jenis)).exists():
            continue
        if seri is None:
            seri = seri_untuk_kode("000")
        TemplatSurat.objects.get_or_create(
            jenis_surat=jenis_surat_naskah(jenis),
            defaults={
                "nama": f"Naskah dinas: {label}",
                "judul": label.upper(),
                "seri": seri,
                "isi": "{{ keperluan|linebreaks }}",
                "tentang_orang": False,
                "bentuk": BENTUK[jenis],
                "tujuan": "Diisi pada setiap naskah",
            },
        )


def pola_kantor() -> tuple[str, str]:
    """(format, unit) of the office's numbering: its first series written with {klasifikasi}."""
    seri = SeriNomor.objects.filter(format__contains="{klasifikasi}").order_by("pk").first()
    if seri is None:
        return FORMAT_BAKU, "DINSOS"
    return seri.format, seri.unit


def seri_untuk_kode(kode: str) -> SeriNomor:
    """The numbering series of naskah dinas under a classification code (made on first use).

    It draws from the same counter as every series with that code and unit
    (`SeriNomor.kunci_penomoran`), so a service letter and a naskah never share a number.
    """
    slug = "naskah-" + slugify(kode.replace(".", "-"))[:30]
    seri = SeriNomor.objects.filter(kode=slug).first()
    if seri is not None:
        return seri
    format, unit = pola_kantor()
    try:
        with transaction.atomic():
            return SeriNomor.objects.create(
                kode=slug, nama=f"Naskah dinas {kode}", klasifikasi=kode, unit=unit, format=format
            )
    except Exception:  # made by a concurrent request meanwhile
        return SeriNomor.objects.get(kode=slug)


def jabatan_kadis():
    return Jabatan.objects.filter(peran=Peran.KADIS).order_by("pk").first()


def jabatan_sekretaris():
    return Jabatan.objects.filter(peran=Peran.SEKRETARIS).order_by("pk").first()


def jabatan_penandatangan(naskah) -> Jabatan | None:
    return jabatan_sekretaris() if naskah.atas_nama else jabatan_kadis()


def rantai_paraf(jabatan_pembuat: Jabatan, atas_nama: bool) -> list[int]:
    """Positions that initial a naskah: up the drafter's chart to below the head of office,
    then the Sekretaris (who checks every letter the head signs), never the signer."""
    penandatangan = jabatan_sekretaris() if atas_nama else jabatan_kadis()
    chain, seen = [], {jabatan_pembuat.pk}
    jabatan = jabatan_pembuat.atasan
    while jabatan is not None and jabatan.pk not in seen and jabatan.peran != Peran.KADIS:
        seen.add(jabatan.pk)
        if penandatangan is None or jabatan.pk != penandatangan.pk:
            chain.append(jabatan.pk)
        jabatan = jabatan.atasan
    sekretaris = jabatan_sekretaris()
    if sekretaris is not None and sekretaris.pk not in seen and not atas_nama:
        chain.append(sekretaris.pk)
    return chain


def _kunci_naskah(naskah_pk) -> NaskahDinas:
    return NaskahDinas.objects.select_for_update().get(pk=naskah_pk)


def boleh_ubah(naskah, pegawai) -> bool:
    return naskah.status == StatusNaskah.KONSEP and naskah.jabatan_pembuat_id in pegawai.jabatan_ids()


def cara_paraf(naskah, pegawai):
    """None if this person cannot initial now; else "" or Plt./Plh."""
    if naskah.status != StatusNaskah.PARAF or naskah.paraf_ke >= len(naskah.rantai):
        return None
    held = pegawai.jabatan_ids()
    jabatan_id = naskah.rantai[naskah.paraf_ke]
    return (held[jabatan_id] or "") if jabatan_id in held else None


class Pejabat:
    """The signing positions, read once for a page that checks many naskah."""

    def __init__(self):
        self.kadis = jabatan_kadis()
        self.sekretaris = jabatan_sekretaris()

    def penandatangan(self, naskah):
        return self.sekretaris if naskah.atas_nama else self.kadis


def cara_ttd(naskah, pegawai, pejabat=None):
    """None if this person cannot sign now; else "" or Plt./Plh."""
    if naskah.status != StatusNaskah.TTD:
        return None
    jabatan = pejabat.penandatangan(naskah) if pejabat else jabatan_penandatangan(naskah)
    if jabatan is None:
        return None
    held = pegawai.jabatan_ids()
    return (held[jabatan.pk] or "") if jabatan.pk in held else None


def ajukan(naskah_pk, user) -> NaskahDinas:
    """The drafter sends the draft up: the chain is frozen and the drafter's own paraf recorded."""
    pegawai = user.pegawai
    with transaction.atomic():
        naskah = _kunci_naskah(naskah_pk)
        if not boleh_ubah(naskah, pegawai):
            raise Ditolak("Naskah ini tidak dapat diajukan oleh Anda sekarang.")
        naskah.rantai = rantai_paraf(naskah.jabatan_pembuat, naskah.atas_nama)
        naskah.paraf_ke = 0
        naskah.diajukan_pada = timezone.now()
        naskah.status = StatusNaskah.PARAF if naskah.rantai else StatusNaskah.TTD
        naskah.catatan_kembali = ""
        naskah.save(update_fields=["rantai", "paraf_ke", "diajukan_pada", "status", "catatan_kembali"])
        held = pegawai.jabatan_ids()
        ParafNaskah.objects.create(
            naskah=naskah,
            jabatan=naskah.jabatan_pembuat,
            pegawai=pegawai,
            cara=held.get(naskah.jabatan_pembuat_id) or "",
            waktu=naskah.diajukan_pada,
        )
    return naskah


def paraf(naskah_pk, user) -> NaskahDinas:
    pegawai = user.pegawai
    with transaction.atomic():
        naskah = _kunci_naskah(naskah_pk)
        cara = cara_paraf(naskah, pegawai)
        if cara is None:
            raise Ditolak("Naskah ini baru saja diproses atau bukan giliran Anda memaraf.")
        ParafNaskah.objects.create(naskah=naskah, jabatan_id=naskah.rantai[naskah.paraf_ke], pegawai=pegawai, cara=cara)
        naskah.paraf_ke += 1
        if naskah.paraf_ke >= len(naskah.rantai):
            naskah.status = StatusNaskah.TTD
        naskah.save(update_fields=["paraf_ke", "status"])
    return naskah


def kembalikan(naskah_pk, user, catatan: str) -> NaskahDinas:
    """An initialler or the signer sends the draft back to its drafter with a note."""
    pegawai = user.pegawai
    if not catatan.strip():
        raise Ditolak("Tuliskan apa yang harus diperbaiki.")
    with transaction.atomic():
        naskah = _kunci_naskah(naskah_pk)
        if cara_paraf(naskah, pegawai) is None and cara_ttd(naskah, pegawai) is None:
            raise Ditolak("Naskah ini baru saja diproses atau bukan giliran Anda.")
        naskah.status = StatusNaskah.KONSEP
        naskah.catatan_kembali = f"{pegawai.nama}: {catatan.strip()}"
        naskah.save(update_fields=["status", "catatan_kembali"])
    return naskah


def paraf_tercetak(naskah) -> list[dict]:
    """The initials of the current round, as the archive copy prints them."""
    rows = naskah.paraf.select_related("jabatan", "pegawai")
    if naskah.diajukan_pada:
        rows = rows.filter(waktu__gte=naskah.diajukan_pada)
    return [{"jabatan": f"{p.cara} {p.jabatan.judul_surat}".strip(), "nama": p.pegawai.nama, "waktu": p.waktu} for p in rows]


_SATUAN = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"]
BATAS_LAMPIRAN = 10  # attached files per naskah


def _terbilang(n: int) -> str:
    if n < 12:
        return _SATUAN[n]
    if n < 20:
        return f"{_SATUAN[n - 10]} belas"
    return str(n)


def baris_lampiran(naskah, jumlah_berkas: int) -> str:
    """The letter's "Lampiran:" line: the count of attached files when there are any
    ("2 (dua) berkas"), else what the drafter typed (a lampiran sent on paper, or "-")."""
    if jumlah_berkas:
        return f"{jumlah_berkas} ({_terbilang(jumlah_berkas)}) berkas"
    return naskah.lampiran or "-"


def tambah_lampiran(naskah_pk, user, berkas, nama: str, halaman: int) -> LampiranNaskah:
    """Attach a PDF (already validated by the form) to a konsep; the file goes if anything fails."""
    pegawai = user.pegawai
    with hapus_bila_batal(), transaction.atomic():
        naskah = _kunci_naskah(naskah_pk)
        if not boleh_ubah(naskah, pegawai):
            raise Ditolak("Lampiran hanya dapat diubah oleh pembuat selama naskah masih konsep.")
        if naskah.berkas_lampiran.count() >= BATAS_LAMPIRAN:
            raise Ditolak(f"Lampiran paling banyak {BATAS_LAMPIRAN} berkas. Gabungkan berkas bila perlu.")
        return LampiranNaskah.objects.create(naskah=naskah, berkas=berkas, nama=nama[:200], halaman=halaman)


def hapus_lampiran(naskah_pk, user, lampiran_ids) -> int:
    pegawai = user.pegawai
    with transaction.atomic():
        naskah = _kunci_naskah(naskah_pk)
        if not boleh_ubah(naskah, pegawai):
            raise Ditolak("Lampiran hanya dapat diubah oleh pembuat selama naskah masih konsep.")
        rows = list(naskah.berkas_lampiran.filter(pk__in=lampiran_ids))
        for row in rows:
            row.delete()
    for row in rows:  # the files go once the rows are gone for good
        row.berkas.delete(save=False)
    return len(rows)


def _isi_lampiran(naskah) -> list[bytes]:
    isi = []
    for row in naskah.berkas_lampiran.all():
        with row.berkas.open("rb") as f:
            isi.append(f.read())
    return isi


def _dari(naskah) -> str:
    """The "Dari" line of a Nota Dinas: the signing position (the Sekretaris when a.n.)."""
    jabatan = jabatan_penandatangan(naskah)
    return jabatan.judul_surat if jabatan else "Kepala Dinas Sosial"


def data_surat(naskah) -> penerbitan.DataSurat:
    """What the surat app renders: the naskah's own head, body, series and initials."""
    tujuan = [b.strip() for b in naskah.tujuan.splitlines() if b.strip()]
    berkas = _isi_lampiran(naskah)
    return penerbitan.DataSurat(
        jenis_surat=jenis_surat_naskah(naskah.jenis),
        termohon={"nama": (tujuan[0] if tujuan else naskah.hal)[:150]},
        keperluan=naskah.isi,
        referensi=f"naskah-{naskah.pk}",
        paraf=paraf_tercetak(naskah),
        naskah={
            "berkas_pdf": berkas,
            "nota_dinas": naskah.jenis == JenisNaskah.NOTA_DINAS,
            "dari": _dari(naskah),
            "judul": naskah.get_jenis_display().upper(),
            "bentuk": BENTUK[naskah.jenis],
            "sifat": naskah.get_sifat_display(),
            "lampiran": baris_lampiran(naskah, len(berkas)),
            "hal": naskah.hal,
            "tujuan": naskah.tujuan,
            "tembusan": naskah.tembusan,
            "seri": seri_untuk_kode(naskah.klasifikasi.kode),
        },
    )


def penandatangan(naskah, pegawai, cara="", frasa_sandi="") -> penerbitan.Penandatangan:
    """The signature block: Kadis (or Plt./Plh.), or the Sekretaris a.n. the Kadis."""
    kadis = jabatan_kadis()
    nama_kadis = kadis.judul_surat if kadis else "Kepala Dinas Sosial"
    if naskah.atas_nama:
        sekretaris = jabatan_sekretaris()
        label = penerbitan.label_jabatan(f"{cara} {sekretaris.judul_surat}".strip(), atas_nama=nama_kadis)
    else:
        label = penerbitan.label_jabatan(nama_kadis, cara=cara)
    penanda = tte.penanda_untuk(pegawai, frasa_sandi) if frasa_sandi or _perlu_tte(pegawai) else None
    return penerbitan.Penandatangan.dari_pegawai(pegawai, label, penanda=penanda)


def _perlu_tte(pegawai) -> bool:
    instansi = Instansi.get_current()
    return bool(instansi and instansi.tanda_tangan_elektronik and tte.sertifikat_untuk(pegawai))


def pratinjau(naskah) -> bytes:
    """The draft as it will print (DRAF, no number), signed by whoever is expected to sign."""
    pastikan_templat()
    jabatan = jabatan_penandatangan(naskah)
    pegawai = Pegawai.objects.filter(jabatan=jabatan, aktif=True).first() if jabatan else None
    if pegawai is None:
        ttd = penerbitan.Penandatangan("(nama penandatangan)", "", "", "Kepala Dinas Sosial")
    else:
        ttd = penandatangan(naskah, pegawai, pegawai.sifat_jabatan)
        ttd.penanda, ttd.cara_ttd = None, "basah"
    return penerbitan.pratinjau_pdf(data_surat(naskah), ttd)


def tandatangani(naskah_pk, user, base_url, frasa_sandi=""):
    """Sign and issue: the surat app numbers, renders, archives and makes the QR token.

    Rendered outside the lock first (penerbitan.siapkan), then the number is taken and the
    naskah moved in one transaction; another signer taking the number meanwhile makes it
    render again (as penerbitan.terbitkan does).
    """
    pegawai = user.pegawai
    naskah = NaskahDinas.objects.select_related("klasifikasi").get(pk=naskah_pk)
    cara = cara_ttd(naskah, pegawai)
    if cara is None:
        raise Ditolak("Naskah ini baru saja diproses atau Anda tidak berwenang menandatanganinya.")
    pastikan_templat()
    data = data_surat(naskah)
    ttd = penandatangan(naskah, pegawai, cara, frasa_sandi)
    for percobaan in range(penerbitan.PERCOBAAN + 1):
        siap = penerbitan.siapkan(data, ttd, base_url) if percobaan < penerbitan.PERCOBAAN else None
        try:
            with transaction.atomic():
                terkunci = _kunci_naskah(naskah_pk)
                if cara_ttd(terkunci, pegawai) is None or terkunci.surat_id:
                    raise Ditolak("Naskah ini baru saja diproses.")
                surat = penerbitan.simpan(data, ttd, base_url, user, siap)
                terkunci.surat = surat
                terkunci.status = StatusNaskah.TERBIT
                terkunci.save(update_fields=["surat", "status"])
                if terkunci.pengaduan_id:
                    # A reply to a complaint: the complainant's public reply, in the same transaction.
                    from pengaduan.aksi import jawab_dengan_surat

                    jawab_dengan_surat(terkunci, surat)
                return surat
        except penerbitan.NomorBerubah:
            continue
    raise Ditolak("Nomor surat berubah terus; coba lagi.")  # unreachable: the last try renders under the lock


def boleh_lihat_naskah(naskah, pegawai, pejabat=None, peran=None) -> bool:
    """Drafter's position, chain, signer and pimpinan; agenda keepers unless rahasia.

    `pejabat` (Pejabat) and `peran` (the roles of the person's positions) let a list page
    read them once.
    """
    held = set(pegawai.jabatan_ids())
    if peran is None:
        peran = set(Jabatan.objects.filter(pk__in=held).values_list("peran", flat=True))
    if peran & PERAN_PIMPINAN:
        return True
    penandatangan = (pejabat or Pejabat()).penandatangan(naskah)
    terlibat = {naskah.jabatan_pembuat_id, *naskah.rantai, penandatangan.pk if penandatangan else None}
    if held & terlibat or naskah.pembuat_id == pegawai.pk:
        return True
    return naskah.sifat != Sifat.RAHASIA and bool(peran & PERAN_AGENDA)
