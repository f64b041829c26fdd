import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sop import katalog


class Command(BaseCommand):
    help = "Membaca katalog SOP (format dinsos-sop) menjadi versi baru setiap SOP."

    def add_arguments(self, parser):
        parser.add_argument("berkas")
        parser.add_argument("--kabupaten", help="Katalog tujuan (bawaan: yang tertulis di berkas).")
        parser.add_argument("--terbitkan", action="store_true", help="Langsung terbitkan.")

    def handle(self, *args, berkas, kabupaten=None, terbitkan=False, **options):
        try:
            with open(berkas, encoding="utf-8") as fh:
                data = json.load(fh)
            hasil = katalog.impor(data, kabupaten=kabupaten, terbitkan=terbitkan)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Berkas tidak dapat dibaca: {exc}") from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{len(hasil)} SOP diimpor.")
