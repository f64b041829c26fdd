import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dinsos.zona import label_waktu, zona_kantor
from registri.cari import catat_sanding
from registri.sanding import SandingGagal, sanding_berkas


class Command(BaseCommand):
    help = (
        "Menyandingkan berkas NIK (CSV/XLSX) dengan DTKS aktif; hasil ke XLSX, dan bila --pemohon diisi, "
        "konsep surat keterangan hasil sanding data ke PDF di sebelahnya."
    )

    def add_arguments(self, parser):
        parser.add_argument("berkas")
        parser.add_argument("--keluaran", required=True)
        parser.add_argument("--pemohon", help="Instansi/pemohon sanding data (untuk surat pengantar).")
        parser.add_argument("--keperluan", default="Sanding data DTKS")

    def handle(self, *args, **options):
        with zona_kantor():  # the XLSX and the letter state the snapshot's time in the office's zone
            self._sanding(**options)

    def _sanding(self, *, berkas, keluaran, pemohon=None, keperluan="Sanding data DTKS", **options):
        try:
            hasil = sanding_berkas(berkas, keluaran)
        except (SandingGagal, OSError) as exc:
            raise CommandError(str(exc)) from exc
        catat_sanding(
            hasil,
            objek=f"perintah sanding {Path(berkas).name}",
            pelaku=f"manage.py sanding ({getpass.getuser()})",
            keterangan=f"Keluaran: {keluaran}.",
        )
        self.stdout.write(
            f"{hasil.jumlah} baris: {hasil.ditemukan} ditemukan, {hasil.tidak_ditemukan} tidak ditemukan, "
            f"{hasil.invalid} NIK tidak valid, {hasil.duplikat} duplikat, {hasil.nama_berbeda} nama berbeda. "
            f"Hasil: {keluaran}"
        )
        if pemohon:
            from surat.penerbitan import surat_hasil_sanding

            per = label_waktu(hasil.snapshot.selesai_pada or hasil.snapshot.dibuat_pada)
            pdf = surat_hasil_sanding(
                {
                    "pemohon": pemohon,
                    "keperluan": keperluan,
                    "jumlah": hasil.jumlah,
                    "ditemukan": hasil.ditemukan,
                    "tidak": hasil.tidak_ditemukan,
                    "invalid": hasil.invalid,
                    "duplikat": hasil.duplikat,
                    "nama_berbeda": hasil.nama_berbeda,
                    "per": per,
                }
            )
            surat = Path(keluaran).with_suffix(".pdf")
            surat.write_bytes(pdf)
            self.stdout.write(f"Konsep surat keterangan hasil sanding: {surat}")
