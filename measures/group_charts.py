"""A measure broken down by pupil group: which figures may be shown, each group's chart on one
scale, and the gap between two groups. Pure builders over fetched rows: no queries, no writes.

Suppression is decided by ``measures.suppression`` alone; everything here starts from what it
hides, so a hidden figure never reaches a chart, a hover, a table or a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import spc
from measures import charts
from measures.number_format import MULTIPLIED
from measures.suppression import Suppression, decide, pupils_in

# The engine's variation icons (NHS Making Data Count names) in words, with the pill that shows them.
# Only the shared-measure page (measures/shared.py) still reads these; the breakdown's chart boxes
# draw the icons with measures/_spc_icons.html, as every other chart box does.
VARIATION = {
    "common_cause": ("Common-cause variation", "pill-neutral"),
    "improvement_high": ("Improvement: unusually high", "pill-ok"),
    "improvement_low": ("Improvement: unusually low", "pill-ok"),
    "concern_high": ("Concern: unusually high", "pill-bad"),
    "concern_low": ("Concern: unusually low", "pill-bad"),
    "neutral_high": ("Special cause: high", "pill-info"),
    "neutral_low": ("Special cause: low", "pill-info"),
}
PAD = 0.06  # of the shared range, above and below, so no point sits on a chart's edge


@dataclass
class Cell:
    """One group's figure for one period, as it may be shown."""

    group: object  # a PupilGroup
    period: date
    point: object  # the GroupPoint
    suppression: Suppression

    @property
    def hidden(self) -> bool:
        return self.suppression.hidden

    @property
    def reason(self) -> str:
        return self.suppression.reason

    @property
    def pupils(self) -> int | None:
        return None if self.hidden else pupils_in(self.point)

    @property
    def value(self) -> float | None:
        """The plotted number (a ratio for proportions and rates), or None when hidden."""
        return None if self.hidden else self.point.plotted_value


def cells(points, threshold: int) -> list[Cell]:
    """Every point with whether it may be shown, by the one suppression rule (which needs every point
    of a dimension and period at once: see ``suppression.decide``)."""
    points = list(points)
    return [Cell(p.group, p.period, p, s) for p, s in zip(points, decide(points, threshold), strict=True)]


@dataclass
class GroupChart:
    group: object
    shown: list[Cell]
    hidden: list[Cell]
    result: dict | None = None
    error: str = ""
    figure: dict | None = None

    @property
    def dom_id(self) -> str:
        return f"group-chart-{self.group.pk}"

    @property
    def caption(self) -> str:
        return (self.result or {}).get("caption", "")

    @property
    def signals(self) -> list[dict]:
        return (self.result or {}).get("signals", [])

    @property
    def signal_lines(self) -> list[str]:
        """Each signal in words, with the dates it runs between."""
        return [f"{s['description']}, {_day(s['start'])} to {_day(s['end'])}." for s in self.signals]

    @property
    def variation_icon(self) -> str | None:
        # The engine adds this key (see the engine contract); until it does the slot stays empty.
        return (self.result or {}).get("variation_icon")

    @property
    def assurance_icon(self) -> str | None:
        return (self.result or {}).get("assurance_icon")


def _day(period) -> str:
    try:
        return f"{date.fromisoformat(str(period)[:10]):%-d %b %Y}"
    except ValueError:
        return str(period)


@dataclass
class Gap:
    first: object
    second: object
    periods: list[date] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    left_out: int = 0  # periods where either group is missing or hidden
    result: dict | None = None
    error: str = ""
    figure: dict | None = None

    @property
    def caption(self) -> str:
        return (self.result or {}).get("caption", "")


def _analyse(
    measure, shown: list[Cell], *, chart_type: str, direction, name: str, excluded=frozenset()
) -> tuple[dict | None, str]:
    """The engine's analysis of one group's shown figures, in the measure's chart type, rules and
    phases, leaving out of the limits the periods the measure leaves out (a school closed for snow
    was closed for every group). A measure's baseline counts its own points, so it is not applied."""
    if not shown:
        return None, ""
    periods = [c.period.isoformat() for c in shown]
    multiply = (measure.multiplier or 1) if chart_type in MULTIPLIED else 1
    values: list = []
    denominators = None
    labels = periods
    if measure.uses_denominator and chart_type not in ("run", "i"):
        values = [c.point.numerator for c in shown]
        denominators = [c.point.denominator for c in shown]
    elif measure.uses_observations and chart_type in ("xbar", "s"):
        # A subgroup's observations go in one row each, sharing the period's label (engine contract).
        labels = [c.period.isoformat() for c in shown for _ in c.point.observations]
        values = [x for c in shown for x in c.point.observations]
    else:
        values = [c.value for c in shown]
    try:
        result = spc.analyze(
            values,
            denominators,
            periods=labels,
            chart_type=chart_type,
            screen_mr=measure.screen_mr,
            rules=measure.rules,
            direction=direction,
            phase_starts=charts.phase_starts([c.period for c in shown], measure.phase_dates or []),
            exclude=[i for i, c in enumerate(shown) if c.period in excluded],
            multiply=multiply,
        )
    except Exception as exc:  # noqa: BLE001 — an engine that cannot draw this series must not cost the page
        return None, f"This chart could not be drawn: {exc}"
    result["measure"] = {
        "name": name, "unit": measure.unit, "data_kind": measure.data_kind, "multiplier": multiply,
    }  # fmt: skip
    result["annotations"] = []
    result["caption"] = charts.caption(result)
    return result, ""


