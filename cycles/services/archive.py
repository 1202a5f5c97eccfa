"""Archiving a cycle: it leaves every list, chart and count of its change idea; its history stays."""

from __future__ import annotations

from django.db import transaction

from cycles.models import Cycle, CycleEvent
from cycles.services.common import linked_measures, record, touch_charts
from playbook.archive import set_archived
from playbook.models import User


@transaction.atomic
def set_cycle_archived(cycle: Cycle, *, by: User, archived: bool = True) -> bool:
    """Archive (or restore) ``cycle``, as one more event in its history. For the admin's actions."""
    from cycles.services.spread import refresh_change_idea_status

    if not set_archived(cycle, by=by, archived=archived):
        return False
    record(cycle, CycleEvent.Kind.ARCHIVED if archived else CycleEvent.Kind.RESTORED, by)
    touch_charts(linked_measures(cycle))  # its window comes off (or back onto) the measures' charts
    if cycle.change_idea_id is not None:
        refresh_change_idea_status(cycle.change_idea)
    return True
