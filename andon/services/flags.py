"""Raising a flag and its everyday life: acknowledge, assign, comment, resolve, reopen.

Each verb is one transaction: lock the flag, check the person may do it *on the locked row* (the
escalation job may have moved it a moment ago), write, record the event, notify.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from andon.models import Flag, FlagEvent, FlagHold
from andon.permissions import FLAG_ACT, FLAG_REOPEN, may_be_assigned, may_raise_flag
from andon.services import webhook_events
from andon.services.holds import end_hold, lock, record, start_hold, tell
from measures.models import FocusArea
from playbook import clock, permissions
from playbook.consistency import require_same_team
from playbook.models import Team, User
from playbook.permissions import tree

MAX_TEXT = 10_000


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: f"Keep it under {MAX_TEXT:,} characters."})
    return value


@transaction.atomic
def raise_flag(
    *,
    team: Team,
    by: User,
    title: str,
    description: str,
    category: str = Flag.Category.OTHER,
    severity: str = Flag.Severity.MEDIUM,
    focus_area: FocusArea | None = None,
) -> Flag:
    """Pull the cord. An app that raises a flag from one of its own things (a cycle, a meeting) calls
    this inside its own transaction and keeps the link itself (``andon.sources``)."""
    permissions.require(by, team, permissions.VIEW)
    if not may_raise_flag(by, team.pk):
        raise ValidationError({"team": f"You are not in {team.name}, so you cannot raise a flag for it."})
    if focus_area is not None and not permissions.can_view(by, focus_area):
        raise ValidationError({"focus_area": "Choose a focus area you work on."})
    # Everyone who sees the flag sees its focus area's title: it must be the flag's team's own.
    require_same_team("focus_area", focus_area, team, what="a focus area")
    now = clock.now()
    flag = Flag(
        network_id=team.network_id,
        team=team,
        holding_team=team,
        title=(title or "").strip(),
        description=(description or "").strip(),
        category=category,
        severity=severity,
        raised_by=by,
        raised_at=now,
        focus_area=focus_area,
        hold=0,
        held_since=now,
        acknowledge_by=now,
        resolve_by=now,
    )
    start_hold(flag, team=team, at=now, arrival=FlagHold.Arrival.RAISED, save=False)
    flag.full_clean()
    flag.save()
    FlagHold.objects.create(
        flag=flag,
        seq=flag.hold,
        team=team,
        tier=team.kind,
        arrived_by=FlagHold.Arrival.RAISED,
        started_at=now,
    )
    record(flag, FlagEvent.Kind.RAISED, by=by, to_team=team)
    webhook_events.flag_raised(flag, by)
    parents = tree.network_parents(team.network_id)
    leads = tree.leads_of(tree.chain(team.pk, parents))
    tell(
        flag,
        tree.responders(team.pk, parents, leads),
        subject=f"{flag.get_severity_display()} flag raised in {team.name}: {flag.title}",
        body=f"{by.display_name} raised it: {flag.description[:500]}",
        but_not=by,
    )
    return flag


@transaction.atomic
def acknowledge_flag(*, flag: Flag, by: User) -> Flag:
    flag = lock(flag, by, FLAG_ACT)
    if flag.status != Flag.Status.OPEN:
        raise ValidationError(f"This flag is already {flag.get_status_display().lower()}.")
    now = clock.now()
    flag.status = Flag.Status.ACKNOWLEDGED
    flag.acknowledged_at = now
    # From now on the resolve deadline is the one that counts; at the top an overdue flag stays so.
    flag.next_escalation_at = None if flag.overdue_since else flag.resolve_by
    flag.save()
    FlagHold.objects.filter(flag=flag, seq=flag.hold, acknowledged_at__isnull=True).update(
        acknowledged_at=now
    )
    record(flag, FlagEvent.Kind.ACKNOWLEDGED, by=by)
    tell(
        flag,
        [flag.raised_by],
        subject=f"Your flag was acknowledged: {flag.title}",
        body=f"{by.display_name} of {flag.holding_team.name} acknowledged it.",
        but_not=by,
    )
    return flag


@transaction.atomic
def assign_flag(*, flag: Flag, by: User, assignee: User | None) -> Flag:
    """Give the flag to someone who can act on it (or to nobody)."""
    flag = lock(flag, by, FLAG_ACT)
    if flag.is_resolved:
        raise ValidationError("This flag is resolved; reopen it first.")
    if assignee is not None and not may_be_assigned(assignee, flag):
        raise ValidationError(
            {
                "assignee": f"{assignee.display_name} is not in a team this flag has been with, "
                f"nor in {flag.holding_team.name} or a team above it."
            }
        )
    if assignee == flag.assignee:
        return flag
    flag.assignee = assignee
    flag.save()
    record(flag, FlagEvent.Kind.ASSIGNED, by=by, assignee=assignee)
    if assignee is not None:
        tell(
            flag,
            [assignee],
            subject=f"A flag was assigned to you: {flag.title}",
            body=f"{by.display_name} assigned it to you.",
            but_not=by,
        )
    return flag


@transaction.atomic
def comment_on_flag(*, flag: Flag, by: User, text: str) -> FlagEvent:
    text = _text(text, "text", "Write a comment.")
    flag = lock(flag, by, permissions.CONTRIBUTE)
    event = record(flag, FlagEvent.Kind.COMMENTED, by=by, text=text)
    tell(
        flag,
        [flag.raised_by, flag.assignee],
        subject=f"{by.display_name} commented on “{flag.title}”",
        body=text[:1000],
        but_not=by,
    )
    return event


@transaction.atomic
def resolve_flag(*, flag: Flag, by: User, resolution: str, learning: str) -> Flag:
    errors = {}
    for field, value, message in (
        ("resolution", resolution, "Say how it was resolved."),
        ("learning", learning, "Say what was learned, so others can find it later."),
    ):
        try:
            _text(value, field, message)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    flag = lock(flag, by, FLAG_ACT)
    if flag.is_resolved:
        raise ValidationError("This flag is already resolved.")
    now = clock.now()
    flag.status = Flag.Status.RESOLVED
    flag.resolved_at, flag.resolved_by = now, by
    flag.resolution, flag.learning = resolution.strip(), learning.strip()
    flag.next_escalation_at = None
    flag.save()
    end_hold(flag, at=now, outcome=FlagHold.Outcome.RESOLVED)
    record(
        flag, FlagEvent.Kind.RESOLVED, by=by, text=f"{flag.resolution}\n\nWhat we learned: {flag.learning}"
    )
    webhook_events.flag_resolved(flag, by)
    tell(
        flag,
        [flag.raised_by, flag.assignee],
        subject=f"Resolved: {flag.title}",
        body=f"{by.display_name} resolved it.\n\n{flag.resolution}\n\nWhat we learned: {flag.learning}",
        but_not=by,
    )
    return flag


@transaction.atomic
def reopen_flag(*, flag: Flag, by: User, reason: str = "") -> Flag:
    """A resolved flag comes back to the team that resolved it, with fresh deadlines."""
    flag = lock(flag, by, FLAG_REOPEN)
    if not flag.is_resolved:
        raise ValidationError("Only a resolved flag can be reopened.")
    now = clock.now()
    flag.resolved_at = flag.resolved_by = None
    flag.resolution = flag.learning = ""
    start_hold(flag, team=flag.holding_team, at=now, arrival=FlagHold.Arrival.REOPENED)
    record(
        flag,
        FlagEvent.Kind.REOPENED,
        by=by,
        text=(reason or "").strip()[:MAX_TEXT],
        to_team=flag.holding_team,
    )
    parents = tree.network_parents(flag.network_id)
    leads = tree.leads_of(tree.chain(flag.holding_team_id, parents))
    tell(
        flag,
        [*tree.responders(flag.holding_team_id, parents, leads), flag.raised_by, flag.assignee],
        subject=f"Reopened: {flag.title}",
        body=f"{by.display_name} reopened it. {reason}".strip(),
        but_not=by,
    )
    return flag
