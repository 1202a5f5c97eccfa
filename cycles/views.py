"""PDSA cycles in the browser: the list, one cycle with Plan, Do, Study and Act side by side, ramps,
spread, track record, print and CSV.

Each view fetches through ``selectors``/``permissions`` and writes through ``services``. A service's
ValidationError goes back onto the form; a CycleConflict (frozen predictions, a move the method does not
allow) re-renders the cycle with the message and status 409; 403 and 404 propagate.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cycles import forms, selectors, services
from cycles.exports import cycles_csv
from cycles.models import DEFAULT_SPREAD_THRESHOLD, Cycle, CyclesSettings, Prediction
from cycles.permissions import can_create_cycle, cycle_colleagues
from cycles.services.stages import TRANSITIONS, missing_for
from measures import charts
from measures.data_input import PointInput
from measures.models import Measure, StoredChart
from measures.permissions import visible_focus_areas, visible_measures
from measures.services import data as data_services
from playbook import permissions
from playbook.clock import today
from playbook.models import User
from playbook.setup_forms import add_service_error

Stage = Cycle.Stage
PAGE_SIZE = 50


def _data(request):
    return request.POST if request.method == "POST" else None


# --- Charts on the cycle page --------------------------------------------------------------------------


@dataclass
class CycleChart:
    """A linked measure's stored chart with this cycle's window shaded (and no other cycle's)."""

    measure: Measure
    stored: StoredChart | None
    cycle: Cycle

    @property
    def dom_id(self) -> str:
        return f"cycle-chart-{self.measure.pk}"

    @property
    def state(self) -> str:
        if self.stored is not None and self.stored.built_version >= self.measure.data_version:
            return "fresh" if self.stored.result is not None else "failed"
        return "empty" if self.stored is None and self.measure.data_version == 0 else "updating"

    @property
    def caption(self) -> str:
        return ((self.stored.result if self.stored else None) or {}).get("caption", "")

    @cached_property
    def figure(self) -> dict | None:
        result = self.stored.result if self.stored else None
        if not result or not result.get("points"):
            return None
        marks = []
        if self.cycle.starts_on:
            end = self.cycle.ends_on.isoformat() if self.cycle.ends_on else None
            marks = [
                {"start": self.cycle.starts_on.isoformat(), "end": end, "label": "This cycle", "kind": "pdsa"}
            ]
        figure = charts.figure({**result, "annotations": marks})
        figure["layout"].update(height=240, showlegend=False, margin={"l": 40, "r": 10, "t": 10, "b": 30})
        return figure


# --- One cycle --------------------------------------------------------------------------------------------


def _measures_for_predictions(cycle: Cycle):
    if cycle.focus_area_id is None:
        return Measure.objects.none()
    return Measure.objects.filter(focus_area_id=cycle.focus_area_id).order_by("kind", "name")


def _reviewers(cycle: Cycle):
    """People who may be asked to review: the team's people and the leaders above it."""
    from playbook.models import Membership

    access = permissions.access_for(cycle.owner)
    above = [cycle.team_id, *access.ancestors(cycle.team_id)] if access.parents else [cycle.team_id]
    return (
        User.objects.filter(memberships__team_id__in=above, is_active=True)
        .exclude(memberships__team_id__in=above[1:], memberships__role=Membership.Role.MEMBER)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _detail_context(request, cycle: Cycle, **bound) -> dict:
    user = request.user
    predictions = selectors.predictions_of(cycle)
    windows = selectors.measure_windows(user, cycle, predictions)
    may_change = permissions.can(user, permissions.CHANGE, cycle)
    contributable = [w.measure for w in windows if permissions.can(user, permissions.CONTRIBUTE, w.measure)]
    phase_measures = services.phase_suggestions(cycle, [w.measure for w in windows if w.visible])
    following = Cycle.objects.filter(ramp_from=cycle).first()
    context = {
        "cycle": cycle,
        "predictions": predictions,
        "windows": windows,
        "charts": (chart_rows := [CycleChart(w.measure, w.chart, cycle) for w in windows if w.visible]),
        "charts_updating": any(c.state == "updating" for c in chart_rows),
        "observations": list(cycle.observations.select_related("author")),
        "comments": list(cycle.comments.select_related("author")),
        "reviews": list(cycle.review_requests.select_related("reviewer")),
        "events": selectors.events_of(cycle),
        "may_change": may_change,
        "today": today(),
        "stages": [(s, Stage(s).label) for s in Cycle.OPEN_STAGES],
        "ramp_decision": cycle.decision in Cycle.RAMP_DECISIONS,
        "moves": TRANSITIONS[cycle.stage],
        "next_move": next((m for m in TRANSITIONS[cycle.stage] if m != Stage.ABANDONED), None),
        "missing": missing_for(
            cycle, next((m for m in TRANSITIONS[cycle.stage] if m != Stage.ABANDONED), "")
        ),
        "following": following,
        "phase_suggestions": [(m, permissions.can(user, permissions.CHANGE, m)) for m in phase_measures],
        "prediction_form": forms.PredictionForm(measures=_measures_for_predictions(cycle)),
        "do_form": forms.DoForm(
            initial={"what_happened": cycle.what_happened, "deviations": cycle.deviations}
        ),
        "observation_form": forms.ObservationForm(initial={"observed_on": today()}),
        "data_form": forms.DataForm(measures=contributable, initial={"period": today()})
        if contributable
        else None,
        "act_form": forms.ActForm(
            initial={
                "decision": cycle.decision,
                "decision_reasoning": cycle.decision_reasoning,
                "next_steps": cycle.next_steps,
            }
        ),
        "abandon_form": forms.AbandonForm(),
        "study_forms": {},
        "review_form": forms.ReviewForm(people=_reviewers(cycle).exclude(pk=user.pk)),
        "comment_form": forms.CommentForm(),
        "copy_form": forms.CopyForm(
            teams=_creatable_teams(user), initial={"title": cycle.title, "team": _default_team(user, cycle)}
        ),
    }
    context.update(bound)
    studying = cycle.stage in (Stage.STUDYING, Stage.ACTING) and may_change
    context["study_rows"] = [
        (
            p,
            context["study_forms"].get(p.pk)
            or (
                forms.StudyForm(
                    initial={"actual": p.actual, "outcome": p.outcome, "note": p.study_note},
                    prefix=f"p{p.pk}",
                )
                if studying
                else None
            ),
        )
        for p in predictions
    ]
    return context


def _render_detail(request, cycle: Cycle, status=200, **bound):
    return render(
        request, "cycles/cycle_detail.html", _detail_context(request, cycle, **bound), status=status
    )


def _conflict(request, cycle: Cycle, error: services.CycleConflict):
    return _render_detail(request, cycle, status=409, conflict=error.message)


def _creatable_teams(user):
    teams = permissions.teams_with_role(user).filter(kind="team").order_by("name")
    return teams if teams.exists() else permissions.teams_with_role(user).order_by("name")


def _default_team(user, cycle: Cycle):
    return cycle.team_id if can_create_cycle(user, cycle.team) else None


def cycle_detail(request, pk):
    return _render_detail(request, selectors.cycle_for_page(request.user, pk))


def cycle_charts(request, pk):
    """The charts alone, for the page's polling while a rebuild is on its way."""
    user = request.user
    cycle = selectors.cycle_for_page(user, pk)
    windows = selectors.measure_windows(user, cycle, selectors.predictions_of(cycle))
    rows = [CycleChart(w.measure, w.chart, cycle) for w in windows if w.visible]
    context = {"cycle": cycle, "charts": rows, "charts_updating": any(c.state == "updating" for c in rows)}
    return render(request, "cycles/_charts.html", context)


# --- Plan -----------------------------------------------------------------------------------------------


def _plan_form(request, user, cycle: Cycle | None, initial: dict):
    colleagues = cycle_colleagues(user)
    if cycle is not None:
        colleagues = (
            User.objects.filter(pk__in=colleagues.values("pk"))
            | cycle.collaborators.all()
            | User.objects.filter(pk=cycle.owner_id)
        )
    return forms.PlanForm(
        _data(request),
        initial=initial,
        people=colleagues.distinct().order_by("first_name", "last_name", "username"),
        focus_areas=visible_focus_areas(user).order_by("title"),
        change_ideas=selectors.visible_change_ideas_for_cycles(user)
        .filter(archived_at=None)
        .order_by("title"),
        teams=_creatable_teams(user) if cycle is None else None,
        started=cycle is not None and cycle.stage != Stage.PLANNING,
    )


def cycle_create(request):
    user = request.user
    idea = (
        selectors.visible_change_ideas_for_cycles(user)
        .filter(pk=request.GET.get("change_idea") or None)
        .first()
    )
    initial = {"owner": user.pk, "team": idea.focus_area.team_id if idea else None}
    if idea is not None:
        initial.update(change_idea=idea.pk, focus_area=idea.focus_area_id, title=idea.title)
    form = _plan_form(request, user, None, initial)
    if request.method == "POST" and form.is_valid():
        team = form.cleaned_data["team"]
        fields = form.cycle_fields()
        try:
            cycle = services.create_cycle(team=team, by=user, **fields)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"“{cycle.title}” is planned. Now write your predictions.")
            return redirect(cycle.get_absolute_url() + "#plan")
    return render(request, "cycles/plan_form.html", {"form": form, "cycle": None})


def cycle_edit_plan(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk, permissions.CHANGE)
    names = [n for n in forms.PlanForm.base_fields if n not in ("team", "collaborators")]
    initial = {
        n: getattr(cycle, n + "_id" if n in ("owner", "focus_area", "change_idea") else n) for n in names
    }
    initial["collaborators"] = [p.pk for p in cycle.collaborators.all()]
    form = _plan_form(request, user, cycle, initial)
    if request.method == "POST" and form.is_valid():
        fields = form.cycle_fields()
        collaborators = fields.pop("collaborators")
        try:
            services.update_cycle(cycle=cycle, by=user, collaborators=list(collaborators), **fields)
        except ValidationError as error:
            add_service_error(form, error)
        except services.CycleConflict as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "The plan is saved.")
            return redirect(cycle.get_absolute_url() + "#plan")
    return render(request, "cycles/plan_form.html", {"form": form, "cycle": cycle})


