from django.utils import timezone

from dinsos.models import Instansi


class OfficeTimezoneMiddleware:
    """Shows every time in the office's own zone (WIB, WITA or WIT)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        instansi = Instansi.get_current()
        request.instansi = instansi
        if instansi is not None:
            timezone.activate(instansi.tzinfo)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
