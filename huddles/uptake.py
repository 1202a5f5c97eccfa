"""Uptake: how well each team keeps the routines up, over the last four weeks.

Per team a leader oversees: cycles started (moved into Do) and cycles studied (moved from Study into
Act), meetings held against meetings scheduled, attendance (attendances over held meetings × the
team's people) and action items closed on time (done by their due date, of those due in the window).
It lives in huddles because it reads cycles and huddles (huddles may import cycles, not the reverse).

Every figure is aggregated per team in one query per source, so counting asks the same five queries
for two teams as for sixty. A job keeps every team's figures counted (``TeamUptake``), so a leader's
table is one query for the teams and the figures kept for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncDate
from django.urls import reverse

from cycles.models import Cycle, CycleEvent
from huddles.models import ActionItem, Meeting, NoteEntry, TeamUptake
from playbook import clock, permissions
from playbook.models import Membership, Team

WINDOW = timedelta(weeks=4)
# A job counts every team's figures every few minutes (``huddles.tasks.keep_uptake_counts``); figures
# older than this (the job stopped, or a team is new) are counted again when a leader looks.
KEPT_FOR = timedelta(minutes=15)
FIGURES = (
    "people",
    "cycles_started",
    "cycles_studied",
    "meetings_scheduled",
    "meetings_held",
    "attendances",
    "actions_due",
    "actions_on_time",
)
Stage = Cycle.Stage


@dataclass
class UptakeRow:
    team: Team
    people: int = 0
    cycles_started: int = 0
    cycles_studied: int = 0
    meetings_scheduled: int = 0
    meetings_held: int = 0
    attendances: int = 0
    actions_due: int = 0
    actions_on_time: int = 0

    @property
    def attendance(self) -> float | None:
        """Share of the team's people at a held meeting, on average; None when nothing was held."""
        seats = self.meetings_held * self.people
        return self.attendances / seats if seats else None

    @property
    def attendance_percent(self) -> int | None:
        return round(100 * self.attendance) if self.attendance is not None else None

    @property
    def on_time(self) -> float | None:
        return self.actions_on_time / self.actions_due if self.actions_due else None

    urls: dict[str, str] = field(default_factory=dict)
    counted_at: datetime | None = None

    def as_data(self) -> dict:
        return {
            "team": {
                "id": self.team.pk,
                "name": self.team.name,
                "parent": self.team.parent.name if self.team.parent else None,
            },
            "people": self.people,
            "cycles_started": self.cycles_started,
            "cycles_studied": self.cycles_studied,
            "meetings_scheduled": self.meetings_scheduled,
            "meetings_held": self.meetings_held,
            "attendance": round(self.attendance, 3) if self.attendance is not None else None,
            "actions_due": self.actions_due,
            "actions_on_time": self.actions_on_time,
            "on_time": round(self.on_time, 3) if self.on_time is not None else None,
            "urls": self.urls,
            "counted_at": self.counted_at.isoformat() if self.counted_at else None,
        }


_SOME_TEAM = 2**31 - 1


def _links_for_teams() -> Callable[[int], dict[str, str]]:
    """A team's links in the table, the URLs resolved once for all rows rather than four times a
    team (a hub's sixty rows made 250 ``reverse()`` calls, a tenth of the panel's time)."""
    team = reverse("team-detail", args=[_SOME_TEAM]).replace(str(_SOME_TEAM), "{}")
    cycles, huddles = reverse("cycle-list"), reverse("huddle-list")

    def links(team_id: int) -> dict[str, str]:
        return {
            "team": team.format(team_id),
            "cycles_started": f"{cycles}?team={team_id}",
            "cycles_studied": f"{cycles}?team={team_id}&stage={Stage.ACTING}",
            "huddles": f"{huddles}?team={team_id}",
        }

    return links


