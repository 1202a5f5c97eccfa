"""Leaving a period out of a measure's centre line, limits and runs analysis, with the reason why.

The period stays on the chart (CHART_RULES §3.1); only the calculations skip it. Changing which
periods are left out changes the chart, so each write marks it stale and has it rebuilt once the
transaction commits, as a data change does (``measures.services.data.measure_changed``).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from measures.models import Measure, MeasureExclusion
from measures.services.data import measure_changed
from playbook import permissions
from playbook.models import User

REASON_MAX = MeasureExclusion._meta.get_field("reason").max_length


def exclusion_errors(measure: Measure, period: date | None, reason: str) -> dict[str, list[str]]:
    """Why ``period`` cannot be left out of ``measure``'s limits for ``reason``; empty when it can.
    The form and the API show these as they are, so every way in gives the same reason."""
    errors: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = ["Say why the period is left out, e.g. “School closed for snow”."]
    elif len(reason) > REASON_MAX:
        errors["reason"] = [f"Keep the reason to {REASON_MAX} characters ({len(reason)} given)."]
    elif "\x00" in reason:
        errors["reason"] = ["The reason contains a NUL character; remove it."]
    if period is None:
        errors["period"] = ["Choose the period to leave out."]
    elif not measure.data_points.filter(period=period).exists():
        errors["period"] = [f"{measure.name} has no data for {period:%-d %B %Y}: choose one of its periods."]
    elif measure.exclusions.filter(period=period).exists():
        errors["period"] = [f"{period:%-d %B %Y} is already left out of the limits."]
    return errors


@transaction.atomic
def exclude(*, measure: Measure, period: date | None, reason: str, by: User) -> MeasureExclusion:
    """Leave ``period`` out of the measure's limits; the chart still shows it, with ``reason``."""
    permissions.require(by, measure, permissions.CHANGE)
    Measure.objects.select_for_update().filter(pk=measure.pk).first()  # one exclusion check at a time
    if errors := exclusion_errors(measure, period, reason):
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            exclusion = MeasureExclusion.objects.create(
                measure=measure, period=period, reason=reason.strip(), created_by=by
            )
    except IntegrityError as exc:  # the same period left out a moment ago by someone else
        raise ValidationError({"period": [f"{period:%-d %B %Y} is already left out of the limits."]}) from exc
    measure_changed(measure)
    return exclusion


@transaction.atomic
def include_again(*, exclusion: MeasureExclusion, by: User) -> None:
    """Count the period in the measure's limits again."""
    measure = exclusion.measure
    permissions.require(by, measure, permissions.CHANGE)
    exclusion.delete()
    measure_changed(measure)