def group_charts(measure, groups, all_cells: list[Cell], excluded=frozenset()) -> list[GroupChart]:
    """Each group's chart of its shown figures; hidden ones are listed, never analysed or drawn.

    Computed in the request: a few small charts of at most a year of points each, which nothing
    stores (a breakdown is read far less often than the measure's own chart, and its suppression
    must follow a threshold change at once).
    """
    by_group: dict[int, list[Cell]] = {g.pk: [] for g in groups}
    for cell in sorted(all_cells, key=lambda c: c.period):
        if cell.group.pk in by_group:
            by_group[cell.group.pk].append(cell)
    made = []
    chart_type = measure.effective_chart_type
    for group in groups:
        mine = by_group[group.pk]
        chart = GroupChart(group, [c for c in mine if not c.hidden], [c for c in mine if c.hidden])
        chart.result, chart.error = _analyse(
            measure, chart.shown, chart_type=chart_type, direction=measure.direction, name=group.name,
            excluded=excluded,
        )  # fmt: skip
        made.append(chart)
    scale = shared_range([c.result for c in made if c.result])
    extent = _period_extent(all_cells)
    for chart in made:
        if chart.result and chart.result.get("points"):
            chart.figure = _figure(chart.result, scale, extent, [c.period for c in chart.hidden])
    return made


def shared_range(results: list[dict]) -> list[float] | None:
    """One y-axis range that holds every group's points, centre lines and limits."""
    numbers = [
        p[key]
        for result in results
        for p in result.get("points", [])
        for key in ("value", "cl", "ucl", "lcl")
        if p.get(key) is not None
    ]
    if not numbers:
        return None
    low, high = min(numbers), max(numbers)
    pad = (high - low) * PAD or abs(high) * PAD or 1.0
    return [low - pad, high + pad]


def _period_extent(all_cells: list[Cell]) -> list[str] | None:
    """The same x-axis for every small multiple: all the breakdown's periods, half a week's room."""
    periods = sorted({c.period for c in all_cells})
    if not periods:
        return None
    return [(periods[0] - timedelta(days=3)).isoformat(), (periods[-1] + timedelta(days=3)).isoformat()]


def _figure(result: dict, scale, extent, hidden_periods: list[date]) -> dict:
    figure = charts.figure(result, compact=True)
    layout = figure["layout"]
    if scale is not None:
        layout["yaxis"] = {**layout["yaxis"], "range": scale, "autorange": False}
    if extent is not None:
        layout["xaxis"] = {**layout["xaxis"], "range": extent, "autorange": False}
    if hidden_periods and figure["data"]:
        # A break in the line where a figure is hidden: a null has no marker and no hover text, so
        # the chart says "missing" without saying anything about the value.
        trace = figure["data"][0]
        rows = sorted(
            [*zip(trace["x"], trace["y"], strict=True), *((d.isoformat(), None) for d in hidden_periods)],
            key=lambda row: row[0],
        )
        trace["x"], trace["y"] = [r[0] for r in rows], [r[1] for r in rows]
    return figure


def gap(measure, first, second, all_cells: list[Cell]) -> Gap:
    """``first`` minus ``second``, period by period, only where both groups' figures are shown, as a
    run chart (a gap has no "better" side of its own until one knows which group leads)."""
    shown = {(c.group.pk, c.period): c for c in all_cells if not c.hidden}
    everything = sorted({c.period for c in all_cells if c.group.pk in (first.pk, second.pk)})
    found = Gap(first, second)
    missing = []
    # On the groups' own scale: per 100 pupils when the measure is shown so (a run chart takes no
    # ``multiply`` of its own, so the differences are scaled here and the result says by how much).
    factor = (measure.multiplier or 1) if measure.effective_chart_type in MULTIPLIED else 1
    for period in everything:
        a, b = shown.get((first.pk, period)), shown.get((second.pk, period))
        if a is None or b is None:
            found.left_out += 1
            missing.append(period)
            continue
        found.periods.append(period)
        found.values.append((a.value - b.value) * factor)
    if not found.values:
        return found
    try:
        result = spc.analyze(
            found.values,
            periods=[d.isoformat() for d in found.periods],
            chart_type="run",
            rules=measure.rules,
            direction=None,
        )
    except Exception as exc:  # noqa: BLE001 — as for a group's chart
        found.error = f"The gap could not be drawn: {exc}"
        return found
    # A gap between proportions is in percentage points; drawn as a percentage like the groups.
    result["multiply"] = factor
    result["measure"] = {
        "name": f"{first.name} minus {second.name}",
        "unit": measure.unit,
        "data_kind": measure.data_kind,
    }
    result["annotations"] = []
    result["caption"] = charts.caption(result)
    found.result = result
    # Zero is in view: no gap is what the chart is read against, and a steady gap then reads as one
    # rather than as a line across the middle of a tiny range.
    low, high = shared_range([result])
    span = [min(low, 0.0), max(high, 0.0)]
    pad = (span[1] - span[0]) * PAD or 0.05  # no gap at all: a little room around the zero line
    found.figure = _figure(result, [span[0] - pad, span[1] + pad], _period_extent(all_cells), missing)
    return found


def export_rows(all_cells: list[Cell], fraction: bool) -> tuple[list[str], list[list]]:
    """The breakdown's columns and rows for a file: a hidden figure's cells blank, with the reason.
    Periods stay dates, so Excel holds them as dates (a CSV writes them as ISO dates all the same)."""
    header = ["period", "dimension", "group"]
    header += ["numerator", "denominator"] if fraction else ["value"]
    header += ["pupils", "suppressed_reason"]
    rows = []
    for c in sorted(all_cells, key=lambda c: (c.period, c.group.dimension, c.group.position, c.group.name)):
        if fraction:
            numbers = [None, None] if c.hidden else [c.point.numerator, c.point.denominator]
        else:
            numbers = [None] if c.hidden else [c.value]
        rows.append([c.period, c.group.dimension, c.group.name, *numbers, c.pupils, c.reason])
    return header, rows
