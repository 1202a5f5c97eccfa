"""Phases from decisions: adopting a change may start a new phase on the linked measures' charts.

Only ever offered: a person confirms each one, and the measure's own service applies it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from cycles.models import Cycle, CycleEvent
from cycles.services.common import CycleConflict, linked_measures, record
from measures.models import Measure
from measures.services import focus
from playbook import permissions
from playbook.models import User


def phase_suggestions(cycle: Cycle, measures=None) -> list[Measure]:
    """The linked measures that could start a new phase on the day an adopted cycle started."""
    if cycle.decision != Cycle.Decision.ADOPT or cycle.starts_on is None:
        return []
    start = cycle.starts_on.isoformat()
    measures = linked_measures(cycle) if measures is None else measures
    return [m for m in measures if start not in (m.phase_dates or [])]


@transaction.atomic
def confirm_phase(*, cycle: Cycle, measure: Measure, by: User) -> Measure:
    permissions.require(by, cycle, permissions.VIEW)
    if cycle.decision != Cycle.Decision.ADOPT or cycle.starts_on is None:
        raise CycleConflict("A new phase is offered once a cycle's change is adopted.")
    if measure.pk not in {m.pk for m in linked_measures(cycle)}:
        raise ValidationError({"measure": "This measure is not one the cycle's predictions are about."})
    start = cycle.starts_on.isoformat()
    if start in (measure.phase_dates or []):
        return measure
    measure = focus.update_measure(measure=measure, by=by, phase_dates=[*(measure.phase_dates or []), start])
    record(cycle, CycleEvent.Kind.PHASE_CONFIRMED, by, note=f"{measure.name}: new phase from {start}")
    return measure