@require_POST
def prediction_add(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk, permissions.CHANGE)
    form = forms.PredictionForm(request.POST, measures=_measures_for_predictions(cycle))
    if form.is_valid():
        try:
            services.add_prediction(
                cycle=cycle, by=user, prediction=services.PredictionInput(**form.values())
            )
        except ValidationError as error:
            add_service_error(form, error)
        except services.CycleConflict as error:
            return _conflict(request, cycle, error)
        else:
            messages.success(request, "The prediction is added.")
            return redirect(cycle.get_absolute_url() + "#plan")
    return _render_detail(request, cycle, prediction_form=form)


def _get_prediction(user, pk, action=permissions.CHANGE) -> Prediction:
    predictions = Prediction.objects.filter(
        cycle__in=selectors.cycles_visible_to(user).values("pk")
    ).select_related("cycle__team", "measure")
    return permissions.get_for_user(user, predictions, pk, action)


def prediction_edit(request, pk):
    user = request.user
    prediction = _get_prediction(user, pk)
    cycle = selectors.cycle_for_page(user, prediction.cycle_id, permissions.CHANGE)
    if cycle.predictions_frozen:
        return _conflict(request, cycle, services.PredictionsFrozen(services.common.frozen_message(cycle)))
    initial = {
        n: getattr(prediction, n) for n in ("statement", "measure", "expected_value", "expected_direction")
    }
    form = forms.PredictionForm(_data(request), initial=initial, measures=_measures_for_predictions(cycle))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_prediction(prediction=prediction, by=user, **form.values())
        except ValidationError as error:
            add_service_error(form, error)
        except services.CycleConflict as error:
            return _conflict(request, cycle, error)
        else:
            messages.success(request, "The prediction is saved.")
            return redirect(cycle.get_absolute_url() + "#plan")
    return render(
        request, "cycles/prediction_form.html", {"form": form, "cycle": cycle, "prediction": prediction}
    )


