"""Who sees and acts on andon flags.

DESIGN.md §4: a flag is visible to the person who raised it, every team that has held it (the
raising team included, and a team it only passed through in one run of the escalation job) and
every team above the team holding it now; never to sibling teams. Earlier holders see and comment;
acting on it is for the holding team and above; moving it by hand (up, or back down with a reply)
for leads of the holding team and the leaders above.

The teams a flag has been with are its holds (``FlagHold``), so "held it" is read from there: in
lists, one ``EXISTS`` on the holds inside the same query; for one flag, its holds once per flag
(``flag_path_team_ids``), taken from a prefetch when the list loaded them.

An archived flag (``playbook.archive``) is seen by nobody: ``Flag.objects`` leaves it out of every
query here, and the rule answers "not visible" for one fetched another way.
"""

from __future__ import annotations

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

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
from playbook.permissions import (
    CONTRIBUTE,
    VIEW,
    Access,
    Role,
    access_for,
    closed_team_ids,
    exempt,
    register,
    tree,
)

FLAG_ACT = "act"  # acknowledge, assign, resolve
FLAG_MOVE = "move"  # escalate by hand, send back down
FLAG_REOPEN = "reopen"  # the holding team and above, or the person who raised it


def may_raise_flag(access_or_user, team_id: int) -> bool:
    """Anyone in a team (or a leader above it, or the admin) may raise a flag for it, while it is open."""
    access = access_or_user if isinstance(access_or_user, Access) else access_for(access_or_user)
    return (
        team_id in access.parents
        and access.has_role(team_id, Role.MEMBER)
        and team_id not in closed_team_ids(access)
    )


def flag_path_team_ids(flag) -> frozenset[int]:
    """Every team that has held ``flag``: from its prefetched holds, else one query, kept on the flag.

    Moving a flag (``andon.services.holds.start_hold``) forgets the kept answer.
    """
    prefetched = getattr(flag, "_prefetched_objects_cache", {}).get("holds")
    if prefetched is not None:
        return frozenset(hold.team_id for hold in prefetched)
    known = flag.__dict__.get("_path_team_ids")
    if known is None:
        known = frozenset(FlagHold.objects.filter(flag_id=flag.pk).values_list("team_id", flat=True))
        flag.__dict__["_path_team_ids"] = known
    return known


def flag_rule(access: Access, flag, action: str) -> tuple[bool, bool]:
    if flag.archived_at is not None or flag.network_id != access.network_id:
        return False, False
    holder = access.in_team_or_above(flag.holding_team_id)
    raiser = flag.raised_by_id == access.user_id
    # Only when the cheap answers say no do we read the holds: most checks never need them.
    held = holder or raiser or any(access.in_team_or_above(t) for t in flag_path_team_ids(flag))
    if not held:
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


# Both read the holds as one uncorrelated ``id IN (SELECT flag_id …)``, not a correlated EXISTS:
# inside an OR (visibility) or a FILTER (the panel's counts) PostgreSQL must run an EXISTS once per
# flag, 0.15 ms each, 1.5 s for a hub leader's 10,000 open flags; an IN list it hashes once.


def held_by_q(team_ids) -> Q:
    """Flags that one of ``team_ids`` has held at some time."""
    return Q(pk__in=FlagHold.objects.filter(team_id__in=list(team_ids)).values("flag_id"))


def passed_through_q(team_ids) -> Q:
    """Flags the escalation job climbed past one of ``team_ids`` in a single pass."""
    holds = FlagHold.objects.filter(team_id__in=list(team_ids), outcome=FlagHold.Outcome.PASSED)
    return Q(pk__in=holds.values("flag_id"))


def passed_through(team_ids) -> ExpressionWrapper:
    """The same, as a true/false annotation."""
    return ExpressionWrapper(passed_through_q(team_ids), output_field=BooleanField())


def own_team_ids(access: Access) -> frozenset[int]:
    """The teams one belongs to by membership ("my teams"); every team, for the network admin."""
    return access.team_ids_led_by_name() if access.is_admin else frozenset(access.direct)


