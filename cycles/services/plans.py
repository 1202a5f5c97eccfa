"""Writing a cycle: its plan, its predictions, what happened, what was studied and decided."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cycles.models import Cycle, CycleEvent, Observation, Prediction
from cycles.permissions import can_create_cycle, cycle_colleagues
from cycles.services import webhook_events
from cycles.services.common import (
    CycleConflict,
    PlanFrozen,
    PredictionsFrozen,
    frozen_message,
    linked_measures,
    locked,
    plan_frozen_message,
    record,
    require_open,
    tell_the_people_on_it,
    touch_charts,
)
from measures.models import FocusArea, Measure
from playbook import clock, permissions
from playbook.consistency import require_same_network, require_same_team
from playbook.dates import check_in_window
from playbook.models import Team, User
from theory.models import ChangeIdea

PLAN_FIELDS = (
    "title", "objective", "questions", "who", "where", "starts_on", "ends_on",
    "scale_count", "scale_unit", "data_plan",
)  # fmt: skip
FROZEN_PLAN_FIELDS = Cycle.FROZEN_PLAN_FIELDS
REASON_MAX = 1_000
# What a cycle is about; fixed once it starts, because its predictions point at the focus area's measures.
SUBJECT_FIELDS = ("focus_area", "change_idea")
DO_FIELDS = ("what_happened", "deviations")
ACT_FIELDS = ("decision", "decision_reasoning", "next_steps")
CYCLE_FIELDS = (*PLAN_FIELDS, *SUBJECT_FIELDS, *DO_FIELDS, *ACT_FIELDS, "owner")
DO_STAGES = (Cycle.Stage.DOING, Cycle.Stage.STUDYING, Cycle.Stage.ACTING)


@dataclass
class PredictionInput:
    statement: str
    measure: Measure | None = None
    expected_value: float | None = None
    expected_direction: str = ""


# --- Checks ---------------------------------------------------------------------------------------


def _check_subject(
    by: User, team: Team, focus_area: FocusArea | None, change_idea: ChangeIdea | None
) -> None:
    from cycles.selectors import visible_change_ideas_for_cycles

    if focus_area is not None and not permissions.can_view(by, focus_area):
        raise ValidationError({"focus_area": "Choose a focus area of your teams."})
    # Everyone who sees the cycle sees its focus area and its measures' names: the team's own, then.
    require_same_team("focus_area", focus_area, team, what="a focus area")
    if change_idea is not None and not visible_change_ideas_for_cycles(by).filter(pk=change_idea.pk).exists():
        raise ValidationError({"change_idea": "Choose a change idea you can see."})
    # The change idea may be another team's: testing one idea in many teams is how it spreads.
    if change_idea is not None:
        idea_network = change_idea.focus_area.team.network_id
        require_same_network("change_idea", idea_network, team.network_id, what="a change idea")


def _check_people(by: User, team: Team, owner: User | None, collaborators, keep=()) -> None:
    colleagues = cycle_colleagues(by)
    kept = {p.pk for p in keep}
    outside = owner is not None and (
        owner.network_id != team.network_id or not permissions.access_for(owner).has_role(team.pk, "member")
    )
    if outside and owner.pk not in kept:
        raise ValidationError({"owner": f"{owner.display_name} does not work in {team.name}."})
    wanted = {p.pk for p in collaborators} - kept
    known = set(colleagues.filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - known:
        raise ValidationError({"collaborators": "Choose collaborators from the teams you work in."})


def _clean_prediction(prediction: Prediction, focus_area_id: int | None) -> None:
    prediction.statement = (prediction.statement or "").strip()
    errors = {}
    if not prediction.statement:
        errors["statement"] = "Say what you predict will happen."
    if prediction.measure_id is not None and prediction.measure.focus_area_id != focus_area_id:
        errors["measure"] = "Choose a measure of the cycle's focus area."
    if prediction.measure_id is None and (
        prediction.expected_value is not None or prediction.expected_direction
    ):
        errors["measure"] = "Choose the measure the expected value or direction is about."
    if errors:
        raise ValidationError(errors)
    prediction.full_clean(exclude=["cycle", "measure", "studied_by"])


def _clean_cycle(cycle: Cycle) -> None:
    cycle.title = (cycle.title or "").strip()
    check_in_window("starts_on", cycle.starts_on)
    check_in_window("ends_on", cycle.ends_on)
    if cycle.starts_on and cycle.ends_on and cycle.ends_on < cycle.starts_on:
        raise ValidationError({"ends_on": "The cycle must end on or after the day it starts."})
    cycle.full_clean(
        exclude=["team", "focus_area", "change_idea", "owner", "ramp_from", "adapted_from", "created_by"]
    )


# --- Creating and editing -------------------------------------------------------------------------


@transaction.atomic
def create_cycle(
    *,
    team: Team,
    by: User,
    title: str,
    predictions: list[PredictionInput] = (),
    collaborators=(),
    ramp_from: Cycle | None = None,
    adapted_from: Cycle | None = None,
    **fields,
) -> Cycle:
    """A new plan for ``team``. Anyone who works in the team may start one; it begins in planning."""
    # Whoever may move a cycle (a cross-team collaborator included) may carry its ramp on in its team.
    continues_ramp = (
        ramp_from is not None
        and ramp_from.team_id == team.pk
        and permissions.can(by, permissions.CHANGE, ramp_from)
        and fields.get("focus_area") == ramp_from.focus_area
        and fields.get("change_idea") == ramp_from.change_idea
    )
    if not continues_ramp:
        permissions.require(by, team, permissions.VIEW)
        if not can_create_cycle(by, team):
            raise PermissionDenied("Only people who work in this team can plan its cycles.")
    unknown = set(fields) - {*PLAN_FIELDS, *SUBJECT_FIELDS, "owner"}
    if unknown:
        raise TypeError(f"Unknown cycle fields: {sorted(unknown)}")
    owner = fields.pop("owner", None) or by
    collaborators = [p for p in collaborators if p.pk != owner.pk]
    if not continues_ramp:
        _check_subject(by, team, fields.get("focus_area"), fields.get("change_idea"))
    # The next cycle of a ramp keeps the people of the last one, a cross-team collaborator included.
    keep = [ramp_from.owner, *ramp_from.collaborators.all()] if ramp_from is not None else []
    _check_people(by, team, owner, collaborators, keep=keep)
    if fields.get("change_idea") is not None and fields.get("focus_area") is None:
        idea = fields["change_idea"]
        # Default to the idea's focus area when it is this team's (another team's idea spreads alone).
        if idea.focus_area.team_id == team.pk and permissions.can_view(by, idea.focus_area):
            fields["focus_area"] = idea.focus_area
    cycle = Cycle(
        team=team, title=title, owner=owner, created_by=by, ramp_from=ramp_from, adapted_from=adapted_from,
        stage_changed_at=clock.now(), **fields,
    )  # fmt: skip
    _clean_cycle(cycle)
    cycle.save()
    cycle.collaborators.set(collaborators)
    for position, given in enumerate(predictions):
        _add_prediction(cycle, given, position)
    note = ""
    if adapted_from is not None:
        note = f"Adapted from “{adapted_from.title}” (#{adapted_from.pk})."
    record(cycle, CycleEvent.Kind.CREATED, by, to_stage=cycle.stage, note=note)
    touch_charts(linked_measures(cycle))
    return cycle


@transaction.atomic
def update_cycle(*, cycle: Cycle, by: User, collaborators=None, end_date_reason: str = "", **fields) -> Cycle:
    """Change what may still change at the cycle's stage; each part of the method has its time.

    Once the cycle has started its plan is frozen; only the end date moves, and ``end_date_reason``
    (then required) says why, in the cycle's history."""
    from cycles.services.spread import refresh_change_idea_status

    permissions.require(by, cycle, permissions.CHANGE)
    unknown = set(fields) - set(CYCLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown cycle fields: {sorted(unknown)}")
    # The stage decides what may change: read it under the row lock, so a move made meanwhile by
    # someone else is seen here and not undone by this save.
    cycle = locked(cycle)
    require_open(cycle)
    changed = {name for name, value in fields.items() if getattr(cycle, name) != value}
    end_moved = _check_frozen_plan(cycle, changed, fields.get("ends_on"), end_date_reason)
    if "focus_area" in changed or "change_idea" in changed:
        if cycle.stage != Cycle.Stage.PLANNING:
            raise CycleConflict("A cycle's focus area and change idea are fixed once it has started.")
        _check_subject(by, cycle.team, fields.get("focus_area"), fields.get("change_idea"))
        if "focus_area" in changed and cycle.predictions.exclude(measure=None).exists():
            new = fields.get("focus_area")
            if cycle.predictions.exclude(measure=None).exclude(measure__focus_area=new).exists():
                raise ValidationError(
                    {"focus_area": "Some predictions point at measures of the old focus area."}
                )
    if changed & set(DO_FIELDS) and cycle.stage not in DO_STAGES:
        raise CycleConflict("What happened is written once the cycle has started.")
    if changed & set(ACT_FIELDS) and cycle.stage != Cycle.Stage.ACTING:
        raise CycleConflict("The decision is made once every prediction is studied, in the Act stage.")
    if "owner" in changed or collaborators is not None:
        current = [cycle.owner, *cycle.collaborators.all()]
        _check_people(by, cycle.team, fields.get("owner"), collaborators or [], keep=current)
    old_dates, old_idea = (cycle.starts_on, cycle.ends_on), cycle.change_idea
    for name in changed:
        setattr(cycle, name, fields[name])
    if "decision" in changed:
        cycle.decided_at = clock.now() if cycle.decision else None
    _clean_cycle(cycle)
    cycle.save()
    if collaborators is not None:
        cycle.collaborators.set([p for p in collaborators if p.pk != cycle.owner_id])
    if "decision" in changed and cycle.decision:
        record(cycle, CycleEvent.Kind.DECIDED, by, note=cycle.get_decision_display())
        webhook_events.cycle_decided(cycle, by)
    if end_moved:
        record(cycle, CycleEvent.Kind.END_MOVED, by, note=end_moved)
    if "decision" in changed or (cycle.starts_on, cycle.ends_on) != old_dates:
        touch_charts(linked_measures(cycle))
    if "change_idea" in changed:
        for idea in (old_idea, cycle.change_idea):
            if idea is not None:
                refresh_change_idea_status(idea)
    return cycle


def _check_frozen_plan(cycle: Cycle, changed: set[str], new_end, reason: str) -> str:
    """Refuse a change to a started cycle's plan; for a moved end date, the history's note."""
    if cycle.predictions_frozen_at is None:
        return ""
    if frozen := changed & FROZEN_PLAN_FIELDS.keys():
        parts = list(dict.fromkeys(label for name, label in FROZEN_PLAN_FIELDS.items() if name in frozen))
        raise PlanFrozen(plan_frozen_message(cycle, parts))
    if "ends_on" not in changed:
        return ""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"end_date_reason": "Say why the end date moves: it goes into the history."})
    if len(reason) > REASON_MAX:
        raise ValidationError({"end_date_reason": f"Keep the reason under {REASON_MAX:,} characters."})

    def day(value):
        return f"{value:%-d %B %Y}" if value else "no date"

    return f"End date moved from {day(cycle.ends_on)} to {day(new_end)}: {reason}"


