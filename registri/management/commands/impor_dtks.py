import time

from django.core.management.base import BaseCommand, CommandError

from registri.impor import impor_berkas
from registri.models import Jenis


class Command(BaseCommand):
    help = "Mengimpor ekstrak DTKS/DTSEN (CSV atau XLSX) sebagai snapshot baru."

    def add_arguments(self, parser):
        parser.add_argument("berkas")

    def handle(self, *args, berkas, **options):
        mulai = time.perf_counter()
        snapshot = impor_berkas(berkas, Jenis.DTKS)
        detik = time.perf_counter() - mulai
        if snapshot.status != snapshot.Status.SELESAI:
            raise CommandError(snapshot.pesan)
        self.stdout.write(f"{snapshot.dimuat} baris dimuat, {snapshot.ditolak} ditolak ({detik:.1f} detik).")
        if snapshot.laporan:
            self.stdout.write("Baris ditolak (baris, nik, alasan):\n" + snapshot.laporan)
