"""Two focus areas, their measures and weekly data up to last week, with a real shift after each change.

Each value is drawn from a generator seeded by the measure and the week alone, so a second run
draws the same numbers and a later run only adds the weeks that have passed since.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from demo.timeline import WEEKS_BEFORE, Timeline
from measures.data_input import PointInput
from measures.models import DataPoint, FocusArea, Measure
from measures.services.data import record_points
from measures.services.exclusions import exclude
from measures.services.focus import create_focus_area, create_measure, update_focus_area
from playbook.models import Team, User

READING = ("oakfield-reading", "Early reading fluency")
ATTENDANCE = ("marsh-attendance", "Persistent absence")
SESSIONS = "Paired reading sessions held"  # its phase date is the demo's anchor (see timeline.py)


@dataclass(frozen=True)
class MeasureSpec:
    name: str
    kind: str
    data_kind: str
    direction: str
    unit: str
    definition: str
    target: float | None
    # One week's value from (a generator, weeks since the demo's change): a value or (num, den).
    value: Callable[[random.Random, int], float | tuple[int, int]]
    new_phase_at: int | None = None  # a deliberate new process from that week: a phase of its own
    baseline: int | None = None  # centre line frozen on the weeks before any change
    chart_type: str = ""  # blank: the default for the kind of data
    # Rare events: (a generator, weeks since the change) -> whether one happened that week.
    happened: Callable[[random.Random, int], bool] | None = None


@dataclass(frozen=True)
class FocusSpec:
    team: str
    owner: str
    title: str
    problem: str
    aim_what: str
    aim_how_much: str
    aim_weeks: int  # the aim's date: the Friday this many weeks from this week
    status: str
    measures: list[MeasureSpec] = field(default_factory=list)


def _share(rng: random.Random, low: float, high: float, pupils: tuple[int, int]) -> tuple[int, int]:
    denominator = rng.randint(*pupils)
    return round(denominator * rng.uniform(low, high)), denominator


FOCUS_AREAS = [
    FocusSpec(
        READING[0],
        "maya.lead",
        READING[1],
        "Only 45% of Year 2 pupils read 90 words a minute on the autumn probe; "
        "disadvantaged pupils trail by 20 points.",
        "Raise the share of Year 2 pupils reading 90+ words a minute",
        "from 45% to 75%",
        30,
        "active",
        [
            MeasureSpec(
                "Year 2 pupils reading 90+ wpm",
                "outcome",
                "proportion",
                "up",
                "share of pupils",
                "Pupils reading 90+ correct words a minute on the weekly one-minute probe, of those probed.",
                0.75,
                # Daily paired reading lifts the share from about 45% to about 63%.
                lambda r, n: (r.randint(17, 21) if n >= 0 else r.randint(11, 16), 30),
                baseline=WEEKS_BEFORE,
            ),
            MeasureSpec(
                SESSIONS,
                "process",
                "count",
                "up",
                "sessions",
                "Ten-minute paired reading sessions logged in the class register, per week.",
                40,
                lambda r, n: r.randint(34, 42) if n >= 0 else r.randint(4, 9),
                new_phase_at=0,
            ),
            MeasureSpec(
                "Minutes of maths lost to catch-up",
                "balancing",
                "continuous",
                "down",
                "minutes",
                "Minutes of timetabled maths that Year 2 pupils missed for reading catch-up, per week.",
                None,
                # The balancing measure holds steady: paired reading does not eat into maths.
                lambda r, n: round(r.uniform(22, 38), 1),
            ),
            MeasureSpec(
                "Reading probe scores",
                "outcome",
                "subgroup",
                "up",
                "words a minute",
                "Correct words a minute on the weekly one-minute probe: one score for each Year 2 pupil "
                "probed that week.",
                80,
                # One score per pupil probed (20 to 28 a week); paired reading lifts the mean by about 10.
                lambda r, n: [
                    round(max(r.gauss(78 if n >= 0 else 68, 11), 5)) for _ in range(r.randint(20, 28))
                ],
                chart_type="xbar",
            ),
        ],
    ),
    FocusSpec(
        ATTENDANCE[0],
        "sam.lead",
        ATTENDANCE[1],
        "One pupil in five missed 10% or more of sessions last year, most of them on Mondays and Fridays.",
        "Cut persistent absence",
        "from 20% to 12% of pupils",
        20,
        "active",
        [
            MeasureSpec(
                "Attendance rate",
                "outcome",
                "continuous",
                "up",
                "%",
                "Sessions attended as a percentage of possible sessions, whole school, per week.",
                96.0,
                # The Sunday texts (from week 1) lift it a little, first-day calls (week 6) more.
                lambda r, n: round(
                    r.gauss(95.4, 0.25) if n >= 6 else r.gauss(94.8, 0.25) if n >= 1 else r.gauss(93.8, 0.6),
                    1,
                ),
                baseline=WEEKS_BEFORE + 1,
            ),
            MeasureSpec(
                "Absent pupils called by 9:30",
                "process",
                "proportion",
                "up",
                "share of absent pupils",
                "Pupils absent at registration whose family was phoned by 9:30, of all pupils absent "
                "at registration, per week.",
                0.9,
                lambda r, n: _share(r, 0.85, 0.98, (24, 38)) if n >= 6 else _share(r, 0.3, 0.5, (24, 38)),
                new_phase_at=6,
            ),
            MeasureSpec(
                "Days between serious incidents",
                "balancing",
                "days_between",
                "up",
                "days",
                "School days from one serious behaviour incident (logged by the head) to the next; each "
                "point is dated to the week the incident happened.",
                None,
                # The day of the week it happened on, which sets the days since the one before.
                lambda r, n: r.randint(0, 4),
                chart_type="t",
                happened=lambda r, n: r.random() < (0.2 if n >= 6 else 0.35),
            ),
        ],
    ),
]
# A week the school was closed, left out of one measure's limits (weeks from the change).
SNOW_DAY = ("Attendance rate", -6, "School closed for snow")


def aim_date(timeline: Timeline, spec: FocusSpec) -> date:
    return timeline.this_week + timedelta(weeks=spec.aim_weeks, days=4)


def seed_focus_areas(timeline: Timeline, teams: dict[str, Team], people: dict[str, User]) -> list[Measure]:
    """Each focus area with its measures, an aim still ahead, and every week's data up to last week."""
    measures = []
    for spec in FOCUS_AREAS:
        owner = people[spec.owner]
        focus_area = _focus_area(timeline, spec, teams[spec.team], owner)
        for measure_spec in spec.measures:
            measure = _measure(timeline, focus_area, measure_spec, owner)
            if measure_spec.happened is None:
                _top_up(timeline, measure, measure_spec, owner)
            else:
                _top_up_events(timeline, measure, measure_spec, owner)
            measures.append(measure)
    _snow_day(timeline, measures)
    return measures


