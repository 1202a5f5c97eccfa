"""Who may see and change what. The only module that knows roles and the team tree.

Rules (DESIGN.md §4):

* Networks never see each other.
* A person's role in a team is the role of their membership there; a *leader* of a team is also
  a leader of every team below it (leaders see and steer their whole subtree).
* A member sees and works on their teams' work; a lead also manages the team's setup;
  a leader can do what a lead can, across the subtree.
* Everyone sees the names of the teams above their own (their cluster, the hub).
* A network admin may see and manage everything in their network.

Every HTML view, API view and task asks here. Objects that a user may not even see are reported
as missing (404) so their existence does not leak; objects they may see but not change are 403.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from playbook.models import (
    DataPoint,
    FocusArea,
    Measure,
    Membership,
    Network,
    Notification,
    StoredChart,
    Team,
    User,
)

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
    parents = dict(Team.objects.filter(network_id=user.network_id).values_list("id", "parent_id"))
    if user.is_network_admin:
        return Access(user.pk, user.network_id, True, {}, frozenset(parents), parents)

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
    return Access(user.pk, user.network_id, False, roles, frozenset(visible), parents, by_name)


# --- Questions about one object -------------------------------------------------------------------


def _network_rule(access: Access, network: Network, action: str) -> tuple[bool, bool]:
    visible = network.pk == access.network_id
    return visible, visible and (action == VIEW or access.is_admin)


def _team_rule(access: Access, team: Team, action: str) -> tuple[bool, bool]:
    visible = team.network_id == access.network_id and team.pk in access.visible_team_ids
    if not visible:
        return False, False
    if action == VIEW:
        return True, True
    if action in (CHANGE, MANAGE_MEMBERS):
        return True, access.has_role(team.pk, Role.LEAD)
    return True, access.is_admin  # delete, move, create children


def _membership_rule(access: Access, membership: Membership, action: str) -> tuple[bool, bool]:
    own = membership.user_id == access.user_id
    team_visible = membership.team_id in access.visible_team_ids
    visible = own or (team_visible and access.has_role(membership.team_id, Role.MEMBER))
    if not visible:
        return False, False
    if action == VIEW:
        return True, True
    return True, may_assign_role(access, membership.team_id, membership.role)


def _person_rule(access: Access, person: User, action: str) -> tuple[bool, bool]:
    visible = person.pk == access.user_id or (access.is_admin and person.network_id == access.network_id)
    return visible, visible


def _notification_rule(access: Access, notification: Notification, action: str) -> tuple[bool, bool]:
    mine = notification.recipient_id == access.user_id and access.user_id is not None
    return mine, mine


def _focus_area_rule(access: Access, focus_area: FocusArea, action: str) -> tuple[bool, bool]:
    """Members see and work with their teams' focus areas; leads and the owner shape them."""
    visible = (
        access.has_role(focus_area.team_id, Role.MEMBER) and focus_area.team_id in access.visible_team_ids
    )
    if not visible:
        return False, False
    if action in (VIEW, CONTRIBUTE):
        return True, True
    return True, focus_area.owner_id == access.user_id or access.has_role(focus_area.team_id, Role.LEAD)


def _measure_rule(access: Access, measure: Measure, action: str) -> tuple[bool, bool]:
    # Entering data is everyday work for members; defining the measure is the focus area's owner's.
    return _focus_area_rule(access, measure.focus_area, action)


def _data_point_rule(access: Access, point: DataPoint, action: str) -> tuple[bool, bool]:
    visible, allowed = _focus_area_rule(access, point.measure.focus_area, VIEW)
    if not visible:
        return False, False
    if action == VIEW:
        return True, True
    # Members correct data they entered themselves; leads and the owner correct anyone's.
    own = point.entered_by_id == access.user_id
    return True, own or _focus_area_rule(access, point.measure.focus_area, CHANGE)[1]


def _stored_chart_rule(access: Access, chart: StoredChart, action: str) -> tuple[bool, bool]:
    return _focus_area_rule(access, chart.measure.focus_area, VIEW if action == VIEW else CHANGE)


RULES = {
    FocusArea: _focus_area_rule,
    Measure: _measure_rule,
    DataPoint: _data_point_rule,
    StoredChart: _stored_chart_rule,
    Network: _network_rule,
    Team: _team_rule,
    Membership: _membership_rule,
    User: _person_rule,
    Notification: _notification_rule,
}


def register(model: type[Model], rule) -> None:
    """Feature apps add a rule for their own models: ``rule(access, obj, action) -> (visible, allowed)``."""
    RULES[model] = rule


