"""Archiving a flag: it leaves every list, the dashboard and the escalation job; its history stays."""

from __future__ import annotations

from django.db import transaction

from andon.models import Flag, FlagEvent
from andon.services.holds import record
from playbook.archive import set_archived
from playbook.models import User


@transaction.atomic
def set_flag_archived(flag: Flag, *, by: User, archived: bool = True) -> bool:
    """Archive (or restore) ``flag``, as one more event in its history. For the admin's actions."""
    if not set_archived(flag, by=by, archived=archived):
        return False
    kind = FlagEvent.Kind.ARCHIVED if archived else FlagEvent.Kind.RESTORED
    record(flag, kind, by=by)
    return True
