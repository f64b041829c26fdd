# Dinsos Layanan — the two commands of the README, plus bench.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
KABUPATEN ?= oku-selatan
export KABUPATEN

.PHONY: run test bench lint

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
