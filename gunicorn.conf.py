"""gunicorn settings of Dinsos Layanan (`make serve`, the systemd unit in README).

Every value can be changed from the environment, so one file serves a laptop, one office
server and a pool of app servers behind a load balancer.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Sync workers: requests are short (a page, one letter's PDF); slow clients are nginx's job.
# Work that outlives a request goes to `manage.py pekerja`, never to a thread here.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# GUNICORN_THREADS > 1 switches to gthread workers (threads share a process's memory; useful
# when the database is on another machine and requests mostly wait for it).
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# A letter's PDF takes well under a second; a minute covers a collective attachment.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (slow leaks in native libraries such as WeasyPrint's).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# nginx on the same machine sets X-Forwarded-*; set FORWARDED_ALLOW_IPS to the proxies' addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "dinsos-web"

# Errors to stderr (systemd's journal). The access log is off unless GUNICORN_ACCESS_LOG=1;
# when on it writes the path without its query string and no referrer, since a search
# (?q=...) may carry a NIK.
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG") in {"1", "true", "ya"} else None
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
# No control socket: several instances may run on one machine (the two-server test).
control_socket_disable = True


def post_worker_init(worker):
    # Import every view module (and WeasyPrint behind them) as the worker starts, so the first
    # request after a deploy or a worker recycle does not pay for it.
    from django.urls import get_resolver

    _ = get_resolver().url_patterns
    # The first PDF of a process loads fonts (fontconfig, HarfBuzz), which takes a while:
    # pay that here, with the letters' own fonts, not in the first signature after a start.
    try:
        from dinsos.pdf import html_ke_pdf

        html_ke_pdf(
            "<p style=\"font-family: 'DejaVu Serif'\">a <b>b</b> <i>c</i></p>"
            '<p style="font-family: \'DejaVu Sans\'">a <b>b</b></p><p style="font-family: monospace">1</p>'
        )
    except Exception:  # noqa: BLE001 - a warm-up only; a real request reports its own error
        worker.log.warning("Pemanasan PDF gagal", exc_info=True)
