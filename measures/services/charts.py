"""Asking for a stored chart: the view someone wants, built by a job when it is missing or stale."""

from __future__ import annotations

from measures import charts
from measures.models import Measure, StoredChart
from playbook import jobs


def request_variant(measure: Measure, options: dict, defaults: dict | None = None) -> StoredChart | None:
    """The stored chart for ``options``, asking for a build when it is missing or stale. ``defaults``:
    the measure's own options, when the caller has them (see ``charts.variant_key``)."""
    from measures.tasks import rebuild_measure_chart

    variant = charts.variant_key(measure, options, defaults)
    chart = StoredChart.objects.filter(measure=measure, variant=variant).first()
    if chart is None:
        _make_room_for_a_variant(measure)
    if chart is None or not chart.is_built_from(measure.data_version):
        # Often called by a read outside any transaction: then this queues at once, and a broker
        # that is down only means the reader is told the chart is still being updated.
        jobs.enqueue_on_commit(rebuild_measure_chart, measure.pk, variant, options)
    return chart


MAX_VARIANTS = 20


def _make_room_for_a_variant(measure: Measure) -> None:
    """Every view someone asks for is kept and rebuilt; keep the most recent few, not every whim."""
    extra = (
        StoredChart.objects.filter(measure=measure).exclude(variant="default").order_by("-computed_at", "-pk")
    )
    stale = list(extra.values_list("pk", flat=True)[MAX_VARIANTS - 1 :])
    if stale:
        StoredChart.objects.filter(pk__in=stale).delete()