# --- Predictions ----------------------------------------------------------------------------------


def _refuse_if_frozen(cycle: Cycle) -> None:
    if cycle.predictions_frozen_at is not None:
        raise PredictionsFrozen(frozen_message(cycle))
    require_open(cycle)


def _add_prediction(cycle: Cycle, given: PredictionInput, position: int) -> Prediction:
    prediction = Prediction(
        cycle=cycle,
        position=position,
        statement=given.statement,
        measure=given.measure,
        expected_value=given.expected_value,
        expected_direction=given.expected_direction or "",
    )
    _clean_prediction(prediction, cycle.focus_area_id)
    prediction.save()
    return prediction


@transaction.atomic
def add_prediction(*, cycle: Cycle, by: User, prediction: PredictionInput) -> Prediction:
    permissions.require(by, cycle, permissions.CHANGE)
    _refuse_if_frozen(Cycle.objects.select_for_update().get(pk=cycle.pk))
    last = cycle.predictions.order_by("-position").values_list("position", flat=True).first()
    added = _add_prediction(cycle, prediction, 0 if last is None else last + 1)
    touch_charts([added.measure])
    return added


@transaction.atomic
def update_prediction(*, prediction: Prediction, by: User, **fields) -> Prediction:
    cycle = prediction.cycle
    permissions.require(by, cycle, permissions.CHANGE)
    unknown = set(fields) - set(Prediction.PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown prediction fields: {sorted(unknown)}")
    _refuse_if_frozen(Cycle.objects.select_for_update().get(pk=cycle.pk))
    before = prediction.measure
    for name, value in fields.items():
        setattr(prediction, name, value if value is not None or name != "expected_direction" else "")
    _clean_prediction(prediction, cycle.focus_area_id)
    prediction.save()
    touch_charts([before, prediction.measure])
    return prediction


@transaction.atomic
def delete_prediction(*, prediction: Prediction, by: User) -> None:
    permissions.require(by, prediction.cycle, permissions.CHANGE)
    _refuse_if_frozen(Cycle.objects.select_for_update().get(pk=prediction.cycle_id))
    measure = prediction.measure
    prediction.delete()
    touch_charts([measure])


@transaction.atomic
def study_prediction(
    *, prediction: Prediction, by: User, actual: str, outcome: str, note: str = ""
) -> Prediction:
    """Set down, beside the frozen prediction, what actually happened and whether it was met."""
    from cycles.services.spread import refresh_change_idea_status

    cycle = prediction.cycle
    permissions.require(by, cycle, permissions.CHANGE)
    stage = Cycle.objects.select_for_update().values_list("stage", flat=True).get(pk=cycle.pk)
    if stage not in (Cycle.Stage.STUDYING, Cycle.Stage.ACTING):
        raise CycleConflict("Predictions are studied in the Study stage, after the test has been done.")
    errors = {}
    if not (actual or "").strip():
        errors["actual"] = "Say what actually happened."
    if outcome not in Prediction.Outcome.values:
        errors["outcome"] = "Say whether the prediction was met, partly met or not met."
    if errors:
        raise ValidationError(errors)
    prediction.actual, prediction.outcome, prediction.study_note = actual.strip(), outcome, note.strip()
    prediction.studied_at, prediction.studied_by = clock.now(), by
    prediction.save()
    if stage == Cycle.Stage.ACTING and cycle.change_idea_id:
        refresh_change_idea_status(cycle.change_idea)
    return prediction


# --- Do --------------------------------------------------------------------------------------------


@transaction.atomic
def add_observation(*, cycle: Cycle, by: User, observed_on: date, text: str) -> Observation:
    permissions.require(by, cycle, permissions.CHANGE)
    if cycle.stage not in DO_STAGES:
        raise CycleConflict("Observations are written while the test runs, once the cycle has started.")
    if not (text or "").strip():
        raise ValidationError({"text": "Write what you noticed."})
    if observed_on is None:
        raise ValidationError({"observed_on": "Say on which day you noticed it."})
    check_in_window("observed_on", observed_on)
    observation = Observation.objects.create(
        cycle=cycle, observed_on=observed_on, text=text.strip(), author=by
    )
    tell_the_people_on_it(cycle, by, f"New observation on “{cycle.title}”", observation.text)
    return observation
