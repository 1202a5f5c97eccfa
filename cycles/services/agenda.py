"""Writing a hub's or cluster's learning agenda: its goals, their links, their order.

A goal links only focus areas and change ideas of its own team's subtree that the editor may see
(never another network's, never a sibling cluster's): the same scope the form offers, checked again
here so the API and any script meet the same rule. Links to work the editor cannot see are kept as
they are, so nobody unlinks what they were never shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from cycles.agenda import AGENDA_KINDS, change_ideas_in_scope, focus_areas_in_scope
from cycles.models import LearningGoal
from playbook import permissions
from playbook.models import Team, User

EDITABLE = ("title", "description", "starts_on", "ends_on")


def _check_dates(starts_on: date, ends_on: date) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": "The goal's period must end on or after the day it starts."})


def _in_scope(by: User, team: Team, focus_areas, change_ideas) -> tuple[list, list]:
    areas, ideas = list(focus_areas), list(change_ideas)
    allowed_areas = set(
        focus_areas_in_scope(by, team).filter(pk__in=[a.pk for a in areas]).values_list("pk", flat=True)
    )
    allowed_ideas = set(
        change_ideas_in_scope(by, team).filter(pk__in=[i.pk for i in ideas]).values_list("pk", flat=True)
    )
    errors = {}
    if any(a.pk not in allowed_areas for a in areas):
        errors["focus_areas"] = f"Choose focus areas of {team.name} or the teams below it."
    if any(i.pk not in allowed_ideas for i in ideas):
        errors["change_ideas"] = f"Choose change ideas of {team.name} or the teams below it."
    if errors:
        raise ValidationError(errors)
    return areas, ideas


def _keep_unseen(by: User, current: Iterable, chosen: list) -> list:
    return chosen + [obj for obj in current if not permissions.can_view(by, obj) and obj not in chosen]


@transaction.atomic
def create_learning_goal(
    *,
    team: Team,
    by: User,
    title: str,
    starts_on: date,
    ends_on: date,
    description: str = "",
    focus_areas: Iterable = (),
    change_ideas: Iterable = (),
) -> LearningGoal:
    """A new goal goes last on its team's agenda."""
    goal = LearningGoal(
        network_id=team.network_id,
        team=team,
        title=title,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by,
    )
    permissions.require(by, goal, permissions.CHANGE)
    if team.kind not in AGENDA_KINDS:
        raise ValidationError({"team": "A learning agenda belongs to the hub or a cluster."})
    _check_dates(starts_on, ends_on)
    areas, ideas = _in_scope(by, team, focus_areas, change_ideas)
    last = LearningGoal.objects.select_for_update().filter(team=team).order_by("-position").first()
    goal.position = last.position + 1 if last else 0
    goal.full_clean(exclude=["network", "team", "created_by", "focus_areas", "change_ideas"])
    goal.save()
    goal.focus_areas.set(areas)
    goal.change_ideas.set(ideas)
    return goal


@transaction.atomic
def update_learning_goal(*, goal: LearningGoal, by: User, **fields) -> LearningGoal:
    """Change a goal's words, period and links; its team stays (its links are scoped to it)."""
    goal = LearningGoal.objects.select_for_update().select_related("team").get(pk=goal.pk)
    permissions.require(by, goal, permissions.CHANGE)
    unknown = set(fields) - {*EDITABLE, "focus_areas", "change_ideas"}
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This cannot be changed here."))
    for name in EDITABLE:
        if name in fields:
            setattr(goal, name, fields[name])
    _check_dates(goal.starts_on, goal.ends_on)
    goal.full_clean(exclude=["network", "team", "created_by", "focus_areas", "change_ideas"])
    areas, ideas = _in_scope(by, goal.team, fields.get("focus_areas", ()), fields.get("change_ideas", ()))
    goal.save()
    if "focus_areas" in fields:
        goal.focus_areas.set(_keep_unseen(by, goal.focus_areas.select_related("team"), areas))
    if "change_ideas" in fields:
        goal.change_ideas.set(_keep_unseen(by, goal.change_ideas.select_related("focus_area"), ideas))
    return goal


@transaction.atomic
def move_learning_goal(*, goal: LearningGoal, by: User, to: int) -> LearningGoal:
    """Put ``goal`` at index ``to`` of its team's agenda and number the others around it."""
    permissions.require(by, goal, permissions.CHANGE)
    siblings = list(
        LearningGoal.objects.select_for_update().filter(team_id=goal.team_id).order_by("position", "pk")
    )
    ordered = [g for g in siblings if g.pk != goal.pk]
    to = max(0, min(int(to), len(ordered)))
    ordered.insert(to, next(g for g in siblings if g.pk == goal.pk))
    for index, sibling in enumerate(ordered):
        if sibling.position != index:
            sibling.position = index
            sibling.save(update_fields=["position"])
    return next(g for g in ordered if g.pk == goal.pk)


def referenced_by(goal: LearningGoal) -> list[str]:
    """The kinds of record that point at ``goal``; a goal something points at stays."""
    found = []
    for relation in LearningGoal._meta.related_objects:
        manager = getattr(goal, relation.get_accessor_name(), None)
        if manager is not None and hasattr(manager, "exists") and manager.exists():
            found.append(str(relation.related_model._meta.verbose_name_plural))
    return found


@transaction.atomic
def delete_learning_goal(*, goal: LearningGoal, by: User) -> None:
    """Delete a goal nothing refers to. Its links to focus areas and ideas go with it; the cycles stay.

    Nothing records a reference to a goal yet; the check reads the model's reverse relations, so a
    later record that cites a goal (the network's theory of issue 18, say) protects it without a
    change here."""
    goal = LearningGoal.objects.select_for_update().get(pk=goal.pk)
    permissions.require(by, goal, permissions.DELETE)
    references = referenced_by(goal)
    if references:
        raise ValidationError(
            f"“{goal.title}” is referred to by {', '.join(references)}; it cannot be deleted."
        )
    goal.delete()
