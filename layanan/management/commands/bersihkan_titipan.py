from django.core.management.base import BaseCommand

from layanan import titipan


class Command(BaseCommand):
    help = "Menghapus pindaian titipan formulir pendaftaran yang tidak jadi dikirim (lebih tua dari TITIPAN_JAM)."

    def handle(self, *args, **options):
        jumlah = titipan.bersihkan()
        self.stdout.write(f"{jumlah} berkas titipan dihapus.")
