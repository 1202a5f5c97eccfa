"""One cycle's page, built around its stages: a timeline on top, the current stage's work in front (the
earlier ones folded away), one next action, and in Study each prediction beside its measure's chart. Its
context, its charts, its print version, and how the forms posted from it answer.

The forms on the page post to views in the other modules; when one fails they re-render this page
with the posted form bound (``cycle_page``), or with status 409 and the message when the cycle's state
forbids the change (``post_to_cycle`` notes the conflict ``playbook.web.submit`` put on the form).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.http import Http404, HttpResponse
from django.shortcuts import render

from andon.forms import RaiseFlagFromForm
from andon.permissions import may_raise_flag
from cycles import forms, selectors, services, study_more, timeline
from cycles.models import Cycle
from cycles.permissions import can_create_cycle
from cycles.study_charts import CycleChart, StudyChart
from measures.models import Measure
from playbook import permissions, web
from playbook.clock import today
from playbook.errors import Conflict

Stage = Cycle.Stage


# --- Posting from the cycle page ------------------------------------------------------------------------


@dataclass(frozen=True)
class Posted:
    ok: bool
    value: Any = None
    conflict: Conflict | None = None


def post_to_cycle(request, form: django_forms.BaseForm, action: Callable[[dict], Any]) -> Posted:
    """``playbook.web.submit``, keeping the conflict it caught: the cycle page answers that with a 409."""
    caught: list[Conflict] = []

    def watched(data):
        try:
            return action(data)
        except Conflict as error:
            caught.append(error)
            raise

    done = web.submit(request, form, watched)
    return Posted(done.ok, done.value, caught[0] if caught else None)


def cycle_page(request, cycle: Cycle, *, conflict: Conflict | None = None, **bound) -> HttpResponse:
    """The cycle page with ``bound`` (posted forms, errors) in place of the blank ones; with a conflict,
    status 409, the message on top and every form blank, as nothing was changed."""
    if conflict is not None:
        context, status = _context(request, cycle, conflict=conflict.message), 409
    else:
        context, status = _context(request, cycle, **bound), 200
    return render(request, "cycles/cycle_detail.html", context, status=status)


# --- Charts on the cycle page --------------------------------------------------------------------------


def _charts(cycle: Cycle, windows) -> dict:
    rows = [CycleChart(w.measure, w.chart, cycle) for w in windows if w.visible]
    return {"charts": rows, "charts_updating": any(c.state == "updating" for c in rows)}


def _study_charts(cycle: Cycle, predictions, windows) -> dict[int, StudyChart]:
    """Each prediction's own chart of its measure, when the person may see the measure."""
    by_measure = {w.measure.pk: w for w in windows if w.visible}
    return {
        p.pk: StudyChart(p.measure, by_measure[p.measure_id].chart, cycle, p, by_measure[p.measure_id].points)
        for p in predictions
        if p.measure_id in by_measure
    }


# --- The page's context ------------------------------------------------------------------------------


def _context(request, cycle: Cycle, **bound) -> dict:
    user = request.user
    predictions = selectors.predictions_of(cycle)
    windows = selectors.measure_windows(user, cycle, predictions)
    phase_measures = services.phase_suggestions(cycle, [w.measure for w in windows if w.visible])
    events = selectors.events_of(cycle)
    may_change = permissions.can(user, permissions.CHANGE, cycle)
    ramp_decision = cycle.decision in Cycle.RAMP_DECISIONS
    following = selectors.next_cycle_of(cycle)
    context = {
        "cycle": cycle,
        "predictions": predictions,
        "windows": windows,
        **_charts(cycle, windows),
        "observations": list(cycle.observations.select_related("author")),
        "comments": list(cycle.comments.select_related("author")),
        "reviews": list(cycle.review_requests.select_related("reviewer")),
        "events": events,
        "may_change": may_change,
        "today": today(),
        "steps": timeline.steps(cycle, events),
        "front": timeline.front_stage(cycle, events),
        "ramp_decision": ramp_decision,
        "next_action": timeline.next_action(
            cycle, may_change=may_change, ramp_decision=ramp_decision, following=following
        ),
        "following": following,
        "flags": selectors.flags_raised_from(user, cycle),
        "may_raise": may_raise_flag(user, cycle.team_id),
        "flag_form": RaiseFlagFromForm(auto_id="flag-%s"),
        "phase_suggestions": [(m, permissions.can(user, permissions.CHANGE, m)) for m in phase_measures],
        **_blank_forms(user, cycle, windows),
        **bound,
    }
    studying = cycle.stage in (Stage.STUDYING, Stage.ACTING) and may_change
    study_charts = _study_charts(cycle, predictions, windows)
    context.update(study_more.context(user, cycle, windows))
    context["study_rows"] = [
        (
            p,
            context["study_forms"].get(p.pk) or (_study_form(p) if studying else None),
            study_charts.get(p.pk),
        )
        for p in predictions
    ]
    return context


