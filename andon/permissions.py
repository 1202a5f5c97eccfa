"""Who sees and acts on andon flags.

DESIGN.md §4: a flag is visible to the person who raised it, the team holding it now and every
team above; never to sibling teams. Acting on it is for the holding team and above; moving it by
hand (up, or back down with a reply) for leads of the holding team and the leaders above.

An archived flag (``playbook.archive``) is seen by nobody: ``Flag.objects`` leaves it out of every
query here, and the rule answers "not visible" for one fetched another way.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from andon.models import (
    ClosedPeriod,
    EscalationPolicy,
    EscalationRun,
    Flag,
    FlagEvent,
    FlagHold,
    WorkingHours,
)
from playbook.models import Team, User
from playbook.permissions import CONTRIBUTE, VIEW, Access, Role, access_for, exempt, register, tree

FLAG_ACT = "act"  # acknowledge, assign, resolve
FLAG_MOVE = "move"  # escalate by hand, send back down
FLAG_REOPEN = "reopen"  # the holding team and above, or the person who raised it


def may_raise_flag(access_or_user, team_id: int) -> bool:
    """Anyone in a team (or a leader above it, or the admin) may raise a flag for it."""
    access = access_or_user if isinstance(access_or_user, Access) else access_for(access_or_user)
    return team_id in access.parents and access.has_role(team_id, Role.MEMBER)


def flag_rule(access: Access, flag, action: str) -> tuple[bool, bool]:
    if flag.archived_at is not None:
        return False, False
    holder = access.in_team_or_above(flag.holding_team_id)
    raiser = flag.raised_by_id == access.user_id
    visible = flag.network_id == access.network_id and (raiser or holder)
    if not visible:
        return False, False
    if action in (VIEW, CONTRIBUTE):  # anyone who can see a flag may comment on it
        return True, True
    if action == FLAG_MOVE:
        return True, access.has_role(flag.holding_team_id, Role.LEAD)
    if action == FLAG_REOPEN:
        return True, holder or raiser
    return True, holder


def flag_holder_team_ids(access: Access) -> frozenset[int]:
    """The teams whose flags ``access`` sees: the teams it belongs to and every team below them."""
    return frozenset(team_id for team_id in access.parents if access.in_team_or_above(team_id))


def visible_flags(user) -> QuerySet[Flag]:
    access = access_for(user)
    if access.network_id is None:
        return Flag.objects.none()
    return Flag.objects.filter(
        Q(raised_by_id=access.user_id) | Q(holding_team_id__in=flag_holder_team_ids(access)),
        network_id=access.network_id,
    )


register(Flag, flag_rule)
exempt(FlagHold, "a flag's holds, read only through the flag")
exempt(FlagEvent, "a flag's history, read only through the flag")
exempt(EscalationPolicy, "the network's policy, changed only by the network admin through its own check")
exempt(WorkingHours, "part of the escalation policy")
exempt(ClosedPeriod, "part of the escalation policy")
exempt(EscalationRun, "the escalation job's own record")


def teams_to_raise_for(user) -> QuerySet[Team]:
    access = access_for(user)
    return Team.objects.filter(pk__in=[t for t in access.parents if may_raise_flag(access, t)])


def people_who_may_act_on(flag: Flag) -> QuerySet[User]:
    """Active people of the team holding ``flag`` and of the teams above it."""
    teams = tree.chain(flag.holding_team_id, tree.network_parents(flag.network_id))
    return User.objects.filter(
        memberships__team_id__in=teams, network_id=flag.network_id, is_active=True
    ).distinct()
