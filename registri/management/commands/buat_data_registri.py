from django.core.management.base import BaseCommand

from registri.generator import tulis_csv


class Command(BaseCommand):
    help = "Membuat data DTKS sintetis yang deterministik (bukan data orang sungguhan)."

    def add_arguments(self, parser):
        parser.add_argument("--jumlah", type=int, default=10000)
        parser.add_argument("--kode-wilayah", default="6301")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--keluaran", required=True)

    def handle(self, *args, jumlah, kode_wilayah, seed, keluaran, **options):
        tulis_csv(keluaran, jumlah, kode_wilayah, seed)
        self.stdout.write(f"{jumlah} baris ditulis ke {keluaran}.")
