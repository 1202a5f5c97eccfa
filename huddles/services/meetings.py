"""Meetings: made ahead by the beat job (once per occurrence), or on the spot; attendance, roles, close."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from huddles.models import ROLE_FIELDS, FlagReply, Huddle, Meeting
from huddles.schedule import occurrences
from huddles.services.common import HuddleConflict, lock_meeting
from playbook import clock, permissions
from playbook.models import User
from playbook.notifications import notify_many

HORIZON = timedelta(days=7)


def huddle_people(huddle: Huddle) -> list[User]:
    """The active members of the huddle's teams, in a stable order (the rotation's order)."""
    return list(
        User.objects.filter(
            memberships__team_id__in=huddle.team_ids, is_active=True, network_id=huddle.network_id
        )
        .distinct()
        .order_by("pk")
    )


def rotated_roles(huddle: Huddle, index: int, people: list[User]) -> dict:
    """Who holds each role at the ``index``-th meeting: the standing holders, or the next in turn."""
    if not huddle.rotate_roles or not people:
        return {name: getattr(huddle, f"{name}_id") for name in ROLE_FIELDS}
    return {name: people[(index + offset) % len(people)].pk for offset, name in enumerate(ROLE_FIELDS)}


def _new_meeting(huddle: Huddle, start: datetime, index: int, people, unscheduled=False) -> Meeting:
    roles = rotated_roles(huddle, index, people)
    return Meeting(
        huddle=huddle,
        scheduled_start=start,
        unscheduled=unscheduled,
        **{f"{k}_id": v for k, v in roles.items()},
    )


def _attach_waiting_replies(huddle: Huddle) -> None:
    meeting = next_meeting(huddle)
    if meeting is not None:
        FlagReply.objects.filter(huddle=huddle, meeting__isnull=True).update(meeting=meeting)


def next_meeting(huddle: Huddle, after: datetime | None = None) -> Meeting | None:
    """The first meeting still open that starts now or later (or started in the last few hours)."""
    after = after or clock.now()
    return (
        huddle.meetings.filter(status=Meeting.Status.OPEN, scheduled_start__gte=after - timedelta(hours=6))
        .order_by("scheduled_start")
        .first()
    )


def schedule_huddle(huddle: Huddle, *, at: datetime | None = None, horizon: timedelta = HORIZON) -> int:
    """Create the meetings of ``huddle`` starting in [at, at + horizon). Returns how many were new."""
    at = at or clock.now()
    starts = occurrences(huddle.weekdays, huddle.starts_at, huddle.network.time_zone, at, at + horizon)
    if not starts:
        return 0
    with transaction.atomic():
        # An archived occurrence counts as made: the job never makes it again (the unique key agrees).
        existing = set(
            Meeting.all_objects.filter(huddle=huddle, scheduled_start__in=starts).values_list(
                "scheduled_start", flat=True
            )
        )
        missing = [s for s in starts if s not in existing]
        if not missing:
            return 0
        before = huddle.meetings.filter(scheduled_start__lt=missing[0]).count()
        people = huddle_people(huddle) if huddle.rotate_roles else []
        made = Meeting.objects.bulk_create(
            [_new_meeting(huddle, s, before + i, people) for i, s in enumerate(missing)],
            ignore_conflicts=True,
        )
        _attach_waiting_replies(huddle)
    return len(made)


def schedule_meetings(*, at: datetime | None = None, horizon: timedelta = HORIZON) -> int:
    """The beat job: every active huddle's meetings for the coming week. Safe to run twice, or at once."""
    huddles = Huddle.objects.filter(is_active=True).select_related("network").prefetch_related("teams")
    return sum(schedule_huddle(h, at=at, horizon=horizon) for h in huddles.iterator(chunk_size=200))


@transaction.atomic
def start_meeting(*, huddle: Huddle, by: User) -> Meeting:
    """An unscheduled meeting, now."""
    permissions.require(by, huddle, permissions.CONTRIBUTE)
    start = clock.now().replace(microsecond=0)
    index = huddle.meetings.filter(scheduled_start__lt=start).count()
    people = huddle_people(huddle) if huddle.rotate_roles else []
    try:
        with transaction.atomic():
            meeting = _new_meeting(huddle, start, index, people, unscheduled=True)
            meeting.save()
    except IntegrityError:
        raise HuddleConflict("A meeting of this huddle starts at this very moment already.") from None
    meeting.attendees.add(by)
    _attach_waiting_replies(huddle)
    return meeting


def _require_open(meeting: Meeting) -> None:
    if meeting.is_closed:
        raise HuddleConflict("This meeting is closed; its attendance and roles no longer change.")


@transaction.atomic
def set_attendance(*, meeting: Meeting, by: User, people) -> Meeting:
    permissions.require(by, meeting, permissions.CONTRIBUTE)
    _require_open(lock_meeting(meeting))
    allowed = {p.pk for p in huddle_people(meeting.huddle)}
    strangers = [p for p in people if p.pk not in allowed]
    if strangers:
        raise ValidationError({"attendees": "Only members of the huddle's teams can attend."})
    meeting.attendees.set(people)
    return meeting


@transaction.atomic
def set_roles(*, meeting: Meeting, by: User, **roles) -> Meeting:
    permissions.require(by, meeting, permissions.CONTRIBUTE)
    _require_open(lock_meeting(meeting))
    allowed = {p.pk for p in huddle_people(meeting.huddle)}
    for name, person in roles.items():
        if name not in ROLE_FIELDS:
            raise ValueError(f"No role {name}")
        if person is not None and person.pk not in allowed:
            raise ValidationError({name: "Choose a member of the huddle's teams."})
        setattr(meeting, name, person)
    meeting.save(update_fields=list(roles))
    return meeting


@transaction.atomic
def record_attendance(*, meeting: Meeting, by: User, people=None, **roles) -> Meeting:
    """Who is here (when ``people`` is given) and who holds each role today, in one go."""
    if people is not None:
        meeting = set_attendance(meeting=meeting, by=by, people=people)
    if roles:
        meeting = set_roles(meeting=meeting, by=by, **roles)
    return meeting


@transaction.atomic
def close_meeting(*, meeting: Meeting, by: User) -> Meeting:
    """Lock the meeting: from now on changes are recorded as amendments."""
    permissions.require(by, meeting, permissions.CHANGE)
    meeting = lock_meeting(meeting)
    if meeting.is_closed:
        raise HuddleConflict("This meeting is already closed.")
    meeting.status = Meeting.Status.CLOSED
    meeting.closed_at = clock.now()
    meeting.closed_by = by
    meeting.save(update_fields=["status", "closed_at", "closed_by"])
    owners = [a.owner for a in meeting.action_items.filter(status="open").select_related("owner")]
    notify_many(
        recipients=[o for o in owners if o.pk != by.pk and o.is_active],
        subject=f"You have action items from {meeting.huddle.name}",
        url=meeting.get_absolute_url(),
        kind="huddle-actions",
    )
    return meeting
