from django.apps import AppConfig


class RegistriConfig(AppConfig):
    name = "registri"
    verbose_name = "Data registri (DTKS dan PBI)"
