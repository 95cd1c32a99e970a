# Arrimage — every task a developer or CI runs. `make run` and `make test` set everything up first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements/base.txt requirements/dev.txt | sha1sum | cut -c1-12)
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run test check test-python test-postgres bench bench-pages bench-registry bench-matching bench-analysis bench-plans bench-meetings worker setup db messages vendor requirements screenshots clean

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements/base.txt requirements/dev.txt
	@PYTHON=$(PYTHON) scripts/system-packages.sh run
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/base.txt -r requirements/dev.txt
	@rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP) ## Create the virtual environment with the pinned dependencies

db: setup ## Migrate the SQLite database, load the reference territories and the demonstration data
	@mkdir -p var
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) load_territories
	$(MANAGE) load_demo

run: db ## Set everything up and serve Arrimage at http://127.0.0.1:8000/
	$(MANAGE) runserver $(HOST):$(PORT)

worker: db ## Carry out background jobs; serve with `ARRIMAGE_TASKS=db make run` beside it (docs/operations.md)
	ARRIMAGE_TASKS=db $(MANAGE) db_worker

check: setup ## The quality gate: lint, format, types, layers, migrations, message catalogue
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python scripts/check_messages.py
	ARRIMAGE_SECRET_KEY=check-only-$$(head -c 32 /dev/urandom | base64) ARRIMAGE_ALLOWED_HOSTS=arrimage.example \
	  ARRIMAGE_DB_NAME=arrimage ARRIMAGE_DB_USER=arrimage ARRIMAGE_EMAIL_HOST=localhost DJANGO_SETTINGS_MODULE=config.settings.prod \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

# The tests run in TEST_WORKERS processes (pytest-xdist, one database each; TEST_WORKERS=0 runs them in this
# process). The reliability tests start servers and measure throughput, so they run afterwards, alone.
TEST_WORKERS ?= 2
PYTEST_PARALLEL = $(BIN)/pytest -n $(TEST_WORKERS) --durations=15 --ignore=tests/reliability

test: setup ## Run the quality gate and every test, browser tests included (SQLite)
	@PYTHON=$(PYTHON) scripts/system-packages.sh test
	$(MAKE) --no-print-directory check
	$(MAKE) --no-print-directory test-python

test-python: setup ## Run the test suite only (SQLite)
	$(PYTEST_PARALLEL)
	$(BIN)/pytest tests/reliability

test-postgres: setup ## Run the database tests again on PostgreSQL (PGHOST, PGUSER… select the server)
	DJANGO_SETTINGS_MODULE=config.settings.test_postgres $(PYTEST_PARALLEL) --ds=config.settings.test_postgres
	DJANGO_SETTINGS_MODULE=config.settings.test_postgres $(BIN)/pytest --ds=config.settings.test_postgres tests/reliability

bench: setup ## The province-scale suite: pages, analysis, import and PDF at synthetic scales 0.25, 1 and 4 (see bench/README.md)
	$(BIN)/python -m bench.province

bench-pages: setup ## Measure the territory pages against a trivial view, on the reference territories alone
	$(BIN)/python -m bench.pages

bench-registry: setup ## Measure the registry's pages on a synthetic province (see bench/README.md)
	$(BIN)/python -m bench.registry

bench-analysis: setup ## Measure the territorial analysis at synthetic scales 0.25 and 1 (see bench/README.md)
	$(BIN)/python -m bench.analysis

bench-plans: setup ## Measure the plans' pages, the planning tab, the PDF portrait and the plans' API at synthetic scale 1
	$(BIN)/python -m bench.plans

bench-meetings: setup ## Measure the pages that read attendance, with five years of monthly meetings at synthetic scale 1
	$(BIN)/python -m bench.meetings

bench-matching: setup ## Measure the organisation matcher: F1 on labelled pairs, speed against brute force
	$(BIN)/python -m bench.matching

screenshots: setup ## Refresh the README's screenshots from the browser tests
	ARRIMAGE_SCREENSHOTS=docs/screenshots $(BIN)/pytest -m browser

messages: setup ## Extract the interface strings into locale/fr and compile the catalogue
	$(MANAGE) makemessages --locale fr --no-obsolete --add-location file \
	  --ignore 'node_modules/*' --ignore '.venv/*' --ignore 'var/*' --ignore 'static/vendor/*'
	$(MANAGE) compilemessages --locale fr --ignore '.venv/*' --ignore 'node_modules/*'

vendor: ## Refresh static/vendor from the npm registry (package.json)
	npm install --no-audit --no-fund
	scripts/vendor.sh

requirements: setup ## Recompile the pinned requirements from requirements/*.in
	$(BIN)/python -m pip install --quiet uv
	cd requirements && ../$(BIN)/uv pip compile --quiet --python-version 3.11 --python-platform x86_64-unknown-linux-gnu base.in -o base.txt
	cd requirements && ../$(BIN)/uv pip compile --quiet --python-version 3.11 --python-platform x86_64-unknown-linux-gnu dev.in -o dev.txt

clean: ## Remove the virtual environment, the database and caches
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
