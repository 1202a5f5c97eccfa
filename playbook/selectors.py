"""Reads shared by pages, API and tasks. Each starts from what the permission module allows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from playbook import permissions
from playbook.models import Membership, Team


@dataclass
class TeamRow:
    team: Team
    role: str | None  # the person's effective role there (None: visible only as an ancestor)
    member_count: int

    @property
    def role_label(self) -> str:
        return Membership.Role(self.role).label if self.role else ""


def direct_team_rows(user) -> list[TeamRow]:
    """Only the teams the person is a member of by name, not those they see from above."""
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("team", "team__parent")
        .annotate(member_count=Count("team__memberships"))
        .order_by("team__kind", "team__name")
    )
    return [TeamRow(m.team, m.role, m.member_count) for m in memberships]


def matching(queryset: QuerySet, filters: dict, lookups: dict[str, str]) -> QuerySet:
    """``queryset`` narrowed by the filters an API filter serializer validated: ``lookups`` names the
    field lookup each filter narrows (``{"team": "team_id"}``); a filter not given narrows nothing."""
    return queryset.filter(**{lookups[name]: value for name, value in filters.items()})


def unread_first_notifications(user, limit: int) -> tuple[int, list]:
    """How many of a person's notifications are unread, and the latest ``limit``, unread ones first.
    Two queries, however many there are."""
    mine = permissions.visible_notifications(user)
    unread = mine.filter(read_at__isnull=True).count()
    read = Case(When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField())
    latest = list(mine.order_by(read, "-created_at", "-id")[:limit])
    return unread, latest