def passed_through_viewer(access: Access, flag) -> bool:
    """Did ``flag`` pass through one of the viewer's own teams? Reads the prefetched holds."""
    mine = own_team_ids(access)
    holds = getattr(flag, "_prefetched_objects_cache", {}).get("holds")
    if holds is None:
        holds = flag.holds.all()
    return any(h.outcome == FlagHold.Outcome.PASSED and h.team_id in mine for h in holds)


def visible_flags(user) -> QuerySet[Flag]:
    access = access_for(user)
    if access.network_id is None:
        return Flag.objects.none()
    teams = flag_holder_team_ids(access)
    if len(teams) == len(access.parents):
        # Above every team (the hub's leaders, the network admin): every flag of the network is held
        # by one of them, so the rule is the network itself, not a test of each flag against
        # hundreds of team ids and every hold.
        return Flag.objects.filter(network_id=access.network_id)
    return Flag.objects.filter(
        Q(raised_by_id=access.user_id) | Q(holding_team_id__in=teams) | held_by_q(teams),
        network_id=access.network_id,
    )


# A viewer whose teams are at most this share of the network's (a school team, not a cluster or
# the hub) has a search start from their flags' ids: see ``visible_flags_for_search``.
NARROW_SHARE = 0.1


def visible_flags_for_search(user) -> QuerySet[Flag]:
    """Exactly the flags of ``visible_flags``, written so that a full-text search plans well.

    For a school team's lead PostgreSQL would test every flag of the network against the words and
    then against "raised by, held by or below": 150 ms at district scale. Their few hundred flags'
    ids, gathered from three indexed reads, answer it in a few. For a leader above many teams the
    plain rule is the quick one (most flags pass it), so it is kept.
    """
    access = access_for(user)
    if access.network_id is None:
        return Flag.objects.none()
    teams = flag_holder_team_ids(access)
    if len(teams) > NARROW_SHARE * len(access.parents):
        return visible_flags(user)
    ids = (
        FlagHold.objects.filter(team_id__in=list(teams))
        .order_by()
        .values("flag_id")
        .union(
            Flag.objects.filter(holding_team_id__in=list(teams)).order_by().values("id"),
            Flag.objects.filter(raised_by_id=access.user_id).order_by().values("id"),
        )
    )
    return Flag.objects.filter(pk__in=ids, network_id=access.network_id)


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


def flag_path(flag: Flag, parents: dict[int, int | None] | None = None) -> list[int]:
    """The teams on a flag's path: those that held it, in the order they first had it, then the
    holding team and the teams above it (the "path of teams" a flag travels)."""
    parents = tree.network_parents(flag.network_id) if parents is None else parents
    holds = getattr(flag, "_prefetched_objects_cache", {}).get("holds")
    held = (
        [h.team_id for h in sorted(holds, key=lambda h: h.seq)]
        if holds is not None
        else list(FlagHold.objects.filter(flag_id=flag.pk).order_by("seq").values_list("team_id", flat=True))
    )
    path: list[int] = []
    for team_id in (*held, *tree.chain(flag.holding_team_id, parents)):
        if team_id not in path:
            path.append(team_id)
    return path


def people_who_may_act_on(flag: Flag) -> QuerySet[User]:
    """Active people of the teams on the flag's path: whoever may be given it to work on.

    Someone of an earlier holder may be assigned (they know the problem best); acting on it stays
    with the holding team and above, so they see and comment until it comes back down.
    """
    return User.objects.filter(
        memberships__team_id__in=flag_path(flag), network_id=flag.network_id, is_active=True
    ).distinct()


def may_be_assigned(person: User, flag: Flag) -> bool:
    access = access_for(person)
    if not person.is_active or access.network_id != flag.network_id:
        return False
    path = flag_path(flag, access.parents)
    return access.in_team_or_above(flag.holding_team_id) or any(t in access.direct for t in path)
