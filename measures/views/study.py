"""The Study step's other charts on a focus area: how a measure's values spread, how its pupil groups
compare in the latest period, and how one measure compares across teams (a funnel plot).

These are ad hoc looks at raw data, like the reflection page's scatter: nothing is stored, so they are
computed on request (the engine's pure functions in ``spc.distribution``, ``spc.categorical`` and
``spc.funnel``; the figures in ``measures.study_figures``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.shortcuts import render

from measures import study_figures
from measures.models import DataPoint, GroupPoint, Measure
from measures.permissions import visible_measures
from measures.suppression import decide
from measures.views.focus import _get_focus_area, _get_measure
from spc.categorical import breakdown
from spc.distribution import frequency_table, histogram

FUNNEL_KINDS = {Measure.DataKind.PROPORTION: "proportion", Measure.DataKind.RATE: "rate"}
# Data kinds whose group values are parts of one whole (events, or numerators), so a pie means something.
SUMMABLE = (Measure.DataKind.COUNT, Measure.DataKind.PROPORTION, Measure.DataKind.RATE)


def _template(request, fragment: str) -> tuple[str, str]:
    """htmx asks for the panel alone (the reflection page loads it in place); anyone else gets a page."""
    return (fragment, "") if getattr(request, "htmx", False) else ("measures/_study_page.html", fragment)


# --- Spread and pupil groups of one measure -------------------------------------------------------------


@dataclass
class GroupRow:
    name: str
    value: float | None
    text: str
    reason: str = ""  # why it is not shown, when suppressed
    percent: float | None = None  # its share of the whole, for a pie


def _value_text(measure: Measure, point) -> str:
    if measure.data_kind == Measure.DataKind.PROPORTION:
        return f"{point.plotted_value * 100:.1f}% ({point.numerator:g} of {point.denominator:g})"
    if measure.data_kind == Measure.DataKind.RATE:
        per = f" per {measure.multiplier:,}" if measure.multiplier > 1 else ""
        value = point.plotted_value * measure.multiplier
        return f"{value:.3g}{per} ({point.numerator:g} in {point.denominator:g})"
    return f"{point.plotted_value:.3g}{f' {measure.unit}' if measure.unit else ''}"


def _shown_value(measure: Measure, point) -> float:
    if measure.data_kind == Measure.DataKind.PROPORTION:
        return point.plotted_value * 100
    if measure.data_kind == Measure.DataKind.RATE:
        return point.plotted_value * measure.multiplier
    return point.plotted_value


def group_breakdown(measure: Measure, threshold: int) -> dict:
    """The latest period with pupil-group figures: each group shown or, below the network's smallest
    group, left out with the reason (``measures.suppression``). Two queries."""
    latest = GroupPoint.objects.filter(measure=measure).order_by("-period").values_list("period", flat=True)
    period = latest.first()
    if period is None:
        return {"period": None}
    points = list(
        GroupPoint.objects.filter(measure=measure, period=period)
        .select_related("group")
        .order_by("group__dimension", "group__position", "group__name")
    )
    rows, shown = [], []
    one_dimension = len({p.group.dimension for p in points}) == 1
    for point, hidden in zip(points, decide(points, threshold), strict=True):
        name = point.group.name if one_dimension else f"{point.group.dimension}: {point.group.name}"
        if hidden.hidden:
            rows.append(GroupRow(name, None, "", hidden.reason))
        else:
            row = GroupRow(name, _shown_value(measure, point), _value_text(measure, point))
            rows.append(row)
            shown.append((row, point))
    dimension = points[0].group.dimension if one_dimension else ""
    result = {
        "period": period,
        "dimension": dimension,
        "rows": rows,
        "bar": None,
        "pie": None,
        "pie_note": "",
    }
    if shown:
        result["bar"] = study_figures.bar_figure(
            [r.name for r, _ in shown],
            [r.value for r, _ in shown],
            [r.text for r, _ in shown],
            title=measure.name,
        )
    if measure.data_kind in SUMMABLE and len(shown) > 1 and one_dimension:
        parts = breakdown(
            [r.name for r, _ in shown],
            [p.numerator if measure.uses_denominator else p.value for _, p in shown],
        )
        for (row, _), part in zip(shown, parts, strict=True):
            row.percent = part.percent
        result["pie"] = study_figures.pie_figure(parts)
        result["pie_what"] = "events" if measure.data_kind == Measure.DataKind.COUNT else "the numerator"
    elif shown:
        # A pie shows parts of one whole: averages, scores and groups of different dimensions are not.
        result["pie_note"] = (
            "Shown as bars only: these values are not parts of one whole, so a pie would mislead."
        )
    return result


def _chosen_measure(request, measures: QuerySet[Measure]) -> tuple[Measure | None, str]:
    raw = request.GET.get("measure", "")
    if not raw:
        return measures.first(), ""
    try:
        return measures.get(pk=int(raw)), ""
    except (ValueError, Measure.DoesNotExist):
        return None, "Choose one of this focus area's measures."


def focus_area_study(request, pk):
    focus_area = _get_focus_area(request.user, pk)
    measures = focus_area.measures.order_by("name")
    measure, error = _chosen_measure(request, measures)
    context = {"focus_area": focus_area, "measures": list(measures), "measure": measure, "error": error}
    if measure is not None:
        values = [p.plotted_value for p in measure.data_points.all()]
        drawn = histogram(values)
        context.update(
            table=frequency_table(values),
            histogram=drawn,
            histogram_figure=study_figures.histogram_figure(drawn, title=measure.name)
            if drawn.bins
            else None,
            groups=group_breakdown(measure, focus_area.team.network.smallest_group_shown),
        )
    template, fragment = _template(request, "measures/_study_spread.html")
    context["fragment"] = fragment
    return render(request, template, context)


# --- One measure across teams: the funnel plot -------------------------------------------------------------


class CompareForm(forms.Form):
    periods = forms.TypedChoiceField(
        label="Periods",
        choices=[(1, "Latest period"), (3, "Last 3 periods"), (6, "Last 6 periods"), (12, "Last 12 periods")],
        coerce=int,
        required=False,
        empty_value=1,
    )


def comparable_measures(user, measure: Measure) -> QuerySet[Measure]:
    """The same measure in the other teams the person can see.

    An adopted measure is compared with the other adoptions of its shared definition, whatever the
    teams call it. A measure of a team's own is matched by name and data kind: two teams that both
    call a proportion "Attendance" are taken to measure the same thing.
    """
    if measure.shared_measure_id:
        same = Q(shared_measure_id=measure.shared_measure_id)
    else:
        same = Q(name__iexact=measure.name, data_kind=measure.data_kind, shared_measure__isnull=True)
    return (
        visible_measures(user)
        .filter(same)
        .select_related("focus_area__team")
        .order_by("focus_area__team__name", "focus_area__title", "pk")
    )


def latest_points(measures: list[Measure], periods: int) -> list[DataPoint]:
    """Each measure's last ``periods`` points, in one query (a row number over each measure's periods)."""
    ranked = DataPoint.objects.filter(measure__in=measures, numerator__isnull=False).annotate(
        rank=Window(RowNumber(), partition_by=[F("measure_id")], order_by=F("period").desc())
    )
    return list(ranked.filter(rank__lte=periods))


@dataclass
class TeamRow:
    measure: Measure
    label: str
    numerator: float = 0
    denominator: float = 0
    periods: int = 0
    first: object = None
    last: object = None
    outside: dict | None = None
    value_text: str = ""
    verdict: str = ""
    verdict_class: str = ""


def _team_rows(measures: list[Measure], points: list[DataPoint]) -> list[TeamRow]:
    teams = [m.focus_area.team.name for m in measures]
    rows = {
        m.pk: TeamRow(m, f"{m.focus_area.team.name} · {m.focus_area.title}" if teams.count(t) > 1 else t)
        for m, t in zip(measures, teams, strict=True)
    }
    for point in points:
        row = rows[point.measure_id]
        row.numerator += point.numerator
        row.denominator += point.denominator
        row.periods += 1
        row.first = min(row.first or point.period, point.period)
        row.last = max(row.last or point.period, point.period)
    return list(rows.values())


def measure_compare(request, pk):
    measure = _get_measure(request.user, pk)
    form = CompareForm(request.GET or None)
    periods = form.cleaned_data["periods"] if form.is_valid() else 1
    kind = FUNNEL_KINDS.get(measure.data_kind)
    context = {
        "measure": measure,
        "focus_area": measure.focus_area,
        "form": form,
        "kind": kind,
        "periods": periods,
    }
    if kind is not None:
        measures = list(comparable_measures(request.user, measure))
        rows = _team_rows(measures, latest_points(measures, periods))
        compared = study_figures.funnel_comparison(
            rows, kind, multiplier=measure.multiplier, title=measure.name
        )
        context.update(rows=rows, **compared)
    return render(request, "measures/funnel.html", context)
