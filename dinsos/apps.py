from django.apps import AppConfig


class DinsosConfig(AppConfig):
    name = "dinsos"
    verbose_name = "Organisasi dinas"

    def ready(self):
        # Connects the login signal that starts the session clocks.
        # The cached office calendar (dinsos.kalender) is dropped when its sources change.
        from django.db.models.signals import post_delete, post_save

        from dinsos import middleware  # noqa: F401
        from dinsos.models import HariLibur, Instansi

        for model in (Instansi, HariLibur):
            post_save.connect(_lupakan_kalender, sender=model, dispatch_uid=f"kalender-{model.__name__}-simpan")
            post_delete.connect(_lupakan_kalender, sender=model, dispatch_uid=f"kalender-{model.__name__}-hapus")


def _lupakan_kalender(**kwargs):
    from django.core.cache import cache

    from dinsos.kalender import KUNCI_CACHE

    cache.delete(KUNCI_CACHE)
