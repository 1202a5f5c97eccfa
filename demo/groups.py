"""The demo network's pupil groups, and the reading outcome broken down by them for the last 20 weeks.

Year 2 has about 30 pupils a week on the probe; a week when few English learners were probed shows
a group too small to show (suppressed, with its reason). Numbers come from a generator seeded by
the group and the week, so a second run stores nothing new (the service skips unchanged figures).
"""

from __future__ import annotations

import random
from datetime import timedelta

from demo.series import READING
from demo.timeline import Timeline
from measures.models import Measure, PupilGroup
from measures.services.groups import GroupPointInput, record_group_points
from playbook.models import Network, User

GROUPS = {
    "Free school meals": ("Eligible", "Not eligible"),
    "English learners": ("Yes", "No"),
    "Gender": ("Girls", "Boys"),
}
MEASURE = "Year 2 pupils reading 90+ wpm"
WEEKS = 20
SMALL_WEEK = 3  # weeks after the change (a date that stays put): only 8 English learners were probed

# Each group's share reading 90+ wpm before and after the change: the disadvantaged trail, and
# paired reading narrows the gap without closing it.
SHARES = {
    "Eligible": (0.3, 0.55), "Not eligible": (0.5, 0.66), "Yes": (0.32, 0.55), "No": (0.48, 0.65),
    "Girls": (0.46, 0.64), "Boys": (0.42, 0.6),
}  # fmt: skip


def seed_pupil_groups(timeline: Timeline, network: Network, people: dict[str, User]) -> None:
    groups = {}
    for dimension, names in GROUPS.items():
        for position, name in enumerate(names):
            groups[name], _ = PupilGroup.objects.get_or_create(
                network=network, dimension=dimension, name=name, defaults={"position": position}
            )
    measure = Measure.objects.filter(
        focus_area__team__slug=READING[0], focus_area__title=READING[1], name=MEASURE
    ).first()
    if measure is None:
        return
    weeks = list(timeline.weeks())[-WEEKS:]
    points = []
    for week in weeks:
        after = week >= timeline.change
        rng = random.Random(f"pupil groups|{week.isoformat()}")
        sizes = {"Eligible": rng.randint(10, 13), "Yes": rng.randint(10, 14), "Girls": rng.randint(13, 17)}
        if week == timeline.change + timedelta(weeks=SMALL_WEEK):
            sizes["Yes"] = 8
        for first, second in GROUPS.values():
            pupils = sizes[first]
            for name, count in ((first, pupils), (second, 30 - pupils)):
                share = SHARES[name][after] + rng.uniform(-0.08, 0.08)
                numerator = max(0, min(count, round(count * share)))
                points.append(
                    GroupPointInput(group=groups[name], period=week, numerator=numerator, denominator=count)
                )
    record_group_points(measure=measure, by=people["maya.lead"], points=points)
