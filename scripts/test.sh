#!/usr/bin/env bash
# `make test`: the whole suite, on PostgreSQL and Redis, with lint and Django's own checks first.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/playbook}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/15}"

bash scripts/ensure_services.sh
bash scripts/ensure_chromium.sh

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== import layers (import-linter, contracts in pyproject.toml)"
.venv/bin/lint-imports --no-cache
echo "== migrations are up to date"
DJANGO_SETTINGS_MODULE=config.test_settings .venv/bin/python manage.py makemigrations --check --dry-run
echo "== deployment checks"
bash scripts/check_deploy.sh
echo "== pytest"
.venv/bin/pytest "$@"
