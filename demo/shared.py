"""A shared measure at the demo hub, adopted by three schools with their weekly data (issue 16).

The hub defines "Pupils present all week" once; Marsh Lane's attendance team, Hillcrest's Year 9
team and Riverside's pastoral team adopt it, so a hub leader's page shows three charts on one scale,
a funnel of different sizes (a year group of 60, two of about 200) and the roll-up. Marsh Lane's
attendance work lifts its share after the demo's change; the others hold steady.

Every row is found or created by a natural key and each week's numbers are drawn from the measure,
team and week alone, so a second run changes nothing and a later one only adds the weeks since.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from demo.timeline import Timeline
from measures.data_input import PointInput
from measures.models import DataPoint, FocusArea, Measure, SharedMeasure
from measures.services.data import record_points
from measures.services.focus import create_focus_area, update_focus_area
from measures.services.shared import adopt_shared_measure, create_shared_measure
from playbook.models import Team, User

NAME = "Pupils present all week"
DEFINITION = (
    "Pupils on roll who were present (or on an approved educational activity) at every session from "
    "Monday to Friday, of the pupils on roll that week. From the register, as of Monday 9am."
)


@dataclass(frozen=True)
class Adopter:
    lead: str
    title: str
    problem: str
    aim_what: str
    aim_how_much: str
    pupils: tuple[int, int]  # on roll, a week
    before: tuple[float, float]  # the share present all week, before the demo's change
    after: tuple[float, float]  # and since


# Each school adopts it into a focus area of its own: the demo's first two focus areas keep one
# measure of each kind, which the cycles' story (demo/cycles.py) picks by kind.
ADOPTERS = {
    "marsh-attendance": Adopter(
        "sam.lead", "Punctuality and the whole week",
        "Pupils who come in late or miss a Friday lose whole sessions; one in three misses one most weeks.",
        "Raise the share of pupils present all week", "from 66% to 80%",
        (205, 215), (0.62, 0.70), (0.72, 0.80),
    ),
    "hillcrest-y9": Adopter(
        "nina.lead", "Year 9 belonging and attendance",
        "Year 9 attendance dips after the autumn half term, and pupils say they do not feel they belong.",
        "Raise the share of Year 9 pupils present all week", "from 70% to 85%",
        (175, 185), (0.66, 0.74), (0.66, 0.74),
    ),
    "riverside-pastoral": Adopter(
        "ruth.lead", "Year 7 transition",
        "New Year 7 pupils who miss sessions in their first term rarely catch up on belonging or work.",
        "Raise the share of Year 7 pupils present all week", "from 78% to 88%",
        (58, 62), (0.74, 0.84), (0.74, 0.84),
    ),
}  # fmt: skip


def seed_shared_measures(
    timeline: Timeline, teams: dict[str, Team], people: dict[str, User]
) -> list[Measure]:
    """The hub's shared measure and each school's adoption of it, with data up to last week."""
    shared = SharedMeasure.objects.filter(network_id=teams["hub"].network_id, name=NAME).first()
    if shared is None:
        shared = create_shared_measure(
            team=teams["hub"], by=people["hub.leader"], name=NAME, kind="outcome", definition=DEFINITION,
            unit="pupils", data_kind="proportion", direction="up", frequency="weekly", target=0.85,
        )  # fmt: skip
    measures = []
    for slug, adopter in ADOPTERS.items():
        owner = people[adopter.lead]
        focus_area = _focus_area(timeline, teams[slug], adopter, owner)
        measure = Measure.objects.filter(focus_area=focus_area, shared_measure=shared).first()
        if measure is None:
            measure = adopt_shared_measure(shared=shared, focus_area=focus_area, by=owner)
        _top_up(timeline, measure, slug, adopter, owner)
        measures.append(measure)
    return measures


def _focus_area(timeline: Timeline, team: Team, adopter: Adopter, owner: User) -> FocusArea:
    aim = timeline.this_week + timedelta(weeks=24, days=4)
    focus_area = FocusArea.objects.filter(team=team, title=adopter.title).first()
    if focus_area is None:
        return create_focus_area(
            team=team, by=owner, owner=owner, title=adopter.title, status="active", aim_by_when=aim,
            problem=adopter.problem, aim_what=adopter.aim_what, aim_how_much=adopter.aim_how_much,
        )  # fmt: skip
    if focus_area.aim_by_when <= timeline.today:  # seeded long ago: the aim moves on with the demo
        focus_area = update_focus_area(focus_area=focus_area, by=owner, aim_by_when=aim)
    return focus_area


def _top_up(timeline: Timeline, measure: Measure, slug: str, adopter: Adopter, owner: User) -> None:
    have = set(DataPoint.all_objects.filter(measure=measure).values_list("period", flat=True))
    points = []
    for week in timeline.weeks():
        if week in have:
            continue
        rng = random.Random(f"{NAME}|{slug}|{week.isoformat()}")
        on_roll = rng.randint(*adopter.pupils)
        share = rng.uniform(*(adopter.after if week >= timeline.change else adopter.before))
        points.append(PointInput(period=week, numerator=round(on_roll * share), denominator=on_roll))
    if not points:
        return
    saved = record_points(measure=measure, by=owner, points=points)
    # Each week was entered on its Monday morning, from the register (the table shows when).
    for point in saved:
        point.entered_at = point.updated_at = timeline.at(point.period + timedelta(days=7), 9)
    DataPoint.objects.bulk_update(saved, ["entered_at", "updated_at"])
