"""Celery entry points of the huddles app. Each is safe to run twice."""

from celery import shared_task

from huddles import services


@shared_task
def create_upcoming_meetings() -> int:
    """Hourly: the coming week's meetings of every huddle (a unique (huddle, start) keeps it to one each)."""
    return services.schedule_meetings()


@shared_task
def remind_overdue_actions() -> int:
    """Hourly: one reminder per overdue action item, ever (a unique reminder row makes sure)."""
    return services.remind_overdue_action_items()
