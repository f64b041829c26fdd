from django.apps import AppConfig


class BansosConfig(AppConfig):
    name = "bansos"
    verbose_name = "Bantuan sosial"

    def ready(self):
        from bansos import sk  # noqa: F401  (registers the "bansos-sk" lampiran source)
