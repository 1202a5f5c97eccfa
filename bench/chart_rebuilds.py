"""How long rebuilding every stored chart takes: 1,000 measures of a year's weekly data each.

Target (DESIGN.md §7): at most 10 s on one worker. Uses the playbook_bench database and leaves
its data there for the next run. Prints figures; asserts nothing.
    .venv/bin/python bench/chart_rebuilds.py [--measures 1000] [--points 52]
"""

import argparse
import random
import time
from datetime import date, timedelta
from io import StringIO

import _benchdb as benchdb


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--measures", type=int, default=1000)
    parser.add_argument("--points", type=int, default=52)
    args = parser.parse_args()
    benchdb.setup()
    from django.core.management import call_command

    from measures.models import DataPoint, FocusArea, Measure
    from measures.tasks import rebuild_all_charts
    from playbook.models import Team, User

    call_command("seed_demo", stdout=StringIO())
    team = Team.objects.get(slug="oakfield-maths")
    owner = User.objects.get(username="ben.lead")
    focus_area, _ = FocusArea.objects.get_or_create(
        team=team,
        title="Bench: many measures",
        defaults={
            "problem": "-",
            "aim_what": "-",
            "aim_how_much": "-",
            "aim_by_when": date(2027, 1, 1),
            "owner": owner,
        },
    )
    have = Measure.objects.filter(focus_area=focus_area).count()
    kinds = ["continuous", "proportion", "count", "rate"]
    rng = random.Random(7)
    for i in range(have, args.measures):
        data_kind = kinds[i % 4]
        measure = Measure.objects.create(
            focus_area=focus_area,
            name=f"Bench measure {i}",
            kind="process",
            definition="-",
            data_kind=data_kind,
            chart_type="i" if i % 8 == 0 else "",
        )
        points = []
        for w in range(args.points):
            period = date(2025, 1, 6) + timedelta(weeks=w)
            if data_kind in ("proportion", "rate"):
                d = rng.randint(20, 40)
                points.append(
                    DataPoint(measure=measure, period=period, numerator=rng.randint(0, d), denominator=d)
                )
            else:
                points.append(DataPoint(measure=measure, period=period, value=rng.randint(0, 30)))
        DataPoint.objects.bulk_create(points)
    total = Measure.objects.count()
    started = time.perf_counter()
    rebuilt = rebuild_all_charts()  # called in process: the worker runs exactly this function
    elapsed = time.perf_counter() - started
    print(
        f"rebuilt {rebuilt} stored charts for {total} measures ({args.points} points each) "
        f"in {elapsed:.2f} s = {1000 * elapsed / max(rebuilt, 1):.2f} ms per chart"
        "   (target: 1,000 in <= 10 s)"
    )


if __name__ == "__main__":
    main()
