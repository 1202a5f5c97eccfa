"""Shared measures as leaders read them: the list, and one shared measure compared across the teams
that adopted it — each team's chart on one scale, a funnel plot, and the network roll-up.

Reads only. Everything starts from what the viewer may see (``visible_shared_measures``,
``visible_measures``): a lead of one team compares nothing but their own team, and the roll-up says
which teams it covers. The comparison is computed in the request, like the pupil-group breakdown:
a few small charts over points read in one query, so the small multiples, the funnel and the roll-up
are drawn from the very same numbers (stored charts are rebuilt one measure at a time and could
disagree with each other for a moment).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Prefetch, QuerySet

import spc
from measures import charts, study_figures
from measures.group_charts import PAD, VARIATION, shared_range
from measures.models import DataPoint, FocusArea, Measure, MeasureExclusion, MeasureTarget, SharedMeasure
from measures.number_format import MULTIPLIED
from measures.permissions import visible_focus_areas, visible_measures, visible_shared_measures
from playbook import permissions

DataKind = Measure.DataKind
FUNNEL_KINDS = {DataKind.PROPORTION: "proportion", DataKind.RATE: "rate"}
# The roll-up's chart for each kind of data; None: there is no fair way to add them up.
ROLLUP_CHART = {
    DataKind.PROPORTION: "p",  # numerators and denominators summed per period
    DataKind.RATE: "u",
    DataKind.COUNT: "c",  # events summed per period
    DataKind.CONTINUOUS: "xbar",  # each period's team values are one subgroup
    DataKind.SUBGROUP: "xbar",  # each team's mean for the period, as above
}
# A Laney chart chosen for the measure suits the roll-up even more: summed denominators are large.
LANEY = {"pp": "pp", "up": "up"}
ALL_PERIODS = 0


# --- The list ------------------------------------------------------------------------------------------


def shared_measure_list(user) -> QuerySet[SharedMeasure]:
    """The network's shared measures with their owner and how many teams adopted each (one query)."""
    return (
        visible_shared_measures(user)
        .select_related("team")
        .annotate(teams_adopting=Count("adoptions__focus_area__team", distinct=True))
        .order_by("name", "pk")
    )


def adopted_measures(user, shared: SharedMeasure) -> list[Measure]:
    """The adoptions the viewer may see, with what their charts need (three queries)."""
    return list(
        visible_measures(user)
        .filter(shared_measure=shared)
        .select_related("focus_area__team")
        .prefetch_related(
            Prefetch("targets", queryset=MeasureTarget.objects.order_by("starts_on")),
            Prefetch("exclusions", queryset=MeasureExclusion.objects.order_by("period")),
        )
        .order_by("focus_area__team__name", "focus_area__title", "pk")
    )


def points_of(measures: list[Measure]) -> dict[int, list[DataPoint]]:
    """Each measure's live points, oldest first (one query)."""
    found: dict[int, list[DataPoint]] = {m.pk: [] for m in measures}
    for point in DataPoint.objects.filter(measure__in=measures).order_by("measure_id", "period"):
        found[point.measure_id].append(point)
    return found


# --- One team's chart ----------------------------------------------------------------------------------


@dataclass
class TeamChart:
    measure: Measure
    label: str
    points: list[DataPoint]
    result: dict | None = None
    error: str = ""
    figure: dict | None = None

    @property
    def dom_id(self) -> str:
        return f"team-chart-{self.measure.pk}"

    @property
    def team(self):
        return self.measure.focus_area.team

    @property
    def caption(self) -> str:
        return (self.result or {}).get("caption", "")

    @property
    def variation(self) -> tuple[str, str] | None:
        return VARIATION.get((self.result or {}).get("variation_icon") or "")

    @property
    def latest(self) -> DataPoint | None:
        return self.points[-1] if self.points else None


