"""Calendar feeds (iCalendar, RFC 5545) of a person's huddles, cycles and action items, and of one huddle.

Built with the ``icalendar`` library and read by Google Calendar, Outlook and Apple Calendar, which
fetch the address every few hours. What a feed holds is what its person may see at the moment it is
read (``visible_huddles``, ``visible_cycles``), so someone who leaves a team loses its events at the
next refresh.

Huddle meetings come as the app keeps them: each meeting it has made (the past ones, and the coming
week that the hourly job tops up) is an event of its own at its real time, so a meeting started on
the spot, moved by a schedule change or dropped (archived) shows as it is. After the last of them the
huddle's schedule goes on as one recurring event (``RRULE:FREQ=WEEKLY;BYDAY=…``) until the end of the
window: the schedule *is* a rule (weekdays and a wall-clock time), and a year of daily meetings as
separate events would make the feed ten times the size. Timed events carry the network's zone as
TZID, with its VTIMEZONE, so a 08:30 huddle stays 08:30 across a daylight-saving change in every
calendar app. Cycle dates and due dates are all-day events, marked free (``TRANSP:TRANSPARENT``).

The window is 90 days back to a year ahead: enough for anyone's look back and plans, small enough for
a calendar app to take every hour. Every read is a handful of flat queries, whatever the number of events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from icalendar import Calendar, Event, vDuration

from cycles.models import Cycle, CycleEvent
from cycles.permissions import visible_cycles
from huddles import selectors
from huddles.models import ActionItem, Huddle, Meeting
from huddles.permissions import visible_action_items
from huddles.schedule import local_start, occurrences
from playbook import calendar_feeds, clock
from playbook.email import absolute_url
from playbook.models import CalendarFeed, User

DAYS_BACK = 90
DAYS_AHEAD = 365
# How often a calendar app should read the feed again (REFRESH-INTERVAL, and Outlook's X-PUBLISHED-TTL).
REFRESH = timedelta(hours=1)
PRODID = "-//Playbook//Calendar feed//EN"
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime
    zone: ZoneInfo

    @classmethod
    def around(cls, moment: datetime, zone: ZoneInfo) -> Window:
        return cls(moment - timedelta(days=DAYS_BACK), moment + timedelta(days=DAYS_AHEAD), zone)

    @property
    def first_day(self) -> date:
        return self.start.astimezone(self.zone).date()

    @property
    def last_day(self) -> date:
        return self.end.astimezone(self.zone).date()


# --- The two feeds -----------------------------------------------------------------------------------


def person_calendar(person: User) -> bytes:
    """The person's own huddles' meetings, the cycles they own or work on, and their open action items."""
    window = _window(person)
    huddles = list(selectors.their_huddles(person))
    actions = selectors.my_open_action_items(person).filter(due_on__range=(window.first_day, window.last_day))
    events = [
        *meeting_events(huddles, window),
        *(_action_event(item) for item in actions),
        *cycle_events(person, window),
    ]
    name = f"Playbook: {person.network.name}"
    about = "Your huddles, your cycles' dates and your action items' due dates, from Playbook."
    return _calendar(f"person-{person.pk}", name, about, events, window)


def huddle_calendar(person: User, huddle: Huddle) -> bytes:
    """One huddle's meetings and its open action items' due dates (anyone's: its members see them all)."""
    window = _window(person)
    actions = (
        visible_action_items(person)
        .filter(
            huddle=huddle, status=ActionItem.Status.OPEN, due_on__range=(window.first_day, window.last_day)
        )
        .select_related("huddle", "owner")
    )
    events = [
        *meeting_events([huddle], window),
        *(_action_event(item, with_owner=True) for item in actions),
    ]
    about = f"The meetings of {huddle.name} and its action items' due dates, from Playbook."
    name = f"{huddle.name} (Playbook)"
    return _calendar(f"person-{person.pk}-huddle-{huddle.pk}", name, about, events, window)


def huddle_feed_addresses(feed: CalendarFeed | None, huddle: Huddle) -> dict:
    """The huddle feed's https and webcal:// addresses under the person's token (empty without a feed)."""
    if feed is None:
        return {}
    path = reverse("calendar-huddle-feed", kwargs={"token": feed.token, "huddle_id": huddle.pk})
    return calendar_feeds.subscribe_addresses(path)


def _window(person: User) -> Window:
    return Window.around(clock.now(), ZoneInfo(person.network.time_zone))


# --- Events ------------------------------------------------------------------------------------------


def meeting_events(huddles: list[Huddle], window: Window) -> list[Event]:
    """Every meeting of ``huddles`` in the window, then each huddle's schedule after them. One query."""
    if not huddles:
        return []
    # ``all_objects``: an archived (dropped) meeting is no event, but it still marks a day the job has
    # already settled, so the schedule's rule starts after it.
    rows = Meeting.all_objects.filter(
        huddle__in=huddles, scheduled_start__gte=window.start, scheduled_start__lt=window.end
    ).only("pk", "huddle_id", "scheduled_start", "archived_at")
    latest: dict[int, datetime] = {}
    events = []
    by_id = {h.pk: h for h in huddles}
    for meeting in rows:
        huddle = by_id[meeting.huddle_id]
        latest[huddle.pk] = max(latest.get(huddle.pk, meeting.scheduled_start), meeting.scheduled_start)
        if meeting.archived_at is None:
            events.append(_meeting_event(huddle, meeting, window))
    for huddle in huddles:
        series = _schedule_event(huddle, latest.get(huddle.pk), window)
        if series is not None:
            events.append(series)
    return events


def _meeting_event(huddle: Huddle, meeting: Meeting, window: Window) -> Event:
    start = meeting.scheduled_start.astimezone(window.zone)
    link = absolute_url(reverse("meeting-detail", args=[meeting.pk]))
    return _timed(
        uid=f"meeting-{meeting.pk}",
        summary=huddle.name,
        start=start,
        huddle=huddle,
        url=link,
        description=f"Agenda, notes and actions: {link}",
    )


def _schedule_event(huddle: Huddle, latest: datetime | None, window: Window) -> Event | None:
    """The huddle's schedule from the first day after its last meeting made so far (or from now)."""
    if not huddle.is_active or not huddle.weekdays:
        return None
    after = clock.now()
    if latest is not None:
        next_day = latest.astimezone(window.zone).date() + timedelta(days=1)
        after = max(after, local_start(next_day, time(0), window.zone))
    first = occurrences(huddle.weekdays, huddle.starts_at, window.zone.key, after, after + timedelta(days=8))
    if not first or first[0] >= window.end:
        return None
    link = absolute_url(huddle.get_absolute_url())
    event = _timed(
        uid=f"huddle-{huddle.pk}-schedule",
        summary=huddle.name,
        start=first[0].astimezone(window.zone),
        huddle=huddle,
        url=link,
        description=f"{huddle.schedule_text}. Each meeting's own page opens a week ahead: {link}",
    )
    # With a zoned DTSTART, RFC 5545 wants UNTIL in UTC.
    days = [BYDAY[d] for d in sorted(set(huddle.weekdays))]
    event.add("rrule", {"FREQ": "WEEKLY", "BYDAY": days, "UNTIL": window.end.astimezone(UTC)})
    return event


def _action_event(item: ActionItem, with_owner: bool = False) -> Event:
    owner = f" ({item.owner.display_name})" if with_owner else ""
    link = absolute_url(item.get_absolute_url())
    return _all_day(
        uid=f"action-{item.pk}",
        summary=f"Due: {item.text}{owner}",
        day=item.due_on,
        url=link,
        description=f"An action item of {item.huddle.name}: {link}",
    )


def cycle_events(person: User, window: Window) -> list[Event]:
    """Start, end and study dates of the cycles ``person`` owns or works on, as far as they may see
    them now. There is no planned study date: a cycle is due for study when it ends (it is overdue
    after), so the end says so while the cycle is still in Plan or Do; the day it moved into Study is
    its study date once it has one. One query."""
    first, last = window.first_day, window.last_day
    studied = CycleEvent.objects.filter(
        cycle=OuterRef("pk"), kind=CycleEvent.Kind.TRANSITION, to_stage=Cycle.Stage.STUDYING
    ).order_by("-at")
    helping = Cycle.collaborators.through.objects.filter(user_id=person.pk).values("cycle_id")
    cycles = (
        visible_cycles(person)
        .filter(Q(owner_id=person.pk) | Q(pk__in=helping))
        .exclude(stage=Cycle.Stage.ABANDONED)
        .annotate(studied_at=Subquery(studied.values("at")[:1]))
        .filter(
            Q(starts_on__range=(first, last))
            | Q(ends_on__range=(first, last))
            | Q(studied_at__range=(window.start, window.end))
        )
        .select_related("team")
        .order_by("pk")
    )
    events = []
    for cycle in cycles:
        link = absolute_url(cycle.get_absolute_url())
        about = f"A PDSA cycle of {cycle.team.name}: {link}"
        dates = [("start", "Cycle starts", cycle.starts_on)]
        due = cycle.stage in (Cycle.Stage.PLANNING, Cycle.Stage.DOING)
        dates.append(("end", "Cycle ends, time to study" if due else "Cycle ends", cycle.ends_on))
        if cycle.studied_at is not None:
            dates.append(("study", "Cycle studied", cycle.studied_at.astimezone(window.zone).date()))
        for part, words, day in dates:
            if day is not None and first <= day <= last:
                events.append(
                    _all_day(uid=f"cycle-{cycle.pk}-{part}", summary=f"{words}: {cycle.title}", day=day,
                             url=link, description=about)
                )  # fmt: skip
    return events


# --- iCalendar ---------------------------------------------------------------------------------------


def _uid(name: str) -> str:
    """Stable across reads, so a calendar app updates an event in place instead of adding it again."""
    return f"{name}@{urlsplit(settings.PUBLIC_URL).hostname or 'playbook'}"


def _timed(*, uid: str, summary: str, start: datetime, huddle: Huddle, url: str, description: str) -> Event:
    return Event.new(
        uid=_uid(uid),
        stamp=clock.now().astimezone(UTC),
        summary=summary,
        start=start,
        end=start + timedelta(minutes=huddle.duration_minutes),
        location=huddle.place or None,
        url=url,
        description=description,
    )


def _all_day(*, uid: str, summary: str, day: date, url: str, description: str) -> Event:
    return Event.new(
        uid=_uid(uid),
        stamp=clock.now().astimezone(UTC),
        summary=summary,
        start=day,
        end=day + timedelta(days=1),
        url=url,
        description=description,
        transparency="TRANSPARENT",
    )


def _calendar(uid: str, name: str, about: str, events: list[Event], window: Window) -> bytes:
    calendar = Calendar.new(
        prodid=PRODID,
        name=name,
        description=about,
        method="PUBLISH",
        refresh_interval=REFRESH,
        uid=_uid(f"calendar-{uid}"),
    )
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # RFC 7986 requires the parameter
    # Google Calendar and Outlook read the older X-WR-* names (Calendar.new writes X-WR-CALNAME and
    # X-WR-CALDESC), and Outlook X-PUBLISHED-TTL, unknown to icalendar: so a duration, not text.
    calendar.add("x-wr-timezone", window.zone.key)
    calendar.add("x-published-ttl", vDuration(REFRESH))
    for event in sorted(events, key=_sort_key):
        calendar.add_component(event)
    # The zone's rules for the whole window, so a weekly series keeps its wall-clock time to its end.
    calendar.add_missing_timezones(
        first_date=window.first_day - timedelta(days=1), last_date=window.last_day + timedelta(days=1)
    )
    return calendar.to_ical()


def _sort_key(event: Event) -> tuple:
    start = event.start
    if not isinstance(start, datetime):
        start = datetime.combine(start, time(0), tzinfo=UTC)
    return (start.astimezone(UTC), str(event.uid))