def uptake_rows(user, today: date | None = None) -> list[UptakeRow]:
    """One row per team the user oversees (every team, for the network admin), parent then name.

    Each team's figures are those the job last kept (``TeamUptake``) if it counted them within
    ``KEPT_FOR``; the rest are counted here. ``today`` other than today counts every team afresh."""
    team_ids = permissions.access_for(user).team_ids_overseen()
    teams = (
        Team.objects.filter(pk__in=team_ids)
        .select_related("parent", "uptake")
        .order_by("parent__name", "name")
    )
    rows = {team.pk: UptakeRow(team) for team in teams}
    if not rows:
        return []
    links = _links_for_teams()
    now = clock.now()
    fresh_since = now - KEPT_FOR
    kept: dict[int, TeamUptake] = {}
    if today is None:
        for pk, row in rows.items():
            counted = getattr(row.team, "uptake", None)
            if counted is not None and counted.counted_at >= fresh_since:
                kept[pk] = counted
    counted_now = count_uptake([pk for pk in rows if pk not in kept], today)
    for pk, row in rows.items():
        row.urls = links(pk)
        if pk in kept:
            row.counted_at = kept[pk].counted_at
            for name in FIGURES:
                setattr(row, name, getattr(kept[pk], name))
        else:
            row.counted_at = now
            for name, value in counted_now[pk].items():
                setattr(row, name, value)
    return list(rows.values())


def count_uptake(team_ids, today: date | None = None) -> dict[int, dict[str, int]]:
    """Each team's figures (``FIGURES``) over the four weeks to now: five queries, whatever the number
    of teams (none for no teams)."""
    figures = {pk: dict.fromkeys(FIGURES, 0) for pk in team_ids}
    if not figures:
        return figures
    today = today or clock.today()
    since_day = today - WINDOW
    now = clock.now()
    since = now - WINDOW
    teams = list(figures)

    for r in (
        Membership.objects.filter(team_id__in=teams, user__is_active=True)
        .order_by()
        .values("team_id")
        .annotate(n=Count("pk"))
    ):
        figures[r["team_id"]]["people"] = r["n"]

    moved = CycleEvent.objects.filter(
        kind=CycleEvent.Kind.TRANSITION, at__gte=since, cycle__team_id__in=teams, cycle__archived_at=None
    )
    for r in (
        moved.order_by()
        .values(team_id=F("cycle__team_id"))
        .annotate(
            started=Count("cycle_id", filter=Q(to_stage=Stage.DOING), distinct=True),
            studied=Count(
                "cycle_id", filter=Q(from_stage=Stage.STUDYING, to_stage=Stage.ACTING), distinct=True
            ),
        )
    ):
        figures[r["team_id"]]["cycles_started"] = r["started"]
        figures[r["team_id"]]["cycles_studied"] = r["studied"]

    # Held: closed, or someone was marked present or wrote in it (a meeting people forgot to close).
    attended = Meeting.attendees.through.objects.filter(meeting_id=OuterRef("pk"))
    written = NoteEntry.objects.filter(meeting_id=OuterRef("pk"))
    held = Q(status=Meeting.Status.CLOSED) | Q(was_attended=True) | Q(was_written=True)
    window = Meeting.objects.filter(
        huddle__team_id__in=teams, scheduled_start__gte=since, scheduled_start__lt=now
    )
    for r in (
        window.annotate(was_attended=Exists(attended), was_written=Exists(written))
        .order_by()
        .values(team_id=F("huddle__team_id"))
        .annotate(
            scheduled=Count("pk", filter=Q(unscheduled=False)),
            held=Count("pk", filter=held),
        )
    ):
        figures[r["team_id"]]["meetings_scheduled"] = r["scheduled"]
        figures[r["team_id"]]["meetings_held"] = r["held"]

    for r in (
        Meeting.attendees.through.objects.filter(meeting__in=window.values("pk"), meeting__archived_at=None)
        .order_by()
        .values(team_id=F("meeting__huddle__team_id"))
        .annotate(n=Count("pk"))
    ):
        figures[r["team_id"]]["attendances"] = r["n"]

    due = ActionItem.objects.filter(
        huddle__team_id__in=teams, due_on__gte=since_day, due_on__lt=today
    ).exclude(status=ActionItem.Status.DROPPED)
    for r in (
        due.annotate(done_day=TruncDate("done_at"))
        .order_by()
        .values(team_id=F("huddle__team_id"))
        .annotate(
            n=Count("pk"),
            on_time=Count("pk", filter=Q(status=ActionItem.Status.DONE, done_day__lte=F("due_on"))),
        )
    ):
        figures[r["team_id"]]["actions_due"] = r["n"]
        figures[r["team_id"]]["actions_on_time"] = r["on_time"]
    return figures