def _labels(measures: list[Measure]) -> list[str]:
    """The team's name; with the focus area too when one team adopted it twice."""
    teams = [m.focus_area.team.name for m in measures]
    return [
        f"{name} · {m.focus_area.title}" if teams.count(name) > 1 else name
        for m, name in zip(measures, teams, strict=True)
    ]


def _team_chart(measure: Measure, label: str, points: list[DataPoint]) -> TeamChart:
    """The team's chart exactly as its own page draws it: its own options, phases and exclusions."""
    chart = TeamChart(measure, label, points)
    if not points:
        return chart
    exclusions = list(measure.exclusions.all())
    try:
        chart.result = charts.compute(
            measure,
            points,
            list(measure.targets.all()),
            charts.default_options(measure, exclusions),
            exclusions=exclusions,
        )
    except Exception as exc:  # noqa: BLE001 — one team's data the engine cannot draw must not cost the page
        chart.error = f"This team's chart could not be drawn: {exc}"
    return chart


def _extent(periods: list[date]) -> list[str] | None:
    if not periods:
        return None
    return [(min(periods) - timedelta(days=3)).isoformat(), (max(periods) + timedelta(days=3)).isoformat()]


def _on_scale(result: dict, y_range, x_range) -> dict:
    """The small multiple: the compact chart, on the y and x ranges every team shares."""
    figure = charts.figure(result, compact=True)
    layout = figure["layout"]
    if y_range is not None:
        layout["yaxis"] = {**layout.get("yaxis", {}), "range": y_range, "autorange": False}
    if x_range is not None:
        layout["xaxis"] = {**layout.get("xaxis", {}), "range": x_range, "autorange": False}
    return figure


# --- The funnel ----------------------------------------------------------------------------------------


@dataclass
class FunnelRow:
    label: str
    team_id: int
    numerator: float = 0
    denominator: float = 0
    periods: int = 0
    first: date | None = None
    last: date | None = None
    value_text: str = ""
    verdict: str = ""
    verdict_class: str = ""
    outside: dict = field(default_factory=dict)


def funnel_of(shared: SharedMeasure, team_charts: list[TeamChart], periods: int) -> dict:
    """Each team's numerator over its denominator for its latest ``periods`` periods (all of them for
    ``ALL_PERIODS``), against the funnel of limits at its size (Spiegelhalter 2005)."""
    kind = FUNNEL_KINDS.get(shared.data_kind)
    if kind is None:
        return {"kind": None}
    rows = []
    for chart in team_charts:
        row = FunnelRow(chart.label, chart.team.pk)
        chosen = chart.points if periods == ALL_PERIODS else chart.points[-periods:]
        for point in chosen:
            if point.numerator is None or point.denominator is None:
                continue
            row.numerator += point.numerator
            row.denominator += point.denominator
            row.periods += 1
            row.first = point.period if row.first is None else min(row.first, point.period)
            row.last = point.period if row.last is None else max(row.last, point.period)
        rows.append(row)
    compared = study_figures.funnel_comparison(rows, kind, multiplier=shared.multiplier, title=shared.name)
    return {"kind": kind, "rows": compared["with_data"], **compared}


# --- The roll-up ---------------------------------------------------------------------------------------


@dataclass
class RollupPeriod:
    period: date
    teams: int = 0
    numerator: float | None = None
    denominator: float | None = None
    total: float | None = None  # counts: the events summed
    values: list[float] = field(default_factory=list)  # continuous: each team's value

    @property
    def value(self) -> float | None:
        """What the roll-up plots for the period, before any multiplier."""
        if self.denominator:
            return self.numerator / self.denominator
        if self.total is not None:
            return self.total
        return sum(self.values) / len(self.values) if self.values else None


@dataclass
class Rollup:
    chart_type: str | None
    periods: list[RollupPeriod]
    teams: list[str]
    result: dict | None = None
    error: str = ""
    figure: dict | None = None
    note: str = ""

    @property
    def caption(self) -> str:
        return (self.result or {}).get("caption", "")

    @property
    def chart_label(self) -> str:
        return str(Measure.ChartType(self.chart_type).label) if self.chart_type else ""