def check(user, obj: Model, action: str = VIEW) -> tuple[bool, bool]:
    """(may see it at all, may do ``action`` to it)."""
    access = access_for(user)
    if access is NO_ACCESS:
        # A person outside every network still owns their notifications and account.
        if isinstance(obj, Notification | User) and user is not None and user.is_authenticated:
            return RULES[type(obj)](Access(user.pk, None, False), obj, action)
        return False, False
    rule = RULES.get(type(obj))
    if rule is None:
        raise LookupError(f"No permission rule for {type(obj).__name__}")
    return rule(access, obj, action)


def can(user, action: str, obj: Model) -> bool:
    return check(user, obj, action)[1]


def can_view(user, obj: Model) -> bool:
    return check(user, obj, VIEW)[0]


def require(user, obj: Model, action: str = VIEW) -> Model:
    """Raise 404 when the user may not see ``obj``, 403 when they see it but may not ``action`` it."""
    visible, allowed = check(user, obj, action)
    if not visible:
        raise Http404("Not found.")
    if not allowed:
        raise PermissionDenied("You don't have permission to do that.")
    return obj


def get_for_user(user, source: type[Model] | QuerySet, pk, action: str = VIEW) -> Model:
    """Fetch one object and authorize ``action`` on it in one call."""
    queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
    try:
        obj = queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None
    return require(user, obj, action)


# --- Questions that are not about one existing object -------------------------------------------------


def may_assign_role(access_or_user, team_id: int, role: str) -> bool:
    """Leads add and remove members and leads of their teams; only admins hand out leadership."""
    access = access_or_user if isinstance(access_or_user, Access) else access_for(access_or_user)
    if access.is_admin:
        return team_id in access.visible_team_ids
    if role == Role.LEADER:
        return False
    return access.has_role(team_id, Role.LEAD)


def can_administer_network(user, network: Network | None = None) -> bool:
    access = access_for(user)
    return access.is_admin and (network is None or network.pk == access.network_id)


def is_lead_anywhere(user) -> bool:
    access = access_for(user)
    return access.is_admin or bool(access.team_ids_with_role(Role.LEAD))


# --- Querysets already filtered to what the user may see --------------------------------------------


def visible_teams(user) -> QuerySet[Team]:
    access = access_for(user)
    return Team.objects.filter(network_id=access.network_id, pk__in=access.visible_team_ids)


def teams_with_role(user, at_least: str = Role.MEMBER) -> QuerySet[Team]:
    access = access_for(user)
    return Team.objects.filter(network_id=access.network_id, pk__in=access.team_ids_with_role(at_least))


def visible_memberships(user) -> QuerySet[Membership]:
    access = access_for(user)
    return Membership.objects.filter(
        Q(team_id__in=access.team_ids_with_role(Role.MEMBER)) | Q(user_id=access.user_id),
        team__network_id=access.network_id,
    )


def visible_networks(user) -> QuerySet[Network]:
    return Network.objects.filter(pk=access_for(user).network_id)


def visible_people(user) -> QuerySet[User]:
    access = access_for(user)
    if access.is_admin:
        return User.objects.filter(network_id=access.network_id)
    return User.objects.filter(pk=getattr(user, "pk", None))


def addable_people(user) -> QuerySet[User]:
    """Active people of the network, for the "add a person" chooser of the teams a user manages.

    Wider than ``visible_people``: leads see names of the whole network here, and only here.
    """
    access = access_for(user)
    if not (access.is_admin or access.team_ids_with_role(Role.LEAD)):
        return User.objects.none()
    return User.objects.filter(network_id=access.network_id, is_active=True)


def visible_focus_areas(user) -> QuerySet[FocusArea]:
    access = access_for(user)
    return FocusArea.objects.filter(
        team__network_id=access.network_id, team_id__in=access.team_ids_with_role(Role.MEMBER)
    )


def visible_measures(user) -> QuerySet[Measure]:
    access = access_for(user)
    return Measure.objects.filter(
        focus_area__team__network_id=access.network_id,
        focus_area__team_id__in=access.team_ids_with_role(Role.MEMBER),
    )


def visible_data_points(user) -> QuerySet[DataPoint]:
    access = access_for(user)
    return DataPoint.objects.filter(
        measure__focus_area__team__network_id=access.network_id,
        measure__focus_area__team_id__in=access.team_ids_with_role(Role.MEMBER),
    )


def can_create_focus_area(user, team: Team) -> bool:
    """Leads (and leaders above) set their team's focus; members work within it."""
    return can_view(user, team) and access_for(user).has_role(team.pk, Role.LEAD)


def visible_notifications(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=getattr(user, "pk", None))


