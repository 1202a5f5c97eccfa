"""Reads that the pages, the API and the tasks share. Each starts from what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Avg, Count, Prefetch, Q, QuerySet

from huddles.models import (
    ActionItem,
    FlagReply,
    Huddle,
    Meeting,
    MeetingFlag,
    NoteEntry,
    NoteEntryRevision,
    PulseCheck,
)
from huddles.permissions import run_or_joined_by, visible_huddles, visible_meetings
from measures import charts
from playbook import clock, permissions
from spc import analyze

# A meeting's average is shown once this many people answered, so no one's score can be read off it.
MIN_PULSE_RESPONSES = 3


def huddles_for_list(user, team=None) -> QuerySet[Huddle]:
    """The huddles one may see, each with its open actions; with ``team``, those it runs or joins."""
    huddles = visible_huddles(user)
    if team is not None:
        huddles = huddles.filter(run_or_joined_by([team.pk]))
    return (
        huddles.select_related("team")
        .prefetch_related("teams")
        .annotate(
            open_actions=Count(
                "action_items",
                # A join does not go through ActionItem.objects: leave out archived meetings' items here.
                filter=Q(action_items__status="open", action_items__meeting__archived_at__isnull=True),
                distinct=True,
            )
        )
        .order_by("name", "pk")
    )


def huddle_for_page(user, pk, action=permissions.VIEW) -> Huddle:
    queryset = visible_huddles(user).select_related("team", "network").prefetch_related("teams")
    return permissions.get_for_user(user, queryset, pk, action)


def meeting_queryset(user) -> QuerySet[Meeting]:
    return (
        visible_meetings(user)
        .select_related(
            "huddle__team", "huddle__network", "facilitator", "note_taker", "timekeeper", "closed_by"
        )
        .prefetch_related("huddle__teams", "attendees")
    )


def meeting_for_page(user, pk, action=permissions.VIEW) -> Meeting:
    return permissions.get_for_user(user, meeting_queryset(user), pk, action)


def with_revisions(entries: QuerySet[NoteEntry]) -> QuerySet[NoteEntry]:
    """Each entry's earlier versions, oldest first, in one more query for any number of entries."""
    earlier = NoteEntryRevision.objects.select_related("edited_by").order_by("version")
    return entries.prefetch_related(Prefetch("revisions", queryset=earlier))


def entries_of(meeting: Meeting, after: int | None = None) -> QuerySet[NoteEntry]:
    entries = with_revisions(
        meeting.entries.select_related("author", "updated_by", "flag", "action_item__owner").order_by("pk")
    )
    return entries.filter(pk__gt=after) if after else entries


def carried_forward(meeting: Meeting) -> QuerySet[ActionItem]:
    """Open action items from the huddle's earlier meetings: on every agenda until they are done."""
    return (
        ActionItem.objects.filter(
            huddle_id=meeting.huddle_id,
            status=ActionItem.Status.OPEN,
            meeting__scheduled_start__lt=meeting.scheduled_start,
        )
        .select_related("owner", "flag", "meeting")
        .order_by("due_on", "pk")
    )


def raised_in(meeting: Meeting) -> QuerySet[ActionItem]:
    return meeting.action_items.select_related("owner", "flag").order_by("pk")


def flag_replies(meeting: Meeting) -> QuerySet[FlagReply]:
    return FlagReply.objects.filter(meeting=meeting).select_related("flag", "by")


def my_pulse(meeting: Meeting, user) -> PulseCheck | None:
    return PulseCheck.objects.filter(meeting=meeting, person_id=user.pk).first()


def meetings_around_now(huddle: Huddle, limit: int = 30) -> tuple[list[Meeting], list[Meeting]]:
    """The coming meetings (soonest first; today's still open ones count as coming) and the latest
    earlier ones (newest first). Two queries."""
    since = clock.now() - timedelta(hours=12)
    coming = huddle.meetings.filter(scheduled_start__gte=since, status=Meeting.Status.OPEN)
    upcoming = list(coming.order_by("scheduled_start")[:limit])
    earlier = list(
        huddle.meetings.exclude(pk__in=[m.pk for m in upcoming]).order_by("-scheduled_start")[:limit]
    )
    return upcoming, earlier


def running_notes(huddle: Huddle, query: str = "") -> QuerySet[NoteEntry]:
    """The huddle's one document: every entry of every meeting, in time order; optionally searched."""
    entries = with_revisions(
        NoteEntry.objects.filter(huddle=huddle).select_related(
            "author", "updated_by", "meeting", "flag", "action_item__owner"
        )
    )
    if query:
        entries = entries.filter(Q(text__icontains=query) | Q(question__icontains=query))
    return entries.order_by("meeting__scheduled_start", "pk")


def my_open_action_items(user) -> QuerySet[ActionItem]:
    if not getattr(user, "is_authenticated", False):
        return ActionItem.objects.none()
    return (
        ActionItem.objects.filter(owner=user, status=ActionItem.Status.OPEN, huddle__in=visible_huddles(user))
        .select_related("huddle")
        .order_by("due_on", "pk")
    )


