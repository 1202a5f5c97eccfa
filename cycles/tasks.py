"""Celery entry points of the cycles app. Each is safe to run twice."""

from celery import shared_task

from cycles import services


@shared_task
def remind_overdue_cycles() -> int:
    """Hourly: remind the owner of each overdue cycle, once per cycle per day (a unique row makes sure)."""
    return services.remind_overdue_owners()
