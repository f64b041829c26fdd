from django.core.management.base import BaseCommand, CommandError

from registri.impor import impor_berkas
from registri.models import Jenis


class Command(BaseCommand):
    help = "Mengimpor daftar PBI-Daerah atau PBI-Pusat (CSV atau XLSX) sebagai snapshot baru."

    def add_arguments(self, parser):
        parser.add_argument("--jenis", choices=["daerah", "pusat"], required=True)
        parser.add_argument("berkas")

    def handle(self, *args, berkas, jenis, **options):
        snapshot = impor_berkas(berkas, Jenis.PBI_DAERAH if jenis == "daerah" else Jenis.PBI_PUSAT)
        if snapshot.status != snapshot.Status.SELESAI:
            raise CommandError(snapshot.pesan)
        self.stdout.write(f"{snapshot.dimuat} baris dimuat, {snapshot.ditolak} ditolak.")