@dataclass(frozen=True)
class PulsePoint:
    meeting_id: int
    date: str
    responses: int
    average: float | None  # None while fewer than MIN_PULSE_RESPONSES answered


def pulse_series(huddle: Huddle) -> list[PulsePoint]:
    """The team's pulse per meeting, in aggregate only. One query."""
    rows = (
        PulseCheck.objects.filter(meeting__huddle=huddle)
        .values("meeting_id", "meeting__scheduled_start")
        .annotate(n=Count("pk"), mean=Avg("score"))
        .order_by("meeting__scheduled_start")
    )
    return [
        PulsePoint(
            meeting_id=r["meeting_id"],
            date=r["meeting__scheduled_start"].date().isoformat(),
            responses=r["n"],
            average=round(float(r["mean"]), 2) if r["n"] >= MIN_PULSE_RESPONSES else None,
        )
        for r in rows
    ]


def pulse_chart(series: list[PulsePoint]) -> dict | None:
    """The pulse as a run chart, drawn by the same engine and figure builder as the measures."""
    shown = [p for p in series if p.average is not None]
    if not shown:
        return None
    result = analyze(
        [p.average for p in shown], periods=[p.date for p in shown], chart_type="run", direction="up"
    )
    result["measure"] = {"id": None, "name": "Team pulse", "unit": "average, 1–5", "kind": "pulse"}
    result["caption"] = charts.caption(result)
    return {"figure": charts.figure(result), "caption": result["caption"]}


def meeting_flag_sources(flags) -> dict[int, tuple[int, str, str]]:
    """``andon.sources`` describer: the meeting each flag was raised from. One query for any number."""
    links = MeetingFlag.objects.filter(
        flag_id__in=[f.pk for f in flags], meeting__archived_at__isnull=True
    ).select_related("meeting__huddle")
    return {
        link.flag_id: (
            link.meeting_id,
            f"{link.meeting.huddle.name}, {link.meeting.scheduled_start:%-d %B %Y}",
            link.meeting.get_absolute_url(),
        )
        for link in links
    }


# --- Home panels -------------------------------------------------------------------------------------


def their_huddles(user) -> QuerySet[Huddle]:
    """A person's own huddles: those the teams they belong to by name run or join (a leader's whole
    subtree would drown their own). The home page's next meetings and their calendar feed show these."""
    access = permissions.access_for(user)
    if not access.direct:
        return Huddle.objects.none()
    mine = list(access.direct)
    joined = Huddle.teams.through.objects.filter(team_id__in=mine).values("huddle_id")
    return visible_huddles(user).filter(Q(team_id__in=mine) | Q(pk__in=joined))


def my_meetings_from(user, since, limit: int = 6) -> list[Meeting]:
    """The open meetings, from ``since`` on, of the person's own huddles (``their_huddles``). One query."""
    if not permissions.access_for(user).direct:
        return []
    huddles = their_huddles(user).filter(is_active=True)
    return list(
        Meeting.objects.filter(huddle__in=huddles, status=Meeting.Status.OPEN, scheduled_start__gte=since)
        .select_related("huddle")
        .order_by("scheduled_start", "pk")[:limit]
    )


def overdue_action_items_of(user, team_ids, today, limit: int = 10) -> tuple[int, list[ActionItem]]:
    """Open action items past their due date in the huddles of ``team_ids``: how many, and the oldest.
    Two queries."""
    items = ActionItem.objects.filter(
        huddle__in=visible_huddles(user).filter(team_id__in=team_ids),
        status=ActionItem.Status.OPEN,
        due_on__lt=today,
    )
    shown = list(items.select_related("huddle", "owner").order_by("due_on", "pk")[:limit])
    return items.count(), shown


def latest_pulses(user, team_ids, since) -> list[dict]:
    """For each huddle of ``team_ids``, its latest meeting since ``since`` with pulse answers: how many
    answered and, from MIN_PULSE_RESPONSES answers on only, their average. One query (rows bounded by
    the window), aggregates only: no one's own score ever leaves it."""
    rows = (
        PulseCheck.objects.filter(
            meeting__huddle__in=visible_huddles(user).filter(team_id__in=team_ids),
            meeting__scheduled_start__gte=since,
        )
        .order_by()
        .values("meeting_id", "meeting__scheduled_start", "meeting__huddle_id", "meeting__huddle__name")
        .annotate(n=Count("pk"), mean=Avg("score"))
    )
    latest: dict[int, dict] = {}
    for r in rows:
        held = latest.get(r["meeting__huddle_id"])
        if held is None or r["meeting__scheduled_start"] > held["at"]:
            latest[r["meeting__huddle_id"]] = {
                "huddle_id": r["meeting__huddle_id"],
                "huddle": r["meeting__huddle__name"],
                "meeting_id": r["meeting_id"],
                "at": r["meeting__scheduled_start"],
                "responses": r["n"],
                "average": round(float(r["mean"]), 1) if r["n"] >= MIN_PULSE_RESPONSES else None,
            }
    return sorted(latest.values(), key=lambda p: p["huddle"].lower())
