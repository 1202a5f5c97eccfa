"""Reads for the learning agenda: a hub's or cluster's learning goals for a period, and the progress
each goal's cycles show.

Progress is read from the cycles that serve a goal (DESIGN §2: the network learns from evidence, not
from status reports): a cycle serves it when it is in one of the goal's focus areas or tests one of
its change ideas, and its dates meet the goal's period. Only cycles the viewer may see
(``cycles.permissions.visible_cycles``) are counted, so a count never reveals another team's work.
A page asks a fixed number of queries whatever the number of goals or cycles: the goals, their two
link tables, the cycles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from cycles.models import Cycle, LearningGoal
from cycles.permissions import visible_cycles
from cycles.spread import STUDIED_STAGES, with_prediction_counts
from measures.models import FocusArea
from measures.permissions import visible_focus_areas
from playbook import permissions
from playbook.models import Team
from playbook.permissions import tree
from theory.models import ChangeIdea
from theory.permissions import visible_change_ideas

Decision = Cycle.Decision
PERIODS = {"current": "Now", "upcoming": "Coming up", "past": "Past", "all": "All periods"}
AGENDA_KINDS = (Team.Kind.HUB, Team.Kind.CLUSTER)
LEARNED_SHOWN = 3  # the latest studied cycles a goal shows as "what we learned"


@dataclass
class AgendaFilters:
    team_id: int | None = None
    period: str = "current"


@dataclass
class GoalProgress:
    cycles: int = 0
    started: int = 0
    studied: int = 0
    met: int = 0
    adopted: int = 0
    adapted: int = 0
    abandoned: int = 0
    learned: list[Cycle] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "cycles": self.cycles,
            "started": self.started,
            "studied": self.studied,
            "predictions_met": self.met,
            "adopted": self.adopted,
            "adapted": self.adapted,
            "abandoned": self.abandoned,
        }


@dataclass
class AgendaGoal:
    goal: LearningGoal
    focus_areas: list[FocusArea]  # the linked ones the viewer may see
    change_ideas: list[ChangeIdea]
    hidden_links: int  # linked focus areas and ideas of teams the viewer does not work in
    progress: GoalProgress
    may_change: bool


def visible_learning_goals(user) -> QuerySet[LearningGoal]:
    """Every goal of the viewer's network: the agenda is read network-wide (``learning_goal_rule``)."""
    access = permissions.access_for(user)
    return LearningGoal.objects.filter(network_id=access.network_id)


def agenda_teams(user) -> QuerySet[Team]:
    """The hubs and clusters whose agendas may be read: all of the viewer's network's."""
    access = permissions.access_for(user)
    return Team.objects.filter(network_id=access.network_id, kind__in=AGENDA_KINDS).order_by("kind", "name")


def teams_keeping_goals(user) -> list[Team]:
    """The hubs and clusters for which ``user`` may write goals, asked of the goal rule itself."""
    return [
        team
        for team in agenda_teams(user)
        if permissions.can(user, permissions.CHANGE, LearningGoal(network_id=team.network_id, team=team))
    ]


def agenda_filters(params) -> AgendaFilters:
    team = params.get("team")
    period = params.get("period") or "current"
    return AgendaFilters(
        team_id=int(team) if str(team or "").isdigit() else None,
        period=period if period in PERIODS else "current",
    )


def in_period(goals: QuerySet[LearningGoal], period: str, today: date) -> QuerySet[LearningGoal]:
    if period == "current":
        return goals.filter(starts_on__lte=today, ends_on__gte=today)
    if period == "upcoming":
        return goals.filter(starts_on__gt=today)
    if period == "past":
        return goals.filter(ends_on__lt=today)
    return goals


def with_links(goals: QuerySet[LearningGoal]) -> QuerySet[LearningGoal]:
    return goals.select_related("team").prefetch_related(
        Prefetch("focus_areas", queryset=FocusArea.objects.select_related("team").order_by("title")),
        Prefetch("change_ideas", queryset=ChangeIdea.objects.select_related("focus_area").order_by("title")),
    )


def agenda(user, filters: AgendaFilters, today: date) -> list[AgendaGoal]:
    goals = visible_learning_goals(user)
    if filters.team_id is not None:
        goals = goals.filter(team_id=filters.team_id)
    # The hub's agenda first ("hub" sorts after "cluster"), then each cluster's, each in its own order.
    ordered = in_period(goals, filters.period, today).order_by("-team__kind", "team__name", "position", "pk")
    goals = list(with_links(ordered))
    return agenda_rows(user, goals)


