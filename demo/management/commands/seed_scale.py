"""Build a network of district (or state) size for benchmarks: ``manage.py seed_scale --scale district``.

Not demo data: nobody should log in to it for a tour. See ``demo/scale.py`` for what it holds.
"""

import time

from django.core.management.base import BaseCommand
from django.db import connection

from demo.scale import PASSWORD, SCALES, build
from measures.models import Measure
from measures.rebuild import rebuild_measure


class Command(BaseCommand):
    help = "Build a benchmark network of district or state size by bulk inserts (a new network each run)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="district")
        parser.add_argument("--no-charts", action="store_true", help="Leave the stored charts to the worker.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        network = build(options["scale"])
        if connection.vendor == "postgresql":
            # After a bulk load the planner's statistics are those of an empty network, and no page
            # is marked all-visible (so no index-only scan), until autovacuum comes by; a benchmark
            # run straight after must not measure that. VACUUM cannot run inside a transaction.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE" if connection.get_autocommit() else "ANALYZE")
        built = time.perf_counter()
        measures = list(
            Measure.objects.filter(focus_area__team__network=network).values_list("pk", flat=True)
        )
        if not options["no_charts"]:
            for pk in measures:
                rebuild_measure(pk)
        self.stdout.write(
            f"Network “{network.name}” (id {network.pk}): {network.teams.count()} teams, "
            f"{len(measures)} measures; rows in {built - started:.0f} s, charts in "
            f"{time.perf_counter() - built:.0f} s. Password for every login: {PASSWORD}"
        )
