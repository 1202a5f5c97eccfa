"""Building cycles for tests: Team A's reading world, a plan ready to start, and moving it along."""

from datetime import date
from types import SimpleNamespace

from cycles import services
from cycles.models import Cycle
from measures.models import Measure
from tests.support.factories import FocusAreaFactory, MeasureFactory
from theory.services import create_change_idea

START, END = date(2026, 3, 2), date(2026, 3, 13)


def make_world(personas) -> SimpleNamespace:
    """The personas plus Team A's reading focus area, an outcome measure and a change idea."""
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading fluency")
    measure = MeasureFactory(
        focus_area=focus_area, name="Words a minute", kind=Measure.Kind.OUTCOME, unit="words"
    )
    idea = create_change_idea(focus_area=focus_area, by=personas.lead, title="Paired reading")
    return SimpleNamespace(**vars(personas), focus_area=focus_area, measure=measure, idea=idea)


def make_plan(world, by=None, team=None, **fields) -> Cycle:
    """A plan ready to start: an objective, dates and two predictions, one of them on the measure."""
    by = by or world.member
    values = {
        "title": "Paired reading in 4B",
        "objective": "See whether paired reading lifts fluency.",
        "starts_on": START,
        "ends_on": END,
        "focus_area": world.focus_area,
        "change_idea": world.idea,
        "scale_count": 6,
        "scale_unit": "pupils",
        **fields,
    }
    predictions = values.pop(
        "predictions",
        [
            services.PredictionInput("Pupils will read more words a minute.", world.measure, 55.0, "up"),
            services.PredictionInput("Pupils will say they enjoy it."),
        ],
    )
    return services.create_cycle(team=team or world.team_a, by=by, predictions=predictions, **values)


def run_to(cycle: Cycle, stage: str, by, outcome="met") -> Cycle:
    """Move a planned cycle forward to ``stage``, filling in what each step needs."""
    order = ["doing", "studying", "acting", "complete"]
    for step in order[: order.index(stage) + 1]:
        if step == "studying":
            services.update_cycle(cycle=cycle, by=by, what_happened="We ran it for two weeks.")
        if step == "acting":
            for prediction in cycle.predictions.all():
                services.study_prediction(prediction=prediction, by=by, actual="It did.", outcome=outcome)
        if step == "complete" and not cycle.decision:
            services.update_cycle(cycle=cycle, by=by, decision="adopt", decision_reasoning="It worked.")
        cycle = services.transition(cycle=cycle, by=by, to=step)
    return cycle
