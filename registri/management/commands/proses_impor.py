from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Menjalankan semua tugas latar yang menunggu (termasuk impor data registri), lalu berhenti."

    def handle(self, *args, **options):
        # The same claim as the worker's, so it never runs a job a running worker holds.
        call_command("pekerja", batch=True, startup_delay=False, verbosity=options["verbosity"])
