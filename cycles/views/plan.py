"""Plan: a new cycle, the edits of its plan, and its predictions (frozen once the test starts)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cycles import forms, selectors, services
from cycles.models import Cycle, Prediction
from cycles.permissions import visible_predictions
from cycles.views.detail import cycle_page, post_to_cycle
from measures.permissions import visible_focus_areas
from playbook import permissions, web

Stage = Cycle.Stage
# The plan form's fields that name a row: their initial value is the row's id.
ROW_FIELDS = ("owner", "focus_area", "change_idea")


def _posted(request):
    return request.POST if request.method == "POST" else None


def _plan_form(request, cycle: Cycle | None, initial: dict) -> forms.PlanForm:
    user = request.user
    return forms.PlanForm(
        _posted(request),
        initial=initial,
        people=selectors.people_to_plan_with(user, cycle),
        focus_areas=visible_focus_areas(user).order_by("title"),
        change_ideas=selectors.change_ideas_to_plan(user),
        teams=selectors.teams_to_plan_in(user) if cycle is None else None,
        started=cycle is not None and cycle.stage != Stage.PLANNING,
    )


def cycle_create(request):
    user = request.user
    # "Plan a cycle for this idea" links here with ?idea=; older links say ?change_idea=.
    idea = selectors.change_idea_to_test(user, request.GET.get("idea") or request.GET.get("change_idea"))
    initial = {"owner": user.pk}
    if idea is not None:
        initial.update(change_idea=idea.pk, focus_area=idea.focus_area_id, title=idea.title)
        if selectors.teams_to_plan_in(user).filter(pk=idea.focus_area.team_id).exists():
            initial["team"] = idea.focus_area.team_id
    form = _plan_form(request, None, initial)
    done = web.submit(
        request, form, lambda data: services.create_cycle(team=data["team"], by=user, **form.cycle_fields())
    )
    if done.ok:
        messages.success(request, f"“{done.value.title}” is planned. Now write your predictions.")
        return redirect(done.value.get_absolute_url() + "#plan")
    return render(request, "cycles/plan_form.html", {"form": form, "cycle": None, "idea": idea})


def cycle_edit_plan(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk, permissions.CHANGE)
    names = [n for n in forms.PlanForm.base_fields if n not in ("team", "collaborators")]
    initial = {n: getattr(cycle, n + "_id" if n in ROW_FIELDS else n) for n in names}
    initial["collaborators"] = [p.pk for p in cycle.collaborators.all()]
    form = _plan_form(request, cycle, initial)
    done = web.submit(request, form, lambda data: _update_plan(cycle, user, form.cycle_fields()))
    if done.ok:
        messages.success(request, "The plan is saved.")
        return redirect(cycle.get_absolute_url() + "#plan")
    return render(request, "cycles/plan_form.html", {"form": form, "cycle": cycle})


def _update_plan(cycle: Cycle, user, fields: dict) -> Cycle:
    collaborators = list(fields.pop("collaborators"))
    return services.update_cycle(cycle=cycle, by=user, collaborators=collaborators, **fields)


@require_POST
def prediction_add(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk, permissions.CHANGE)
    form = forms.PredictionForm(request.POST, measures=selectors.measures_to_predict(cycle))
    posted = post_to_cycle(
        request,
        form,
        lambda data: services.add_prediction(
            cycle=cycle, by=user, prediction=services.PredictionInput(**form.values())
        ),
    )
    if posted.ok:
        messages.success(request, "The prediction is added.")
        return redirect(cycle.get_absolute_url() + "#plan")
    return cycle_page(request, cycle, conflict=posted.conflict, prediction_form=form)


def get_prediction(user, pk, action=permissions.CHANGE) -> Prediction:
    predictions = visible_predictions(user).select_related("cycle__team", "measure")
    return permissions.get_for_user(user, predictions, pk, action)


def prediction_edit(request, pk):
    user = request.user
    prediction = get_prediction(user, pk)
    cycle = selectors.cycle_for_page(user, prediction.cycle_id, permissions.CHANGE)
    if cycle.predictions_frozen:
        return cycle_page(
            request, cycle, conflict=services.PredictionsFrozen(services.common.frozen_message(cycle))
        )
    initial = {n: getattr(prediction, n) for n in Prediction.PLAN_FIELDS}
    form = forms.PredictionForm(
        _posted(request), initial=initial, measures=selectors.measures_to_predict(cycle)
    )
    posted = post_to_cycle(
        request,
        form,
        lambda data: services.update_prediction(prediction=prediction, by=user, **form.values()),
    )
    if posted.ok:
        messages.success(request, "The prediction is saved.")
        return redirect(cycle.get_absolute_url() + "#plan")
    if posted.conflict is not None:
        return cycle_page(request, cycle, conflict=posted.conflict)
    context = {"form": form, "cycle": cycle, "prediction": prediction}
    return render(request, "cycles/prediction_form.html", context)


@require_POST
def prediction_delete(request, pk):
    user = request.user
    prediction = get_prediction(user, pk)
    cycle = selectors.cycle_for_page(user, prediction.cycle_id, permissions.CHANGE)
    form = forms.ButtonForm(request.POST)
    posted = post_to_cycle(
        request, form, lambda data: services.delete_prediction(prediction=prediction, by=user)
    )
    if not posted.ok:
        return cycle_page(request, cycle, conflict=posted.conflict)
    messages.success(request, "The prediction is deleted.")
    return redirect(cycle.get_absolute_url() + "#plan")
