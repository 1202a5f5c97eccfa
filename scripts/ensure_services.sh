#!/usr/bin/env bash
# Make sure the PostgreSQL and Redis the tests use are answering. When they are meant to run on
# this machine and are down, start them (the commands this machine documents); otherwise say how.
set -uo pipefail

db_url="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/playbook}"
redis_url="${REDIS_URL:-redis://127.0.0.1:6379/15}"
host_of() { sed -E 's#^[a-z0-9+]+://([^@/]*@)?([^:/]+).*#\2#' <<<"$1"; }
port_of() { sed -nE 's#^[a-z0-9+]+://([^@/]*@)?[^:/]+:([0-9]+).*#\2#p' <<<"$1"; }
is_local() { [[ "$1" == "127.0.0.1" || "$1" == "localhost" || "$1" == "::1" ]]; }

db_host=$(host_of "$db_url"); db_port=$(port_of "$db_url"); db_port=${db_port:-5432}
redis_host=$(host_of "$redis_url"); redis_port=$(port_of "$redis_url"); redis_port=${redis_port:-6379}

answers() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }
status=0

if ! answers "$db_host" "$db_port"; then
  if is_local "$db_host" && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "PostgreSQL is down on $db_host:$db_port; starting it."
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    for _ in $(seq 1 30); do answers "$db_host" "$db_port" && break; sleep 1; done
  fi
  if ! answers "$db_host" "$db_port"; then
    echo "PostgreSQL is not answering at $db_host:$db_port. Start it, or set DATABASE_URL to one that runs." >&2
    status=1
  fi
fi

# Django's checks connect to the configured database itself (tests use test_<name>); create it
# when it is local and missing, so `makemigrations --check` has something to connect to.
if [ $status -eq 0 ] && is_local "$db_host" && command -v psql >/dev/null; then
  db_name=$(sed -nE 's#^[a-z0-9+]+://[^/]*/([^?]+).*#\1#p' <<<"$db_url")
  db_user=$(sed -nE 's#^[a-z0-9+]+://([^:@/]+)[:@].*#\1#p' <<<"$db_url")
  if [ -n "$db_name" ] && ! psql -h "$db_host" -p "$db_port" -U "${db_user:-postgres}" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$db_name'" 2>/dev/null | grep -q 1; then
    createdb -h "$db_host" -p "$db_port" -U "${db_user:-postgres}" "$db_name" 2>/dev/null || true
  fi
fi

if ! answers "$redis_host" "$redis_port"; then
  if is_local "$redis_host" && command -v redis-server >/dev/null; then
    echo "Redis is down on $redis_host:$redis_port; starting it."
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$redis_port" --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
    for _ in $(seq 1 30); do answers "$redis_host" "$redis_port" && break; sleep 1; done
  fi
  if ! answers "$redis_host" "$redis_port"; then
    echo "Redis is not answering at $redis_host:$redis_port. Start it, or set REDIS_URL to one that runs." >&2
    status=1
  fi
fi
exit $status
