"""Settings of the load run: the project's, plus a minimal view to compare against."""

from dinsos.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls_beban"
