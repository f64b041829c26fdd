"""Set up a demo office from its seed document: profile, area, SOP catalog, accounts.

Idempotent: running it again keeps every case and letter; demo passwords are reset to
DEMO_PASSWORD. Demo accounts are created only when DEBUG is on.
"""

import json
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dinsos.models import Desa, HariLibur, Instansi, Jabatan, Kecamatan, Pegawai, Peran
from sop import katalog
from sop.models import Sop

DEFAULT_PASSWORD = "dinsos-demo-2026"
DEFAULT_FRASA_TTE = "tte-demo-2026"
FIXTURES = settings.BASE_DIR / "fixtures"
# Demo account → role whose positions it holds. FO staff also draft letters (peran staf).
AKUN = [
    ("fo", Peran.FO, "Petugas Front Office", [Peran.STAF]),
    ("survei", Peran.SURVEI, "Petugas Survei (TKSK)", []),
    ("kasi", Peran.KASI, "Kepala Seksi", []),
    ("kabid", Peran.KABID, "Kepala Bidang", []),
    ("sekretaris", Peran.SEKRETARIS, "Sekretaris Dinas", []),
    ("kadis", Peran.KADIS, "Kepala Dinas", []),
]
JABATAN_BAKU = {
    Peran.FO: ("fo", "Front Office"),
    Peran.SURVEI: ("survei", "Petugas Survei"),
    Peran.KASI: ("kasi", "Kepala Seksi"),
    Peran.KABID: ("kabid", "Kepala Bidang"),
    Peran.SEKRETARIS: ("sekretaris", "Sekretaris Dinas"),
    Peran.KADIS: ("kadis", "Kepala Dinas Sosial"),
}


def _load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


