"""Cycle list page: queries and latency with 2 and with 2,000 cycles, in process, on PostgreSQL.

Uses its own database (BENCH_DATABASE_URL, default playbook_cycles_bench; created and migrated if
missing). Prints figures; asserts nothing. DESIGN.md §7: the same number of queries for 2 rows as
for 2,000, and a p95 that leaves room under 50 ms.
    .venv/bin/python bench/cycle_list.py [--requests 200]
"""

import argparse
import os
import statistics
import time

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/playbook_cycles_bench")

import _benchdb as benchdb  # noqa: E402


def seed(total):
    from datetime import date, timedelta

    from cycles.models import Cycle, Prediction
    from playbook.models import Membership, Network, Team, User

    Cycle.objects.all().delete()
    network, _ = Network.objects.get_or_create(slug="bench-cycles", defaults={"name": "Bench cycles"})
    hub, _ = Team.objects.get_or_create(network=network, slug="hub", defaults={"name": "Hub", "kind": "hub"})
    team, _ = Team.objects.get_or_create(
        network=network, slug="team", defaults={"name": "Team", "parent": hub}
    )
    leader, _ = User.objects.get_or_create(username="bench.leader", defaults={"network": network})
    Membership.objects.get_or_create(user=leader, team=hub, defaults={"role": "leader"})
    start = date(2026, 1, 5)
    cycles = Cycle.objects.bulk_create(
        Cycle(
            team=team,
            title=f"Cycle {i}",
            owner=leader,
            objective="Bench",
            starts_on=start + timedelta(days=i % 90),
            ends_on=start + timedelta(days=i % 90 + 10),
        )
        for i in range(total)
    )
    Prediction.objects.bulk_create(
        Prediction(cycle=c, statement=f"Prediction {n}", position=n) for c in cycles for n in range(2)
    )
    return leader


def measure(leader, requests):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(leader)
    client.get("/cycles/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/cycles/").status_code == 200
    queries = len(captured)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        assert client.get("/cycles/").status_code == 200
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return queries, statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    benchdb.setup()
    for total in (2, 2000):
        leader = seed(total)
        queries, p50, p95 = measure(leader, args.requests)
        print(
            f"cycle list, {total:5d} cycles: {queries:3d} queries  p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  "
            f"({args.requests} requests, one client, first page of 50)"
        )


if __name__ == "__main__":
    main()