def _blank_forms(user, cycle: Cycle, windows) -> dict:
    contributable = [w.measure for w in windows if permissions.can(user, permissions.CONTRIBUTE, w.measure)]
    act = {"decision": cycle.decision, "decision_reasoning": cycle.decision_reasoning}
    return {
        "prediction_form": forms.PredictionForm(measures=selectors.measures_to_predict(cycle)),
        "do_form": forms.DoForm(
            initial={"what_happened": cycle.what_happened, "deviations": cycle.deviations}
        ),
        "observation_form": forms.ObservationForm(initial={"observed_on": today()}),
        "data_forms": data_forms(contributable),
        "act_form": forms.ActForm(initial={**act, "next_steps": cycle.next_steps}),
        "abandon_form": forms.AbandonForm(),
        "study_forms": {},
        "review_form": forms.ReviewForm(people=selectors.reviewers_for(cycle).exclude(pk=user.pk)),
        "comment_form": forms.CommentForm(),
        "copy_form": forms.CopyForm(
            teams=selectors.teams_to_plan_in(user),
            initial={
                "title": cycle.title,
                "team": cycle.team_id if can_create_cycle(user, cycle.team) else None,
            },
        ),
    }


def data_forms(measures: list[Measure], data=None, posted: Measure | None = None) -> list[forms.DataForm]:
    """A blank data form for each measure the person may add data to, its date on the series' rhythm;
    with ``data``, the one for ``posted`` bound instead."""
    rhythms = selectors.rhythms_of(measures)
    result = []
    for measure in measures:
        rhythm = rhythms[measure.pk]
        if data is not None and measure == posted:
            result.append(forms.DataForm(data, measure=measure, measures=measures, rhythm=rhythm))
        else:
            initial = {"measure": measure.pk, "period": rhythm.containing(today())}
            result.append(forms.DataForm(measure=measure, measures=measures, rhythm=rhythm, initial=initial))
    return result


def _study_form(prediction) -> forms.StudyForm:
    initial = {"actual": prediction.actual, "outcome": prediction.outcome, "note": prediction.study_note}
    return forms.StudyForm(initial=initial, prefix=f"p{prediction.pk}")


# --- Views -------------------------------------------------------------------------------------------


def cycle_detail(request, pk):
    return cycle_page(request, selectors.cycle_for_page(request.user, pk))


def cycle_charts(request, pk):
    """The charts alone, for the page's polling while a rebuild is on its way: all of them, or with
    ``?prediction=`` the one beside that prediction in Study."""
    user = request.user
    cycle = selectors.cycle_for_page(user, pk)
    predictions = selectors.predictions_of(cycle)
    windows = selectors.measure_windows(user, cycle, predictions)
    if "prediction" not in request.GET:
        return render(request, "cycles/_charts.html", {"cycle": cycle, **_charts(cycle, windows)})
    chart = _study_charts(cycle, predictions, windows).get(selectors.as_pk(request.GET["prediction"]))
    if chart is None:
        raise Http404("No such chart on this cycle.")
    return render(request, "cycles/_study_chart.html", {"cycle": cycle, "chart": chart})


def cycle_report(request, pk):
    cycle = selectors.cycle_for_page(request.user, pk)
    context = {
        "cycle": cycle,
        "predictions": selectors.predictions_of(cycle),
        "observations": list(cycle.observations.all()),
        "events": selectors.events_of(cycle),
        "printed_on": today(),
    }
    return render(request, "cycles/report.html", context)
