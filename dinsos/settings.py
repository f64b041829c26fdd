"""Settings of Dinsos Layanan, read from the environment.

Development defaults are safe to run on a laptop (SQLite, DEBUG on). Production sets
DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and friends; with those values
`manage.py check --deploy` is clean (asserted in tests/dinsos/test_settings.py).
"""

import os
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "ya", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DEBUG", True)
KABUPATEN = env_str("KABUPATEN", "oku-selatan")

_DEV_SECRET = "dev-only-not-secret-" + "x" * 40
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY wajib diisi bila DEBUG mati.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "dinsos",
    "audit",
    "sop",
    "surat",
    "registri",
    "layanan",
    "skm",
    "operasi",
    "bansos",
    "persuratan",
    "pengaduan",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files (hashed, compressed) straight from gunicorn, before sessions and auth.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "dinsos.middleware.OfficeTimezoneMiddleware",
    "dinsos.middleware.BatasSesiMiddleware",
    "dinsos.middleware.DuaFaktorMiddleware",
    # Last, so it sees the lockout flag that authentication set during the view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dinsos.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dinsos.context_processors.kantor",
            ],
        },
    },
]

WSGI_APPLICATION = "dinsos.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db' / (KABUPATEN + '.sqlite3')}"),
        # Production keeps each process's connection open for a minute (a new PostgreSQL
        # connection costs a backend process per request); checked before reuse.
        conn_max_age=env_int("CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait instead of failing at once when two requests write together. IMMEDIATE
    # takes the write lock when a transaction starts, so two signers queue behind each other
    # (the second then sees the case changed: "baru saja diproses") instead of one failing
    # with "database is locked" when a read transaction tries to upgrade to a write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it pays off for long analytical queries, not for pages. On the
    # worklist's count over 200,000 cases it spent ~60 ms compiling on every request
    # (103 ms with, 47 ms without; docs/tolok-ukur.md). PG_JIT=1 turns it back on.
    if not env_bool("PG_JIT", False):
        opsi = DATABASES["default"].setdefault("OPTIONS", {})
        opsi["options"] = (opsi.get("options", "") + " -c jit=off").strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Axes' backend first: it refuses a locked (username, address) or address before the
# password is checked, on every login path (our page, the admin, anything that calls
# authenticate()).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "dinsos.validators.KataKantorValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
# Corrections to Django's Indonesian catalog (admin selector buttons) and date formats
# that write months in full ("24 November 2026", not "24 Nov. 2026").
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["dinsos.formats"]
# The office's own zone (WIB/WITA/WIT) is activated per request from its profile;
# this is only the fallback before an office exists.
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
if DEBUG:
    # Development serves static files from the app folders (whitenoise's finders); the
    # collectstatic folder need not exist.
    warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")

# Uploaded scans and issued PDFs: outside the static root, never served directly.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media-tidak-dilayani/"

# Stored files: the local MEDIA_ROOT by default; S3-compatible object storage (several app
# servers) when S3_BUCKET is set. Files are read and written only through the storage API.
S3_BUCKET = env_str("S3_BUCKET")
_MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if S3_BUCKET:
    _MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX"),
            # Private objects, never a public URL: files go out only through views that check permission.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# Static files: hashed names and pre-compressed copies (collectstatic), served by whitenoise.
# Without a manifest (tests, `make run` before collectstatic) the plain finder storage is used.
_STATIC_STORAGE = (
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
    if env_bool("STATIC_MANIFEST", not DEBUG)
    else "django.contrib.staticfiles.storage.StaticFilesStorage"
)
STORAGES = {"default": _MEDIA_STORAGE, "staticfiles": {"BACKEND": _STATIC_STORAGE}}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

LOGIN_URL = "masuk"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "masuk"

# Login throttle (django-axes, see docs/keputusan.md "Penguncian masuk"). Failures are
# counted per (username, address) and per address; the pair locks after LOGIN_MAX_GAGAL
# failures, the address alone (password spraying over many usernames) after
# LOGIN_MAX_GAGAL_ALAMAT. A lock is a cooldown of LOGIN_KUNCI_MENIT minutes, never a hard
# lock of the account, so a stranger elsewhere cannot lock the Kadis out of his own device.
LOGIN_MAX_GAGAL = env_int("LOGIN_MAX_GAGAL", 5)
LOGIN_MAX_GAGAL_ALAMAT = env_int("LOGIN_MAX_GAGAL_ALAMAT", 20)
LOGIN_KUNCI_MENIT = env_int("LOGIN_KUNCI_MENIT", 15)
AXES_HANDLER = "dinsos.auth.PenguncianHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = LOGIN_MAX_GAGAL
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_KUNCI_MENIT)
AXES_RESET_ON_SUCCESS = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Every failure stays in the audit log (axes trims per user at this count; never here).
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 2**62
AXES_LOCKOUT_CALLABLE = "dinsos.views.terkunci"
AXES_CLIENT_IP_CALLABLE = "dinsos.auth.alamat_klien"
AXES_USERNAME_CALLABLE = "dinsos.auth.nama_pengguna"
AXES_VERBOSE = False
# Masked in axes' records and log lines (the password always is).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]
# Number of reverse proxies in front of the app whose X-Forwarded-For is trusted (0: use
# the socket address). Behind one nginx, set JUMLAH_PROXY=1.
JUMLAH_PROXY = env_int("JUMLAH_PROXY", 0)

