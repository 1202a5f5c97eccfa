"""The pieces every andon verb is built from: lock a flag, start and end a hold, record, tell."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Model
from django.http import Http404

from andon import selectors
from andon.models import Flag, FlagEvent, FlagHold
from playbook import clock, notifications, permissions
from playbook.models import Team


def lock(flag: Flag, by, action: str) -> Flag:
    """The flag as it is now, row-locked until the transaction ends, if ``by`` may ``action`` it.

    The lock waits for an escalation batch holding the row; the permission check then runs on what
    that batch left, so nobody acknowledges a flag that has just moved out of their reach.
    """
    locked = (
        Flag.objects.select_for_update(no_key=True, of=("self",))
        .select_related("network", "team", "holding_team", "raised_by", "assignee")
        .filter(pk=flag.pk)
        .first()
    )
    if locked is None:
        raise Http404("Not found.")
    permissions.require(by, locked, action)
    return locked


def start_hold(flag: Flag, *, team: Team, at: datetime, arrival: str, save: bool = True) -> None:
    """Give ``flag`` to ``team`` from ``at``, with that team's deadlines under the network's policy."""
    rule = selectors.rules_for(flag.network_id)[flag.severity]
    calendar = selectors.calendar_for(flag.network if flag.network_id else team.network)
    flag.hold += 1
    flag.holding_team = team
    flag.held_since = at
    flag.acknowledge_by, flag.resolve_by = calendar.deadlines(at, rule)
    flag.status = Flag.Status.OPEN
    flag.acknowledged_at = None
    flag.next_escalation_at = flag.acknowledge_by
    flag.overdue_since = None
    flag.__dict__.pop("_path_team_ids", None)  # the permission rule's kept list of holders is stale now
    if save:
        flag.save()
        FlagHold.objects.create(
            flag=flag, seq=flag.hold, team=team, tier=team.kind, arrived_by=arrival, started_at=at
        )


def end_hold(flag: Flag, *, at: datetime, outcome: str) -> None:
    FlagHold.objects.filter(flag=flag, seq=flag.hold, ended_at__isnull=True).update(
        ended_at=at, outcome=outcome
    )


def record(flag: Flag, kind: str, *, by=None, hold: int | None = None, **fields) -> FlagEvent:
    return FlagEvent.objects.create(
        flag=flag, kind=kind, at=clock.now(), by=by, hold=flag.hold if hold is None else hold, **fields
    )


def tell(flag: Flag, people, *, subject: str, body: str = "", but_not=None) -> list:
    """Notify each of ``people`` once, but only those who may see the flag (DESIGN.md §4)."""
    chosen: dict[int, Model] = {}
    for person in people:
        if person is None or (but_not is not None and person.pk == but_not.pk) or person.pk in chosen:
            continue
        if person.is_active and permissions.can_view(person, flag):
            chosen[person.pk] = person
    return notifications.notify_many(
        recipients=chosen.values(), subject=subject, body=body, url=flag.get_absolute_url(), kind="andon"
    )
