#!/usr/bin/env bash
# `make backup`: the PostgreSQL database named by DATABASE_URL, dumped in pg_dump's custom format
# to var/backups/playbook-<UTC timestamp>.dump (BACKUP_DIR to put it elsewhere). Restore it with
# `make restore FILE=...`. Redis is not backed up: it holds only Celery's queue of jobs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_postgres_url.sh

need_postgres_url backup
need_client pg_dump

backup_dir="${BACKUP_DIR:-var/backups}"
mkdir -p "$backup_dir"
file="$backup_dir/playbook-$(date -u +%Y%m%dT%H%M%SZ).dump"
if [[ -e "$file" ]]; then
  echo "$file already exists; wait a second and run it again." >&2
  exit 1
fi

# Written under a temporary name, so a dump that fails half-way never looks like a backup.
partial="$file.partial"
trap 'rm -f "$partial"' EXIT
pg_dump --format=custom --file="$partial" --dbname="$DATABASE_URL"
mv "$partial" "$file"
trap - EXIT
echo "Backed up $(redacted_url) to $file ($(du -h "$file" | cut -f1))."
