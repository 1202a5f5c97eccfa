"""Meetings: the coming week's are made when a huddle is set up (or its schedule changes) and topped up by
the hourly job, once per day; one can be started on the spot; attendance, roles, close.

A huddle meets at most once a day on its schedule (one time, several weekdays), so a day is the slot:
a live meeting on a local date, scheduled or started on the spot, means the job makes none that day.
Every writer of a huddle's meetings (set-up, a schedule change, the job, "start now") first locks the
huddle's row (``FOR NO KEY UPDATE``, which note writers' key-share locks do not wait on), so the job
and a person pressing "Start a meeting now" at the same moment cannot both make one.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from huddles.models import ROLE_FIELDS, ActionItem, FlagReply, Huddle, Meeting, NoteEntry, PulseCheck
from huddles.schedule import local_start, occurrences
from huddles.services.common import HuddleConflict, lock_meeting
from playbook import archive, clock, permissions
from playbook.models import User

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


def _zone(huddle: Huddle) -> ZoneInfo:
    return ZoneInfo(huddle.network.time_zone)


def _day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    return local_start(day, time(0), zone), local_start(day + timedelta(days=1), time(0), zone)


def todays_meeting(huddle: Huddle, at: datetime | None = None) -> Meeting | None:
    """The meeting still open on today's date in the network's zone; the scheduled one before any other."""
    zone = _zone(huddle)
    start, end = _day_bounds((at or clock.now()).astimezone(zone).date(), zone)
    return (
        huddle.meetings.filter(
            status=Meeting.Status.OPEN, scheduled_start__gte=start, scheduled_start__lt=end
        )
        .order_by("unscheduled", "scheduled_start", "pk")
        .first()
    )


def _lock_huddle(huddle: Huddle) -> None:
    list(Huddle.objects.select_for_update(no_key=True).filter(pk=huddle.pk).values_list("pk", flat=True))


def _taken(huddle: Huddle, starts: list[datetime], zone: ZoneInfo) -> tuple[set[date], set[datetime]]:
    """The local dates that have a live meeting, and the instants of archived ones (the job never makes
    an archived occurrence again; the unique key agrees)."""
    rows = Meeting.all_objects.filter(
        huddle=huddle,
        scheduled_start__gte=starts[0] - timedelta(days=1),
        scheduled_start__lt=starts[-1] + timedelta(days=1),
    ).values_list("scheduled_start", "archived_at")
    days = {s.astimezone(zone).date() for s, archived in rows if archived is None}
    return days, {s for s, archived in rows if archived is not None}


def schedule_huddle(huddle: Huddle, *, at: datetime | None = None, horizon: timedelta = HORIZON) -> int:
    """Create the meetings of ``huddle`` starting in [at, at + horizon) on days that have none yet.
    Returns how many were new. Safe to run twice, or at once with any other writer of its meetings."""
    at = at or clock.now()
    if not huddle.is_active:
        return 0
    zone = _zone(huddle)
    starts = occurrences(huddle.weekdays, huddle.starts_at, huddle.network.time_zone, at, at + horizon)
    if not starts:
        return 0
    with transaction.atomic():
        _lock_huddle(huddle)
        days, archived = _taken(huddle, starts, zone)
        missing = [s for s in starts if s.astimezone(zone).date() not in days and s not in archived]
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


def _is_empty(meeting: Meeting) -> bool:
    # ``all_objects``: the live managers hide the rows of an archived meeting, which count here too.
    return not (
        NoteEntry.all_objects.filter(meeting=meeting).exists()
        or ActionItem.all_objects.filter(meeting=meeting).exists()
        or PulseCheck.all_objects.filter(meeting=meeting).exists()
        or meeting.flag_links.exists()
        or meeting.flag_replies.exists()
    )


@transaction.atomic
def replan_upcoming(huddle: Huddle, *, by: User, at: datetime | None = None) -> int:
    """After a schedule change: each upcoming, untouched scheduled meeting moves to the new time on its
    day, or is archived when its day is no longer on the schedule; then the week is topped up.

    A meeting someone already wrote in is left where it is: what they wrote stays with it.
    """
    at = at or clock.now()
    zone = _zone(huddle)
    _lock_huddle(huddle)
    upcoming = huddle.meetings.filter(status=Meeting.Status.OPEN, unscheduled=False, scheduled_start__gt=at)
    for meeting in upcoming.order_by("scheduled_start"):
        day = meeting.scheduled_start.astimezone(zone).date()
        wanted = local_start(day, huddle.starts_at, zone)
        if huddle.is_active and day.weekday() in huddle.weekdays and wanted == meeting.scheduled_start:
            continue
        if not _is_empty(meeting):
            continue
        taken = Meeting.all_objects.filter(huddle=huddle, scheduled_start=wanted).exists()
        if huddle.is_active and day.weekday() in huddle.weekdays and wanted > at and not taken:
            meeting.scheduled_start = wanted
            meeting.save(update_fields=["scheduled_start"])
        else:
            archive.set_archived(meeting, by=by)
    if huddle.is_active:
        # A day put back on the schedule gets back the untouched meeting it had before it was dropped.
        starts = occurrences(huddle.weekdays, huddle.starts_at, huddle.network.time_zone, at, at + HORIZON)
        dropped = Meeting.all_objects.filter(
            huddle=huddle, archived_at__isnull=False, unscheduled=False, scheduled_start__in=starts
        )
        for meeting in dropped:
            start, end = _day_bounds(meeting.scheduled_start.astimezone(zone).date(), zone)
            day_taken = huddle.meetings.filter(scheduled_start__gte=start, scheduled_start__lt=end).exists()
            if not day_taken and _is_empty(meeting):
                archive.set_archived(meeting, by=by, archived=False)
    return schedule_huddle(huddle, at=at)


def schedule_meetings(*, at: datetime | None = None, horizon: timedelta = HORIZON) -> int:
    """The beat job: tops up every active huddle's coming week. Safe to run twice, or at once."""
    huddles = Huddle.objects.filter(is_active=True).select_related("network").prefetch_related("teams")
    return sum(schedule_huddle(h, at=at, horizon=horizon) for h in huddles.iterator(chunk_size=200))


@transaction.atomic
def start_meeting(*, huddle: Huddle, by: User) -> Meeting:
    """Today's meeting, opened: the one already there (scheduled or started earlier today, still open),
    or else an unscheduled one, now."""
    permissions.require(by, huddle, permissions.CONTRIBUTE)
    _lock_huddle(huddle)
    meeting = todays_meeting(huddle)
    if meeting is None:
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
    # No "you have action items" here: each owner was told when the item was given to them.
    return meeting