def _snow_day(timeline: Timeline, measures: list[Measure]) -> None:
    name, weeks, reason = SNOW_DAY
    measure = next(m for m in measures if m.name == name)
    week = timeline.week(weeks)
    if measure.data_points.filter(period=week).exists() and not measure.exclusions.exists():
        exclude(measure=measure, period=week, reason=reason, by=measure.focus_area.owner)


def _focus_area(timeline: Timeline, spec: FocusSpec, team: Team, owner: User) -> FocusArea:
    focus_area = FocusArea.objects.filter(team=team, title=spec.title).first()
    if focus_area is None:
        return create_focus_area(
            team=team,
            by=owner,
            title=spec.title,
            problem=spec.problem,
            aim_what=spec.aim_what,
            aim_how_much=spec.aim_how_much,
            aim_by_when=aim_date(timeline, spec),
            owner=owner,
            status=spec.status,
        )
    if focus_area.aim_by_when <= timeline.today:  # seeded long ago: the aim moves on with the demo
        focus_area = update_focus_area(focus_area=focus_area, by=owner, aim_by_when=aim_date(timeline, spec))
    return focus_area


def _measure(timeline: Timeline, focus_area: FocusArea, spec: MeasureSpec, owner: User) -> Measure:
    measure = Measure.objects.filter(focus_area=focus_area, name=spec.name).first()
    if measure is not None:
        return measure
    return create_measure(
        focus_area=focus_area,
        by=owner,
        targets=[(timeline.first_week, spec.target)] if spec.target is not None else None,
        name=spec.name,
        kind=spec.kind,
        data_kind=spec.data_kind,
        direction=spec.direction,
        unit=spec.unit,
        definition=spec.definition,
        frequency=Measure.Frequency.WEEKLY,
        chart_type=spec.chart_type,
        baseline=spec.baseline,
        phase_dates=[timeline.week(spec.new_phase_at)] if spec.new_phase_at is not None else [],
    )


def _top_up(timeline: Timeline, measure: Measure, spec: MeasureSpec, owner: User) -> None:
    """Add the weeks that have no point yet (an archived point counts as entered: it stays gone)."""
    have = set(DataPoint.all_objects.filter(measure=measure).values_list("period", flat=True))
    points = []
    for week in timeline.weeks():
        if week in have:
            continue
        since = (week - timeline.change).days // 7
        value = spec.value(random.Random(f"{spec.name}|{week.isoformat()}"), since)
        if isinstance(value, tuple):
            points.append(PointInput(period=week, numerator=value[0], denominator=value[1]))
        elif isinstance(value, list):
            points.append(PointInput(period=week, observations=value))
        else:
            points.append(PointInput(period=week, value=value))
    _record(timeline, measure, owner, points)


def _top_up_events(timeline: Timeline, measure: Measure, spec: MeasureSpec, owner: User) -> None:
    """A rare event's days since the one before, dated to the Monday of its week (the demo's data is
    weekly). Whether a week had one, and on which day, is drawn from that week alone, so a later seed
    agrees with an earlier one; the latest week always has one, so the chart reaches last week."""
    have = set(DataPoint.all_objects.filter(measure=measure).values_list("period", flat=True))
    previous = None
    points = []
    for week in timeline.weeks():
        since = (week - timeline.change).days // 7
        rng = random.Random(f"{spec.name}|{week.isoformat()}")
        day = week + timedelta(days=spec.value(rng, since))
        if not (week in have or week == timeline.last_week or spec.happened(rng, since)):
            continue
        if previous is not None and week not in have:
            points.append(PointInput(period=week, value=(day - previous).days))
        previous = day
    _record(timeline, measure, owner, points)


def _record(timeline: Timeline, measure: Measure, owner: User, points: list[PointInput]) -> None:
    if not points:
        return
    saved = record_points(measure=measure, by=owner, points=points)
    # Each week was entered on its Friday afternoon, not all at once today (the table shows when).
    for point in saved:
        point.entered_at = point.updated_at = timeline.at(point.period + timedelta(days=4), 16)
    DataPoint.objects.bulk_update(saved, ["entered_at", "updated_at"])
