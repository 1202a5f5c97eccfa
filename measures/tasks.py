"""Celery entry points for stored charts. Each takes ids, reloads its rows and is safe to run twice."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from measures import rebuild
from measures.models import Measure

# The database down or restarting: try again a little later rather than lose the rebuild (the
# periodic rebuild_stale_charts would find it anyway, but this is sooner).
DATABASE_DOWN = (OperationalError, InterfaceError)


@shared_task(autoretry_for=DATABASE_DOWN, retry_backoff=5, retry_backoff_max=300, max_retries=8)
def rebuild_measure_chart(measure_id: int, variant: str | None = None, options: dict | None = None) -> int:
    if variant is None:
        return rebuild.rebuild_measure(measure_id)
    return int(rebuild.rebuild(measure_id, variant, options) is not None)


@shared_task
def rebuild_stale_charts() -> int:
    """Beat runs this every minute: the rebuilds the on-commit job never ran (the broker was down)."""
    return rebuild.rebuild_stale()


@shared_task
def rebuild_all_charts() -> int:
    """Nightly: every measure's charts from scratch, in case a rebuild was lost or the engine changed."""
    return sum(
        rebuild.rebuild_measure(pk, force=True)
        for pk in Measure.objects.values_list("pk", flat=True).iterator()
    )
