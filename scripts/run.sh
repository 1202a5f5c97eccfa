#!/usr/bin/env bash
# `make run`: migrate, seed the demo, then serve the web app with a Celery worker (beat inside).
# With no DATABASE_URL / REDIS_URL this is the embedded default: SQLite and a file broker in var/.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
PY=.venv/bin/python

$PY manage.py migrate --noinput -v 0
$PY manage.py seed_demo

.venv/bin/celery -A config worker -B --pool=solo --loglevel=WARNING &
worker=$!
cleanup() { kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo
echo "  Playbook is starting on http://127.0.0.1:${PORT}/"
echo "  Sign in as hub.leader (or maya.lead, ella, admin) with the password playbook-demo"
echo "  Stop with Ctrl-C."
echo
$PY manage.py runserver "127.0.0.1:${PORT}" --noreload &
web=$!
wait "$web"