# --- Feature apps' rules ----------------------------------------------------------------------------
# Each feature app's section holds the rules for its models, written with the building blocks above;
# the app's AppConfig.ready() registers them (``register(Model, rule)``). Keep each section to its app.

# --- theory ---
# A focus area's theory (5 Whys, fishbone, driver diagram, change ideas) goes with the focus area,
# as ``_focus_area_rule`` says: members of the team see it and contribute (start a 5 Whys, add causes,
# vote, propose change ideas); its owner, the team's lead and the leaders above shape it (drivers,
# links, categories, deleting). Two widenings: the people taking part in a 5 Whys edit it (and whoever
# started it may delete it), and whoever added a fishbone cause may reword, move or delete it.
# Another team's theory, asked for by id, is a 404.


def change_idea_rule(access: Access, idea, action: str) -> tuple[bool, bool]:
    # A change idea belongs to its focus area: proposing and testing is everyone's, shaping it the lead's.
    return _focus_area_rule(access, idea.focus_area, action)


def theory_part_rule(access: Access, part, action: str) -> tuple[bool, bool]:
    """Fishbones and their categories, drivers and every link: as their focus area."""
    return _focus_area_rule(access, part.focus_area, action)


def why_analysis_rule(access: Access, part, action: str) -> tuple[bool, bool]:
    """A 5 Whys analysis and its chains and steps."""
    visible, allowed = _focus_area_rule(access, part.focus_area, action)
    if not visible or allowed or action not in (CHANGE, DELETE):
        return visible, allowed
    analysis = (
        getattr(part, "analysis", None) or getattr(getattr(part, "chain", None), "analysis", None) or part
    )
    if action == DELETE and analysis is part:
        return True, analysis.created_by_id == access.user_id
    # ``participants.all()`` uses the page's prefetch; a single object asks one small query.
    return True, access.user_id is not None and any(
        p.pk == access.user_id for p in analysis.participants.all()
    )


def cause_rule(access: Access, cause, action: str) -> tuple[bool, bool]:
    visible, allowed = _focus_area_rule(access, cause.focus_area, action)
    if visible and not allowed and action in (CHANGE, DELETE):
        allowed = cause.created_by_id is not None and cause.created_by_id == access.user_id
    return visible, allowed


def visible_theory(user, model) -> QuerySet:
    """Any theory model (all carry ``focus_area``), filtered to the focus areas the user works on."""
    access = access_for(user)
    return model.objects.filter(
        focus_area__team__network_id=access.network_id,
        focus_area__team_id__in=access.team_ids_with_role(Role.MEMBER),
    )


def visible_change_ideas(user):
    from theory.models import ChangeIdea

    return visible_theory(user, ChangeIdea)


# --- end theory ---

# --- cycles ---
# Cycles (DESIGN §4): members see and work on their teams' cycles and may start cycles for them; the
# owner and the collaborators edit a cycle and move it through its stages, and so may the team's lead
# and the leaders above it; leaders see every cycle in their subtree. A collaborator from outside the
# team (same network only) sees and edits that one cycle as the owner would, and nothing else of the
# team's: the linked measures' charts stay behind the measures' own rule. Anyone else gets a 404.


def _cycle_collaborator(access: Access, cycle) -> bool:
    # ``collaborators.all()`` uses the list pages' prefetch; a single page asks one small query.
    return access.user_id is not None and any(p.pk == access.user_id for p in cycle.collaborators.all())


def cycle_rule(access: Access, cycle, action: str) -> tuple[bool, bool]:
    if cycle.team_id not in access.parents:  # another network's
        return False, False
    in_team = cycle.team_id in access.visible_team_ids and access.has_role(cycle.team_id, Role.MEMBER)
    works_on_it = cycle.owner_id == access.user_id or _cycle_collaborator(access, cycle)
    if not (in_team or works_on_it):
        return False, False
    if action in (VIEW, CONTRIBUTE):  # contribute: comment on it, copy it into a plan of one's own
        return True, True
    if action == CHANGE:
        return True, works_on_it or access.has_role(cycle.team_id, Role.LEAD)
    return True, access.has_role(cycle.team_id, Role.LEAD)  # delete and the like: the team's lead


def cycle_part_rule(access: Access, part, action: str) -> tuple[bool, bool]:
    """Predictions, observations and comments go with their cycle."""
    return cycle_rule(access, part.cycle, action)