class Command(BaseCommand):
    help = "Menyiapkan kantor demo dari dokumen sumbernya (profil, wilayah, SOP, akun demo)."

    def add_arguments(self, parser):
        parser.add_argument("--kabupaten", default=settings.KABUPATEN, choices=katalog.KABUPATEN)
        parser.add_argument("--dtks", type=int, default=0, help="Muat sekian baris DTKS sintetis bila belum ada data DTKS.")

    @transaction.atomic
    def handle(self, *args, kabupaten, dtks=0, **options):
        data = _load(FIXTURES / "demo" / f"{kabupaten}.json")
        instansi = Instansi.get_current()
        if instansi is not None and instansi.kabupaten != kabupaten:
            raise CommandError(
                f"Basis data ini milik {instansi.pemerintah_daerah}; pakai basis data lain untuk {kabupaten}."
            )
        instansi = self._instansi(data)
        self._wilayah(kabupaten)
        self._hari_libur()
        if not Sop.objects.filter(kabupaten=kabupaten).exists():
            hasil = katalog.muat(kabupaten)
            self.stdout.write(f"Katalog SOP dimuat: {len(hasil)} SOP.")
        self._jabatan_baku(data.get("jabatan_di_surat", {}))
        from surat.bawaan import muat_bawaan

        muat_bawaan()
        self.stdout.write(f"Kantor: {instansi.nama_dinas} {instansi.pemerintah_daerah} (waktu {instansi.zona_waktu}).")
        if dtks:
            self._dtks(instansi, dtks)
        if not settings.DEBUG:
            self.stdout.write("DEBUG mati: akun demo tidak dibuat.")
            return
        self._akun(data)
        if os.environ.get("DEMO_TTE", "1") != "0":
            self._tte(instansi)

    def _tte(self, instansi):
        """Electronic signatures for the demo: an offline CA, a PKCS#12 file for Kadis and Sekretaris."""
        from surat import otoritas_demo
        from surat.models import SertifikatTTE

        frasa = os.environ.get("DEMO_FRASA_TTE") or DEFAULT_FRASA_TTE
        pejabat = Pegawai.objects.filter(user__username__in=["kadis", "sekretaris"])
        baru = [p for p in pejabat if not SertifikatTTE.objects.filter(pegawai=p).exists()]
        if baru:
            otoritas_demo.pasang(baru, frasa)
        Instansi.objects.filter(pk=instansi.pk).update(tanda_tangan_elektronik=True)
        self.stdout.write(
            f"Tanda tangan elektronik demo: kadis dan sekretaris, frasa sandi sertifikat {frasa} "
            "(sertifikat dari otoritas demo, hanya tepercaya di server ini)."
        )

    def _dtks(self, instansi, jumlah):
        """Synthetic registry rows (never real people) so the DTKS look-up has answers."""
        import tempfile

        from registri.generator import tulis_csv
        from registri.impor import impor_berkas
        from registri.models import Jenis, Snapshot

        if Snapshot.objects.filter(jenis=Jenis.DTKS, aktif=True).exists():
            return
        with tempfile.TemporaryDirectory() as folder:
            path = f"{folder}/dtks-sintetis.csv"
            tulis_csv(path, jumlah, kode_wilayah=instansi.kode_wilayah, seed=2026)
            snapshot = impor_berkas(path, Jenis.DTKS)
        self.stdout.write(f"DTKS sintetis: {snapshot.dimuat} baris (bukan data orang sungguhan).")

    def _instansi(self, data):
        fields = {
            k: data[k]
            for k in [
                "pemerintah_daerah",
                "nama_dinas",
                "alamat",
                "telepon",
                "email",
                "laman",
                "kota_penerbitan",
                "zona_waktu",
                "kode_wilayah",
                "ukuran_kertas",
            ]
        }
        instansi, _ = Instansi.objects.update_or_create(kabupaten=data["kabupaten"], defaults=fields)
        return instansi

    def _wilayah(self, kabupaten):
        wilayah = _load(FIXTURES / "wilayah" / f"{kabupaten}.json")
        for item in wilayah["kecamatan"]:
            kecamatan, _ = Kecamatan.objects.get_or_create(nama=item["nama"])
            existing = set(kecamatan.desa.values_list("nama", flat=True))
            Desa.objects.bulk_create([Desa(kecamatan=kecamatan, nama=n) for n in item["desa"] if n not in existing])

    def _hari_libur(self):
        for item in _load(FIXTURES / "demo" / "hari-libur-2026.json")["hari_libur"]:
            HariLibur.objects.get_or_create(tanggal=item["tanggal"], defaults={"nama": item["nama"], "jenis": item["jenis"]})

    def _jabatan_baku(self, judul_surat):
        """Every demo role needs at least one position, even if no SOP table names it.

        The head of office's position carries its full title on letters ("Kepala Dinas
        Sosial"), whatever short name the SOP tables use for its column; other signing
        positions get their unabbreviated titles from the office's demo file.
        """
        Jabatan.objects.filter(peran=Peran.KADIS).update(nama="Kepala Dinas Sosial")
        for kode, judul in judul_surat.items():
            Jabatan.objects.filter(kode=kode).update(nama_di_surat=judul)
        for peran, (kode, nama) in JABATAN_BAKU.items():
            if not Jabatan.objects.filter(peran=peran).exists():
                Jabatan.objects.get_or_create(kode=kode, defaults={"nama": nama, "peran": peran})

    def _akun(self, data):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        User = get_user_model()
        kepala = data["kepala"]
        rows = []
        for username, peran, nama, extra in AKUN:
            user, _ = User.objects.get_or_create(username=username)
            user.set_password(password)
            user.save()
            jabatan = list(Jabatan.objects.filter(peran=peran).order_by("kode"))
            utama = _utama(jabatan, peran)
            defaults = {"nama": nama, "jabatan": utama}
            # Every signer and initialler has a name, pangkat and NIP (fictional for the
            # demo, except the head of office named in the seed document).
            pejabat = kepala if peran == Peran.KADIS else data.get("pejabat", {}).get(username)
            if pejabat:
                defaults.update({k: pejabat[k] for k in ("nama", "nip", "pangkat", "golongan")})
                defaults["sifat_jabatan"] = pejabat.get("sifat_jabatan", "")
            pegawai, created = Pegawai.objects.get_or_create(user=user, defaults=defaults)
            if not created:
                Pegawai.objects.filter(pk=pegawai.pk).update(**defaults)
            rangkap = [j for j in jabatan if j != utama]
            rangkap += list(Jabatan.objects.filter(peran__in=extra))
            pegawai.jabatan_rangkap.set(rangkap)
            if peran == Peran.SURVEI:
                pegawai.kecamatan_tugas.set(Kecamatan.objects.all())
            rows.append((username, f"{defaults['nama']} — {utama.nama}"))
        admin, _ = User.objects.get_or_create(username="admin")
        admin.is_staff = admin.is_superuser = True
        admin.set_password(password)
        admin.save()
        rows.append(("admin", "Admin (Django admin)"))
        self.stdout.write(f"\nAkun demo (kata sandi untuk semua akun: {password}):")
        for username, label in rows:
            self.stdout.write(f"  {username:<11} {label}")


def _utama(jabatan, peran):
    """The position named like the role, else one of the letter services' chain (…linjamsos)."""
    for j in jabatan:
        if j.kode == peran:
            return j
    for j in jabatan:
        if "linjamsos" in j.kode or "jaminan" in j.kode:
            return j
    return jabatan[0]
