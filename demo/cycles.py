"""PDSA cycles in every stage, each driven there through the cycles services at the moment it happened.

Oakfield's paired reading is a ramp of three cycles (a pilot in one class, all of Year 2, then
Years 1 and 2, running now) and a Friday probe still being planned; Marsh Lane has a cycle being
studied, one in Act after a decision to adapt, and a raffle it decided to abandon; Riverside's
science team abandoned a test when its labs closed.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Subquery

from cycles.models import Cycle, CycleEvent
from cycles.services import (
    PredictionInput,
    abandon_cycle,
    add_observation,
    begin_act,
    begin_study,
    complete_cycle,
    create_cycle,
    start_cycle,
    start_next_cycle,
    study_prediction,
    update_cycle,
)
from demo.series import ATTENDANCE, READING
from demo.timeline import Timeline
from measures.models import FocusArea
from playbook.models import Team, User

PILOT = "Daily paired reading"
PROBE = "Friday fluency probe in Year 1"
CALLS = "First-day calls before 9:30"
TEXTS = "Sunday-evening text reminders"
RAFFLE = "Friday attendance raffle"
WRITE_UPS = "Writing frames for practical write-ups"


class Demo:
    """What the cycle stories share: the timeline, the teams, the people and the focus areas."""

    def __init__(self, timeline: Timeline, teams: dict[str, Team], people: dict[str, User]):
        self.t, self.teams, self.people = timeline, teams, people
        self.reading = FocusArea.objects.get(team=teams[READING[0]], title=READING[1])
        self.attendance = FocusArea.objects.get(team=teams[ATTENDANCE[0]], title=ATTENDANCE[1])

    def exists(self, team: str, title: str) -> bool:
        return Cycle.all_objects.filter(team=self.teams[team], title=title).exists()

    def do(self, cycle: Cycle, by: User, start: date, notes, what_happened: str) -> Cycle:
        """Start it on ``start``, note what was seen on the way, then say what happened."""
        with self.t.then(start, 8):
            start_cycle(cycle=cycle, by=by)
        for day, text in notes:
            with self.t.then(day, 15, 40):
                add_observation(cycle=cycle, by=by, observed_on=day, text=text)
        with self.t.then(cycle.ends_on, 16):
            return update_cycle(cycle=cycle, by=by, what_happened=what_happened)

    def study(self, cycle: Cycle, by: User, day: date, results, *, then_act: bool = True) -> Cycle:
        """Study on ``day``: each (actual, outcome) beside its prediction, in order."""
        with self.t.then(day, 15, 30):
            begin_study(cycle=cycle, by=by)
            # Fewer results than predictions: the rest are still being studied.
            studied = zip(cycle.predictions.order_by("position"), results, strict=False)
            for prediction, (actual, outcome) in studied:
                study_prediction(prediction=prediction, by=by, actual=actual, outcome=outcome)
            if then_act:
                begin_act(cycle=cycle, by=by)
        return cycle

    def decide(self, cycle: Cycle, by: User, day: date, decision: str, why: str, next_steps: str = ""):
        with self.t.then(day, 16):
            return update_cycle(
                cycle=cycle, by=by, decision=decision, decision_reasoning=why, next_steps=next_steps
            )


def seed_cycles(timeline: Timeline, teams: dict[str, Team], people: dict[str, User]) -> None:
    demo = Demo(timeline, teams, people)
    _reading_ramp(demo)
    _probe_plan(demo)
    _first_day_calls(demo)
    _text_reminders(demo)
    _raffle(demo)
    _write_ups(demo)
    keep_open_cycles_on_time(timeline, teams["hub"].network_id, people)
    # A cycle's ``created_at`` is the database's moment, not the clock's: date each plan when it was made.
    made = CycleEvent.objects.filter(cycle=OuterRef("pk"), kind=CycleEvent.Kind.CREATED).order_by("at")
    Cycle.all_objects.filter(team__network_id=teams["hub"].network_id).filter(Exists(made)).update(
        created_at=Subquery(made.values("at")[:1])
    )


def _reading_ramp(demo: Demo) -> None:
    t, maya = demo.t, demo.people["maya.lead"]
    if demo.exists(READING[0], PILOT):
        return
    idea = demo.reading.change_ideas.get(title="Paired reading, 10 minutes a day")
    outcome = demo.reading.measures.get(kind="outcome", data_kind="proportion")  # not the probe scores
    with t.then(t.week(-1, 3), 15, 30):
        pilot = create_cycle(
            team=demo.teams[READING[0]],
            by=maya,
            title=PILOT,
            collaborators=[demo.people["ella"]],
            focus_area=demo.reading,
            change_idea=idea,
            objective="See whether daily paired reading fits the timetable.",
            questions="Can every pair read for 10 minutes?\nDo fluency scores move?",
            who="Maya and the 2B teaching assistant",
            where="Class 2B",
            starts_on=t.week(0),
            ends_on=t.week(1, 4),
            scale_count=28,
            scale_unit="pupils",
            data_plan="Register of sessions; Friday one-minute probe.",
            predictions=[
                PredictionInput("At least 9 of 10 days will have a session for every pair."),
                PredictionInput(
                    "The share reading 90+ wpm will rise.", measure=outcome, expected_direction="up"
                ),
            ],
        )
    demo.do(
        pilot,
        maya,
        t.week(0),
        [(t.week(0, 2), "Pairs needed a prompt card to swap roles; made one for each table.")],
        "Sessions ran on 8 of 10 days; two were lost to a trip.",
    )
    demo.study(
        pilot,
        maya,
        t.week(2),
        [("8 of 10 days", "partly_met"), ("From 47% to 63% over the fortnight", "met")],
    )
    demo.decide(
        pilot,
        maya,
        t.week(2),
        "adopt_scale",
        "Fluency rose; timing needs a fixed slot.",
        "Run it in all three Year 2 classes, straight after lunch.",
    )
    with t.then(t.week(2), 16, 30):
        year2 = start_next_cycle(cycle=pilot, by=maya)
        year2 = update_cycle(
            cycle=year2, by=maya, starts_on=t.week(2), ends_on=t.week(5, 4), scale_count=84, where="Year 2"
        )
    demo.do(
        year2,
        maya,
        t.week(2),
        [
            (t.week(3, 1), "2C lost three sessions to assemblies; moved their slot to 13:10."),
            (t.week(4, 3), "The quietest readers ask to read first now."),
        ],
        "All three classes held 9 or 10 sessions a fortnight once the slot moved after lunch.",
    )
    demo.study(
        year2,
        maya,
        t.week(6),
        [("9.3 of 10 days on average", "met"), ("63% of pupils read 90+ wpm, up from 45%", "met")],
    )
    demo.decide(
        year2,
        maya,
        t.week(6),
        "adapt",
        "It works in Year 2; Year 1 pupils need shorter texts before it spreads to the key stage.",
        "Try it in Year 1 with decodable texts, led by the teaching assistants.",
    )
    with t.then(t.week(6, 1), 9):
        stage = start_next_cycle(cycle=year2, by=maya)
        stage = update_cycle(
            cycle=stage,
            by=maya,
            starts_on=t.from_now(-3),
            ends_on=t.from_now(1, 4),
            scale_count=150,
            where="Years 1 and 2",
        )
    demo.do(
        stage,
        maya,
        t.from_now(-3),
        [
            (t.from_now(-3, 2), "Year 1 pairs manage 6 minutes, not 10, at first."),
            (t.from_now(-1, 4), "Teaching assistants swap notes at Friday lunch."),
        ],
        "Running in all five classes; Year 1 sessions are 6–8 minutes so far.",
    )


def _probe_plan(demo: Demo) -> None:
    t, maya = demo.t, demo.people["maya.lead"]
    if demo.exists(READING[0], PROBE):
        return
    with t.then(t.today, 7, 50):
        create_cycle(
            team=demo.teams[READING[0]],
            by=maya,
            title=PROBE,
            collaborators=[demo.people["omar"]],
            focus_area=demo.reading,
            change_idea=demo.reading.change_ideas.get(title="One-minute probe every Friday"),
            objective="Find out whether a Friday one-minute probe is quick enough to keep up in Year 1.",
            questions="Can one adult probe a class in 20 minutes?",
            who="Omar",
            where="Class 1A",
            starts_on=t.from_now(1),
            ends_on=t.from_now(3, 4),
            scale_count=30,
            scale_unit="pupils",
            data_plan="Time each probe session; log scores on the class sheet.",
            predictions=[
                PredictionInput("One adult probes the whole class in under 20 minutes."),
                PredictionInput(
                    "Maths time lost to catch-up stays about the same.",
                    measure=demo.reading.measures.get(kind="balancing"),
                    expected_direction="same",
                ),
            ],
        )


def _first_day_calls(demo: Demo) -> None:
    t, sam = demo.t, demo.people["sam.lead"]
    if demo.exists(ATTENDANCE[0], CALLS):
        return
    attendance = demo.attendance.measures.get(kind="outcome")
    called = demo.attendance.measures.get(kind="process")
    with t.then(t.week(5, 3), 16):
        cycle = create_cycle(
            team=demo.teams[ATTENDANCE[0]],
            by=sam,
            title=CALLS,
            collaborators=[demo.people["chloe"]],
            focus_area=demo.attendance,
            change_idea=demo.attendance.change_ideas.get(title=CALLS),
            objective="Reach every absent pupil's family before 9:30 on the first day.",
            questions="Can the office make every call by 9:30?\nDoes attendance move?",
            who="Chloe and the office team",
            where="Whole school",
            starts_on=t.week(6),
            ends_on=t.week(8, 4),
            scale_count=410,
            scale_unit="pupils",
            data_plan="Call log with times; weekly attendance from the register.",
            predictions=[
                PredictionInput(
                    "At least 85% of absent pupils' families are called by 9:30.",
                    measure=called,
                    expected_value=0.85,
                ),
                PredictionInput(
                    "Weekly attendance rises above 94.5%.", measure=attendance, expected_value=94.5
                ),
            ],
        )
    demo.do(
        cycle,
        sam,
        t.week(6),
        [(t.week(7, 0), "Monday calls take longest; a second person helps until 9:30.")],
        "Calls were made on every school day; the office needed a second person on Mondays.",
    )
    # Being studied now: the first prediction is done, the attendance one waits for the chart.
    demo.study(
        cycle,
        sam,
        t.week(9, 1),
        [("91% called by 9:30 across the three weeks", "met")],
        then_act=False,
    )


def _text_reminders(demo: Demo) -> None:
    t, sam = demo.t, demo.people["sam.lead"]
    if demo.exists(ATTENDANCE[0], TEXTS):
        return
    with t.then(t.week(0, 4), 14):
        cycle = create_cycle(
            team=demo.teams[ATTENDANCE[0]],
            by=sam,
            title=TEXTS,
            focus_area=demo.attendance,
            change_idea=demo.attendance.change_ideas.get(title=TEXTS),
            objective="Nudge Monday attendance with a friendly text the evening before.",
            who="Sam",
            where="Years 3 and 4",
            starts_on=t.week(1),
            ends_on=t.week(3, 4),
            scale_count=120,
            scale_unit="pupils",
            predictions=[PredictionInput("Monday attendance in Years 3–4 rises by a point.")],
        )
    demo.do(cycle, sam, t.week(1), [], "Texts went out on three Sundays; two families asked to opt out.")
    demo.study(cycle, sam, t.week(4), [("Up half a point; noisy week to week", "partly_met")])
    demo.decide(
        cycle,
        sam,
        t.week(4),
        "adapt",
        "A small lift, but a generic text reads as a telling-off to some families.",
        "Name the child and one good thing from the week; try it with Year 5 next.",
    )


def _raffle(demo: Demo) -> None:
    t, sam = demo.t, demo.people["sam.lead"]
    if demo.exists(ATTENDANCE[0], RAFFLE):
        return
    with t.then(t.week(-5, 2), 15):
        cycle = create_cycle(
            team=demo.teams[ATTENDANCE[0]],
            by=sam,
            title=RAFFLE,
            focus_area=demo.attendance,
            change_idea=demo.attendance.change_ideas.get(title=RAFFLE),
            objective="See whether a raffle for full-week attendance lifts Fridays.",
            who="Daniel",
            where="Whole school",
            starts_on=t.week(-4),
            ends_on=t.week(-2, 4),
            predictions=[PredictionInput("Friday attendance rises by two points.")],
        )
    demo.do(cycle, demo.people["sam.lead"], t.week(-4), [], "Three draws held; Fridays did not change.")
    demo.study(cycle, sam, t.week(-1), [("No change on Fridays", "not_met")])
    demo.decide(
        cycle,
        sam,
        t.week(-1),
        "abandon",
        "The pupils most often absent were not the ones the raffle reached.",
    )
    with t.then(t.week(-1), 16, 10):
        complete_cycle(cycle=cycle, by=sam)


def _write_ups(demo: Demo) -> None:
    t, kofi = demo.t, demo.people["kofi.lead"]
    if demo.exists("riverside-science", WRITE_UPS):
        return
    with t.then(t.week(2, 4), 12):
        cycle = create_cycle(
            team=demo.teams["riverside-science"],
            by=kofi,
            title=WRITE_UPS,
            objective="Test writing frames that help Year 8 write up a practical in one lesson.",
            who="Kofi and Lily",
            where="Year 8 science",
            starts_on=t.week(3),
            ends_on=t.week(5, 4),
            predictions=[PredictionInput("Most write-ups are finished in the lesson.")],
        )
    with t.then(t.week(3), 8):
        start_cycle(cycle=cycle, by=kofi)
    with t.then(t.week(4, 1), 13):
        abandon_cycle(
            cycle=cycle,
            by=kofi,
            reason="The labs closed for refurbishment; we will plan it again when they reopen.",
        )


def keep_open_cycles_on_time(timeline: Timeline, network_id: int, people: dict[str, User]) -> int:
    """A demo seeded weeks ago is seeded again: cycles still planned or running get dates that have
    not passed, so nothing is overdue that the story did not mean to be. Returns how many moved."""
    late = Cycle.objects.filter(
        team__network_id=network_id,
        stage__in=(Cycle.Stage.PLANNING, Cycle.Stage.DOING),
        ends_on__lt=timeline.today,
    ).select_related("owner")
    moved = 0
    for cycle in late:
        if cycle.stage == Cycle.Stage.PLANNING:
            update_cycle(
                cycle=cycle, by=cycle.owner, starts_on=timeline.from_now(1), ends_on=timeline.from_now(2, 4)
            )
        else:
            update_cycle(
                cycle=cycle,
                by=cycle.owner,
                ends_on=timeline.from_now(1, 4),
                end_date_reason="The team kept the test running to see it through a full fortnight more.",
            )
        moved += 1
    return moved