def rollup_periods(data_kind: str, series: list[list[DataPoint]]) -> list[RollupPeriod]:
    """Every team's points added up period by period: numerators and denominators (proportions,
    rates), events (counts), or the teams' values side by side (continuous and subgroup data)."""
    by_period: dict[date, RollupPeriod] = {}
    for points in series:
        for point in points:
            row = by_period.setdefault(point.period, RollupPeriod(point.period))
            row.teams += 1
            if data_kind in (DataKind.PROPORTION, DataKind.RATE):
                row.numerator = (row.numerator or 0) + point.numerator
                row.denominator = (row.denominator or 0) + point.denominator
            elif data_kind == DataKind.COUNT:
                row.total = (row.total or 0) + point.value
            else:
                row.values.append(point.plotted_value)
    return [by_period[p] for p in sorted(by_period)]


def rollup_of(shared: SharedMeasure, team_charts: list[TeamChart]) -> Rollup:
    chart_type = ROLLUP_CHART.get(shared.data_kind)
    if chart_type in ("p", "u"):
        chart_type = LANEY.get(shared.chart_type, chart_type)
    with_data = [c for c in team_charts if c.points]
    periods = rollup_periods(shared.data_kind, [c.points for c in with_data])
    rollup = Rollup(chart_type, periods, [c.label for c in with_data])
    if chart_type is None:
        rollup.note = (
            f"{shared.get_data_kind_display()} cannot be added up across teams fairly: "
            "compare the teams' own charts instead."
        )
        return rollup
    if not rollup.periods:
        return rollup
    rows = rollup.periods
    labels = [r.period.isoformat() for r in rows]
    denominators = None
    if chart_type == "xbar":
        # X̄ of team values: the rows sharing a period are that period's subgroup (engine contract).
        labels = [r.period.isoformat() for r in rows for _ in r.values]
        values = [v for r in rows for v in r.values]
    elif chart_type == "c":
        values = [r.total for r in rows]
    else:
        values = [r.numerator for r in rows]
        denominators = [r.denominator for r in rows]
    multiply = (shared.multiplier or 1) if chart_type in MULTIPLIED else 1
    try:
        result = spc.analyze(
            values,
            denominators,
            periods=labels,
            chart_type=chart_type,
            direction=shared.direction,
            multiply=multiply,
            target=shared.target,
        )
    except Exception as exc:  # noqa: BLE001 — as for a team's chart
        rollup.error = f"The roll-up could not be drawn: {exc}"
        return rollup
    for point in result["points"]:
        point["target"] = shared.target
    result["measure"] = {
        "name": shared.name, "unit": shared.unit, "kind": shared.kind,
        "data_kind": shared.data_kind, "multiplier": shared.multiplier or 1,
    }  # fmt: skip
    result["annotations"] = []
    result["caption"] = charts.caption(result)
    rollup.result = result
    rollup.figure = charts.figure(result) if result["points"] else None
    return rollup


# --- Together ------------------------------------------------------------------------------------------


@dataclass
class Comparison:
    shared: SharedMeasure
    teams: list[TeamChart]
    funnel: dict
    rollup: Rollup
    periods: int

    @property
    def with_data(self) -> list[TeamChart]:
        return [t for t in self.teams if t.points]


