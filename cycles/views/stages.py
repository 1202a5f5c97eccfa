"""Do, Study and Act: what happened, the data and observations, each prediction's study, the decision,
the moves from stage to stage, and what follows a decision (the ramp's next cycle, a new phase)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from cycles import forms, selectors, services
from cycles.models import Cycle
from cycles.views.detail import cycle_page, data_forms, post_to_cycle
from cycles.views.plan import get_prediction
from measures.data_input import PointInput
from measures.permissions import visible_measures
from measures.services import data as data_services
from playbook import permissions

Stage = Cycle.Stage
MOVED = {
    Stage.DOING: "The cycle has started. Its predictions are frozen.",
    Stage.STUDYING: "Now study the results beside the predictions.",
    Stage.ACTING: "Every prediction is studied. Decide: adopt, adapt or abandon.",
    Stage.COMPLETE: "The cycle is complete.",
    Stage.ABANDONED: "The cycle is abandoned.",
}


@require_POST
def cycle_do(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk, permissions.CHANGE)
    form = forms.DoForm(request.POST)
    posted = post_to_cycle(request, form, lambda data: services.update_cycle(cycle=cycle, by=user, **data))
    if posted.ok:
        messages.success(request, "What happened is saved.")
        return redirect(cycle.get_absolute_url() + "#do")
    return cycle_page(request, cycle, conflict=posted.conflict, do_form=form)


@require_POST
def observation_add(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk, permissions.CHANGE)
    form = forms.ObservationForm(request.POST)
    posted = post_to_cycle(request, form, lambda data: services.add_observation(cycle=cycle, by=user, **data))
    if posted.ok:
        messages.success(request, "The observation is saved.")
        return redirect(cycle.get_absolute_url() + "#do")
    return cycle_page(request, cycle, conflict=posted.conflict, observation_form=form)


@require_POST
def cycle_record_data(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk)
    windows = selectors.measure_windows(user, cycle, selectors.predictions_of(cycle))
    measures = [w.measure for w in windows if permissions.can(user, permissions.CONTRIBUTE, w.measure)]
    if not measures:
        raise PermissionDenied("You may not add data to this cycle's measures.")
    chosen = selectors.as_pk(request.POST.get("measure"))
    posted = next((m for m in measures if m.pk == chosen), measures[0])
    forms_on_page = data_forms(measures, request.POST, posted)
    form = next(f for f in forms_on_page if f.measure == posted)
    done = post_to_cycle(request, form, lambda data: _record_point(user, **data))
    if done.ok:
        period = done.value.period
        messages.success(request, f"The data for {posted.name} on {period:%-d %B %Y} is saved.")
        return redirect(cycle.get_absolute_url() + "#do")
    return cycle_page(request, cycle, conflict=done.conflict, data_forms=forms_on_page)


def _record_point(user, *, measure, **values):
    return data_services.record_point(measure=measure, by=user, point=PointInput(**values))


@require_POST
def prediction_study(request, pk):
    user = request.user
    prediction = get_prediction(user, pk)
    cycle = selectors.cycle_for_page(user, prediction.cycle_id, permissions.CHANGE)
    form = forms.StudyForm(request.POST, prefix=f"p{prediction.pk}")
    posted = post_to_cycle(
        request, form, lambda data: services.study_prediction(prediction=prediction, by=user, **data)
    )
    if posted.ok:
        messages.success(request, "The study of that prediction is saved.")
        return redirect(cycle.get_absolute_url() + "#study")
    return cycle_page(request, cycle, conflict=posted.conflict, study_forms={prediction.pk: form})


@require_POST
def cycle_act(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk, permissions.CHANGE)
    form = forms.ActForm(request.POST)
    posted = post_to_cycle(request, form, lambda data: services.update_cycle(cycle=cycle, by=user, **data))
    if posted.ok:
        messages.success(request, f"The decision is saved: {cycle.get_decision_display()}.")
        return redirect(cycle.get_absolute_url() + "#act")
    return cycle_page(request, cycle, conflict=posted.conflict, act_form=form)


@require_POST
def cycle_transition(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk, permissions.CHANGE)
    form = forms.TransitionForm(request.POST)
    posted = post_to_cycle(request, form, lambda data: services.transition(cycle=cycle, by=user, **data))
    if posted.ok:
        messages.success(request, MOVED[posted.value.stage])
        return redirect(cycle)
    return cycle_page(
        request,
        cycle,
        conflict=posted.conflict,
        transition_errors=form.messages(),
        abandon_form=form.abandon_form(),
    )


@require_POST
def cycle_next(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk, permissions.CHANGE)
    form = forms.ButtonForm(request.POST)
    posted = post_to_cycle(request, form, lambda data: services.start_next_cycle(cycle=cycle, by=user))
    if not posted.ok:
        return cycle_page(request, cycle, conflict=posted.conflict, transition_errors=form.messages())
    messages.success(
        request, f"The next cycle is planned from “{cycle.title}”. Set its dates and sharpen its predictions."
    )
    return redirect(posted.value)


@require_POST
def cycle_confirm_phase(request, pk, measure_pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk)
    measure = permissions.get_for_user(user, visible_measures(user), measure_pk)
    form = forms.ButtonForm(request.POST)
    posted = post_to_cycle(
        request, form, lambda data: services.confirm_phase(cycle=cycle, measure=measure, by=user)
    )
    if posted.conflict is not None:
        return cycle_page(request, cycle, conflict=posted.conflict)
    if posted.ok:
        messages.success(request, f"“{measure.name}” starts a new phase on {cycle.starts_on:%-d %B %Y}.")
    else:
        messages.error(request, " ".join(form.messages()))
    return redirect(cycle.get_absolute_url() + "#act")
