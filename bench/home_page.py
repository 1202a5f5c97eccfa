"""Home page latency and query count on the demo network, in process, on PostgreSQL.

Uses its own database (playbook_bench, created and migrated if missing). Prints figures; asserts
nothing. The 20-concurrent-user figure of DESIGN.md §7 needs a server under load and is not
measured here yet.
    .venv/bin/python bench/home_page.py [--requests 300]
"""

import argparse
import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/playbook_bench"
)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ["DJANGO_SETTINGS_MODULE"] = "playbook.settings"
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ["WHITENOISE_USE_FINDERS"] = "true"
os.environ["STATIC_MANIFEST"] = "false"


def ensure_database():
    import psycopg2
    from django.conf import settings

    db = settings.DATABASES["default"]
    conn = psycopg2.connect(dbname="postgres", user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
    conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()

    import django

    django.setup()
    ensure_database()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from playbook.models import User

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=StringIO())
    for username in ("ella", "maya.lead", "north.leader", "hub.leader", "admin"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        client.get("/")  # warm up
        with CaptureQueriesContext(connection) as captured:
            client.get("/")
        query_count = len(captured)  # now: the next request clears the log it slices
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get("/")
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"home as {username:13s} {query_count:3d} queries  p50 {statistics.median(timings):6.2f} ms  "
            f"p95 {p95:6.2f} ms  ({args.requests} requests, one client)"
        )


if __name__ == "__main__":
    main()
