# Playbook's verbs. `make run` starts the app on the embedded default; `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint format migrate seed worker bench check-deploy backup restore clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependencies change, so a second `make run` starts in seconds.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

run: $(VENV)/.installed
	@PORT=$(PORT) bash scripts/run.sh

test: $(VENV)/.installed-dev
	@bash scripts/test.sh $(ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrate: $(VENV)/.installed
	$(BIN)/python manage.py migrate

seed: $(VENV)/.installed
	$(BIN)/python manage.py seed_demo

worker: $(VENV)/.installed
	$(BIN)/celery -A config worker -B --pool=solo --loglevel=INFO

check-deploy: $(VENV)/.installed
	@bash scripts/check_deploy.sh

# PostgreSQL only (DATABASE_URL); needs pg_dump and pg_restore from postgresql-client.
backup:
	@bash scripts/backup.sh

restore:
	@bash scripts/restore.sh "$(FILE)"

bench: $(VENV)/.installed-dev
	@for script in bench/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf var staticfiles .pytest_cache .ruff_cache
