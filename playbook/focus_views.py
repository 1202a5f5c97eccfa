"""Step 1 of the method in the browser: focus areas, their measures, data entry and charts.

Each view fetches through ``permissions`` and writes through ``services``; a service's
ValidationError goes back onto the form, PermissionDenied and Http404 propagate to 403/404 pages.
Charts are read from what the Celery rebuild stored: a page never computes one on request (the
scratch pad, which saves nothing, is the one exception).
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from playbook import charts, clock, permissions
from playbook.data_input import PointInput, export_csv
from playbook.focus_forms import (
    ConfirmImportForm,
    FocusAreaFilterForm,
    FocusAreaForm,
    GridFormSet,
    MeasureForm,
    PointForm,
    ReflectionForm,
    ScratchpadForm,
    UploadForm,
    targets_text,
)
from playbook.models import DataPoint, FocusArea, Measure, StoredChart, User
from playbook.services import data as data_services
from playbook.services import focus as focus_services
from playbook.setup_forms import add_service_error
from playbook.stats import analyze

Role = permissions.Role
GRID_EXISTING_ROWS = 200
GRID_BLANK_ROWS = 10
KIND_ORDER = {kind: i for i, kind in enumerate(Measure.Kind.values)}


def _data(request):
    return request.POST if request.method == "POST" else None


def _today() -> date:
    return timezone.localdate(clock.now())


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
        if self.stored is not None and self.stored.built_version >= self.measure.data_version:
            return "fresh" if self.result is not None else "failed"
        if self.stored is None and self.measure.data_version == 0:
            return "empty"  # nothing was ever entered or changed, so no rebuild is on its way
        return "updating"

    @property
    def caption(self) -> str:
        return (self.result or {}).get("caption", "")

    @cached_property
    def figure(self) -> dict | None:
        if not self.result or not self.result.get("points"):
            return None
        figure = charts.figure(self.result)
        if self.small:
            figure["layout"].update(height=200, showlegend=False, margin={"l": 40, "r": 10, "t": 10, "b": 30})
        return figure


def _chart_for(measure: Measure, *, small=False) -> MeasureChart:
    stored = getattr(measure, "default_charts", None)
    if stored is None:
        stored = list(StoredChart.objects.filter(measure=measure, variant="default"))
    return MeasureChart(measure, stored[0] if stored else None, small=small)


# --- Focus areas ---------------------------------------------------------------------------------------


def _owner_choices(user, teams, *also: User | None) -> QuerySet[User]:
    """Who may own a focus area of ``teams``: their people, and the leaders of the teams above them."""
    parents = dict(permissions.visible_teams(user).values_list("id", "parent_id"))
    team_ids = {team.pk for team in teams}
    above = set()
    for team_id in team_ids:
        parent = parents.get(team_id)
        while parent is not None and parent not in above:
            above.add(parent)
            parent = parents.get(parent)
    return (
        User.objects.filter(
            Q(memberships__team_id__in=team_ids)
            | Q(memberships__team_id__in=above, memberships__role=Role.LEADER)
            | Q(pk__in=[person.pk for person in also if person is not None]),
            network_id=user.network_id,
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _creatable_teams(user):
    candidates = permissions.teams_with_role(user, Role.LEAD).order_by("name")
    return candidates.filter(pk__in=[t.pk for t in candidates if permissions.can_create_focus_area(user, t)])


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
        permissions.visible_focus_areas(user)
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
    }
    return render(request, "playbook/focus/focus_area_list.html", context)


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
            add_service_error(form, error)
        else:
            messages.success(request, f"“{focus_area.title}” is set up. Now add the measures that tell.")
            return redirect(focus_area)
    return render(request, "playbook/focus/focus_area_form.html", {"form": form, "focus_area": None})


def _get_focus_area(user, pk, action=permissions.VIEW) -> FocusArea:
    return permissions.get_for_user(user, FocusArea.objects.select_related("team", "owner"), pk, action)


def focus_area_detail(request, pk):
    user = request.user
    focus_area = _get_focus_area(user, pk)
    measures = sorted(
        focus_area.measures.prefetch_related(_default_chart_prefetch()),
        key=lambda m: (KIND_ORDER[m.kind], m.name.lower()),
    )
    missing = focus_area.missing_measure_kinds(measures)
    context = {
        "focus_area": focus_area,
        "charts": [_chart_for(m, small=True) for m in measures],
        "missing": missing,
        "missing_sentence": missing_measures_sentence(missing),
        "may_change": permissions.can(user, permissions.CHANGE, focus_area),
    }
    return render(request, "playbook/focus/focus_area_detail.html", context)


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
            add_service_error(form, error)
        else:
            messages.success(request, f"“{focus_area.title}” is saved.")
            return redirect(focus_area)
    context = {"form": form, "focus_area": focus_area, "heading": heading}
    return render(request, "playbook/focus/focus_area_form.html", context)


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
            with transaction.atomic():  # a target that fails must not leave a measure half set up
                measure = focus_services.create_measure(
                    focus_area=focus_area, by=user, **form.measure_fields()
                )
                if form.cleaned_data["targets"]:
                    focus_services.set_targets(measure=measure, by=user, targets=form.cleaned_data["targets"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"“{measure.name}” is added. Enter its data below.")
            return redirect(measure)
    context = {"form": form, "focus_area": focus_area, "measure": None}
    return render(request, "playbook/focus/measure_form.html", context)


def measure_edit(request, pk):
    user = request.user
    measure = _get_measure(user, pk, permissions.CHANGE)
    heading = measure.name
    targets = list(measure.targets.all())
    initial = {name: getattr(measure, name) for name in focus_services.MEASURE_FIELDS}
    initial.update(phase_dates=", ".join(measure.phase_dates or []), targets=targets_text(targets))
    form = MeasureForm(_data(request), initial=initial, data_kind_fixed=measure.data_points.exists())
    if request.method == "POST" and form.is_valid():
        wanted = sorted(form.cleaned_data["targets"])
        try:
            with transaction.atomic():
                focus_services.update_measure(measure=measure, by=user, **form.measure_fields())
                if wanted != sorted((t.starts_on, t.value) for t in targets):
                    focus_services.set_targets(measure=measure, by=user, targets=wanted)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"“{measure.name}” is saved. Its chart is being redrawn.")
            return redirect(measure)
    context = {"form": form, "focus_area": measure.focus_area, "measure": measure, "heading": heading}
    return render(request, "playbook/focus/measure_form.html", context)


def _point_initial(point: DataPoint) -> dict:
    def plain(number):
        return "" if number is None else f"{number:g}" if float(number).is_integer() else repr(number)

    return {
        "period": point.period.isoformat(),
        "value": plain(point.value),
        "numerator": plain(point.numerator),
        "denominator": plain(point.denominator),
        "note": point.note,
    }


def _entry_initial(request, measure: Measure, points: list[DataPoint]) -> dict:
    """Pre-fill the entry form: the point asked for with ?period=, or else the next period due."""
    wanted = request.GET.get("period", "")
    for point in points:
        if point.period.isoformat() == wanted:
            return _point_initial(point)
    latest = max((p.period for p in points), default=None)
    following = next_periods(measure.frequency, latest, 1, _today())
    return {"period": following[0].isoformat() if following else ""}


def _render_measure(request, measure: Measure, form: PointForm | None = None):
    user = request.user
    points = list(measure.data_points.select_related("entered_by", "updated_by").order_by("-period"))
    if form is None:
        form = PointForm(
            initial=_entry_initial(request, measure, points), uses_denominator=measure.uses_denominator
        )
    context = {
        "measure": measure,
        "focus_area": measure.focus_area,
        "chart": _chart_for(measure),
        "chart_label": Measure.ChartType(measure.effective_chart_type).label,
        "form": form,
        "rows": [(p, permissions.can(user, permissions.CHANGE, p)) for p in points],
        "editing": request.GET.get("period", "") in {p.period.isoformat() for p in points},
        "may_change": permissions.can(user, permissions.CHANGE, measure),
        "may_enter": permissions.can(user, permissions.CONTRIBUTE, measure),
    }
    return render(request, "playbook/focus/measure_detail.html", context)


def measure_detail(request, pk):
    return _render_measure(request, _get_measure(request.user, pk))


def measure_chart(request, pk):
    """The chart alone, for the page's polling while a rebuild is on its way."""
    measure = _get_measure(request.user, pk)
    return render(
        request, "playbook/focus/_measure_chart.html", {"chart": _chart_for(measure), "measure": measure}
    )


