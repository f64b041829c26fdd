from django.core.management.base import BaseCommand, CommandError

from operasi.cadangan import CadanganGagal, pulihkan


class Command(BaseCommand):
    help = "Memulihkan basis data dan berkas dari arsip `cadangkan` (menimpa data yang ada)."

    def add_arguments(self, parser):
        parser.add_argument("arsip")
        parser.add_argument("--ya", action="store_true", help="Tanpa pertanyaan konfirmasi.")

    def handle(self, *args, arsip, ya, **options):
        if not ya:
            jawab = input("Seluruh data sekarang akan diganti isi cadangan. Ketik 'ya' untuk lanjut: ")
            if jawab.strip().lower() != "ya":
                raise CommandError("Dibatalkan.")
        try:
            manifest = pulihkan(arsip)
        except (CadanganGagal, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Dipulihkan dari cadangan {manifest['dibuat']}: basis data dan {len(manifest['berkas'])} berkas.")
