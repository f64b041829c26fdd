from django.apps import AppConfig


class OperasiConfig(AppConfig):
    name = "operasi"
    verbose_name = "Operasi server"

    def ready(self):
        # A failed job tells its own record why (e.g. an import marked "Gagal").
        from operasi import tugas  # noqa: F401