@require_POST
def measure_record(request, pk):
    user = request.user
    measure = _get_measure(user, pk, permissions.CONTRIBUTE)
    form = PointForm(request.POST, uses_denominator=measure.uses_denominator)
    if form.is_valid():
        try:
            point = data_services.record_point(measure=measure, by=user, point=PointInput(**form.values()))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"The data for {point.period:%-d %B %Y} is saved.")
            return redirect(measure)
    return _render_measure(request, measure, form)


@require_POST
def point_delete(request, pk):
    user = request.user
    points = DataPoint.objects.select_related("measure__focus_area__team")
    point = permissions.get_for_user(user, points, pk, permissions.DELETE)
    data_services.delete_point(point=point, by=user)
    messages.success(request, f"The data for {point.period:%-d %B %Y} is deleted.")
    return redirect(point.measure)


# --- Many points at once -----------------------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _step(frequency: str, day: date, steps: int) -> date:
    days = {"daily": 1, "weekly": 7, "fortnightly": 14}.get(frequency)
    if days is not None:
        return day + timedelta(days=days * steps)
    return _add_months(day, steps * (4 if frequency == Measure.Frequency.TERMLY else 1))


def next_periods(frequency: str, after: date | None, count: int, today: date) -> list[date]:
    """Periods to suggest: the ``count`` after the latest point, or the ``count`` up to today's."""
    if after is not None:
        start, steps = after, range(1, count + 1)
    else:
        if frequency in (Measure.Frequency.WEEKLY, Measure.Frequency.FORTNIGHTLY):
            start = today - timedelta(days=today.weekday())
        elif frequency == Measure.Frequency.DAILY:
            start = today
        else:
            start = today.replace(day=1)
        steps = range(1 - count, 1)
    suggested = []
    for i in steps:
        try:
            suggested.append(_step(frequency, start, i))
        except (OverflowError, ValueError):  # a typo'd year near 9999 leaves no dates to suggest
            continue
    return suggested


