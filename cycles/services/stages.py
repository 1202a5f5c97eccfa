"""The cycle's state machine: planning → doing → studying → acting → complete, or abandoned on the way.

Each move is allowed only when the stage before it is filled in enough; the move, who made it and
when are recorded as a ``CycleEvent``. Leaving planning freezes the predictions.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from cycles.models import Cycle, CycleEvent
from cycles.services.common import (
    WrongTransition,
    linked_measures,
    locked,
    record,
    tell_the_people_on_it,
    touch_charts,
)
from playbook import clock, permissions
from playbook.models import User
from theory.models import ChangeIdea

Stage = Cycle.Stage

TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.PLANNING: (Stage.DOING, Stage.ABANDONED),
    Stage.DOING: (Stage.STUDYING, Stage.ABANDONED),
    Stage.STUDYING: (Stage.ACTING, Stage.ABANDONED),
    Stage.ACTING: (Stage.COMPLETE, Stage.ABANDONED),
    Stage.COMPLETE: (),
    Stage.ABANDONED: (),
}

VERBS = {
    Stage.DOING: "started",
    Stage.STUDYING: "moved to Study",
    Stage.ACTING: "moved to Act",
    Stage.COMPLETE: "completed",
    Stage.ABANDONED: "abandoned",
}


def missing_for(cycle: Cycle, to: str, reason: str = "") -> dict[str, str]:
    """What must be filled in before ``cycle`` may move to ``to``, by field. Empty when it may."""
    missing = {}
    if to == Stage.DOING:
        if not cycle.objective.strip():
            missing["objective"] = "Say what the test is for before starting it."
        if not cycle.predictions.exists():
            missing["predictions"] = (
                "Write at least one prediction before starting: afterwards they are frozen."
            )
        if cycle.starts_on is None:
            missing["starts_on"] = "Say when the test starts."
        if cycle.ends_on is None:
            missing["ends_on"] = "Say when the test ends."
    elif to == Stage.STUDYING:
        if not cycle.what_happened.strip():
            missing["what_happened"] = "Write what happened before studying the results."
    elif to == Stage.ACTING:
        open_count = cycle.predictions.filter(outcome="").count()
        if open_count:
            total = cycle.predictions.count()
            missing["predictions"] = (
                f"Study every prediction before deciding: {open_count} of {total} "
                f"{'is' if open_count == 1 else 'are'} not studied yet."
            )
    elif to == Stage.COMPLETE:
        if not cycle.decision:
            missing["decision"] = "Decide: adopt, adapt or abandon."
        if not cycle.decision_reasoning.strip():
            missing["decision_reasoning"] = "Say why you decided so."
    elif to == Stage.ABANDONED and not (reason or "").strip():
        missing["reason"] = "Say why the cycle is abandoned."
    return missing


@transaction.atomic
def transition(*, cycle: Cycle, by: User, to: str, reason: str = "") -> Cycle:
    """Move ``cycle`` to stage ``to``. 409 (WrongTransition) for a move the method does not allow,
    400 (ValidationError) when the current stage is not filled in enough to leave it."""
    from cycles.services.spread import refresh_change_idea_status

    permissions.require(by, cycle, permissions.CHANGE)
    if to not in Stage.values:
        raise ValidationError({"to": f"“{to}” is not a stage: choose one of {', '.join(Stage.values)}."})
    cycle = locked(cycle)
    before = cycle.stage
    if to not in TRANSITIONS[before]:
        raise WrongTransition(_wrong_move_message(cycle, to))
    missing = missing_for(cycle, to, reason)
    if missing:
        raise ValidationError(missing)
    now = clock.now()
    cycle.stage, cycle.stage_changed_at = to, now
    if to == Stage.DOING:
        cycle.predictions_frozen_at = now
    if to == Stage.ABANDONED:
        cycle.abandoned_reason = reason.strip()
    cycle.save(
        update_fields=["stage", "stage_changed_at", "predictions_frozen_at", "abandoned_reason", "updated_at"]
    )
    record(cycle, CycleEvent.Kind.TRANSITION, by, from_stage=before, to_stage=to, note=(reason or "").strip())
    tell_the_people_on_it(cycle, by, f"{by.display_name} {VERBS[to]} “{cycle.title}”", (reason or "").strip())
    if to in (Stage.COMPLETE, Stage.ABANDONED):
        touch_charts(linked_measures(cycle))  # the chart's mark shows the decision, or that it stopped
    if cycle.change_idea_id is not None:
        refresh_change_idea_status(ChangeIdea.objects.get(pk=cycle.change_idea_id))
    return cycle


def _wrong_move_message(cycle: Cycle, to: str) -> str:
    here = cycle.get_stage_display()
    if not TRANSITIONS[cycle.stage]:
        return f"This cycle is {here.lower()}; it does not move any more."
    if to == cycle.stage:
        return f"This cycle is already in {here}."
    nexts = " or ".join(Stage(s).label for s in TRANSITIONS[cycle.stage])
    return f"A cycle in {here} can only move to {nexts}, not to {Stage(to).label}."


def start_cycle(*, cycle: Cycle, by: User) -> Cycle:
    """Leave planning and run the test; the predictions freeze now."""
    return transition(cycle=cycle, by=by, to=Stage.DOING)


def begin_study(*, cycle: Cycle, by: User) -> Cycle:
    return transition(cycle=cycle, by=by, to=Stage.STUDYING)


def begin_act(*, cycle: Cycle, by: User) -> Cycle:
    return transition(cycle=cycle, by=by, to=Stage.ACTING)


def complete_cycle(*, cycle: Cycle, by: User) -> Cycle:
    return transition(cycle=cycle, by=by, to=Stage.COMPLETE)


def abandon_cycle(*, cycle: Cycle, by: User, reason: str) -> Cycle:
    return transition(cycle=cycle, by=by, to=Stage.ABANDONED, reason=reason)
