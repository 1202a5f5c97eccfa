#!/usr/bin/env bash
# `make restore FILE=var/backups/playbook-....dump`: replace what the dump holds in the PostgreSQL
# database named by DATABASE_URL (pg_restore --clean --if-exists), in one transaction: if any part
# fails, the database is left as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_postgres_url.sh

file="${1:-}"
if [[ -z "$file" ]]; then
  echo "Say which backup to restore: make restore FILE=var/backups/playbook-<timestamp>.dump" >&2
  ls -1t "${BACKUP_DIR:-var/backups}"/playbook-*.dump 2>/dev/null | head -5 | sed 's/^/  /' >&2 || true
  exit 2
fi
if [[ ! -f "$file" ]]; then
  echo "No such backup file: $file" >&2
  exit 2
fi
need_postgres_url restore
need_client pg_restore

echo "Restoring $file into $(redacted_url) ..."
# --no-owner/--no-privileges: the restoring role owns what it restores, so a dump taken as one
# database user restores as another (a new server, a scratch copy).
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
  --dbname="$DATABASE_URL" "$file"
echo "Restored. If this code is newer than the backup, run \`make migrate\` next."
