"""Celery entry points of the huddles app. Each is safe to run twice."""

from celery import shared_task

from huddles import services
from huddles.services.uptake import keep_uptake_counts as _keep_uptake_counts


@shared_task
def create_upcoming_meetings() -> int:
    """Hourly: tops up every huddle's coming week (set-up made the first one); a day that has a meeting
    gets no other, and the huddle's row lock keeps it so against a person starting one at that moment."""
    return services.schedule_meetings()


@shared_task
def remind_overdue_actions() -> int:
    """Hourly: one reminder per overdue action item, ever (a unique reminder row makes sure)."""
    return services.remind_overdue_action_items()


@shared_task
def keep_uptake_counts() -> int:
    """Every five minutes: every team's uptake figures counted and kept for leaders' homes."""
    return _keep_uptake_counts()
