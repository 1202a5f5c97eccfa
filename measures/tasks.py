"""Celery entry points for stored charts. Each takes ids, reloads its rows and is safe to run twice."""

from celery import shared_task

from measures import rebuild
from measures.models import Measure


@shared_task
def rebuild_measure_chart(measure_id: int, variant: str | None = None, options: dict | None = None) -> int:
    if variant is None:
        return rebuild.rebuild_measure(measure_id)
    return int(rebuild.rebuild(measure_id, variant, options) is not None)


@shared_task
def rebuild_all_charts() -> int:
    """Nightly: every measure's charts from scratch, in case a rebuild was lost or the engine changed."""
    return sum(
        rebuild.rebuild_measure(pk, force=True)
        for pk in Measure.objects.values_list("pk", flat=True).iterator()
    )