# Two-factor (TOTP) for kadis, sekretaris and admin accounts: optional by default (anyone
# who enrolled must use it), required for those roles when WAJIB_2FA=1.
WAJIB_2FA = env_bool("WAJIB_2FA", False)
OTP_TOTP_ISSUER = "Dinsos Layanan"

# Django's cache: rendered public SOP sheets, per-address limits of public uploads. Set
# CACHE_DIR to share it between the processes of one server (file cache); without it each
# process keeps its own (correct, since entries are keyed by immutable content, but limits
# then count per process).
_CACHE_DIR = env_str("CACHE_DIR")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": _CACHE_DIR}
        if _CACHE_DIR
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "dinsos"}
    )
}

# Public verification page: an uploaded PDF is compared with the archived letter (a letter
# is well under 1 MB); larger uploads are refused before they are read, and each address
# may compare VERIFIKASI_MAKS_UNGGAH files per VERIFIKASI_JENDELA_MENIT minutes.
VERIFIKASI_MAKS_MB = env_int("VERIFIKASI_MAKS_MB", 5)
# Scans of a registration form that failed validation are kept this many hours
# (layanan/titipan.py; `manage.py bersihkan_titipan` deletes older ones).
TITIPAN_JAM = env_int("TITIPAN_JAM", 24)
# An uploaded registry snapshot with fewer rows than this percentage of the active one waits
# for confirmation before it replaces it (registri/aktivasi.py).
REGISTRI_AMBANG_SUSUT = env_int("REGISTRI_AMBANG_SUSUT", 80)
# A returned case's notice gives the applicant this many calendar days to bring what is missing.
BATAS_KEKURANGAN_HARI = env_int("BATAS_KEKURANGAN_HARI", 14)
VERIFIKASI_MAKS_UNGGAH = env_int("VERIFIKASI_MAKS_UNGGAH", 10)
VERIFIKASI_JENDELA_MENIT = env_int("VERIFIKASI_JENDELA_MENIT", 10)

# Electronic signatures (TTE, docs/tte.md). TSA: an RFC 3161 timestamp server, optional.
# BSrE-shaped remote signing service: base URL and the client's credentials.
# Trusted roots: PEM files (a national root, BSrE's CA) beside the ones an admin adds.
TTE_TSA_URL = env_str("TTE_TSA_URL")
TTE_TSA_USER = env_str("TTE_TSA_USER")
TTE_TSA_PASSWORD = env_str("TTE_TSA_PASSWORD")
TTE_BSRE_URL = env_str("TTE_BSRE_URL")
TTE_BSRE_USER = env_str("TTE_BSRE_USER")
TTE_BSRE_PASSWORD = env_str("TTE_BSRE_PASSWORD")
TTE_BSRE_TIMEOUT = env_int("TTE_BSRE_TIMEOUT", 30)
TTE_AKAR_TEPERCAYA = env_list("TTE_AKAR_TEPERCAYA")
# Fetch OCSP/CRL over the network when verifying (off: only revocation data in the PDF is used).
TTE_AMBIL_REVOKASI = env_bool("TTE_AMBIL_REVOKASI", False)

# Letter numbering (surat/models.py, docs/keputusan.md): "prefiks" (default) gives every
# klasifikasi + unit its own yearly counter shared by all letter kinds filed under it;
# "agenda" numbers every letter of the office from one yearly agenda counter.
PENOMORAN_SURAT = env_str("PENOMORAN_SURAT", "prefiks")
if PENOMORAN_SURAT not in {"prefiks", "agenda"}:
    raise RuntimeError("PENOMORAN_SURAT harus 'prefiks' atau 'agenda'.")