@require_POST
def prediction_delete(request, pk):
    user = request.user
    prediction = _get_prediction(user, pk)
    cycle = selectors.cycle_for_page(user, prediction.cycle_id, permissions.CHANGE)
    try:
        services.delete_prediction(prediction=prediction, by=user)
    except services.CycleConflict as error:
        return _conflict(request, cycle, error)
    messages.success(request, "The prediction is deleted.")
    return redirect(cycle.get_absolute_url() + "#plan")


# --- Do, Study, Act ----------------------------------------------------------------------------------


@require_POST
def cycle_do(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk, permissions.CHANGE)
    form = forms.DoForm(request.POST)
    if form.is_valid():
        try:
            services.update_cycle(cycle=cycle, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        except services.CycleConflict as error:
            return _conflict(request, cycle, error)
        else:
            messages.success(request, "What happened is saved.")
            return redirect(cycle.get_absolute_url() + "#do")
    return _render_detail(request, cycle, do_form=form)


@require_POST
def observation_add(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk, permissions.CHANGE)
    form = forms.ObservationForm(request.POST)
    if form.is_valid():
        try:
            services.add_observation(cycle=cycle, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        except services.CycleConflict as error:
            return _conflict(request, cycle, error)
        else:
            messages.success(request, "The observation is saved.")
            return redirect(cycle.get_absolute_url() + "#do")
    return _render_detail(request, cycle, observation_form=form)


@require_POST
def cycle_record_data(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk)
    windows = selectors.measure_windows(user, cycle, selectors.predictions_of(cycle))
    measures = [w.measure for w in windows if permissions.can(user, permissions.CONTRIBUTE, w.measure)]
    form = forms.DataForm(request.POST, measures=measures)
    if form.is_valid():
        values = dict(form.cleaned_data)
        measure = values.pop("measure")
        try:
            point = data_services.record_point(measure=measure, by=user, point=PointInput(**values))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"The data for {measure.name} on {point.period:%-d %B %Y} is saved.")
            return redirect(cycle.get_absolute_url() + "#do")
    return _render_detail(request, cycle, data_form=form)


@require_POST
def prediction_study(request, pk):
    user = request.user
    prediction = _get_prediction(user, pk)
    cycle = selectors.cycle_for_page(user, prediction.cycle_id, permissions.CHANGE)
    form = forms.StudyForm(request.POST, prefix=f"p{prediction.pk}")
    if form.is_valid():
        try:
            services.study_prediction(prediction=prediction, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        except services.CycleConflict as error:
            return _conflict(request, cycle, error)
        else:
            messages.success(request, "The study of that prediction is saved.")
            return redirect(cycle.get_absolute_url() + "#study")
    return _render_detail(request, cycle, study_forms={prediction.pk: form})


@require_POST
def cycle_act(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk, permissions.CHANGE)
    form = forms.ActForm(request.POST)
    if form.is_valid():
        try:
            services.update_cycle(cycle=cycle, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        except services.CycleConflict as error:
            return _conflict(request, cycle, error)
        else:
            messages.success(request, f"The decision is saved: {cycle.get_decision_display()}.")
            return redirect(cycle.get_absolute_url() + "#act")
    return _render_detail(request, cycle, act_form=form)


@require_POST
def cycle_transition(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk, permissions.CHANGE)
    to, reason = request.POST.get("to", ""), request.POST.get("reason", "")
    abandon_form = forms.AbandonForm(request.POST if to == Stage.ABANDONED else None)
    try:
        services.transition(cycle=cycle, by=user, to=to, reason=reason)
    except ValidationError as error:
        if to == Stage.ABANDONED:
            add_service_error(abandon_form, error)
        return _render_detail(request, cycle, transition_errors=error.messages, abandon_form=abandon_form)
    except services.CycleConflict as error:
        return _conflict(request, cycle, error)
    done = {
        Stage.DOING: "The cycle has started. Its predictions are frozen.",
        Stage.STUDYING: "Now study the results beside the predictions.",
        Stage.ACTING: "Every prediction is studied. Decide: adopt, adapt or abandon.",
        Stage.COMPLETE: "The cycle is complete.",
        Stage.ABANDONED: "The cycle is abandoned.",
    }
    messages.success(request, done[to])
    return redirect(cycle)


@require_POST
def cycle_next(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk, permissions.CHANGE)
    try:
        following = services.start_next_cycle(cycle=cycle, by=user)
    except ValidationError as error:
        return _render_detail(request, cycle, transition_errors=error.messages)
    except services.CycleConflict as error:
        return _conflict(request, cycle, error)
    messages.success(
        request, f"The next cycle is planned from “{cycle.title}”. Set its dates and sharpen its predictions."
    )
    return redirect(following)


@require_POST
def cycle_confirm_phase(request, pk, measure_pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk)
    measure = permissions.get_for_user(user, visible_measures(user), measure_pk)
    try:
        services.confirm_phase(cycle=cycle, measure=measure, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except services.CycleConflict as error:
        return _conflict(request, cycle, error)
    else:
        messages.success(request, f"“{measure.name}” starts a new phase on {cycle.starts_on:%-d %B %Y}.")
    return redirect(cycle.get_absolute_url() + "#act")


# --- Learning from others: copy, review, comments --------------------------------------------------------


@require_POST
def cycle_copy(request, pk):
    user = request.user
    source = selectors.cycle_for_page(user, pk, permissions.CONTRIBUTE)
    form = forms.CopyForm(request.POST, teams=_creatable_teams(user))
    if form.is_valid():
        try:
            copy = services.copy_cycle(source=source, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"A new plan adapted from “{source.title}”. Make it yours.")
            return redirect(copy)
    return _render_detail(request, source, copy_form=form, copy_open=True)


@require_POST
def cycle_request_review(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk, permissions.CHANGE)
    form = forms.ReviewForm(request.POST, people=_reviewers(cycle).exclude(pk=user.pk))
    if form.is_valid():
        try:
            review = services.request_review(cycle=cycle, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        except services.CycleConflict as error:
            return _conflict(request, cycle, error)
        else:
            messages.success(request, f"{review.reviewer.display_name} is asked to review the plan.")
            return redirect(cycle.get_absolute_url() + "#comments")
    return _render_detail(request, cycle, review_form=form)


@require_POST
def cycle_comment(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk, permissions.CONTRIBUTE)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_on_cycle(cycle=cycle, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your comment is posted.")
            return redirect(cycle.get_absolute_url() + "#comments")
    return _render_detail(request, cycle, comment_form=form)


# --- Lists and overviews -------------------------------------------------------------------------------


def _filters(request):
    user = request.user
    form = forms.FilterForm(
        request.GET,
        focus_areas=visible_focus_areas(user).order_by("title"),
        change_ideas=selectors.visible_change_ideas_for_cycles(user).order_by("title"),
    )
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.CycleFilters(
        scope=data.get("scope") or "all",
        stage=data.get("stage") or "",
        change_idea=data["change_idea"].pk if data.get("change_idea") else None,
        focus_area=data["focus_area"].pk if data.get("focus_area") else None,
        overdue=bool(data.get("overdue")),
        query=data.get("q") or "",
    )
    return form, filters


def cycle_list(request):
    user = request.user
    form, filters = _filters(request)
    day = today()
    cycles = selectors.list_order(selectors.for_list(selectors.filtered_cycles(user, filters, day)), day)
    page = Paginator(cycles, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": form,
        "filtered": any(v for k, v in request.GET.items() if k not in ("page", "scope") and v),
        "today": day,
        "may_create": _creatable_teams(user).exists(),
        "query": request.GET.urlencode(),
    }
    return render(request, "cycles/cycle_list.html", context)


def cycle_export(request):
    _, filters = _filters(request)
    cycles = selectors.filtered_cycles(request.user, filters, today())
    response = HttpResponse(cycles_csv(cycles, today()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cycles.csv"'
    return response


def cycle_ramp(request, pk):
    cycle = selectors.cycle_for_page(request.user, pk)
    if cycle.change_idea_id is not None:
        return redirect("change-idea-ramp", cycle.change_idea_id)
    chain = [c.pk for c in selectors.ramp_chain(cycle, request.user)]
    rows = selectors.for_list(Cycle.objects.filter(pk__in=chain)).prefetch_related("predictions")
    ordered = sorted(rows, key=lambda c: chain.index(c.pk))
    return render(request, "cycles/ramp.html", {"chains": [ordered], "change_idea": None, "cycle": cycle})


def change_idea_ramp(request, pk):
    user = request.user
    idea = permissions.get_for_user(
        user, selectors.visible_change_ideas_for_cycles(user).select_related("focus_area"), pk
    )
    chains = selectors.ramps_of_change_idea(user, idea)
    rows = selectors.spread_rows(user, change_idea_id=idea.pk)
    return render(
        request,
        "cycles/ramp.html",
        {"chains": chains, "change_idea": idea, "spread": rows[0] if rows else None},
    )


def spread(request):
    user = request.user
    wanted = request.GET.get("change_idea")
    rows = selectors.spread_rows(user, change_idea_id=int(wanted) if wanted and wanted.isdigit() else None)
    return render(
        request, "cycles/spread.html", {"rows": rows, "threshold": rows[0].threshold if rows else None}
    )


def track_record(request):
    user = request.user
    by = "person" if request.GET.get("by") == "person" else "team"
    rows = selectors.track_record(user, by=by)
    months = sorted({m for r in rows for m in r.months if m != "undated"})
    labels = {m: f"{calendar.month_abbr[int(m[5:])]} {m[:4]}" for m in months}
    figure = {
        "data": [
            {
                "type": "bar",
                "name": r.name,
                "x": [labels[m] for m in months if m in r.months],
                "y": [round(100 * r.months[m][0] / r.months[m][1]) for m in months if m in r.months],
                "text": [f"{r.months[m][0]} of {r.months[m][1]}" for m in months if m in r.months],
            }
            for r in rows
        ],
        "layout": {
            "height": 320,
            "barmode": "group",
            "margin": {"l": 50, "r": 20, "t": 10, "b": 40},
            "xaxis": {
                "type": "category",
                "categoryorder": "array",
                "categoryarray": [labels[m] for m in months],
            },
            "yaxis": {"title": {"text": "% of studied predictions met"}, "range": [0, 105]},
            "legend": {"orientation": "h", "y": -0.25},
        },
    }
    context = {"rows": rows, "by": by, "figure": figure if months else None}
    return render(request, "cycles/track_record.html", context)


def settings_page(request):
    user = request.user
    network = permissions.visible_networks(user).first()
    if network is None or not permissions.can_administer_network(user, network):
        raise PermissionDenied("Network admins set how many teams make an idea ready to spread.")
    stored = CyclesSettings.objects.filter(network=network).first()
    current = stored.spread_threshold if stored else DEFAULT_SPREAD_THRESHOLD
    form = forms.SettingsForm(_data(request), initial={"spread_threshold": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_cycles_settings(network=network, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The cycles settings are saved.")
            return redirect("cycles-settings")
    return render(request, "cycles/settings.html", {"form": form})


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