def compare(user, shared: SharedMeasure, *, periods: int = 1) -> Comparison:
    """The comparison of ``shared`` across the adopting teams ``user`` may see (four queries)."""
    measures = adopted_measures(user, shared)
    series = points_of(measures)
    team_charts = [
        _team_chart(m, label, series[m.pk]) for m, label in zip(measures, _labels(measures), strict=True)
    ]
    y_range = shared_range([c.result for c in team_charts if c.result])
    if y_range is not None and shared.target is not None:
        # The target (in plotted units) in view on every chart, so "how far from it" reads alike.
        low, high = min(y_range[0], shared.target), max(y_range[1], shared.target)
        pad = (high - low) * PAD / 2
        y_range = [low - pad, high + pad]
    x_range = _extent([p.period for c in team_charts for p in c.points])
    for chart in team_charts:
        if chart.result and chart.result.get("points"):
            chart.figure = _on_scale(chart.result, y_range, x_range)
    return Comparison(
        shared, team_charts, funnel_of(shared, team_charts, periods), rollup_of(shared, team_charts), periods
    )


def comparison_data(comparison: Comparison) -> dict:
    """The comparison as the API answers it: plain JSON."""
    shared = comparison.shared
    funnel_part = comparison.funnel
    chart = funnel_part.get("chart")
    return {
        "shared_measure": shared.pk,
        "data_kind": shared.data_kind,
        "teams": [
            {
                "measure": t.measure.pk,
                "team": t.team.pk,
                "team_name": t.team.name,
                "focus_area": t.measure.focus_area_id,
                "label": t.label,
                "points": [
                    {
                        "period": p.period.isoformat(),
                        "value": p.value,
                        "numerator": p.numerator,
                        "denominator": p.denominator,
                        "plotted": p.plotted_value,
                    }
                    for p in t.points
                ],  # fmt: skip
                "variation_icon": (t.result or {}).get("variation_icon"),
                "caption": t.caption,
            }
            for t in comparison.teams
        ],
        "funnel": None
        if funnel_part.get("kind") is None
        else {
            "kind": funnel_part["kind"],
            "periods": comparison.periods,
            "centre": chart.centre if chart else None,
            "problem": funnel_part.get("problem", ""),
            "teams": [
                {
                    "label": r.label,
                    "team": r.team_id,
                    "numerator": r.numerator,
                    "denominator": r.denominator,
                    "periods": r.periods,
                    "value": r.numerator / r.denominator,
                    "outside": r.outside,
                }
                for r in funnel_part.get("rows", [])
            ],  # fmt: skip
        },
        "rollup": _rollup_data(comparison.rollup),
    }


def _rollup_data(rollup: Rollup) -> dict:
    return {
        "chart_type": rollup.chart_type,
        "teams": rollup.teams,
        "note": rollup.note,
        "error": rollup.error,
        "periods": [
            {
                "period": r.period.isoformat(),
                "teams": r.teams,
                "numerator": r.numerator,
                "denominator": r.denominator,
                "total": r.total,
                "values": r.values,
                "value": r.value,
            }
            for r in rollup.periods
        ],  # fmt: skip
        "result": rollup.result,
    }


def target_text(shared: SharedMeasure) -> str:
    """The target as the charts show it: a proportion drawn as a fraction reads as a percentage."""
    if shared.target is None:
        return ""
    if shared.data_kind == DataKind.PROPORTION and (shared.multiplier or 1) == 1:
        return f"{shared.target * 100:.3g}%"
    return f"{shared.target:.4g}{f' per {shared.multiplier:,}' if shared.multiplier > 1 else ''}"


def adoptable_focus_areas(user, shared: SharedMeasure | None = None) -> QuerySet[FocusArea]:
    """The open focus areas ``user`` may add measures to; with ``shared``, only those that have not
    adopted it yet (what the page offers; a post is checked against them all, so adopting twice gets
    the service's message rather than "not a choice")."""
    candidates = visible_focus_areas(user).exclude(status=FocusArea.Status.CLOSED)
    if shared is not None:
        candidates = candidates.exclude(measures__shared_measure=shared)
    allowed = [
        fa.pk
        for fa in candidates.only("pk", "team_id", "owner_id")
        if permissions.can(user, permissions.CHANGE, fa)
    ]
    return FocusArea.objects.filter(pk__in=allowed).select_related("team").order_by("team__name", "title")