def _same(stored: DataPoint, given: PointInput) -> bool:
    return (stored.value, stored.numerator, stored.denominator, stored.note) == (
        given.value, given.numerator, given.denominator, given.note,
    )  # fmt: skip


def _save_grid(request, measure: Measure, formset) -> bool:
    """Send the rows that hold data and differ from what is stored; put any errors on their rows."""
    user = request.user
    rows = [(i, form) for i, form in enumerate(formset.forms) if form.has_data()]
    given = [(i, PointInput(**form.values())) for i, form in rows]
    stored = {
        p.period: p for p in measure.data_points.filter(period__in=[g.period for _, g in given if g.period])
    }
    picked = []
    for i, point in given:
        current = stored.get(point.period)
        if current is not None and _same(current, point):
            continue
        if current is not None and not permissions.can(user, permissions.CHANGE, current):
            formset.forms[i].add_error(
                None, "Only the person who entered this point, or a lead, can change it."
            )
            continue
        picked.append((i, point))
    if any(form.errors for form in formset.forms):
        return False
    if not picked:
        messages.info(request, "Nothing was changed.")
        return True
    try:
        saved = data_services.record_points(measure=measure, by=user, points=[p for _, p in picked])
    except data_services.PointErrors as error:
        for row, errors in error.by_row.items():
            form = formset.forms[picked[row][0]]
            for name, messages_ in errors.items():
                form.add_error(name if name in form.fields else None, messages_)
        return False
    except ValidationError as error:  # about the batch, not one row: someone saved a period just now
        messages.error(request, f"Nothing was saved. {' '.join(error.messages)}")
        return False
    messages.success(request, f"Saved {len(saved)} point{'s' if len(saved) != 1 else ''}.")
    return True