def visible_cycles(user):
    from cycles.models import Cycle

    access = access_for(user)
    if access is NO_ACCESS:
        return Cycle.objects.none()
    collaborating = Cycle.collaborators.through.objects.filter(user_id=access.user_id).values("cycle_id")
    return Cycle.objects.filter(
        Q(team_id__in=access.team_ids_with_role(Role.MEMBER))
        | Q(owner_id=access.user_id)
        | Q(pk__in=collaborating),
        team__network_id=access.network_id,
    )


def can_create_cycle(user, team: Team) -> bool:
    """Anyone who works in a team (and the leaders above it) may start a cycle for it."""
    access = access_for(user)
    return team.network_id == access.network_id and access.has_role(team.pk, Role.MEMBER)


def cycle_colleagues(user) -> QuerySet[User]:
    """Whom a person may name as owner or collaborator: the active people of the teams they work in."""
    access = access_for(user)
    return User.objects.filter(
        Q(memberships__team_id__in=access.team_ids_with_role(Role.MEMBER)) | Q(pk=access.user_id),
        network_id=access.network_id,
        is_active=True,
    ).distinct()


# --- end cycles ---

# --- andon ---
# DESIGN.md §4: a flag is visible to the person who raised it, the team holding it now and every
# team above; never to sibling teams. Acting on it is for the holding team and above; moving it by
# hand (up, or back down with a reply) for leads of the holding team and the leaders above.

FLAG_ACT = "act"  # acknowledge, assign, resolve
FLAG_MOVE = "move"  # escalate by hand, send back down
FLAG_REOPEN = "reopen"  # the holding team and above, or the person who raised it


def may_raise_flag(access_or_user, team_id: int) -> bool:
    """Anyone in a team (or a leader above it, or the admin) may raise a flag for it."""
    access = access_or_user if isinstance(access_or_user, Access) else access_for(access_or_user)
    return team_id in access.parents and access.has_role(team_id, Role.MEMBER)


def flag_rule(access: Access, flag, action: str) -> tuple[bool, bool]:
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


def visible_flags(user):
    from andon.models import Flag

    access = access_for(user)
    if access.network_id is None:
        return Flag.objects.none()
    return Flag.objects.filter(
        Q(raised_by_id=access.user_id) | Q(holding_team_id__in=flag_holder_team_ids(access)),
        network_id=access.network_id,
    )


# --- end andon ---

# --- huddles ---
# Huddles (DESIGN §4): the members of a huddle's teams (and the leaders above them) see its meetings and
# write in them — notes, action items, attendance, roles, their own pulse — and close a meeting; the
# lead of its home team (and leaders above) set the huddle up. A pulse score is its author's alone: the
# team sees averages only, never a row. Anyone else, asked by id, gets a 404.


def huddle_rule(access: Access, huddle, action: str) -> tuple[bool, bool]:
    if huddle.network_id != access.network_id:
        return False, False
    if not any(access.has_role(team_id, Role.MEMBER) for team_id in huddle.team_ids):
        return False, False
    if action in (VIEW, CONTRIBUTE):
        return True, True
    return True, access.has_role(huddle.team_id, Role.LEAD)


def meeting_rule(access: Access, meeting, action: str) -> tuple[bool, bool]:
    # Running a meeting (closing it, taking attendance, amending) is everyday work of its members.
    visible, _ = huddle_rule(access, meeting.huddle, VIEW)
    if not visible:
        return False, False
    return True, action in (VIEW, CONTRIBUTE, CHANGE) or huddle_rule(access, meeting.huddle, action)[1]


def meeting_part_rule(access: Access, part, action: str) -> tuple[bool, bool]:
    """Note entries and action items go with their meeting; anyone there may edit them."""
    return meeting_rule(access, part.meeting, VIEW if action == VIEW else CONTRIBUTE)


def pulse_rule(access: Access, pulse, action: str) -> tuple[bool, bool]:
    mine = access.user_id is not None and pulse.person_id == access.user_id
    return mine, mine


def may_set_up_huddle(user, team: Team) -> bool:
    """Leads (and leaders above, and the admin) set up their team's huddles."""
    access = access_for(user)
    return team.network_id == access.network_id and access.has_role(team.pk, Role.LEAD)


def visible_huddles(user):
    from huddles.models import Huddle

    access = access_for(user)
    if access is NO_ACCESS:
        return Huddle.objects.none()
    teams = access.team_ids_with_role(Role.MEMBER)
    joined = Huddle.teams.through.objects.filter(team_id__in=teams).values("huddle_id")
    return Huddle.objects.filter(Q(team_id__in=teams) | Q(pk__in=joined), network_id=access.network_id)


def visible_meetings(user):
    from huddles.models import Meeting

    return Meeting.objects.filter(huddle__in=visible_huddles(user))


# --- end huddles ---
