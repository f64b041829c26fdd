import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The test run itself sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; production never does.
BASE_ENV = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_check_deploy_is_clean_with_production_values(tmp_path):
    env = {
        **BASE_ENV,
        "DEBUG": "0",
        "SECRET_KEY": "p" * 20 + "roduction-secret-" + "k" * 30 + "9Zq!",
        "ALLOWED_HOSTS": "layanan.dinsos.example.go.id",
        "CSRF_TRUSTED_ORIGINS": "https://layanan.dinsos.example.go.id",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
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