def _mark_grid(formset, stored: dict[date, DataPoint], may_change) -> None:
    """Rows of stored points keep their period; points the person may not change are read-only."""
    for form in formset.forms:
        period = form.initial.get("period") if not form.is_bound else form.data.get(form.add_prefix("period"))
        point = stored.get(_as_date(period))
        form.stored = point
        if point is None:
            continue
        form.fields["period"].widget.attrs["readonly"] = True
        if not may_change(point):
            for field in form.fields.values():
                field.widget.attrs["readonly"] = True


def _as_date(text) -> date | None:
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        return None


def measure_grid(request, pk):
    user = request.user
    measure = _get_measure(user, pk, permissions.CONTRIBUTE)
    existing = list(
        measure.data_points.select_related("entered_by").order_by("-period")[:GRID_EXISTING_ROWS]
    )[::-1]
    latest = existing[-1].period if existing else None
    blanks = next_periods(measure.frequency, latest, GRID_BLANK_ROWS, _today())
    initial = [_point_initial(p) for p in existing] + [{"period": d.isoformat()} for d in blanks]
    formset = GridFormSet(
        _data(request), initial=initial, prefix="rows", uses_denominator=measure.uses_denominator
    )
    if request.method == "POST" and formset.is_valid() and _save_grid(request, measure, formset):
        return redirect(measure)
    _mark_grid(
        formset, {p.period: p for p in existing}, lambda p: permissions.can(user, permissions.CHANGE, p)
    )
    context = {
        "measure": measure,
        "focus_area": measure.focus_area,
        "formset": formset,
        "older": measure.data_points.count() - len(existing) if len(existing) == GRID_EXISTING_ROWS else 0,
    }
    return render(request, "playbook/focus/measure_grid.html", context)


def _locked_periods(user, measure: Measure, preview) -> set[date]:
    """Periods the file would overwrite that this person may not change, said before they confirm."""
    if preview is None:
        return set()
    replaced = [row.point.period for row in preview.rows if row.replaces and not row.errors]
    stored = measure.data_points.filter(period__in=replaced)
    return {p.period for p in stored if not permissions.can(user, permissions.CHANGE, p)}


def measure_upload(request, pk):
    user = request.user
    measure = _get_measure(user, pk, permissions.CONTRIBUTE)
    upload, preview, confirm = UploadForm(), None, None
    if request.method == "POST" and "csv_text" in request.POST:
        confirm = ConfirmImportForm(request.POST)
        if confirm.is_valid():
            text = confirm.cleaned_data["csv_text"]
            try:
                saved = data_services.import_csv(measure=measure, by=user, text=text)
            except ValidationError as error:
                preview = data_services.preview_import(measure=measure, by=user, text=text)
                confirm.add_error(None, error)
            else:
                messages.success(request, f"Imported {len(saved)} point{'s' if len(saved) != 1 else ''}.")
                return redirect(measure)
    elif request.method == "POST":
        upload = UploadForm(request.POST, request.FILES)
        if upload.is_valid():
            preview = data_services.preview_import(measure=measure, by=user, text=upload.text)
            confirm = ConfirmImportForm(initial={"csv_text": upload.text})
    locked = _locked_periods(user, measure, preview)
    context = {
        "measure": measure,
        "focus_area": measure.focus_area,
        "upload": upload,
        "preview": preview,
        "confirm": confirm,
        "locked": locked,
        "importable": preview is not None and preview.ok and not locked,
    }
    return render(request, "playbook/focus/measure_upload.html", context)


def measure_export(request, pk):
    measure = _get_measure(request.user, pk)
    text = export_csv(measure.data_points.order_by("period"), measure.data_kind)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(measure.name) or "measure"}.csv"'
    return response


# --- Reflecting on the data -----------------------------------------------------------------------------


@dataclass
class Bin:
    label: str
    count: int


