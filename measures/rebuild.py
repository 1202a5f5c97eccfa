"""Rebuilding stored charts: the work of the chart jobs. Pages and the API only read what it stored."""

from __future__ import annotations

import logging

from django.db import DatabaseError, transaction
from django.db.models import Exists, F, OuterRef, Q

from measures import charts, glance
from measures.models import DataPoint, Measure, StoredChart
from playbook import clock
from playbook.fields import SYSTEM_MAX
from playbook.notifications import notify

log = logging.getLogger(__name__)

STALE_BATCH = 200  # one run's share; the rest wait a minute for the next (1,000 rebuild in ~8 s)


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
        exclusions = list(measure.exclusions.all())
        if variant == "default":
            options = charts.default_options(measure, exclusions)
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
            result = charts.compute(
                measure, points, list(measure.targets.all()), options, annotations, exclusions=exclusions
            )
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
        if variant == "default":  # the at-a-glance table and home panels read the default chart only
            glance.summarize(chart)
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


def rebuild_stale(*, batch_size: int = STALE_BATCH) -> int:
    """Rebuild charts older than their measure's data, and default charts never built for a measure
    with data: whatever the on-commit job did not (the broker was down, the job was lost). At most
    ``batch_size`` a run; the number rebuilt. Safe alongside the on-commit jobs and itself: each
    rebuild takes its chart's row lock and does nothing when it finds the chart fresh.
    """
    default_chart = StoredChart.objects.filter(measure=OuterRef("pk"), variant="default")
    never_built = (
        Measure.objects.filter(~Exists(default_chart))
        .filter(Q(data_version__gt=0) | Exists(DataPoint.objects.filter(measure=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)[:batch_size]
    )
    work = [(pk, "default", None) for pk in never_built]
    stale = (
        StoredChart.objects.filter(built_version__lt=F("measure__data_version"))
        .order_by(F("computed_at").asc(nulls_first=True), "pk")
        .values_list("measure_id", "variant", "options")[: batch_size - len(work)]
    )
    work += [(pk, variant, None if variant == "default" else options) for pk, variant, options in stale]
    done = 0
    for measure_id, variant, options in work:
        try:
            done += rebuild(measure_id, variant, options) is not None
        except DatabaseError:
            raise
        except Exception:  # one chart the engine chokes on must not hold up the others every minute
            log.exception("Rebuilding the %s chart of measure %s failed", variant, measure_id)
    return done


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