def agenda_rows(user, goals: list[LearningGoal]) -> list[AgendaGoal]:
    """Each goal (prefetched by ``with_links``) with its progress, from one query over the cycles."""
    progress = progress_of(user, goals)
    rows = []
    for goal in goals:
        areas = list(goal.focus_areas.all())
        ideas = list(goal.change_ideas.all())
        shown_areas = [a for a in areas if permissions.can_view(user, a)]
        shown_ideas = [i for i in ideas if permissions.can_view(user, i)]
        rows.append(
            AgendaGoal(
                goal=goal,
                focus_areas=shown_areas,
                change_ideas=shown_ideas,
                hidden_links=len(areas) + len(ideas) - len(shown_areas) - len(shown_ideas),
                progress=progress[goal.pk],
                may_change=permissions.can(user, permissions.CHANGE, goal),
            )
        )
    return rows


def _serves(cycle: Cycle, goal: LearningGoal, area_ids: set[int], idea_ids: set[int]) -> bool:
    if cycle.focus_area_id not in area_ids and cycle.change_idea_id not in idea_ids:
        return False
    # A plan not yet dated counts from the day it was written.
    start = cycle.starts_on or cycle.created_at.date()
    end = cycle.ends_on or start
    return start <= goal.ends_on and end >= goal.starts_on


def progress_of(user, goals: list[LearningGoal]) -> dict[int, GoalProgress]:
    """Progress per goal id, counted over the cycles ``user`` may see; one query for all goals."""
    found = {goal.pk: GoalProgress() for goal in goals}
    links = {
        goal.pk: ({a.pk for a in goal.focus_areas.all()}, {i.pk for i in goal.change_ideas.all()})
        for goal in goals
    }
    all_areas = set().union(*(a for a, _ in links.values())) if links else set()
    all_ideas = set().union(*(i for _, i in links.values())) if links else set()
    if not all_areas and not all_ideas:
        return found
    latest_end = max(goal.ends_on for goal in goals)
    cycles = (
        with_prediction_counts(visible_cycles(user))
        .filter(Q(focus_area_id__in=all_areas) | Q(change_idea_id__in=all_ideas))
        .filter(Q(starts_on__lte=latest_end) | Q(starts_on__isnull=True))
        .select_related("team")
        .order_by("-decided_at", "-pk")
    )
    for cycle in cycles:
        for goal in goals:
            areas, ideas = links[goal.pk]
            if _serves(cycle, goal, areas, ideas):
                _count(found[goal.pk], cycle)
    return found


def _count(progress: GoalProgress, cycle: Cycle) -> None:
    progress.cycles += 1
    progress.started += cycle.predictions_frozen_at is not None
    studied = cycle.stage in STUDIED_STAGES
    progress.studied += studied
    progress.met += studied and cycle.n_predictions > 0 and cycle.n_met == cycle.n_predictions
    progress.adopted += cycle.decision in (Decision.ADOPT, Decision.ADOPT_AT_SCALE)
    progress.adapted += cycle.decision == Decision.ADAPT
    progress.abandoned += cycle.decision == Decision.ABANDON
    # Cycles come newest decision first, so the first few decided ones are the latest lessons.
    if cycle.decision and len(progress.learned) < LEARNED_SHOWN:
        progress.learned.append(cycle)


def goal_for_page(user, pk, action=permissions.VIEW) -> LearningGoal:
    return permissions.get_for_user(user, with_links(visible_learning_goals(user)), pk, action)


def subtree_ids(user, team: Team) -> set[int]:
    """``team`` and every team below it, from the tree the viewer's access already holds."""
    parents = permissions.access_for(user).parents
    return {t for t in parents if team.pk in tree.chain(t, parents)}


def focus_areas_in_scope(user, team: Team) -> QuerySet[FocusArea]:
    """What a goal of ``team`` may link: focus areas of its subtree that the editor may see (never
    another network's, never a sibling cluster's)."""
    return (
        visible_focus_areas(user).filter(team_id__in=subtree_ids(user, team)).order_by("team__name", "title")
    )


def change_ideas_in_scope(user, team: Team) -> QuerySet[ChangeIdea]:
    return (
        visible_change_ideas(user)
        .filter(focus_area__team_id__in=subtree_ids(user, team), archived_at__isnull=True)
        .select_related("focus_area")
        .order_by("focus_area__title", "title")
    )
