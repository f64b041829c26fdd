import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# The test run itself sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; production never does.
BASE_ENV = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _produksi(tmp_path, **extra):
    return {
        **BASE_ENV,
        "DEBUG": "0",
        "SECRET_KEY": "p" * 20 + "roduction-secret-" + "k" * 30 + "9Zq!",
        "ALLOWED_HOSTS": "layanan.dinsos.example.go.id",
        "CSRF_TRUSTED_ORIGINS": "https://layanan.dinsos.example.go.id",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        **extra,
    }


def test_check_deploy_is_clean_with_production_values(tmp_path):
    env = _produksi(tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = {**BASE_ENV, "DEBUG": "0", "SECRET_KEY": "", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY wajib diisi" in result.stderr


def _setting(env, *names):
    code = "from django.conf import settings; print(" + ", ".join(f"repr(settings.{n})" for n in names) + ")"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_cookies_use_the_host_prefix(tmp_path):
    out = _setting(_produksi(tmp_path), "SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME", "SESSION_COOKIE_SECURE")
    assert out == "'__Host-sessionid' '__Host-csrftoken' True"
    # The development server is plain HTTP, where browsers drop __Host- cookies.
    dev = {**BASE_ENV, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite3'}"}
    assert _setting(dev, "SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME") == "'sessionid' 'csrftoken'"


def test_check_deploy_is_clean_with_two_factor_required_behind_a_proxy(tmp_path):
    env = _produksi(tmp_path, WAJIB_2FA="1", JUMLAH_PROXY="1")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert _setting(env, "WAJIB_2FA", "JUMLAH_PROXY") == "True 1"


def test_production_keeps_database_connections_and_development_does_not(tmp_path):
    pg = "postgres://postgres@127.0.0.1:5432/dinsos_tidak_dipakai"  # only parsed, never opened
    names = ("DATABASES['default']['CONN_MAX_AGE']", "DATABASES['default']['CONN_HEALTH_CHECKS']")
    assert _setting(_produksi(tmp_path, DATABASE_URL=pg), *names) == "60 True"
    assert _setting(_produksi(tmp_path, DATABASE_URL=pg, CONN_MAX_AGE="0"), *names) == "0 True"
    dev = {**BASE_ENV, "DEBUG": "1", "DATABASE_URL": pg}
    assert _setting(dev, *names) == "0 True"


def test_postgresql_connections_run_without_jit(db):
    # Pages run short queries; JIT compiling them cost the worklist ~60 ms a request.
    if connection.vendor != "postgresql":
        pytest.skip("JIT adalah pengaturan PostgreSQL (set DATABASE_URL); SQLite tidak memilikinya.")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
