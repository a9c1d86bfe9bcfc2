# The two set-up commands are `make demo` and `make test`; see README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-stamp
DEMO_ENV := DEBUG=true

.PHONY: demo test test-python test-browser test-office lint typecheck migrations-check install serve demo-data bench clean worker serve-production

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "tuphap needs Python 3.11 or newer")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@mkdir -p var
	@touch $(STAMP)

install: $(STAMP)

## make demo: install, migrate the embedded SQLite database, load reference and demo data, serve.
demo: $(STAMP)
	@mkdir -p var
	$(DEMO_ENV) $(PY) manage.py migrate --no-input
	$(DEMO_ENV) $(PY) manage.py load_demo
	bash scripts/serve_demo.sh

## make worker: the background jobs alone (make demo starts it with the site).
worker: $(STAMP)
	$(DEMO_ENV) $(PY) manage.py run_worker

## make serve-production: gunicorn and the worker on PostgreSQL, DEBUG off (docs/operations.md).
serve-production: $(STAMP)
	bash scripts/serve_production.sh

## make test: lint, type check, migration check and the whole suite (PostgreSQL too when
## DATABASE_URL names one).
test: $(STAMP) lint typecheck migrations-check test-python

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	DEBUG=true $(BIN)/mypy tuphap config

migrations-check: $(STAMP)
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

test-python: $(STAMP)
	$(BIN)/pytest -m "not browser and not office" $(PYTEST_ARGS)

## Browser tests in a real Chromium (Debian's chromium package).
test-browser: $(STAMP)
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

## The DOCX and XLSX files opened in LibreOffice (Debian's libreoffice-*-nogui packages).
test-office: $(STAMP)
	$(BIN)/pytest -m office $(PYTEST_ARGS)

bench: $(STAMP)
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
