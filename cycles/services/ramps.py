"""Ramps and learning from others: the next cycle from this one, and a new plan copied from any cycle."""

from __future__ import annotations

import re

from django.db import transaction

from cycles.models import Cycle, CycleEvent
from cycles.permissions import can_create_cycle
from cycles.services.common import CycleConflict, record
from cycles.services.plans import PredictionInput, create_cycle
from cycles.services.stages import complete_cycle
from playbook import permissions
from playbook.models import Team, User

COPIED_FIELDS = ("objective", "questions", "who", "where", "scale_count", "scale_unit", "data_plan")
_STEP_SUFFIX = re.compile(r"\s+[—–-]\s+cycle\s+\d+\s*$", re.IGNORECASE)
TITLE_MAX = Cycle._meta.get_field("title").max_length


def place_in_ramp(cycle: Cycle) -> int:
    """1 for a ramp's first cycle, 2 for the one after it, and so on."""
    place, seen = 1, {cycle.pk}
    while cycle.ramp_from_id is not None and cycle.ramp_from_id not in seen:  # a loop would be a bug; stop
        seen.add(cycle.ramp_from_id)
        cycle = Cycle.objects.only("pk", "ramp_from_id").get(pk=cycle.ramp_from_id)
        place += 1
    return place


def next_step_title(title: str, place: int) -> str:
    """ "Paired reading — cycle 3": the ramp's base title and the next cycle's place, one suffix only."""
    suffix = f" — cycle {place}"
    base = _STEP_SUFFIX.sub("", title).strip() or title.strip()
    return base[: TITLE_MAX - len(suffix)].rstrip() + suffix


def _plan_of(source: Cycle, *, keep_measures: bool) -> tuple[dict, list[PredictionInput]]:
    fields = {name: getattr(source, name) for name in COPIED_FIELDS}
    predictions = [
        PredictionInput(
            statement=p.statement,
            measure=p.measure if keep_measures else None,
            expected_value=p.expected_value if keep_measures else None,
            expected_direction=p.expected_direction if keep_measures else "",
        )
        for p in source.predictions.select_related("measure")
    ]
    return fields, predictions


@transaction.atomic
def start_next_cycle(*, cycle: Cycle, by: User) -> Cycle:
    """ "Adapt" or "Adopt and test at larger scale": the ramp's next cycle, pre-filled from this one.

    A cycle in Act with such a decision is completed first. Its predictions come across unfrozen and
    unstudied, to be sharpened for the next test; the dates are left for the new plan.
    """
    permissions.require(by, cycle, permissions.CHANGE)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.decision not in Cycle.RAMP_DECISIONS or cycle.stage not in (
        Cycle.Stage.ACTING,
        Cycle.Stage.COMPLETE,
    ):
        raise CycleConflict(
            "The next cycle of a ramp follows a decision to adapt, or to adopt and test at larger scale."
        )
    existing = Cycle.objects.filter(ramp_from=cycle).first()
    if existing is not None:
        raise CycleConflict(f"The next cycle, “{existing.title}” (#{existing.pk}), is already planned.")
    if cycle.stage == Cycle.Stage.ACTING:
        complete_cycle(cycle=cycle, by=by)
    fields, predictions = _plan_of(cycle, keep_measures=True)
    if cycle.next_steps.strip():
        fields["objective"] = (
            f"{cycle.objective.strip()}\n\nFrom the last cycle: {cycle.next_steps.strip()}".strip()
        )
    owner = cycle.owner if can_create_cycle(cycle.owner, cycle.team) else by
    following = create_cycle(
        team=cycle.team,
        by=by,
        title=next_step_title(cycle.title, place_in_ramp(cycle) + 1),
        owner=owner,
        collaborators=list(cycle.collaborators.all()),
        focus_area=cycle.focus_area,
        change_idea=cycle.change_idea,
        predictions=predictions,
        ramp_from=cycle,
        **fields,
    )
    record(cycle, CycleEvent.Kind.RAMP, by, note=f"Next cycle: #{following.pk}.")
    return following


@transaction.atomic
def copy_cycle(*, source: Cycle, by: User, team: Team, title: str | None = None) -> Cycle:
    """Start a new plan for ``team`` from any cycle ``by`` may see, keeping an "adapted from" link.

    The source's focus area (and with it the predictions' measures) comes along only into a plan of
    its own team, and when ``by`` may see it; the change idea always does, so tests of one idea in
    many teams add up to its spread.
    """
    permissions.require(by, source, permissions.CONTRIBUTE)
    keep_focus = (
        source.focus_area is not None
        and source.focus_area.team_id == team.pk
        and permissions.can_view(by, source.focus_area)
    )
    fields, predictions = _plan_of(source, keep_measures=keep_focus)
    return create_cycle(
        team=team,
        by=by,
        title=(title or source.title).strip(),
        focus_area=source.focus_area if keep_focus else None,
        change_idea=source.change_idea,
        predictions=predictions,
        adapted_from=source,
        **fields,
    )
