"""The learning agenda: what the hub and each cluster set out to learn this period, and what the
cycles serving each goal have shown so far; its keepers write, order and delete its goals."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cycles import agenda as selectors
from cycles.agenda_forms import AgendaFilterForm, LearningGoalForm
from cycles.services import agenda as services
from playbook import permissions
from playbook.clock import today
from playbook.web import add_errors

EDIT = permissions.CHANGE


def learning_agenda(request):
    user = request.user
    filters = selectors.agenda_filters(request.GET)
    teams = selectors.agenda_teams(user)
    context = {
        "rows": selectors.agenda(user, filters, today()),
        "filters": filters,
        "filter_form": AgendaFilterForm(
            initial={"team": filters.team_id, "period": filters.period}, teams=teams
        ),
        "may_create": bool(selectors.teams_keeping_goals(user)),
        "period_label": selectors.PERIODS[filters.period],
    }
    return render(request, "cycles/agenda/agenda.html", context)


def _goal_form(request, team, **kwargs):
    return LearningGoalForm(
        request.POST if request.method == "POST" else None,
        focus_areas=selectors.focus_areas_in_scope(request.user, team),
        change_ideas=selectors.change_ideas_in_scope(request.user, team),
        **kwargs,
    )


def _save(request, form, write, done: str):
    """Run ``write`` on a valid form; a service's refusal goes back onto the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        goal = write(form.cleaned_data)
    except ValidationError as error:
        add_errors(form, error)
        return None
    messages.success(request, done.format(title=goal.title))
    return redirect(f"{reverse('learning-agenda')}?team={goal.team_id}&period=all")


def learning_goal_create(request):
    user = request.user
    keeping = selectors.teams_keeping_goals(user)
    if not keeping:
        raise PermissionDenied(
            "Only the leads of the hub or a cluster, the leaders above and the admin write goals."
        )
    team = next((t for t in keeping if str(t.pk) == request.GET.get("team")), None)
    if team is None and len(keeping) == 1:
        team = keeping[0]
    if team is None:
        return render(request, "cycles/agenda/choose_team.html", {"teams": keeping})
    form = _goal_form(request, team)
    saved = _save(
        request,
        form,
        lambda data: services.create_learning_goal(team=team, by=user, **data),
        "“{title}” is on the agenda.",
    )
    return saved or render(
        request, "cycles/agenda/goal_form.html", {"form": form, "team": team, "goal": None}
    )


def learning_goal_edit(request, pk):
    user = request.user
    goal = selectors.goal_for_page(user, pk, EDIT)
    initial = {
        "title": goal.title, "description": goal.description, "starts_on": goal.starts_on,
        "ends_on": goal.ends_on, "focus_areas": list(goal.focus_areas.all()),
        "change_ideas": list(goal.change_ideas.all()),
    }  # fmt: skip
    form = _goal_form(request, goal.team, initial=initial)
    saved = _save(
        request,
        form,
        lambda data: services.update_learning_goal(goal=goal, by=user, **data),
        "“{title}” is saved.",
    )
    return saved or render(
        request, "cycles/agenda/goal_form.html", {"form": form, "team": goal.team, "goal": goal}
    )


@require_POST
def learning_goal_move(request, pk):
    goal = selectors.goal_for_page(request.user, pk, EDIT)
    siblings = list(
        selectors.visible_learning_goals(request.user)
        .filter(team_id=goal.team_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    step = -1 if request.POST.get("direction") == "up" else 1
    services.move_learning_goal(goal=goal, by=request.user, to=siblings.index(goal.pk) + step)
    return redirect(
        f"{reverse('learning-agenda')}?team={goal.team_id}&period={selectors.agenda_filters(request.POST).period}"
    )


@require_POST
def learning_goal_delete(request, pk):
    goal = selectors.goal_for_page(request.user, pk, permissions.DELETE)
    try:
        services.delete_learning_goal(goal=goal, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{goal.title}” is deleted; the cycles that served it are untouched.")
    return redirect(f"{reverse('learning-agenda')}?team={goal.team_id}&period=all")
