from django.apps import AppConfig


class PersuratanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "persuratan"
    verbose_name = "Persuratan"
