"""/sehat/: the health of this app server, for load balancers and monitoring."""

import shutil
import tempfile
import time

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult

from operasi.models import DetakPekerja
from operasi.tugas import pekerja_hidup


def _basis_data():
    start = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means the database does not answer
        return {"status": "gagal"}
    return {"status": "ok", "ms": round(1000 * (time.perf_counter() - start), 1)}


def _pekerja():
    terakhir = DetakPekerja.objects.order_by("-terakhir").values_list("terakhir", flat=True).first()
    antre = DBTaskResult.objects.ready().count()
    if terakhir is None:
        return {"status": "tidak ada", "antrean": antre}
    umur = (timezone.now() - terakhir).total_seconds()
    hidup = umur <= settings.PEKERJA_BATAS_DETAK_DETIK
    return {
        "status": "ok" if hidup else "mati",
        "detak_terakhir_detik": round(umur, 1),
        "jumlah_hidup": pekerja_hidup().count(),
        "antrean": antre,
    }


def _disk():
    # Local media (scans, letters) is where the disk fills; with object storage, the temp dir.
    folder = settings.MEDIA_ROOT if isinstance(default_storage, FileSystemStorage) else tempfile.gettempdir()
    try:
        free_mb = shutil.disk_usage(folder).free // (1024 * 1024)
    except FileNotFoundError:
        free_mb = shutil.disk_usage(settings.BASE_DIR).free // (1024 * 1024)
    return {"status": "ok" if free_mb >= settings.SEHAT_MIN_DISK_MB else "penuh", "bebas_mb": free_mb}


@never_cache
@require_GET
def sehat(request):
    """200 while this server can serve (database answers, disk not full), else 503.

    The worker is reported but does not fail the check (a load balancer should not drop every
    app server because the worker stopped), unless `?ketat=1` (for monitoring).
    """
    data = {"basis_data": _basis_data(), "disk": _disk()}
    data["pekerja"] = _pekerja() if data["basis_data"]["status"] == "ok" else {"status": "tidak diketahui"}
    sehat_web = data["basis_data"]["status"] == "ok" and data["disk"]["status"] == "ok"
    pekerja_ok = data["pekerja"]["status"] == "ok"
    data["status"] = "ok" if sehat_web and pekerja_ok else ("peringatan" if sehat_web else "gagal")
    status = 200 if sehat_web and (pekerja_ok or request.GET.get("ketat") != "1") else 503
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
