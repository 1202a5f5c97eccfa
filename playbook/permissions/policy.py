"""Roles, actions and ``Access``: what one person can reach, worked out once per request."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from playbook.models import Membership, Team, User

Role = Membership.Role
RANK = {Role.MEMBER: 1, Role.LEAD: 2, Role.LEADER: 3}

VIEW = "view"
CHANGE = "change"
DELETE = "delete"
MANAGE_MEMBERS = "manage_members"
CONTRIBUTE = "contribute"  # everyday work on an object: entering data, writing notes
ADMINISTER = "administer"


@dataclass(frozen=True)
class Access:
    """What one user can reach, worked out once per request from two small queries."""

    user_id: int | None
    network_id: int | None
    is_admin: bool
    roles: dict[int, str] = field(default_factory=dict)  # effective role per team id
    visible_team_ids: frozenset[int] = frozenset()
    parents: dict[int, int | None] = field(default_factory=dict)  # the network's tree
    direct: dict[int, str] = field(default_factory=dict)  # memberships by name, without inheritance
    # Closed teams (``Team.closed_at``): kept for their history, they take no new work.
    closed_team_ids: frozenset[int] = frozenset()

    def ancestors(self, team_id: int) -> list[int]:
        """The teams above ``team_id``, nearest first."""
        chain, node = [], self.parents.get(team_id)
        while node is not None:
            chain.append(node)
            node = self.parents.get(node)
        return chain

    def in_team_or_above(self, team_id: int) -> bool:
        """Belongs to ``team_id`` or to a team above it, in any role (or is the network admin)."""
        if self.is_admin:
            return team_id in self.visible_team_ids
        if team_id not in self.parents:
            return False
        return any(t in self.direct for t in (team_id, *self.ancestors(team_id)))

    def role(self, team_id: int) -> str | None:
        return self.roles.get(team_id)

    def has_role(self, team_id: int, at_least: str) -> bool:
        if self.is_admin:
            return True
        role = self.roles.get(team_id)
        return role is not None and RANK[role] >= RANK[at_least]

    def leads_by_name(self) -> bool:
        """A lead or leader of some team by membership (not only by inheritance), or the admin."""
        return self.is_admin or any(role != Role.MEMBER for role in self.direct.values())

    def team_ids_led_by_name(self) -> frozenset[int]:
        """The teams one is a lead or leader of by membership; every team, for the admin."""
        if self.is_admin:
            return frozenset(self.visible_team_ids)
        return frozenset(t for t, role in self.direct.items() if role != Role.MEMBER)

    def team_ids_with_direct_role(self, role: str) -> frozenset[int]:
        """The teams one holds exactly ``role`` in by membership (a lead's own teams, say)."""
        return frozenset(t for t, held in self.direct.items() if held == role)

    def leader_by_name(self) -> bool:
        return self.is_admin or any(role == Role.LEADER for role in self.direct.values())

    def team_ids_overseen(self) -> frozenset[int]:
        """The teams a leader (or the admin) sees from above: below them, not their own."""
        if self.is_admin:
            return frozenset(self.visible_team_ids - set(self.direct))
        return frozenset(t for t, r in self.roles.items() if r == Role.LEADER and t not in self.direct)

    def team_ids_with_role(self, at_least: str = Role.MEMBER) -> frozenset[int]:
        if self.is_admin:
            return self.visible_team_ids
        return frozenset(t for t, r in self.roles.items() if RANK[r] >= RANK[at_least])


NO_ACCESS = Access(user_id=None, network_id=None, is_admin=False)


def access_for(user) -> Access:
    if user is None or not user.is_authenticated or not user.is_active or user.network_id is None:
        return NO_ACCESS
    cached = getattr(user, "_playbook_access", None)
    if cached is None:
        cached = _build_access(user)
        user._playbook_access = cached
    return cached


def forget(user) -> None:
    """Drop the cached access of ``user`` after their memberships changed."""
    if user is not None and hasattr(user, "_playbook_access"):
        del user._playbook_access


def _build_access(user: User) -> Access:
    # No ORDER BY: the tree is a dict, and sorting a state's 600 teams by name on every request is waste.
    tree = Team.objects.filter(network_id=user.network_id).order_by()
    parents, closed = {}, set()
    for team_id, parent_id, closed_at in tree.values_list("id", "parent_id", "closed_at"):
        parents[team_id] = parent_id
        if closed_at is not None:
            closed.add(team_id)
    closed = frozenset(closed)
    if user.is_network_admin:
        return Access(user.pk, user.network_id, True, {}, frozenset(parents), parents, closed_team_ids=closed)

    children: dict[int, list[int]] = defaultdict(list)
    for team_id, parent_id in parents.items():
        if parent_id is not None:
            children[parent_id].append(team_id)

    roles: dict[int, str] = {}

    def grant(team_id: int, role: str) -> None:
        if team_id not in roles or RANK[role] > RANK[roles[team_id]]:
            roles[team_id] = role

    direct = Membership.objects.filter(user=user, team__network_id=user.network_id)
    visible: set[int] = set()
    by_name: dict[int, str] = {}
    for team_id, role in direct.values_list("team_id", "role"):
        by_name[team_id] = role
        grant(team_id, role)
        if role == Role.LEADER:
            stack = list(children[team_id])
            while stack:
                below = stack.pop()
                grant(below, Role.LEADER)
                stack.extend(children[below])
        ancestor = parents.get(team_id)
        while ancestor is not None and ancestor not in visible:
            visible.add(ancestor)
            ancestor = parents.get(ancestor)
    visible.update(roles)
    return Access(user.pk, user.network_id, False, roles, frozenset(visible), parents, by_name, closed)