# Public tracking (/lacak/): look-ups per client address per window (counted in the database,
# so the limit holds across processes and servers).
LACAK_BATAS = env_int("LACAK_BATAS", 10)
# SKM kiosk: responses per device and per address in one window (skm/batas.py).
SKM_KIOSK_BATAS = env_int("SKM_KIOSK_BATAS", 3)
SKM_KIOSK_BATAS_ALAMAT = env_int("SKM_KIOSK_BATAS_ALAMAT", 10)
SKM_KIOSK_JENDELA_DETIK = env_int("SKM_KIOSK_JENDELA_DETIK", 60)
LACAK_JENDELA_MENIT = env_int("LACAK_JENDELA_MENIT", 15)

# Background work (registry imports, scheduled jobs) on Django's tasks API with the database
# backend: the web process only enqueues; `manage.py pekerja` runs the jobs (operasi/). A job
# whose worker died is retried up to TUGAS_MAKS_PERCOBAAN attempts, then marked failed with
# its reason. A worker is dead when its heartbeat is older than PEKERJA_BATAS_DETAK_DETIK.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TUGAS_MAKS_PERCOBAAN = env_int("TUGAS_MAKS_PERCOBAAN", 3)
PEKERJA_DETAK_DETIK = env_int("PEKERJA_DETAK_DETIK", 10)
PEKERJA_BATAS_DETAK_DETIK = env_int("PEKERJA_BATAS_DETAK_DETIK", 60)
# A signed bansos SK with more recipients than this gets its lampiran from a background job.
BANSOS_LAMPIRAN_LATAR = env_int("BANSOS_LAMPIRAN_LATAR", 300)
# Notification e-mails, sent by the worker (operasi.surel), never in a request. Development
# prints them on the worker's console.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30
# The address staff open the app at, for links in e-mails (e.g. https://layanan.dinsos.example.go.id).
URL_SITUS = env_str("URL_SITUS", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Dinsos Layanan <noreply@localhost>")

# `manage.py cadangkan` writes its archives here (README "Cadangan").
CADANGAN_DIR = Path(env_str("CADANGAN_DIR", str(BASE_DIR / "cadangan")))
# /sehat/ answers 503 when less than this much disk is free under MEDIA_ROOT (local storage).
SEHAT_MIN_DISK_MB = env_int("SEHAT_MIN_DISK_MB", 1024)
# Uploaded registry files and sanding results are deleted after this many days.
REGISTRI_SIMPAN_HARI = env_int("REGISTRI_SIMPAN_HARI", 7)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_HTTPONLY = True
# Absolute lifetime of a signed-in session, counted from login (dinsos.middleware).
SESSION_COOKIE_AGE = 8 * 60 * 60
# Idle timeout, sliding: a session unused this long is ended.
SESI_DIAM_MENIT = env_int("SESI_DIAM_MENIT", 30)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe health over plain HTTP on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^sehat/$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies: browsers accept them only over HTTPS, for path /, with no Domain,
    # so a sibling subdomain cannot plant or overwrite them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# No inline scripts anywhere: every script is a static file. Style attributes are still
# allowed (style-src-attr) because a few templates and htmx swaps use them; <style>
# elements and stylesheets come only from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Errors of requests (500s), application errors, workers and security events go to stderr,
# where the process manager (systemd, docker) keeps them, whatever DEBUG is. LOG_JSON=1 writes
# one JSON object per line (for a log collector). Every record passes a filter that masks
# NIK-like 16-digit numbers (operasi/log.py), also in the URL of a failed request.
LOG_JSON = env_bool("LOG_JSON", False)
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"samarkan_nik": {"()": "operasi.log.SamarkanNik"}},
    "formatters": {
        "waktu": {"format": "{asctime} {levelname} {name}: {message}", "style": "{", "datefmt": "%Y-%m-%d %H:%M:%S%z"},
        "json": {"()": "operasi.log.FormatJson"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_JSON else "waktu",
            "filters": ["samarkan_nik"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django_tasks": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django_tasks_db": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "gunicorn.error": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        **{
            app: {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False}
            for app in ["dinsos", "audit", "sop", "surat", "registri", "layanan", "operasi"]
        },
        "fontTools": {"level": "ERROR"},
        "weasyprint": {"level": "ERROR"},
    },
}
