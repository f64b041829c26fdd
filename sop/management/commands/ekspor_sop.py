from django.core.management.base import BaseCommand

from sop import katalog


class Command(BaseCommand):
    help = "Mencetak katalog SOP satu kabupaten sebagai JSON (format dinsos-sop versi 1)."

    def add_arguments(self, parser):
        parser.add_argument("kabupaten")

    def handle(self, *args, kabupaten, **options):
        self.stdout.write(katalog.dumps(katalog.ekspor(kabupaten)), ending="")
