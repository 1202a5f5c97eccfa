"""The team tree: who sits above whom, and whom a team's news reaches.

Only the permission layer walks the tree; pages, services and jobs ask these helpers instead.
Functions that take ``parents`` (team id -> parent id, from ``network_parents``) let a job that
handles many flags load the tree once.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from playbook.models import Membership, Team, User

Role = Membership.Role


def network_parents(network_id: int) -> dict[int, int | None]:
    return dict(Team.objects.filter(network_id=network_id).values_list("id", "parent_id"))


def chain(team_id: int, parents: dict[int, int | None]) -> list[int]:
    """``team_id`` and the teams above it, nearest first."""
    found, node = [], team_id
    while node is not None and node not in found:
        found.append(node)
        node = parents.get(node)
    return found


def leads_of(team_ids) -> dict[int, list[User]]:
    """Active leads and leaders in each team by name (not by inheritance), in one query."""
    found: dict[int, list[User]] = {}
    memberships = Membership.objects.filter(
        team_id__in=list(team_ids), role__in=[Role.LEAD, Role.LEADER], user__is_active=True
    ).select_related("user")
    for membership in memberships:
        found.setdefault(membership.team_id, []).append(membership.user)
    return found


def responders(team_id: int, parents: dict[int, int | None], leads: dict[int, list[User]]) -> list[User]:
    """The leads of ``team_id``; a team with none passes the word to the nearest team above with some,
    so news never reaches a team silently. ``leads`` comes from ``leads_of`` over the chain."""
    for node in chain(team_id, parents):
        if leads.get(node):
            return leads[node]
    return []


def leaders_above(team: Team) -> QuerySet[User]:
    """Active leaders of ``team`` and of every team above it."""
    above = chain(team.pk, network_parents(team.network_id))
    return User.objects.filter(
        memberships__team_id__in=above, memberships__role=Role.LEADER, is_active=True
    ).distinct()


def people_and_those_above(team_ids, network_id: int, *, above: tuple[str, ...]) -> QuerySet[User]:
    """Active people of ``team_ids``, and those with a role in ``above`` in the teams above them."""
    parents = network_parents(network_id)
    team_ids = set(team_ids)
    higher = {node for team_id in team_ids for node in chain(team_id, parents)[1:]} - team_ids
    return User.objects.filter(
        Q(memberships__team_id__in=team_ids)
        | Q(memberships__team_id__in=higher, memberships__role__in=above),
        network_id=network_id,
        is_active=True,
    ).distinct()
