"""`manage.py pekerja`: django-tasks-db's worker, plus a heartbeat, orphan recovery and the schedule.

Runs the jobs the web processes enqueue. Next to the job loop, a heartbeat thread of this
(worker) process writes the worker's heartbeat every PEKERJA_DETAK_DETIK seconds, puts back
or fails jobs whose worker died (operasi.tugas.pulihkan_tugas_yatim) and enqueues periodic
jobs that are due (operasi.jadwal). SIGTERM lets the current job finish, then exits.
"""

import logging
import threading

from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from operasi import jadwal, tugas
from operasi.models import DetakPekerja

log = logging.getLogger("operasi.pekerja")


class Detak(threading.Thread):
    def __init__(self, worker_id, interval):
        super().__init__(name="detak-pekerja", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.stop = threading.Event()

    def satu_putaran(self):
        tugas.detak(self.worker_id)
        tugas.pulihkan_tugas_yatim(kecuali_worker_id=self.worker_id)
        jadwal.antrekan_yang_jatuh_tempo()

    def run(self):
        try:
            while not self.stop.wait(self.interval):
                try:
                    self.satu_putaran()
                except Exception:
                    log.exception("Detak pekerja %s gagal", self.worker_id)
        finally:
            connection.close()


class Command(DbWorkerCommand):
    help = "Menjalankan tugas latar (impor registri, tugas terjadwal) dengan detak untuk /sehat/."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=None, reload=False)

    def handle(self, *args, **options):
        options["worker_id"] = options.get("worker_id") or tugas.id_pekerja()
        options["reload"] = False  # the reloader would run jobs in a child without a heartbeat
        worker_id = options["worker_id"]
        # Beat and recover once before the first job, so /sehat/ sees this worker at once.
        detak = Detak(worker_id, settings.PEKERJA_DETAK_DETIK)
        detak.satu_putaran()
        detak.start()
        log.info("Pekerja %s mulai", worker_id)
        try:
            super().handle(*args, **options)
        finally:
            detak.stop.set()
            detak.join(timeout=settings.PEKERJA_DETAK_DETIK + 5)
            DetakPekerja.objects.filter(worker_id=worker_id).delete()
            log.info("Pekerja %s berhenti", worker_id)
