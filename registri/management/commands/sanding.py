from django.core.management.base import BaseCommand, CommandError

from registri.sanding import SandingGagal, sanding_berkas


class Command(BaseCommand):
    help = "Menyandingkan berkas NIK (CSV/XLSX) dengan DTKS aktif; hasil ke XLSX."

    def add_arguments(self, parser):
        parser.add_argument("berkas")
        parser.add_argument("--keluaran", required=True)

    def handle(self, *args, berkas, keluaran, **options):
        try:
            hasil = sanding_berkas(berkas, keluaran)
        except (SandingGagal, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{hasil.jumlah} baris: {hasil.ditemukan} ditemukan, {hasil.tidak_ditemukan} tidak ditemukan, "
            f"{hasil.invalid} NIK tidak valid, {hasil.duplikat} duplikat, {hasil.nama_berbeda} nama berbeda. "
            f"Hasil: {keluaran}"
        )
