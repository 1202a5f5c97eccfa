"""Reads of team charters, the network's standards and teams' self-assessments, shared by pages and API.

A self-assessment covers one calendar month (``period_of``): often enough to see a team's practice
change within a school term, and the same for every network, whose terms differ; a team may revise
the current month's answers until the month ends, and earlier months stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from playbook import clock, permissions
from playbook.models import (
    Network,
    Team,
    TeamAssessment,
    TeamCharter,
    TeamCharterRevision,
    TeamStandard,
    TeamStandardRating,
)


def period_of(network: Network) -> date:
    """The month being assessed now, in the network's own time zone: its first day."""
    return timezone.localtime(clock.now(), ZoneInfo(network.time_zone)).date().replace(day=1)


def team_for_records(user, pk) -> Team:
    """The team whose charter and assessments ``user`` reads: 404 unless they are in it or above it."""
    team = permissions.get_for_user(user, Team.objects.select_related("network", "parent"), pk)
    permissions.require(user, TeamCharter(team=team))
    return team


def refuse_if_closed(team: Team) -> None:
    """A closed team is kept read-only for its history: every write to it is refused (403), saying why."""
    if team.closed_at is not None:
        raise PermissionDenied(f"{team.name} is closed; it is kept, read-only, for its history.")


def charter_of(team: Team) -> TeamCharter:
    """The team's charter, or an unsaved empty one for a team that has not written it yet."""
    charter = TeamCharter.objects.filter(team=team).select_related("updated_by").first()
    return charter or TeamCharter(team=team)


def charter_history(charter: TeamCharter) -> QuerySet[TeamCharterRevision]:
    if charter.pk is None:
        return TeamCharterRevision.objects.none()
    return charter.revisions.select_related("edited_by").order_by("-version")


def standards_of(user, *, archived: bool = False) -> QuerySet[TeamStandard]:
    """The standards of ``user``'s network in their order: the kept ones, or with ``archived`` the others."""
    access = permissions.access_for(user)
    return TeamStandard.objects.filter(
        network_id=access.network_id, archived_at__isnull=not archived
    ).order_by("position", "pk")


def _with_ratings(assessments: QuerySet[TeamAssessment]) -> QuerySet[TeamAssessment]:
    ratings = TeamStandardRating.objects.select_related("standard").order_by(
        "standard__position", "standard_id"
    )
    return assessments.select_related("assessed_by").prefetch_related(Prefetch("ratings", queryset=ratings))


def assessments_of(team: Team) -> QuerySet[TeamAssessment]:
    return _with_ratings(TeamAssessment.objects.filter(team=team).order_by("-period"))


@dataclass(frozen=True)
class TeamLatest:
    team: Team
    latest: TeamAssessment | None


def latest_assessments_overseen(user) -> list[TeamLatest]:
    """Every team ``user`` oversees from above, each with its most recent self-assessment (or none).

    Three queries whatever the number of teams: the teams with their latest assessment's id, those
    assessments, and their ratings.
    """
    overseen = permissions.access_for(user).team_ids_overseen()
    newest = TeamAssessment.objects.filter(team=OuterRef("pk")).order_by("-period").values("pk")[:1]
    teams = list(
        Team.objects.filter(pk__in=overseen, kind=Team.Kind.TEAM)
        .select_related("parent")
        .annotate(latest_id=Subquery(newest))
        .order_by("parent__name", "name")
    )
    ids = [team.latest_id for team in teams if team.latest_id is not None]
    found = {a.pk: a for a in _with_ratings(TeamAssessment.objects.filter(pk__in=ids))} if ids else {}
    return [TeamLatest(team, found.get(team.latest_id)) for team in teams]
