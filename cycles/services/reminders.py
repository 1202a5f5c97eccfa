"""The daily nudge to owners of overdue cycles: once per cycle per day, however often the job runs."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from cycles.models import Cycle, CycleReminder
from playbook import clock
from playbook.notifications import notify


def overdue_cycles(on: date):
    return Cycle.objects.filter(
        stage__in=(Cycle.Stage.PLANNING, Cycle.Stage.DOING), ends_on__lt=on, owner__is_active=True
    )


def remind_owner(cycle: Cycle, on: date) -> bool:
    """Send one cycle's reminder for ``on`` unless one was sent already. Returns whether this call sent it."""
    with transaction.atomic():
        _, created = CycleReminder.objects.get_or_create(
            cycle=cycle, sent_on=on, defaults={"sent_at": clock.now()}
        )
        if not created:
            return False
        days = (on - cycle.ends_on).days
        notify(
            recipient=cycle.owner,
            subject=f"Your cycle “{cycle.title}” is overdue",
            body=(
                f"It was due to end on {cycle.ends_on:%-d %B %Y}, {days} day{'s' if days != 1 else ''} ago, "
                "and has not been studied yet. Record what happened and study it, "
                "or abandon it with a reason."
            ),
            url=cycle.get_absolute_url(),
            kind="cycle-overdue",
        )
    return True


def remind_overdue_owners(on: date | None = None) -> int:
    on = on or clock.today()
    cycles = overdue_cycles(on).exclude(reminders__sent_on=on).select_related("owner")
    return sum(remind_owner(cycle, on) for cycle in cycles.iterator())
