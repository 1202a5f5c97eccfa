"""Writes for shared measures: a hub or cluster defines one, teams adopt it, its owners change it.

What an edit does to the teams that adopted it (issue 16): the words and the aim follow, the shape
of the data stays. Name, operational definition, kind, unit, direction and target are copied onto
every adopted measure; data kind, chart type, frequency and multiplier follow only while no adopting
team has entered data, because after that they would change what the teams' numbers mean (a
proportion re-read as a count), so the edit is refused with a message saying why. The leads of the
adopting teams are told what changed; the teams themselves do not edit those fields
(``measures.services.focus.update_measure`` refuses it).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from measures.data_input import multiplier_problem
from measures.models import DataPoint, FocusArea, Measure, MeasureTarget, SharedMeasure
from measures.permissions import may_own_shared_measures
from playbook import permissions
from playbook.dates import EARLIEST
from playbook.models import Team, User
from playbook.notifications import notify_many
from playbook.permissions import tree

SHARED_FIELDS = (
    "name", "kind", "definition", "unit", "data_kind", "direction", "frequency",
    "chart_type", "multiplier", "target",
)  # fmt: skip
# Copied onto adopted measures on every edit.
FOLLOWING = ("name", "kind", "definition", "unit", "direction")
# Copied while no adopting team has data; refused afterwards.
SHAPING = ("data_kind", "chart_type", "frequency", "multiplier")
# The shared target has no date of its own: on an adopted measure it holds from the first period.
SHARED_TARGET_FROM = EARLIEST


def _check_shape(shared: SharedMeasure) -> None:
    if shared.chart_type and shared.chart_type not in Measure.CHARTS_FOR_DATA[shared.data_kind]:
        fitting = Measure.CHARTS_FOR_DATA[shared.data_kind]
        allowed = ", ".join(str(Measure.ChartType(c).label) for c in fitting)
        kind = shared.get_data_kind_display()
        raise ValidationError({"chart_type": f"{kind} data is drawn as: {allowed}."})
    if problem := multiplier_problem(shared.data_kind, shared.multiplier):
        raise ValidationError({"multiplier": problem})


def _unknown(fields: dict) -> None:
    unknown = set(fields) - set(SHARED_FIELDS)
    if unknown:
        raise TypeError(f"Unknown shared measure fields: {sorted(unknown)}")


@transaction.atomic
def create_shared_measure(*, team: Team, by: User, **fields) -> SharedMeasure:
    permissions.require(by, team, permissions.VIEW)
    if not may_own_shared_measures(by, team):
        raise PermissionDenied("A hub's or cluster's leads (and the leaders above) define shared measures.")
    _unknown(fields)
    shared = SharedMeasure(network_id=team.network_id, team=team, created_by=by, **fields)
    _check_shape(shared)
    shared.full_clean()
    shared.save()
    return shared


@transaction.atomic
def update_shared_measure(*, shared: SharedMeasure, by: User, **fields) -> SharedMeasure:
    """Change the definition and carry it to every adopted measure (see the module's docstring)."""
    from measures.services.data import measure_changed

    shared = SharedMeasure.objects.select_for_update().get(pk=shared.pk)
    permissions.require(by, shared, permissions.CHANGE)
    _unknown(fields)
    changed = {k: v for k, v in fields.items() if getattr(shared, k) != v}
    adopted = list(Measure.objects.select_for_update().filter(shared_measure=shared).order_by("pk"))
    reshaped = [k for k in SHAPING if k in changed]
    if reshaped and DataPoint.objects.filter(measure__in=adopted).exists():
        label = SharedMeasure._meta.get_field(reshaped[0]).verbose_name
        raise ValidationError(
            {
                reshaped[0]: f"Teams have entered data for this measure, so its {label} can no longer "
                "change: their numbers would mean something else. Define a new shared measure instead."
            }
        )
    for name, value in changed.items():
        setattr(shared, name, value)
    _check_shape(shared)
    shared.full_clean()
    if "name" in changed:
        _check_name_free(shared.name, [m.focus_area_id for m in adopted], exclude=shared)
    shared.save()
    copied = [k for k in (*FOLLOWING, *SHAPING) if k in changed]
    for measure in adopted:
        for name in copied:
            setattr(measure, name, getattr(shared, name))
        if copied:
            measure.save(update_fields=copied)
        if "target" in changed:
            _set_shared_target(measure, shared.target)
        if copied or "target" in changed:
            measure_changed(measure)
    told = [k for k in (*FOLLOWING, *SHAPING, "target") if k in changed]
    if told and adopted:
        _tell_adopters(shared, adopted, told)
    return shared


def _tell_adopters(shared: SharedMeasure, adopted: list[Measure], changed: list[str]) -> None:
    """The leads of every team that adopted the measure hear what changed in its definition."""
    areas = FocusArea.objects.filter(pk__in={m.focus_area_id for m in adopted})
    teams = set(areas.values_list("team_id", flat=True))
    leads = [person for people in tree.leads_of(teams).values() for person in people]
    labels = ", ".join(str(SharedMeasure._meta.get_field(name).verbose_name) for name in changed)
    notify_many(
        recipients=leads,
        subject=f"The shared measure “{shared.name}” changed",
        body=f"Its {labels} changed; your team's measure follows it.",
        url=reverse("shared-measure-detail", args=[shared.pk]),
        kind="shared-measure-changed",
    )


def _check_name_free(name: str, focus_area_ids: list[int], *, exclude: SharedMeasure | None = None) -> None:
    """An adopted measure takes the shared name, which must be free in each adopting focus area."""
    taken = Measure.objects.filter(focus_area_id__in=focus_area_ids, name=name)
    if exclude is not None:
        taken = taken.exclude(shared_measure=exclude)
    clash = taken.select_related("focus_area").first()
    if clash is not None:
        raise ValidationError(
            {"name": f"“{clash.focus_area.title}” already has a measure called “{name}”; choose another."}
        )


def _set_shared_target(measure: Measure, value: float | None) -> None:
    """The shared target is the adopted measure's target from its first period; targets the team set
    from later dates stay theirs. No shared target: the one it set before is taken away."""
    if value is None:
        MeasureTarget.objects.filter(measure=measure, starts_on=SHARED_TARGET_FROM).delete()
        return
    MeasureTarget.objects.update_or_create(
        measure=measure, starts_on=SHARED_TARGET_FROM, defaults={"value": float(value)}
    )


@transaction.atomic
def adopt_shared_measure(*, shared: SharedMeasure, focus_area: FocusArea, by: User) -> Measure:
    """A team measure with the shared settings, in ``focus_area``, at most once per focus area."""
    from measures.services.data import measure_changed

    permissions.require(by, shared, permissions.VIEW)
    # Whoever may add measures to the focus area adopts into it (as ``create_measure`` asks).
    permissions.require(by, focus_area, permissions.CHANGE)
    # Two adoptions into one focus area at once queue here; the second then finds the first.
    FocusArea.objects.select_for_update().filter(pk=focus_area.pk).first()
    if focus_area.team.network_id != shared.network_id:
        raise ValidationError({"focus_area": "That focus area is in another network."})
    if focus_area.status == FocusArea.Status.CLOSED:
        raise ValidationError({"focus_area": f"“{focus_area.title}” is closed; reopen it to add measures."})
    if Measure.objects.filter(focus_area=focus_area, shared_measure=shared).exists():
        raise ValidationError({"focus_area": f"“{focus_area.title}” has already adopted “{shared.name}”."})
    _check_name_free(shared.name, [focus_area.pk])
    measure = Measure(
        focus_area=focus_area,
        shared_measure=shared,
        **{name: getattr(shared, name) for name in (*FOLLOWING, *SHAPING)},
    )
    measure.full_clean()
    try:
        with transaction.atomic():
            measure.save()
    except IntegrityError:  # the constraint, should another path slip past the lock
        raise ValidationError(
            {"focus_area": f"“{focus_area.title}” has already adopted “{shared.name}”."}
        ) from None
    if shared.target is not None:
        _set_shared_target(measure, shared.target)
        measure_changed(measure)
    return measure
