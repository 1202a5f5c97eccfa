"""Measures with stored charts for the at-a-glance table and the signal panels: weekly data built
the way a real rebuild builds it, so the summary under test is the one the job writes."""

from datetime import UTC, date, datetime, timedelta

from measures import rebuild
from measures.models import Measure, MeasureTarget
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory

TODAY = date(2026, 6, 1)  # a Monday
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
STEADY = [10, 11, 10, 12, 11, 10, 12, 11, 10, 11, 12, 10, 11, 10, 12, 11]  # common cause
# Ten low, then ten high: a shift at the latest point (Anhøj: longest run > round(log2(20) + 3) = 7).
STEP_UP = [10, 11, 10, 12, 11, 10, 12, 11, 10, 11, 20, 21, 20, 22, 21, 20, 22, 21, 20, 21]


def charted_measure(
    focus_area, name, values=STEADY, *, last=TODAY - timedelta(weeks=1), target=None, **fields
):
    """A weekly measure whose last point starts on ``last``, with its default chart rebuilt."""
    measure = MeasureFactory(focus_area=focus_area, name=name, **fields)
    if target is not None:
        MeasureTarget.objects.create(measure=measure, value=target, starts_on=date(2020, 1, 6))
    start = last - timedelta(weeks=len(values) - 1)
    for week, value in enumerate(values):
        DataPointFactory(measure=measure, period=start + timedelta(weeks=week), value=value)
    Measure.objects.filter(pk=measure.pk).update(data_version=1)
    rebuild.rebuild(measure.pk)
    return measure


def area(team, owner, title="Reading fluency"):
    return FocusAreaFactory(team=team, owner=owner, title=title)
