from django.apps import AppConfig


class SkmConfig(AppConfig):
    name = "skm"
    verbose_name = "Survei kepuasan dan dasbor pimpinan"

    def ready(self):
        from skm import kalender_kerja

        kalender_kerja.hubungkan_sinyal()
