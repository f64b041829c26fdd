from django.core.management.base import BaseCommand, CommandError

from sop import katalog


class Command(BaseCommand):
    help = "Memuat dan menerbitkan katalog SOP satu kabupaten dari fixtures/sop/<kabupaten>.json."

    def add_arguments(self, parser):
        parser.add_argument("kabupaten", choices=katalog.KABUPATEN)

    def handle(self, *args, kabupaten, **options):
        try:
            hasil = katalog.muat(kabupaten)
        except FileNotFoundError as exc:
            raise CommandError(f"Katalog {kabupaten} tidak ditemukan: {exc}") from exc
        langkah = sum(v.langkah.count() for v in hasil)
        self.stdout.write(f"{len(hasil)} SOP ({langkah} langkah) dimuat untuk {kabupaten}.")
