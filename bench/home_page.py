"""Home page latency and query count on the demo network, in process, on PostgreSQL.

Uses its own database (playbook_bench, created and migrated if missing). Prints figures; asserts
nothing. The 20-concurrent-user figure of DESIGN.md §7 needs a server under load and is not
measured here yet.
    .venv/bin/python bench/home_page.py [--requests 300]
"""

import argparse
import statistics
import time
from io import StringIO

import _benchdb as benchdb


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()

    benchdb.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from playbook.models import User

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
