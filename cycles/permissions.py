"""Who sees and works on PDSA cycles.

Cycles (DESIGN §4): members see and work on their teams' cycles and may start cycles for them; the
owner and the collaborators edit a cycle and move it through its stages, and so may the team's lead
and the leaders above it; leaders see every cycle in their subtree. A collaborator from outside the
team (same network only) sees and edits that one cycle as the owner would, and nothing else of the
team's: the linked measures' charts stay behind the measures' own rule. Anyone else gets a 404.

A focus area's story (``cycles.stories``) is read in the network by everyone who sees the focus area.
Sharing it outside the network by a link (``StoryLink``) is the focus area's team leads', the leaders
above them and the network admin's to make, list and revoke: it speaks for the team to the world,
so it is the team's leads' call (as changing the team itself is, ``Team`` CHANGE), not every member's,
nor the focus area's owner's when the owner is a member. Others who see the focus area get a 403;
anyone else a 404.

An archived cycle (``playbook.archive``) is seen by nobody, its predictions and the rest with it:
``Cycle.objects`` leaves it out of every query here, and the rule answers "not visible" for one
fetched another way.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cycles.models import (
    Cycle,
    CycleComment,
    CycleEvent,
    CycleFlag,
    CycleReminder,
    CyclesSettings,
    LearningGoal,
    Observation,
    Prediction,
    ReviewRequest,
    StoryLink,
)
from measures.permissions import focus_area_rule
from playbook.models import Team, User
from playbook.permissions import (
    CHANGE,
    CONTRIBUTE,
    NO_ACCESS,
    VIEW,
    Access,
    Role,
    access_for,
    exempt,
    register,
)


def _cycle_collaborator(access: Access, cycle) -> bool:
    # ``collaborators.all()`` uses the list pages' prefetch; a single page asks one small query.
    return access.user_id is not None and any(p.pk == access.user_id for p in cycle.collaborators.all())


def cycle_rule(access: Access, cycle, action: str) -> tuple[bool, bool]:
    if cycle.team_id not in access.parents or cycle.archived_at is not None:  # another network's
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


def visible_cycles(user) -> QuerySet[Cycle]:
    access = access_for(user)
    if access is NO_ACCESS:
        return Cycle.objects.none()
    teams = access.team_ids_with_role(Role.MEMBER)
    in_network = Cycle.objects.filter(team__network_id=access.network_id)
    if len(teams) == len(access.parents):
        # Above every team (the hub's leaders, the network admin): every cycle of the network is in
        # one of their teams, so the rule is the network itself.
        return in_network
    collaborating = Cycle.collaborators.through.objects.filter(user_id=access.user_id).values("cycle_id")
    return in_network.filter(Q(team_id__in=teams) | Q(owner_id=access.user_id) | Q(pk__in=collaborating))


# A viewer in at most this many teams (a school's people, not a cluster's leaders): see below.
FEW_TEAMS = 5


def visible_cycle_ids(user) -> QuerySet:
    """The ids of ``visible_cycles``, for a question about all of them at once (which change ideas
    they test). For a school's people they come from three indexed reads: as one OR with the owner
    and collaborator terms, PostgreSQL tested every cycle of a state's network."""
    access = access_for(user)
    teams = access.team_ids_with_role(Role.MEMBER)
    if access is NO_ACCESS or len(teams) > FEW_TEAMS:
        return visible_cycles(user).order_by().values("pk")
    in_network = Cycle.objects.filter(team__network_id=access.network_id).order_by()
    return (
        in_network.filter(team_id__in=list(teams)).values("pk")
        .union(
            in_network.filter(owner_id=access.user_id).values("pk"),
            in_network.filter(collaborators=access.user_id).values("pk"),
        )
    )  # fmt: skip


def can_create_cycle(user, team: Team) -> bool:
    """Anyone who works in a team (and the leaders above it) may start a cycle for it, while it is open."""
    access = access_for(user)
    return (
        team.network_id == access.network_id
        and team.closed_at is None
        and access.has_role(team.pk, Role.MEMBER)
    )


def cycle_colleagues(user) -> QuerySet[User]:
    """Whom a person may name as owner or collaborator: the active people of the teams they work in."""
    access = access_for(user)
    return User.objects.filter(
        Q(memberships__team_id__in=access.team_ids_with_role(Role.MEMBER)) | Q(pk=access.user_id),
        network_id=access.network_id,
        is_active=True,
    ).distinct()


def learning_goal_rule(access: Access, goal: LearningGoal, action: str) -> tuple[bool, bool]:
    """A hub's or cluster's learning agenda is read by everyone in the network, and kept by its
    leads, the leaders above and the network admin."""
    if goal.network_id != access.network_id:
        return False, False
    return True, action == VIEW or access.is_admin or access.has_role(goal.team_id, Role.LEAD)


def story_link_rule(access: Access, link: StoryLink, action: str) -> tuple[bool, bool]:
    """Seen with its focus area; made, listed and revoked by its team's leads and those above."""
    visible, _ = focus_area_rule(access, link.focus_area, VIEW)
    if not visible:
        return False, False
    return True, access.has_role(link.focus_area.team_id, Role.LEAD)


def may_share_story(user, focus_area) -> bool:
    return story_link_rule(access_for(user), StoryLink(focus_area=focus_area), CHANGE)[1]


register(Cycle, cycle_rule)
register(StoryLink, story_link_rule)
register(LearningGoal, learning_goal_rule)
for _part in (Prediction, Observation, CycleComment):
    register(_part, cycle_part_rule)
exempt(CycleEvent, "a cycle's history, read only through its cycle")
exempt(CycleFlag, "where a flag came from, read only through its cycle (each flag keeps its own rule)")
exempt(ReviewRequest, "read and answered only through its cycle")
exempt(CycleReminder, "the reminder job's record of what it sent")
exempt(CyclesSettings, "a network setting, changed only by the network admin through its own check")


def visible_predictions(user) -> QuerySet[Prediction]:
    return Prediction.objects.filter(cycle__in=visible_cycles(user).values("pk"))
