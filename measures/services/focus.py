"""Writes for focus areas, their measures and the measures' targets."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from measures.data_input import multiplier_problem
from measures.models import FocusArea, Measure, MeasureTarget
from measures.permissions import can_create_focus_area
from measures.services.shared import FOLLOWING, SHAPING
from playbook import clock, permissions
from playbook.dates import AIM_YEARS_AHEAD, check_in_window
from playbook.models import Team, User

FOCUS_AREA_FIELDS = ("title", "problem", "aim_what", "aim_how_much", "aim_by_when", "owner", "status")
# What an adopted measure takes from its shared definition, and its team does not edit.
SHARED_DEFINITION = (*FOLLOWING, *SHAPING)
MEASURE_FIELDS = (
    "name", "kind", "definition", "unit", "data_kind", "direction", "frequency",
    "chart_type", "baseline", "phase_dates", "rules", "screen_mr", "centre", "multiplier",
)  # fmt: skip


def _check_owner(team: Team, owner: User) -> None:
    if owner.network_id != team.network_id or not permissions.access_for(owner).has_role(team.pk, "member"):
        raise ValidationError({"owner": f"{owner.display_name} is not in {team.name}."})


@transaction.atomic
def create_focus_area(*, team: Team, by: User, **fields) -> FocusArea:
    permissions.require(by, team, permissions.VIEW)
    if not can_create_focus_area(by, team):
        raise PermissionDenied("Leads set their team's focus areas.")
    unknown = set(fields) - set(FOCUS_AREA_FIELDS)
    if unknown:
        raise TypeError(f"Unknown focus area fields: {sorted(unknown)}")
    fields.setdefault("owner", by)
    _check_owner(team, fields["owner"])
    check_in_window("aim_by_when", fields.get("aim_by_when"), years_ahead=AIM_YEARS_AHEAD)
    focus_area = FocusArea(team=team, created_by=by, **fields)
    if focus_area.status == FocusArea.Status.CLOSED:
        focus_area.closed_at = clock.now()
    focus_area.full_clean()
    focus_area.save()
    return focus_area


@transaction.atomic
def update_focus_area(*, focus_area: FocusArea, by: User, **fields) -> FocusArea:
    permissions.require(by, focus_area, permissions.CHANGE)
    for name in FOCUS_AREA_FIELDS:
        if name in fields:
            setattr(focus_area, name, fields[name])
    if "owner" in fields:
        _check_owner(focus_area.team, focus_area.owner)
    if "aim_by_when" in fields:
        check_in_window("aim_by_when", focus_area.aim_by_when, years_ahead=AIM_YEARS_AHEAD)
    if focus_area.status == FocusArea.Status.CLOSED and focus_area.closed_at is None:
        focus_area.closed_at = clock.now()
    elif focus_area.status != FocusArea.Status.CLOSED:
        focus_area.closed_at = None
    focus_area.full_clean()
    focus_area.save()
    return focus_area


def close_focus_area(*, focus_area: FocusArea, by: User) -> FocusArea:
    return update_focus_area(focus_area=focus_area, by=by, status=FocusArea.Status.CLOSED)


def _clean_phase_dates(value) -> list[str]:
    try:
        dates = sorted({d if isinstance(d, date) else date.fromisoformat(str(d)) for d in value or []})
    except ValueError:
        raise ValidationError({"phase_dates": "Phase dates must be dates, e.g. 2026-03-02."}) from None
    for day in dates:
        check_in_window("phase_dates", day)
    return [d.isoformat() for d in dates]


def _check_multiplier(measure: Measure) -> None:
    if problem := multiplier_problem(measure.data_kind, measure.multiplier):
        raise ValidationError({"multiplier": problem})


@transaction.atomic
def create_measure(
    *, focus_area: FocusArea, by: User, targets: list[tuple[date, float]] | None = None, **fields
) -> Measure:
    """A new measure, with its targets if given: a target that fails leaves no measure half set up."""
    permissions.require(by, focus_area, permissions.CHANGE)
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown measure fields: {sorted(unknown)}")
    fields["phase_dates"] = _clean_phase_dates(fields.get("phase_dates"))
    measure = Measure(focus_area=focus_area, **fields)
    _check_multiplier(measure)
    measure.full_clean()
    measure.save()
    if targets:
        set_targets(measure=measure, by=by, targets=targets)
    return measure


@transaction.atomic
def update_measure(
    *, measure: Measure, by: User, targets: list[tuple[date, float]] | None = None, **fields
) -> Measure:
    """Change the measure's definition and, when ``targets`` is given and differs, its targets."""
    from measures.services.data import measure_changed

    permissions.require(by, measure, permissions.CHANGE)
    if measure.shared_measure_id:
        _refuse_shared_changes(measure, fields)
    if "data_kind" in fields and fields["data_kind"] != measure.data_kind and measure.data_points.exists():
        raise ValidationError({"data_kind": "This measure has data; its kind of data can no longer change."})
    if "phase_dates" in fields:
        fields["phase_dates"] = _clean_phase_dates(fields["phase_dates"])
    for name in MEASURE_FIELDS:
        if name in fields:
            setattr(measure, name, fields[name])
    _check_multiplier(measure)
    measure.full_clean()
    measure.save()
    measure_changed(measure)  # chart settings may have changed: rebuild
    current = sorted((t.starts_on, t.value) for t in measure.targets.all())
    if targets is not None and sorted(targets) != current:
        set_targets(measure=measure, by=by, targets=targets)
    return measure


def _refuse_shared_changes(measure: Measure, fields: dict) -> None:
    """An adopted measure's definition is the network's: the team that adopted it does not change it
    (the next edit of the shared definition would quietly undo theirs, and the teams' charts would no
    longer compare). Its own targets, phases and chart settings beyond these stay the team's."""
    for name in SHARED_DEFINITION:
        if name in fields and fields[name] != getattr(measure, name):
            label = Measure._meta.get_field(name).verbose_name
            raise ValidationError(
                {
                    name: f"This measure follows the shared definition “{measure.shared_measure.name}”: "
                    f"its {label} is changed there, by whoever keeps it, for every team at once."
                }
            )


@transaction.atomic
def set_targets(*, measure: Measure, by: User, targets: list[tuple[date, float]]) -> list[MeasureTarget]:
    """Replace the measure's targets: each (from date, value) holds until the next one starts."""
    from measures.services.data import measure_changed

    permissions.require(by, measure, permissions.CHANGE)
    starts = [start for start, _ in targets]
    if len(starts) != len(set(starts)):
        raise ValidationError({"targets": "Two targets start on the same date."})
    for start in starts:
        check_in_window("targets", start, years_ahead=AIM_YEARS_AHEAD)
    measure.targets.all().delete()
    created = MeasureTarget.objects.bulk_create(
        MeasureTarget(measure=measure, starts_on=start, value=float(value))
        for start, value in sorted(targets)
    )
    measure_changed(measure)
    return created
