"""Setting a huddle up: leads (and the leaders above) do it for their team."""

from __future__ import annotations

from datetime import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from huddles.models import DEFAULT_QUESTIONS, ROLE_FIELDS, Huddle
from huddles.permissions import may_set_up_huddle
from huddles.services.meetings import replan_upcoming, schedule_huddle
from playbook import permissions
from playbook.models import Team, User


def _clean_list(values, field: str) -> list[str]:
    items = [str(v).strip() for v in (values or []) if str(v).strip()]
    if any(len(v) > 300 for v in items):
        raise ValidationError({field: "Keep each item under 300 characters."})
    return items


def _check(*, network_id, weekdays, teams, roles, team_ids) -> list[int]:
    """``team_ids``: every team the huddle will have, whose members alone may hold its roles (as at
    each meeting, ``meetings.set_roles``), so a role never names someone its people cannot see."""
    days = sorted({int(d) for d in weekdays or []})
    if any(d < 0 or d > 6 for d in days):
        raise ValidationError({"weekdays": "Days run from 0 (Monday) to 6 (Sunday)."})
    if any(t.network_id != network_id for t in teams):
        raise ValidationError({"teams": "Choose teams of your own network."})
    for name, person in roles.items():
        if person is None:
            continue
        if person.network_id != network_id:
            raise ValidationError({name: "Choose someone from your network."})
        if not User.objects.filter(pk=person.pk, is_active=True, memberships__team_id__in=team_ids).exists():
            raise ValidationError({name: "Choose a member of the huddle's teams."})
    return days


@transaction.atomic
def create_huddle(
    *,
    team: Team,
    by: User,
    name: str,
    starts_at: time,
    weekdays=(),
    purpose: str = "",
    duration_minutes: int = 15,
    place: str = "",
    agenda=(),
    questions=None,
    rotate_roles: bool = False,
    other_teams=(),
    **roles,
) -> Huddle:
    permissions.require(by, team, permissions.VIEW)
    if not may_set_up_huddle(by, team):
        raise PermissionDenied("Only the team's lead (or a leader above it) sets up its huddles.")
    if not (name or "").strip():
        raise ValidationError({"name": "Give the huddle a name."})
    roles = {k: roles.get(k) for k in ROLE_FIELDS}
    team_ids = {team.pk, *(t.pk for t in other_teams)}
    days = _check(
        network_id=team.network_id, weekdays=weekdays, teams=other_teams, roles=roles, team_ids=team_ids
    )
    huddle = Huddle.objects.create(
        network_id=team.network_id,
        team=team,
        name=name.strip(),
        purpose=purpose.strip(),
        weekdays=days,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place.strip(),
        agenda=_clean_list(agenda, "agenda"),
        questions=_clean_list(questions if questions is not None else DEFAULT_QUESTIONS, "questions"),
        rotate_roles=rotate_roles,
        created_by=by,
        **roles,
    )
    huddle.teams.set({team, *other_teams})
    # Its coming week's meetings exist from the start, so there is one to open at once.
    schedule_huddle(huddle)
    return huddle


UPDATABLE = {
    "name",
    "purpose",
    "weekdays",
    "starts_at",
    "duration_minutes",
    "place",
    "agenda",
    "questions",
    "rotate_roles",
    "is_active",
    *ROLE_FIELDS,
}


SCHEDULE = {"weekdays", "starts_at", "is_active"}


@transaction.atomic
def update_huddle(*, huddle: Huddle, by: User, other_teams=None, **fields) -> Huddle:
    permissions.require(by, huddle, permissions.CHANGE)
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))}")
    roles = {k: fields[k] for k in ROLE_FIELDS if k in fields}
    teams = list(other_teams) if other_teams is not None else []
    team_ids = {huddle.team_id, *(t.pk for t in teams)} if other_teams is not None else set(huddle.team_ids)
    days = _check(
        network_id=huddle.network_id,
        weekdays=fields.get("weekdays", huddle.weekdays),
        teams=teams,
        roles=roles,
        team_ids=team_ids,
    )
    if "weekdays" in fields:
        fields["weekdays"] = days
    if "name" in fields and not (fields["name"] or "").strip():
        raise ValidationError({"name": "Give the huddle a name."})
    for key in ("agenda", "questions"):
        if key in fields:
            fields[key] = _clean_list(fields[key], key)
    for key, value in fields.items():
        setattr(huddle, key, value)
    huddle.save()
    if other_teams is not None:
        huddle.teams.set({huddle.team, *teams})
    if SCHEDULE & set(fields):
        replan_upcoming(huddle, by=by)
    return huddle
