#!/usr/bin/env bash
# `make run`: migrate, seed the demo, then serve the web app with a Celery worker (beat inside).
# With no DATABASE_URL / REDIS_URL this is the embedded default: SQLite and a file broker in var/.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
PY=.venv/bin/python

# Static files collected once, gzipped, and served with cache headers (WhiteNoise), as in production;
# collected again at start-up only when static/ or the installed packages changed, so a restart stays
# quick. An edit under static/ shows after a restart.
export STATIC_MANIFEST=true STATIC_ROOT="${PLAYBOOK_VAR_DIR:-$PWD/var}/static"
stamp="$STATIC_ROOT/.collected"
if [[ ! -f "$stamp" || .venv/.installed -nt "$stamp" || -n "$(find static -newer "$stamp" -print -quit)" ]]; then
    $PY manage.py collectstatic --noinput --clear -v 0
    touch "$stamp"
fi

$PY manage.py migrate --noinput -v 0
$PY manage.py seed_demo

# Stop a process and whatever it started: a warm stop first, then, after a grace period, a kill.
# Celery's solo pool finishes the task it holds before a warm stop, and its embedded beat is a child
# process; a task cut short is safe (late acknowledgement, idempotent jobs), a `make run` that never
# ends is not.
stop() {
    local pid=$1 grace_ticks=$2
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < grace_ticks; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.2
    done
    echo "  $3 did not stop within $((grace_ticks / 5)) s; killing it." >&2
    pkill -KILL -P "$pid" 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
}

.venv/bin/celery -A config worker -B --pool=solo --loglevel=WARNING &
worker=$!
web=
cleanup() {
    [[ -n "$web" ]] && stop "$web" 25 "The web server"
    stop "$worker" 50 "The worker"
    wait 2>/dev/null || true
}
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
