# Dinsos Layanan — the two commands of the README, plus bench.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
KABUPATEN ?= oku-selatan
export KABUPATEN

.PHONY: run test bench lint serve pekerja

$(VENV)/.terpasang: pyproject.toml
	@bash scripts/pasang-sistem.sh
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $@

run: $(VENV)/.terpasang
	@mkdir -p db
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py demo --kabupaten $(KABUPATEN) --dtks 5000
	@echo "Membuka http://127.0.0.1:$(PORT)/ (masuk di http://127.0.0.1:$(PORT)/masuk/)"
	@$(PY) manage.py pekerja -v0 & pid=$$!; trap "kill $$pid 2>/dev/null; wait $$pid" EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.terpasang
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run -v0

test: $(VENV)/.terpasang lint
	@bash scripts/pasang-sistem.sh test
	$(VENV)/bin/pytest

bench: $(VENV)/.terpasang
	$(VENV)/bin/python -m tests.bench.run

# Production on one server: migrate, collect static files (hashed, compressed), then the
# worker in the background and gunicorn in the foreground (Ctrl+C stops both). Needs the
# production environment (DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, ...; README "Produksi").
serve: $(VENV)/.terpasang
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0
	@$(PY) manage.py pekerja & pid=$$!; trap "kill $$pid 2>/dev/null; wait $$pid" EXIT INT TERM; \
	  $(VENV)/bin/gunicorn -c gunicorn.conf.py dinsos.wsgi

# The background worker alone (registry imports, scheduled jobs).
pekerja: $(VENV)/.terpasang
	$(PY) manage.py pekerja
