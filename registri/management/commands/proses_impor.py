from django.core.management.base import BaseCommand

from registri.impor import proses_antrean


class Command(BaseCommand):
    help = "Memproses unggahan data registri yang menunggu (untuk server dengan banyak proses)."

    def handle(self, *args, **options):
        for snapshot in proses_antrean():
            self.stdout.write(f"{snapshot}: {snapshot.get_status_display()}, {snapshot.dimuat} dimuat.")
