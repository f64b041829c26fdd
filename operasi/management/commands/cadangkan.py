from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operasi.cadangan import CadanganGagal, cadangkan, pangkas


class Command(BaseCommand):
    help = "Mencadangkan basis data dan semua berkas tersimpan ke satu arsip (lihat README, Cadangan)."

    def add_arguments(self, parser):
        parser.add_argument("--ke", default=str(settings.CADANGAN_DIR), help="Folder arsip (bawaan CADANGAN_DIR).")
        parser.add_argument("--simpan-hari", type=int, default=None, help="Hapus arsip yang lebih tua dari N hari.")

    def handle(self, *args, ke, simpan_hari, **options):
        try:
            path = cadangkan(ke)
        except CadanganGagal as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Cadangan dibuat: {path} ({path.stat().st_size // 1024} KB).")
        if simpan_hari is not None:
            for old in pangkas(ke, simpan_hari):
                self.stdout.write(f"Cadangan lama dihapus: {old}")
