"""Step 1 of the method in the browser: focus areas, their measures, data entry and charts.

Each view fetches through ``permissions`` and writes through ``services``; a service's
ValidationError goes back onto the form, PermissionDenied and Http404 propagate to 403/404 pages.
Charts are read from what the Celery rebuild stored: a page never computes one on request (the
scratch pad, which saves nothing, is the one exception).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST

from measures import charts
from measures.data_input import PointInput, Rhythm
from measures.forms import (
    ExclusionForm,
    FocusAreaFilterForm,
    FocusAreaForm,
    MeasureForm,
    PointForm,
    targets_text,
)
from measures.models import DataPoint, FocusArea, Measure, MeasureExclusion, StoredChart, chart_state
from measures.permissions import (
    can_create_focus_area,
    may_see_glance,
    point_corrector,
    visible_focus_areas,
)
from measures.services import data as data_services
from measures.services import exclusions as exclusion_services
from measures.services import focus as focus_services
from playbook import clock, permissions
from playbook.idempotency import idempotent_page, succeeded
from playbook.models import User
from playbook.permissions import tree
from playbook.web import add_errors, pk_url

Role = permissions.Role
GRID_EXISTING_ROWS = 200
LATEST_POINTS = 20  # the measure page's data table; the data page has the rest, DATA_PAGE_SIZE a page
DATA_PAGE_SIZE = 50
GRID_BLANK_ROWS = 10
KIND_ORDER = {kind: i for i, kind in enumerate(Measure.Kind.values)}


def _data(request):
    return request.POST if request.method == "POST" else None


# --- Stored charts, as pages show them ----------------------------------------------------------------


def _default_chart_prefetch() -> Prefetch:
    return Prefetch(
        "stored_charts", queryset=StoredChart.objects.filter(variant="default"), to_attr="default_charts"
    )


@dataclass
class MeasureChart:
    """A measure's stored default chart and whether it can be shown as current."""

    measure: Measure
    stored: StoredChart | None
    small: bool = False

    @property
    def dom_id(self) -> str:
        return f"chart-{self.measure.pk}"

    @property
    def result(self) -> dict | None:
        return self.stored.result if self.stored is not None else None

    @property
    def state(self) -> str:
        return chart_state(self.stored, self.measure)

    @property
    def caption(self) -> str:
        return (self.result or {}).get("caption", "")

    @cached_property
    def figure(self) -> dict | None:
        if not self.result or not self.result.get("points"):
            return None
        return charts.figure(self.result, compact=self.small)


def _chart_for(measure: Measure, *, small=False) -> MeasureChart:
    stored = getattr(measure, "default_charts", None)
    if stored is None:
        stored = list(StoredChart.objects.filter(measure=measure, variant="default"))
    return MeasureChart(measure, stored[0] if stored else None, small=small)


def focus_area_charts(focus_area: FocusArea) -> list[MeasureChart]:
    """The focus area's measures as small stored charts, outcome first (two queries)."""
    measures = sorted(
        focus_area.measures.prefetch_related(_default_chart_prefetch()),
        key=lambda m: (KIND_ORDER[m.kind], m.name.lower()),
    )
    return [_chart_for(m, small=True) for m in measures]


# --- Focus areas ---------------------------------------------------------------------------------------


