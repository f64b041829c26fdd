"""The project's urls plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from dinsos.urls import urlpatterns as project_urls


def meledak(request):
    raise RuntimeError("uji galat 500")


def terlarang(request):
    raise PermissionDenied


def mencurigakan(request):
    raise SuspiciousOperation("uji galat 400")


urlpatterns = [
    path("uji/500/", meledak),
    path("uji/403/", terlarang),
    path("uji/400/", mencurigakan),
    *project_urls,
]
