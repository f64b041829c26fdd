"""The project's urls plus a view that fails with a NIK in its URL and in its error."""

from django.urls import path

from dinsos.urls import urlpatterns as project_urls


def meledak(request, nik):
    raise ValueError(f"NIK {nik} tidak ditemukan")


urlpatterns = [path("uji/orang/<str:nik>/", meledak), *project_urls]
