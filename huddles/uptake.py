"""Uptake: how well each team keeps the routines up, over the last four weeks.

Per team a leader oversees: cycles started (moved into Do) and cycles studied (moved from Study into
Act), meetings held against meetings scheduled, attendance (attendances over held meetings × the
team's people) and action items closed on time (done by their due date, of those due in the window).
It lives in huddles because it reads cycles and huddles (huddles may import cycles, not the reverse).

Every figure is aggregated per team in one query per source, so the table asks the same six queries
for two teams as for sixty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncDate
from django.urls import reverse

from cycles.models import Cycle, CycleEvent
from huddles.models import ActionItem, Meeting, NoteEntry
from playbook import clock, permissions
from playbook.models import Membership, Team

WINDOW = timedelta(weeks=4)
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

    @property
    def urls(self) -> dict[str, str]:
        cycles = reverse("cycle-list") + f"?team={self.team.pk}"
        return {
            "team": self.team.get_absolute_url(),
            "cycles_started": cycles,
            "cycles_studied": cycles + f"&stage={Stage.ACTING}",
            "huddles": reverse("huddle-list") + f"?team={self.team.pk}",
        }

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
        }


def uptake_rows(user, today: date | None = None) -> list[UptakeRow]:
    """One row per team the user oversees (every team, for the network admin), parent then name."""
    today = today or clock.today()
    since_day = today - WINDOW
    now = clock.now()
    since = now - WINDOW
    team_ids = permissions.access_for(user).team_ids_overseen()
    teams = Team.objects.filter(pk__in=team_ids).select_related("parent").order_by("parent__name", "name")
    rows = {team.pk: UptakeRow(team) for team in teams}
    if not rows:
        return []

    for r in (
        Membership.objects.filter(team_id__in=rows, user__is_active=True)
        .order_by()
        .values("team_id")
        .annotate(n=Count("pk"))
    ):
        rows[r["team_id"]].people = r["n"]

    moved = CycleEvent.objects.filter(
        kind=CycleEvent.Kind.TRANSITION, at__gte=since, cycle__team_id__in=rows, cycle__archived_at=None
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
        rows[r["team_id"]].cycles_started = r["started"]
        rows[r["team_id"]].cycles_studied = r["studied"]

    # Held: closed, or someone was marked present or wrote in it (a meeting people forgot to close).
    attended = Meeting.attendees.through.objects.filter(meeting_id=OuterRef("pk"))
    written = NoteEntry.objects.filter(meeting_id=OuterRef("pk"))
    held = Q(status=Meeting.Status.CLOSED) | Q(was_attended=True) | Q(was_written=True)
    window = Meeting.objects.filter(
        huddle__team_id__in=rows, scheduled_start__gte=since, scheduled_start__lt=now
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
        rows[r["team_id"]].meetings_scheduled = r["scheduled"]
        rows[r["team_id"]].meetings_held = r["held"]

    for r in (
        Meeting.attendees.through.objects.filter(meeting__in=window.values("pk"), meeting__archived_at=None)
        .order_by()
        .values(team_id=F("meeting__huddle__team_id"))
        .annotate(n=Count("pk"))
    ):
        rows[r["team_id"]].attendances = r["n"]

    due = ActionItem.objects.filter(
        huddle__team_id__in=rows, due_on__gte=since_day, due_on__lt=today
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
        rows[r["team_id"]].actions_due = r["n"]
        rows[r["team_id"]].actions_on_time = r["on_time"]
    return list(rows.values())
