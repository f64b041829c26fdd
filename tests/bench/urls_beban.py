import time

from django.http import HttpResponse
from django.urls import include, path


def minimal(request):
    return HttpResponse("ok")


class WaktuCpu:
    """CPU time of this thread for the request (waiting for the CPU or the database not counted).

    On a shared machine the wall time mostly measures the other processes; the CPU time says
    what a request costs, and so how many requests a second two cores can serve.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        t0, w0 = time.thread_time(), time.perf_counter()
        response = self.get_response(request)
        response["X-Waktu-CPU"] = f"{(time.thread_time() - t0) * 1000:.2f}"
        # Wall time inside the process: the rest of what the client saw was spent queued
        # before a free gunicorn worker (or in the client).
        response["X-Waktu-Server"] = f"{(time.perf_counter() - w0) * 1000:.2f}"
        return response


urlpatterns = [path("bench/minimal/", minimal), path("", include("dinsos.urls"))]
