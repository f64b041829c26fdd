"""Settings of the load run: the project's, plus a minimal view to compare against, and the
CPU and wall time each request used in its gunicorn process (`X-Waktu-CPU`,
`X-Waktu-Server`, milliseconds)."""

from dinsos.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls_beban"
MIDDLEWARE = ["tests.bench.urls_beban.WaktuCpu", *MIDDLEWARE]  # noqa: F405

if not DEBUG:  # noqa: F405
    # Production settings as behind nginx, which ends TLS: this run speaks plain HTTP on
    # loopback, so no redirect to https and cookies that a client sends over http.
    SECURE_SSL_REDIRECT = False
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
    SESSION_COOKIE_NAME, CSRF_COOKIE_NAME = "sessionid", "csrftoken"
