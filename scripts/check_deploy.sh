#!/usr/bin/env bash
# Django's deployment checks against production-like settings; warnings fail too.
set -euo pipefail
cd "$(dirname "$0")/.."
env -u DJANGO_SETTINGS_MODULE \
  DEBUG=false \
  SECRET_KEY="check-deploy-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 50)" \
  ALLOWED_HOSTS=playbook.example.org \
  DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/playbook}" \
  REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}" \
  .venv/bin/python manage.py check --deploy --fail-level WARNING
