"""Real processes (worker, gunicorn) against the test database, for the tests that kill or multiply them.

On PostgreSQL the processes use the test database itself (tests run with transaction=True,
so what they commit is visible both ways). On SQLite the test database lives in memory; it
is copied (already migrated) to a file that the processes and the test then share.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


class BasisBersama:
    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        if connection.vendor == "postgresql":
            s = connection.settings_dict
            auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
            self.url = f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
            self.file = None
        else:
            self.file = tmp_path / "bersama.sqlite3"
            connection.ensure_connection()
            dest = sqlite3.connect(self.file)
            connection.connection.backup(dest)
            dest.close()
            self.url = f"sqlite:///{self.file}"

    @property
    def postgres(self):
        return self.file is None

    def env(self, **extra):
        return {
            **os.environ,
            "DATABASE_URL": self.url,
            "MEDIA_ROOT": str(self.tmp_path / "media"),
            "PYTHONUNBUFFERED": "1",
            **{k: str(v) for k, v in extra.items()},
        }

    def kueri(self, sql, params=()):
        """Rows of a query, read the way another process would (committed data only)."""
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(sql.replace("?", "%s"), params)
                return cursor.fetchall()
        db = sqlite3.connect(self.file, timeout=20)
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()

    def satu(self, sql, params=()):
        rows = self.kueri(sql, params)
        return rows[0][0] if rows else None

    def manage(self, *args, **env):
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(**env), capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def mulai(self, args, log_name, **env):
        log = open(self.tmp_path / log_name, "w")
        return subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env(**env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def hentikan(proc, sig=signal.SIGTERM, timeout=30):
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def tunggu(cond, timeout, jeda=0.05, pesan="kondisi tidak tercapai"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = cond()
        if value:
            return value
        time.sleep(jeda)
    raise AssertionError(f"{pesan} dalam {timeout} detik")
