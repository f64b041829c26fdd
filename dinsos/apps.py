from django.apps import AppConfig


class DinsosConfig(AppConfig):
    name = "dinsos"
    verbose_name = "Organisasi dinas"

    def ready(self):
        # Connects the login signal that starts the session clocks.
        from dinsos import middleware  # noqa: F401
