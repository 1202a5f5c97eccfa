"""Rebuilding stored charts: the work of the chart jobs. Pages and the API only read what it stored."""

from __future__ import annotations

from django.db import transaction

from measures import charts
from measures.models import Measure, StoredChart
from playbook import clock
from playbook.fields import SYSTEM_MAX
from playbook.notifications import notify


def rebuild(
    measure_id: int, variant: str = "default", options: dict | None = None, *, force: bool = False
) -> StoredChart | None:
    """Bring one stored chart up to the measure's current data. Safe to run twice or at once.

    Runs that wait on the row lock find the chart already built from the latest data and do
    nothing, so a burst of saves costs one or two rebuilds, not one per save.
    """
    with transaction.atomic():
        measure = Measure.objects.select_related("focus_area").filter(pk=measure_id).first()
        if measure is None:
            return None  # deleted since the job was queued
        if variant == "default":
            options = charts.default_options(measure)
        chart, _ = StoredChart.objects.get_or_create(
            measure=measure, variant=variant, defaults={"options": options or {}}
        )
        chart = StoredChart.objects.select_for_update().get(pk=chart.pk)
        version = Measure.objects.values_list("data_version", flat=True).get(pk=measure_id)
        fresh = chart.is_built_from(version) and chart.options == options and chart.result is not None
        if fresh and not force:
            return chart
        points = list(measure.data_points.order_by("period"))
        annotations = [mark for provider in charts.ANNOTATION_PROVIDERS for mark in provider(measure)]
        try:
            result = charts.compute(measure, points, measure.targets.all(), options, annotations)
            chart.error = ""
        except ValueError as exc:  # options that no longer fit the data, e.g. a baseline too long
            result, chart.error = None, str(exc)[:SYSTEM_MAX]
        previous = chart.result or {}
        if result is not None:
            result["notified"] = _tell_owner_of_new_deteriorations(measure, result, previous, variant)
        chart.options, chart.result, chart.built_version, chart.computed_at = (
            options,
            result,
            version,
            clock.now(),
        )
        chart.save()
        return chart


def rebuild_measure(measure_id: int, *, force: bool = False) -> int:
    """Rebuild the measure's default chart and every other variant someone asked for."""
    variants = list(StoredChart.objects.filter(measure_id=measure_id).values_list("variant", "options"))
    built = rebuild(measure_id, force=force) is not None
    for variant, options in variants:
        if variant != "default":
            rebuild(measure_id, variant, options, force=force)
    return int(built) + len([v for v, _ in variants if v != "default"])


def _tell_owner_of_new_deteriorations(
    measure: Measure, result: dict, previous: dict, variant: str
) -> list[str]:
    """A balancing measure getting worse is the cost of a change: its focus area's owner hears once."""
    already = set(previous.get("notified", []))
    if measure.kind != Measure.Kind.BALANCING or variant != "default":
        return sorted(already)
    # Only what is happening now: a run that ended weeks ago is history, not news.
    last = len(result["points"]) - 1
    fresh = [
        s for s in result["signals"]
        if s["direction"] == "deterioration" and s["end_index"] == last
        and f"{s['rule']}:{s['start']}" not in already
    ]  # fmt: skip
    for signal in fresh:
        notify(
            recipient=measure.focus_area.owner,
            subject=f"Balancing measure “{measure.name}” is getting worse",
            body=f"{signal['description']} since {signal['start']}. {result['caption']}",
            url=measure.get_absolute_url(),
            kind="balancing-signal",
        )
    return sorted(already | {f"{s['rule']}:{s['start']}" for s in fresh})
