# Shared by scripts/backup.sh and scripts/restore.sh (sourced, not run).

need_postgres_url() {
  case "${DATABASE_URL:-}" in
    postgres://* | postgresql://*) ;;
    "")
      echo "make $1 needs DATABASE_URL, e.g. DATABASE_URL=postgres://user:pass@host:5432/playbook make $1." >&2
      echo "(The embedded default keeps its data in var/playbook.sqlite3: copy that file while Playbook is stopped.)" >&2
      exit 2
      ;;
    *)
      echo "make $1 works on PostgreSQL; DATABASE_URL is not a postgres:// URL." >&2
      exit 2
      ;;
  esac
}

need_client() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "$1 is not installed: it comes with the PostgreSQL client tools, package postgresql-client" \
      "(apt-get install postgresql-client), in the same major version as the server or newer." >&2
    exit 127
  fi
}

# DATABASE_URL without its password, for messages.
redacted_url() {
  sed -E 's#^(postgres(ql)?://[^:/@]*):[^@]*@#\1:***@#' <<<"$DATABASE_URL"
}
