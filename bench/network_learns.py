"""The leaders' pages on a district-sized network, in process, on PostgreSQL: latency and queries.

Issue 16's bar: the leaders' home, measures at a glance and the learning search answer in under
100 ms in process at district scale (67 teams, 600 people, 1,200 measures, 50,000 flags, 6,000
cycles). The home page is timed on a first look and again (a leader's figures across teams are kept
two minutes per person). Builds that network once with ``seed_scale`` in its own database (playbook_bench) and
reuses it on later runs. Prints figures; asserts nothing.

    .venv/bin/python bench/network_learns.py [--requests 30] [--scale district]
"""

import argparse
import statistics
import time
from io import StringIO

import _benchdb as benchdb

# The home page and its API twice: a first look (every panel read, as after two minutes away) and
# a look again within the two minutes a worker keeps a leader's figures across teams (``kept_for``).
FIRST_LOOK = "first look"
PAGES = [
    (f"home, {FIRST_LOOK}", "/"),
    ("home, again", "/"),
    ("measures at a glance", "/focus/at-a-glance/"),
    ("measures at a glance, concerns", "/focus/at-a-glance/?signal=deterioration&sort=variation"),
    ("API measures at a glance", "/api/v1/measures/at-a-glance/"),
    ("learnings: one word", "/learnings/?q=phonics"),
    ("learnings: two words, kind", "/learnings/?q=reading+tutoring&kind=flag"),
    ("API learnings", "/api/v1/learnings/?q=attendance"),
    (f"API home, {FIRST_LOOK}", "/api/v1/home/"),
    ("API home, again", "/api/v1/home/"),
    ("andon dashboard", "/andon/"),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--scale", default="district")
    args = parser.parse_args()

    benchdb.setup()
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from playbook.models import Network, User

    network = Network.objects.filter(name=f"Scale network ({args.scale})").order_by("-pk").first()
    if network is None:
        started = time.perf_counter()
        call_command("seed_scale", scale=args.scale, stdout=StringIO())
        network = Network.objects.filter(name=f"Scale network ({args.scale})").order_by("-pk").first()
        print(f"built the {args.scale} network in {time.perf_counter() - started:.0f} s")
    counts = {
        "teams": network.teams.count(),
        "people": User.objects.filter(network=network).count(),
        "flags": network.andon_flags.count(),
    }
    print(f"{args.scale} network {network.pk}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    # As a running site has them: the beat counts every team's uptake every five minutes.
    from huddles.services.uptake import keep_uptake_counts

    started = time.perf_counter()
    teams = keep_uptake_counts()
    took = (time.perf_counter() - started) * 1000
    print(f"kept the uptake of {teams:,} teams in {took:.0f} ms (the beat's job)")

    kept = caches["panels"]
    viewers = [
        ("hub leader", f"hub-leader-{network.pk}"),
        ("cluster leader", f"cluster-1-leader-{network.pk}"),
        ("team lead", f"school-1-1-lead-{network.pk}"),
    ]
    for who, username in viewers:
        client = Client()
        client.force_login(User.objects.get(username=username))
        for label, url in PAGES:
            response = client.get(url)  # warm up
            if response.status_code != 200:
                print(f"{who:14s} {label:32s} answered {response.status_code}")
                continue
            first_look = FIRST_LOOK in label
            if first_look:
                kept.clear()
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            queries = len(captured)
            timings = []
            for _ in range(args.requests):
                if first_look:
                    kept.clear()
                started = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
            print(
                f"{who:14s} {label:32s} {queries:3d} queries  p50 {statistics.median(timings):7.1f} ms  "
                f"p95 {p95:7.1f} ms  ({args.requests} requests)"
            )


if __name__ == "__main__":
    main()
