# Dinsos Layanan — the two commands of the README, plus bench.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# 127.0.0.1: this computer only. HOST=0.0.0.0: every computer and phone on the office LAN.
HOST ?= 127.0.0.1
KABUPATEN ?= oku-selatan
export KABUPATEN
# pytest processes for make test (pytest-xdist); the test machine has 2 cores.
PYTEST_PROSES ?= 2
koma := ,
kosong :=
spasi := $(kosong) $(kosong)
# On the LAN the page is opened by this machine's address, which Django must accept.
ifeq ($(HOST),0.0.0.0)
ALAMAT_LAN := $(strip $(shell hostname -I 2>/dev/null | tr ' ' '\n' | grep -v ':'))
ALLOWED_HOSTS ?= 127.0.0.1,localhost$(if $(ALAMAT_LAN),$(koma)$(subst $(spasi),$(koma),$(ALAMAT_LAN)))
export ALLOWED_HOSTS
endif

.PHONY: run test bench lint serve pekerja

# What running needs (make run).
$(VENV)/.terpasang: pyproject.toml
	@bash scripts/pasang-sistem.sh
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e .
	@touch $@

# Plus the test tools (make test, make bench): pytest, Playwright, ruff, PDF and QR readers.
$(VENV)/.terpasang-uji: $(VENV)/.terpasang
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $@

run: $(VENV)/.terpasang
	@mkdir -p db
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py demo --kabupaten $(KABUPATEN) --dtks 5000
ifeq ($(HOST),0.0.0.0)
	@for ip in $(ALAMAT_LAN); do echo "Dari ponsel/komputer lain di jaringan kantor: http://$$ip:$(PORT)/"; done
endif
	@echo "Membuka http://127.0.0.1:$(PORT)/ (masuk di http://127.0.0.1:$(PORT)/masuk/)"
	@$(PY) manage.py pekerja -v0 & pid=$$!; trap "kill $$pid 2>/dev/null; wait $$pid" EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.terpasang-uji
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run -v0

test: $(VENV)/.terpasang-uji lint
	@bash scripts/pasang-sistem.sh test
	$(VENV)/bin/pytest -n $(PYTEST_PROSES)

bench: $(VENV)/.terpasang-uji
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
