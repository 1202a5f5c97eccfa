"""What every cycles service shares: the conflicts they raise, the history they write, whom they tell."""

from __future__ import annotations

from cycles.models import Cycle, CycleEvent
from measures.models import Measure
from measures.services.data import measure_changed
from playbook import clock
from playbook.errors import Conflict
from playbook.models import User
from playbook.notifications import notify_many


class CycleConflict(Conflict):
    """The cycle's state forbids this change (the API answers 409, a page shows the message)."""


class PredictionsFrozen(CycleConflict):
    pass


class WrongTransition(CycleConflict):
    pass


def frozen_message(cycle: Cycle) -> str:
    from django.utils import timezone

    when = timezone.localtime(cycle.predictions_frozen_at)
    return (
        f"The predictions were frozen on {when:%-d %B %Y at %H:%M}, when the cycle started, and can no "
        "longer change. Record what actually happened in the study instead."
    )


class PlanFrozen(CycleConflict):
    pass


def plan_frozen_message(cycle: Cycle, parts: list[str]) -> str:
    from django.utils import timezone

    when = timezone.localtime(cycle.predictions_frozen_at)
    names = " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
    return (
        f"The plan was frozen on {when:%-d %B %Y at %H:%M}, when the cycle started: its {names} can no "
        "longer change. Record a deviation in Do instead, saying what happened differently."
    )


def require_open(cycle: Cycle) -> None:
    if not cycle.is_open:
        raise CycleConflict(f"This cycle is {cycle.get_stage_display().lower()}; it can no longer change.")


def locked(cycle: Cycle) -> Cycle:
    """Re-read the cycle under a row lock, so two people moving it at once cannot both succeed."""
    fresh = Cycle.objects.select_for_update().get(pk=cycle.pk)
    for name in ("stage", "stage_changed_at", "predictions_frozen_at", "decision", "decided_at"):
        setattr(cycle, name, getattr(fresh, name))
    return cycle


def record(cycle: Cycle, kind: str, by: User | None, *, from_stage="", to_stage="", note="") -> CycleEvent:
    return CycleEvent.objects.create(
        cycle=cycle, kind=kind, by=by, from_stage=from_stage, to_stage=to_stage, note=note, at=clock.now()
    )


def tell_the_people_on_it(cycle: Cycle, by: User, subject: str, body: str = "", kind: str = "cycle") -> None:
    """The owner and the collaborators hear about a change someone else made."""
    people = [cycle.owner, *cycle.collaborators.all()]
    others = [p for p in people if p.pk != by.pk and p.is_active]
    notify_many(recipients=others, subject=subject, body=body, url=cycle.get_absolute_url(), kind=kind)


def linked_measures(cycle: Cycle) -> list[Measure]:
    ids = cycle.predictions.exclude(measure=None).values_list("measure_id", flat=True)
    return list(Measure.objects.filter(pk__in=ids).order_by("pk"))


def touch_charts(measures) -> None:
    """The cycle's window or decision is drawn on these measures' charts: have them rebuilt."""
    seen = set()
    for measure in measures:
        if measure is not None and measure.pk not in seen:
            seen.add(measure.pk)
            measure_changed(measure)