def frequency_table(values: list[float]) -> list[Bin]:
    """Counts per value when there are few distinct values, else Sturges' equal-width bins."""
    if not values:
        return []
    distinct = sorted(set(values))
    if len(distinct) <= 10:
        return [Bin(f"{v:g}", values.count(v)) for v in distinct]
    low, high = distinct[0], distinct[-1]
    bins = math.ceil(math.log2(len(values))) + 1  # Sturges
    width = (high - low) / bins
    counts = [0] * bins
    for v in values:
        counts[min(int((v - low) / width), bins - 1)] += 1
    return [Bin(f"{low + i * width:.3g} to {low + (i + 1) * width:.3g}", c) for i, c in enumerate(counts)]


def scatter_figure(x: Measure, y: Measure, points: list[DataPoint]) -> tuple[dict | None, int]:
    """Two measures' values paired by period: raw data, so it is drawn on request."""
    by_period: dict[date, dict[int, float]] = {}
    for point in points:
        by_period.setdefault(point.period, {})[point.measure_id] = point.plotted_value
    pairs = sorted((period, v[x.pk], v[y.pk]) for period, v in by_period.items() if x.pk in v and y.pk in v)
    if not pairs:
        return None, 0

    def title(measure):
        return f"{measure.name} ({measure.unit})" if measure.unit else measure.name

    figure = {
        "data": [
            {
                "type": "scatter",
                "mode": "markers",
                "x": [p[1] for p in pairs],
                "y": [p[2] for p in pairs],
                "text": [f"{p[0]:%-d %b %Y}" for p in pairs],
                "hovertemplate": "%{text}<br>%{x} · %{y}<extra></extra>",
                "marker": {"size": 9, "color": "#1f5fbf"},
            }
        ],
        "layout": {
            "height": 360,
            "margin": {"l": 60, "r": 20, "t": 10, "b": 50},
            "xaxis": {"title": {"text": title(x)}, "zeroline": False},
            "yaxis": {"title": {"text": title(y)}, "zeroline": False},
        },
    }
    return figure, len(pairs)


def focus_area_reflection(request, pk):
    focus_area = _get_focus_area(request.user, pk)
    measures = sorted(
        focus_area.measures.prefetch_related(_default_chart_prefetch()),
        key=lambda m: (KIND_ORDER[m.kind], m.name.lower()),
    )
    form = ReflectionForm(request.GET, measures=focus_area.measures.all())
    chosen = form.cleaned_data if form.is_valid() else {}
    frequency, scatter, pairs = None, None, 0
    if chosen.get("measure"):
        frequency = frequency_table([p.plotted_value for p in chosen["measure"].data_points.all()])
    if chosen.get("x") and chosen.get("y"):
        points = list(DataPoint.objects.filter(measure__in=[chosen["x"], chosen["y"]]))
        scatter, pairs = scatter_figure(chosen["x"], chosen["y"], points)
    context = {
        "focus_area": focus_area,
        "charts": [_chart_for(m, small=True) for m in measures],
        "form": form,
        "chosen": chosen,
        "frequency": frequency,
        "frequency_max": max((b.count for b in frequency or []), default=0),
        "scatter": scatter,
        "pairs": pairs,
    }
    return render(request, "playbook/focus/reflection.html", context)


def chart_scratchpad(request):
    """Paste numbers, see their chart and signals at once. Nothing is stored, so it may compute here."""
    form = ScratchpadForm(_data(request))
    result = figure = None
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data["numbers"]
        try:
            result = analyze(
                values,
                form.cleaned_data["denominator_numbers"],
                periods=list(range(1, len(values) + 1)),
                chart_type=form.cleaned_data["chart_type"],
                baseline=form.cleaned_data["baseline"],
                phase_starts=[s - 1 for s in form.cleaned_data["phase_starts"]],
                screen_mr=form.cleaned_data["screen_mr"],
                rules=form.cleaned_data["rules"],
                direction=form.cleaned_data["direction"],
            )
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            result["measure"] = {"name": "Your data", "unit": ""}
            result["caption"] = charts.caption(result)
            figure = charts.figure(result)
    return render(
        request, "playbook/focus/scratchpad.html", {"form": form, "result": result, "figure": figure}
    )
