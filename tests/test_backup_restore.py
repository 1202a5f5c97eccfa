"""`make backup` and `make restore` round-trip a real Playbook database.

A scratch database is migrated and given the demo network by the real commands, dumped with
`make backup`, restored with `make restore` into a second database, and the two compared table by
table. Nothing here is skipped: without pg_dump the backup fails, naming the package to install.
"""

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import environ
import psycopg2
import pytest
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
SERVER = environ.Env.db_url_config(os.environ["DATABASE_URL"])
SOURCE, TARGET = f"{SERVER['NAME']}_backup_src", f"{SERVER['NAME']}_backup_dst"


def url(name: str) -> str:
    auth = quote(SERVER["USER"], safe="") + (
        f":{quote(SERVER['PASSWORD'], safe='')}" if SERVER["PASSWORD"] else ""
    )
    return f"postgres://{auth}@{SERVER['HOST'] or '127.0.0.1'}:{SERVER['PORT'] or 5432}/{name}"


@contextmanager
def connect(name: str):
    # Not psycopg2's own `with connection`: that opens a transaction, where DROP DATABASE cannot run.
    connection = psycopg2.connect(url(name))
    connection.autocommit = True
    try:
        yield connection
    finally:
        connection.close()


def drop(*names: str, then_create: bool = False) -> None:
    with connect("postgres") as server, server.cursor() as cursor:
        for name in names:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            if then_create:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def environment(tmp_path, database: str | None, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "REDIS_URL")}
    env.update(
        SECRET_KEY="backup-test-only",
        PLAYBOOK_VAR_DIR=str(tmp_path / "var"),  # its file broker keeps the demo's jobs off Redis
        BACKUP_DIR=str(tmp_path / "backups"),
        **extra,
    )
    if database is None:
        env.pop("DATABASE_URL", None)
    else:
        env["DATABASE_URL"] = url(database)
    return env


def run(args, env, check=True) -> subprocess.CompletedProcess:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if check:
        assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done


def manage(*args, env):
    return run([sys.executable, "manage.py", *args], env)


def snapshot(name: str) -> dict:
    """Row counts of every table, a few rows' contents and where each id sequence stands."""
    with connect(name) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
            counts[table] = cursor.fetchone()[0]
        cursor.execute("SELECT username, password, is_superuser FROM playbook_user ORDER BY username")
        people = cursor.fetchall()
        cursor.execute("SELECT measure_id, period, value FROM playbook_datapoint ORDER BY 1, 2")
        points = cursor.fetchall()
        cursor.execute("SELECT title, status, holding_team_id FROM andon_flag ORDER BY title")
        flags = cursor.fetchall()
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = cursor.fetchall()
        cursor.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"
        )
        sequences = cursor.fetchall()
    return {
        "counts": counts,
        "people": people,
        "points": points,
        "flags": flags,
        "migrations": migrations,
        "sequences": sequences,
    }


@pytest.fixture(scope="module")
def backup(tmp_path_factory):
    """The demo network in a scratch database, and its backup made by `make backup`."""
    tmp_path = tmp_path_factory.mktemp("backup")
    drop(SOURCE, then_create=True)
    env = environment(tmp_path, SOURCE)
    manage("migrate", "--noinput", env=env)
    manage("seed_demo", env=env)
    made = run(["make", "-s", "backup"], env)
    dumps = sorted((tmp_path / "backups").glob("playbook-*.dump"))
    yield {"tmp": tmp_path, "dump": dumps, "said": made.stdout, "source": snapshot(SOURCE)}
    drop(SOURCE, TARGET)


@pytest.fixture
def target(backup):
    """An empty database to restore into, fresh for each test."""
    drop(TARGET, then_create=True)
    return environment(backup["tmp"], TARGET)


def test_make_backup_writes_one_timestamped_custom_format_dump(backup):
    [dump] = backup["dump"]
    assert dump.name.startswith("playbook-") and dump.suffix == ".dump"
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert f"to {dump}" in backup["said"]
    assert not SERVER["PASSWORD"] or SERVER["PASSWORD"] not in backup["said"]


def test_the_demo_data_is_in_the_source(backup):
    counts = backup["source"]["counts"]
    assert counts["playbook_user"] == 31
    assert counts["playbook_datapoint"] > 50 and counts["andon_flag"] >= 3 and counts["cycles_cycle"] >= 2
    assert counts["huddles_meeting"] > 10 and counts["huddles_noteentry"] > 10


def test_make_restore_brings_back_every_table_and_row(backup, target):
    [dump] = backup["dump"]
    run(["make", "-s", "restore", f"FILE={dump}"], target)
    assert snapshot(TARGET) == backup["source"]


def test_restoring_over_a_changed_database_puts_it_back_as_backed_up(backup, target):
    [dump] = backup["dump"]
    env = target
    run(["make", "-s", "restore", f"FILE={dump}"], env)
    with connect(TARGET) as connection, connection.cursor() as cursor:
        cursor.execute("UPDATE playbook_datapoint SET value = value + 1")
        cursor.execute("UPDATE playbook_user SET password = 'changed'")
        cursor.execute("DELETE FROM playbook_notification")
        cursor.execute("CREATE TABLE made_after_the_backup (id int)")
    run(["make", "-s", "restore", f"FILE={dump}"], env)
    restored = snapshot(TARGET)
    # --clean replaces what the dump holds and leaves alone what it does not know.
    assert restored["counts"].pop("made_after_the_backup") == 0
    assert restored == backup["source"]


def test_the_restored_database_serves_playbook(backup, target):
    [dump] = backup["dump"]
    env = target
    run(["make", "-s", "restore", f"FILE={dump}"], env)
    checked = manage("migrate", "--check", "--noinput", env=env)  # nothing left to apply
    assert checked.returncode == 0


def test_make_restore_refuses_without_a_file(tmp_path):
    refused = run(["make", "-s", "restore"], environment(tmp_path, TARGET), check=False)
    assert refused.returncode != 0
    assert "make restore FILE=" in refused.stderr


def test_make_restore_refuses_a_file_that_is_not_there(tmp_path):
    refused = run(
        ["make", "-s", "restore", f"FILE={tmp_path}/nothing.dump"], environment(tmp_path, TARGET), check=False
    )
    assert refused.returncode != 0
    assert "No such backup file" in refused.stderr


def test_make_backup_needs_a_postgres_database_url(tmp_path):
    refused = run(["make", "-s", "backup"], environment(tmp_path, None), check=False)
    assert refused.returncode != 0
    assert "needs DATABASE_URL" in refused.stderr


def test_without_pg_dump_the_backup_names_the_package_to_install(tmp_path):
    # A PATH with what the script needs from the system, less the PostgreSQL client.
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("bash", "dirname", "date", "mkdir", "sed", "du", "cut", "mv", "rm", "ls", "head"):
        (tools / tool).symlink_to(shutil.which(tool))
    env = environment(tmp_path, SOURCE, PATH=str(tools))
    refused = run([str(tools / "bash"), "scripts/backup.sh"], env, check=False)
    assert refused.returncode == 127
    assert "pg_dump is not installed" in refused.stderr and "postgresql-client" in refused.stderr


def test_pg_dump_and_pg_restore_are_installed():
    """The round trip above needs them; say what to install rather than skip."""
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    assert not missing, f"{', '.join(missing)} missing: apt-get install postgresql-client"
