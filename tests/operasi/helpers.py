"""Run queued jobs in the test process, the way `manage.py pekerja --batch` does."""

from unittest import mock

from django_tasks_db.management.commands.db_worker import Worker


def jalankan_antrean(worker_id="uji-pekerja"):
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    # The worker closes connections between jobs; inside a test's transaction that would end it.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        worker.run()