def _owner_choices(user, teams, *also: User | None) -> QuerySet[User]:
    """Who may own a focus area of ``teams``: their people, and the leaders of the teams above them."""
    people = tree.people_and_those_above({team.pk for team in teams}, user.network_id, above=(Role.LEADER,))
    return (
        User.objects.filter(
            Q(pk__in=people.values("pk")) | Q(pk__in=[person.pk for person in also if person is not None]),
            network_id=user.network_id,
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _creatable_teams(user):
    candidates = permissions.teams_with_role(user, Role.LEAD).order_by("name")
    return candidates.filter(pk__in=[t.pk for t in candidates if can_create_focus_area(user, t)])


def missing_measures_sentence(kinds: list[str]) -> str:
    if not kinds:
        return ""
    names = [Measure.Kind(kind).label.lower() for kind in kinds]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return f"This aim has no {listed} measure yet."


def focus_area_list(request):
    user = request.user
    teams = permissions.teams_with_role(user).order_by("name")
    filters = FocusAreaFilterForm(request.GET, teams=teams)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    focus_areas = (
        visible_focus_areas(user)
        .select_related("team", "owner")
        .prefetch_related("measures")
        .order_by("team__name", "title")
    )
    if chosen.get("team"):
        focus_areas = focus_areas.filter(team=chosen["team"])
    status = chosen.get("status") or ""
    if status == "":
        focus_areas = focus_areas.exclude(status=FocusArea.Status.CLOSED)
    elif status != "all":
        focus_areas = focus_areas.filter(status=status)
    context = {
        "focus_areas": focus_areas,
        "filters": filters,
        "filtered": bool(chosen.get("team") or status),
        "may_create": permissions.is_lead_anywhere(user),
        "sees_glance": may_see_glance(user),
    }
    return render(request, "measures/focus_area_list.html", context)


def focus_area_create(request):
    user = request.user
    teams = _creatable_teams(user)
    if not teams.exists():
        raise PermissionDenied("Leads set their team's focus areas; members work within them.")
    form = FocusAreaForm(
        _data(request),
        initial={"team": request.GET.get("team"), "owner": user.pk},
        teams=teams,
        people=_owner_choices(user, teams, user),
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        team = fields.pop("team")
        try:
            focus_area = focus_services.create_focus_area(team=team, by=user, **fields)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"“{focus_area.title}” is set up. Now add the measures that tell.")
            return redirect(focus_area)
    return render(request, "measures/focus_area_form.html", {"form": form, "focus_area": None})


def _get_focus_area(user, pk, action=permissions.VIEW) -> FocusArea:
    return permissions.get_for_user(user, FocusArea.objects.select_related("team", "owner"), pk, action)


def focus_area_detail(request, pk):
    user = request.user
    focus_area = _get_focus_area(user, pk)
    charts = focus_area_charts(focus_area)
    missing = focus_area.missing_measure_kinds([chart.measure for chart in charts])
    context = {
        "focus_area": focus_area,
        "charts": charts,
        "missing": missing,
        "missing_sentence": missing_measures_sentence(missing),
        "may_change": permissions.can(user, permissions.CHANGE, focus_area),
    }
    return render(request, "measures/focus_area_detail.html", context)


def focus_area_edit(request, pk):
    user = request.user
    focus_area = _get_focus_area(user, pk, permissions.CHANGE)
    heading = focus_area.title  # the service changes ``focus_area`` in place even when it then refuses
    initial = {name: getattr(focus_area, name) for name in focus_services.FOCUS_AREA_FIELDS}
    form = FocusAreaForm(
        _data(request),
        initial={**initial, "owner": focus_area.owner_id},
        people=_owner_choices(user, [focus_area.team], focus_area.owner),
    )
    if request.method == "POST" and form.is_valid():
        try:
            focus_services.update_focus_area(focus_area=focus_area, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"“{focus_area.title}” is saved.")
            return redirect(focus_area)
    context = {"form": form, "focus_area": focus_area, "heading": heading}
    return render(request, "measures/focus_area_form.html", context)


@require_POST
def focus_area_close(request, pk):
    focus_area = _get_focus_area(request.user, pk, permissions.CHANGE)
    try:
        focus_services.close_focus_area(focus_area=focus_area, by=request.user)
    except ValidationError as error:
        messages.error(request, f"“{focus_area.title}” was not closed. {' '.join(error.messages)}")
    else:
        messages.success(request, f"“{focus_area.title}” is closed. Its measures and data stay here to read.")
    return redirect(focus_area)


# --- Measures -------------------------------------------------------------------------------------------


def _get_measure(user, pk, action=permissions.VIEW) -> Measure:
    return permissions.get_for_user(user, Measure.objects.select_related("focus_area__team"), pk, action)


def measure_create(request, pk):
    user = request.user
    focus_area = _get_focus_area(user, pk, permissions.CHANGE)
    kind = request.GET.get("kind")
    form = MeasureForm(_data(request), initial={"kind": kind if kind in Measure.Kind.values else None})
    if request.method == "POST" and form.is_valid():
        try:
            measure = focus_services.create_measure(
                focus_area=focus_area, by=user, targets=form.cleaned_data["targets"], **form.measure_fields()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"“{measure.name}” is added. Enter its data below.")
            return redirect(measure)
    context = {"form": form, "focus_area": focus_area, "measure": None}
    return render(request, "measures/measure_form.html", context)


def measure_edit(request, pk):
    user = request.user
    measure = _get_measure(user, pk, permissions.CHANGE)
    heading = measure.name
    targets = list(measure.targets.all())
    initial = {name: getattr(measure, name) for name in focus_services.MEASURE_FIELDS}
    initial.update(phase_dates=", ".join(measure.phase_dates or []), targets=targets_text(targets))
    shared = measure.shared_measure
    form = MeasureForm(
        _data(request),
        initial=initial,
        data_kind_fixed=measure.data_points.exists(),
        shared_fields=focus_services.SHARED_DEFINITION if shared else (),
        shared_name=shared.name if shared else "",
    )
    if request.method == "POST" and form.is_valid():
        try:
            focus_services.update_measure(
                measure=measure, by=user, targets=form.cleaned_data["targets"], **form.measure_fields()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"“{measure.name}” is saved. Its chart is being redrawn.")
            return redirect(measure)
    context = {"form": form, "focus_area": measure.focus_area, "measure": measure, "heading": heading}
    return render(request, "measures/measure_form.html", context)


def _point_initial(point: DataPoint) -> dict:
    def plain(number):
        return "" if number is None else f"{number:g}" if float(number).is_integer() else repr(number)

    return {
        "period": point.period.isoformat(),
        "value": plain(point.value),
        "numerator": plain(point.numerator),
        "denominator": plain(point.denominator),
        "observations": " ".join(plain(x) for x in point.observations or []),
        "note": point.note,
    }


def saved_sentence(point: DataPoint) -> str:
    """What the person is told after saving: for a subgroup, how many values went in and their mean,
    so a paste that lost a line shows at once."""
    sentence = f"The data for {point.period:%-d %B %Y} is saved"
    if point.observations:
        n = len(point.observations)
        mean = sum(point.observations) / n
        return f"{sentence}: {n} value{'s' if n != 1 else ''}, mean {mean:.4g}."
    return f"{sentence}."


def _wanted_point(
    request, measure: Measure, latest: list[DataPoint], periods: list[date]
) -> DataPoint | None:
    """The point asked for with ?period= (a Change link): among the latest, or else fetched alone."""
    wanted = request.GET.get("period", "")
    found = next((p for p in latest if p.period.isoformat() == wanted), None)
    if found is None and wanted in {p.isoformat() for p in periods}:
        found = measure.data_points.filter(period=wanted).first()
    return found


def _entry_form(measure: Measure, wanted: DataPoint | None, periods: list[date]) -> PointForm:
    """The entry form: the point asked for with ?period=, or else the latest past period still empty."""
    initial = _point_initial(wanted) if wanted is not None else None
    today = clock.today()
    form = PointForm.for_measure(measure, initial=initial or {}, today=today, filled=periods)
    if initial is None:
        form.initial["period"] = form.default_period(today).isoformat()
    return form


def _exclusion_form(measure: Measure, periods: list[date], exclusions, data=None) -> ExclusionForm:
    rhythm = Rhythm(measure.frequency, min(periods, default=None))
    return ExclusionForm(data, periods=periods, rhythm=rhythm, excluded=[e.period for e in exclusions])


@dataclass(frozen=True)
class PointRow:
    """One row of a measure's data table, its words and links worked out here once: a date filter,
    {% url %}, {% csrf_token %} and permission check in every row were most of the page's time."""

    point: DataPoint
    period: str
    period_long: str
    excluded: bool
    entered_by: str
    changed: str
    may_change: bool
    change_url: str
    delete_url: str


def point_rows(user, measure: Measure, points, excluded_periods: set[date]) -> list[PointRow]:
    may_correct = point_corrector(user, measure)  # decided once for the table
    delete_url, page_url = pk_url("point-delete"), measure.get_absolute_url()
    rows = []
    for p in points:
        changed = localtime(p.updated_at)
        rows.append(
            PointRow(
                point=p,
                period=f"{p.period:%-d %b %Y}",
                period_long=f"{p.period:%-d %B %Y}",
                excluded=p.period in excluded_periods,
                entered_by=p.entered_by.display_name if p.entered_by else "—",
                changed=f"{p.updated_by.display_name if p.updated_by else '—'}, {changed:%-d %b %Y %H:%M}",
                may_change=may_correct(p),
                change_url=f"{page_url}?period={p.period.isoformat()}#entry",
                delete_url=delete_url(p.pk),
            )
        )
    return rows


def _points_newest_first(measure: Measure) -> QuerySet[DataPoint]:
    return measure.data_points.select_related("entered_by", "updated_by").order_by("-period")


def _render_measure(request, measure: Measure, form: PointForm | None = None, exclusion_form=None):
    user = request.user
    # Every period for the forms and the count (dates only); whole rows for the latest few alone, so
    # the page costs the same at four years of weekly data as at four weeks.
    periods = sorted(measure.data_points.values_list("period", flat=True), reverse=True)
    latest = list(_points_newest_first(measure)[:LATEST_POINTS])
    exclusions = list(measure.exclusions.order_by("period"))
    excluded_periods = {e.period for e in exclusions}
    may_change = permissions.can(user, permissions.CHANGE, measure)
    wanted = _wanted_point(request, measure, latest, periods)
    context = {
        "exclusions": exclusions,
        "exclusion_form": exclusion_form
        or (_exclusion_form(measure, periods, exclusions) if may_change else None),
        "measure": measure,
        "focus_area": measure.focus_area,
        "chart": _chart_for(measure),
        "chart_label": Measure.ChartType(measure.effective_chart_type).label,
        "form": form or _entry_form(measure, wanted, periods),
        "rows": point_rows(user, measure, latest, excluded_periods),
        "point_count": len(periods),
        "editing": wanted is not None,
        "may_change": may_change,
        "may_enter": permissions.can(user, permissions.CONTRIBUTE, measure),
    }
    return render(request, "measures/measure_detail.html", context)


def measure_detail(request, pk):
    return _render_measure(request, _get_measure(request.user, pk))


def measure_data(request, pk):
    """Every point of the measure, newest first, a page at a time: the measure page shows the latest."""
    measure = _get_measure(request.user, pk)
    page = Paginator(_points_newest_first(measure), DATA_PAGE_SIZE).get_page(request.GET.get("page"))
    excluded_periods = set(measure.exclusions.values_list("period", flat=True))
    context = {
        "measure": measure,
        "focus_area": measure.focus_area,
        "page": page,
        "rows": point_rows(request.user, measure, page.object_list, excluded_periods),
    }
    return render(request, "measures/measure_data.html", context)


def measure_chart(request, pk):
    """The chart alone, for the page's polling while a rebuild is on its way."""
    measure = _get_measure(request.user, pk)
    return render(request, "measures/_measure_chart.html", {"chart": _chart_for(measure), "measure": measure})


@require_POST
@idempotent_page
def measure_record(request, pk):
    user = request.user
    measure = _get_measure(user, pk, permissions.CONTRIBUTE)
    form = PointForm.for_measure(measure, request.POST, today=clock.today())
    if form.is_valid():
        try:
            point = data_services.record_point(measure=measure, by=user, point=PointInput(**form.values()))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, saved_sentence(point))
            return succeeded(redirect(measure))
    return _render_measure(request, measure, form)


@require_POST
def point_delete(request, pk):
    user = request.user
    points = DataPoint.objects.select_related("measure__focus_area__team")
    point = permissions.get_for_user(user, points, pk, permissions.DELETE)
    data_services.delete_point(point=point, by=user)
    messages.success(request, f"The data for {point.period:%-d %B %Y} is deleted (an admin can restore it).")
    return redirect(point.measure)


# --- Periods left out of the limits -----------------------------------------------------------------------


@require_POST
def measure_exclude(request, pk):
    user = request.user
    measure = _get_measure(user, pk, permissions.CHANGE)
    periods = list(measure.data_points.values_list("period", flat=True))
    form = _exclusion_form(measure, periods, list(measure.exclusions.all()), request.POST)
    if form.is_valid():
        try:
            exclusion = exclusion_services.exclude(by=user, measure=measure, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"{exclusion.period:%-d %B %Y} is left out of the limits. The chart is being redrawn.",
            )
            return redirect(f"{measure.get_absolute_url()}#exclusions")
    return _render_measure(request, measure, exclusion_form=form)


@require_POST
def exclusion_include_again(request, pk):
    exclusion = get_object_or_404(MeasureExclusion, pk=pk)
    _get_measure(
        request.user, exclusion.measure_id, permissions.CHANGE
    )  # 404 unless visible, 403 unless allowed
    exclusion_services.include_again(exclusion=exclusion, by=request.user)
    messages.success(
        request, f"{exclusion.period:%-d %B %Y} counts in the limits again. The chart is being redrawn."
    )
    return redirect(f"{exclusion.measure.get_absolute_url()}#exclusions")
