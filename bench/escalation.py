"""How long one escalation pass takes with 10,000 overdue flags among 50,000, and how the andon
dashboard answers on that data.

Target (DESIGN.md §7): the pass in at most 2 s, exactly once. Uses its own PostgreSQL database
(playbook_bench_andon, created and migrated if missing; BENCH_DATABASE_URL overrides) and reseeds
the andon tables on every run. Prints figures; asserts only that the pass was exactly once.
    .venv/bin/python bench/escalation.py [--flags 50000] [--overdue 10000] [--batch 1000] [--requests 30]
"""

import argparse
import os
import statistics
import time
from datetime import timedelta

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/playbook_bench_andon")
import _benchdb as benchdb  # noqa: E402

SEVERITIES = ["low", "medium", "high", "critical"]


def seed(args):
    from django.db import connection

    from andon.models import Flag, FlagHold
    from playbook import clock
    from playbook.models import Membership, Network, Team, User

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE andon_flagevent, andon_flaghold, andon_flag, andon_escalationrun "
            "RESTART IDENTITY CASCADE"
        )
    network, _ = Network.objects.get_or_create(slug="bench-andon", defaults={"name": "Bench andon"})
    hub, _ = Team.objects.get_or_create(network=network, slug="hub", defaults={"name": "Hub", "kind": "hub"})
    teams = []
    for c in range(5):
        cluster, _ = Team.objects.get_or_create(
            network=network,
            slug=f"cluster-{c}",
            defaults={"name": f"Cluster {c}", "kind": "cluster", "parent": hub},
        )
        for t in range(8):
            team, _ = Team.objects.get_or_create(
                network=network, slug=f"team-{c}-{t}", defaults={"name": f"Team {c}.{t}", "parent": cluster}
            )
            teams.append(team)

    def person(username, team, role):
        # No email address: the bench measures the pass, not a mail queue nobody consumes here.
        user, _ = User.objects.get_or_create(username=username, defaults={"network": network, "email": ""})
        Membership.objects.get_or_create(user=user, team=team, defaults={"role": role})
        return user

    raiser = person("bench-member", teams[0], "member")
    hub_leader = person("bench-hub-leader", hub, "leader")
    cluster_leader = person("bench-cluster-leader", teams[0].parent, "leader")
    for team in teams:
        person(f"bench-lead-{team.slug}", team, "lead")
    for cluster in {team.parent for team in teams}:
        person(f"bench-leader-{cluster.slug}", cluster, "leader")

    now = clock.now()
    flags = []
    for i in range(args.flags):
        team = teams[i % len(teams)]
        overdue = i % (args.flags // args.overdue) == 0 if args.overdue else False
        resolved = not overdue and i % 3 == 0
        raised = now - timedelta(hours=30 + (i % 2000))
        # Overdue by under an hour, so each misses exactly one deadline (the shortest next one is 1 h).
        due = now - timedelta(minutes=1 + i % 50) if overdue else now + timedelta(hours=1 + i % 300)
        flags.append(
            Flag(
                network=network,
                team=team,
                holding_team=team,
                title=f"Bench flag {i}",
                description="Seeded for the escalation bench.",
                severity=SEVERITIES[i % 4],
                category="process",
                raised_by=raiser,
                raised_at=raised,
                hold=1,
                held_since=raised,
                acknowledge_by=due,
                resolve_by=due + timedelta(days=2),
                next_escalation_at=None if resolved else due,
                status="resolved" if resolved else "open",
                resolved_at=raised + timedelta(hours=5 + i % 40) if resolved else None,
                resolution="Fixed." if resolved else "",
                learning="Seeded learning." if resolved else "",
            )
        )
    Flag.objects.bulk_create(flags, batch_size=5000)
    FlagHold.objects.bulk_create(
        (
            FlagHold(
                flag=f,
                seq=1,
                team_id=f.team_id,
                tier="team",
                arrived_by="raised",
                started_at=f.raised_at,
                ended_at=f.resolved_at,
                outcome="resolved" if f.resolved_at else "",
            )  # fmt: skip
            for f in flags
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE andon_flag; ANALYZE andon_flaghold")
    due = Flag.objects.filter(next_escalation_at__lte=now).count()
    return now, due, hub_leader, cluster_leader


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--flags", type=int, default=50_000)
    parser.add_argument("--overdue", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    benchdb.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from andon.models import FlagEvent
    from andon.services import escalate_due_flags

    started = time.perf_counter()
    now, due, hub_leader, cluster_leader = seed(args)
    print(f"seeded {args.flags:,} flags, {due:,} of them overdue, in {time.perf_counter() - started:.1f} s")

    from django.urls import reverse

    reverse("andon-dashboard")  # load the URLconf, as a worker has after its first minute
    started = time.perf_counter()
    report = escalate_due_flags(at=now, batch_size=args.batch)
    elapsed = time.perf_counter() - started
    per_flag = FlagEvent.objects.filter(kind="escalated").values("flag_id").annotate(n=Count("id"))
    doubled = per_flag.filter(n__gt=1).count()
    moved_flags = per_flag.count()
    assert moved_flags == due and doubled == 0, (moved_flags, due, doubled)
    print(
        f"escalation pass: {report.moved:,} flags moved one level in {report.batches} batches of "
        f"{args.batch} in {elapsed:.2f} s   (target: 10,000 in <= 2 s); exactly once: {moved_flags:,} "
        f"flags with one escalation each, none doubled"
    )
    started = time.perf_counter()
    again = escalate_due_flags(at=now, batch_size=args.batch)
    print(
        f"second pass for the same minute: {len(again.steps)} steps in {time.perf_counter() - started:.3f} s"
    )

    for user in (hub_leader, cluster_leader):
        client = Client()
        client.force_login(user)
        client.get("/andon/")  # warm up
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/andon/")
        assert response.status_code == 200
        queries = len(captured)
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            client.get("/andon/")
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
        print(
            f"dashboard as {user.username:22s} {queries:3d} queries  "
            f"p50 {statistics.median(timings):7.1f} ms  "
            f"p95 {p95:7.1f} ms  ({args.requests} requests, one client)"
        )


if __name__ == "__main__":
    main()
