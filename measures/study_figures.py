"""Plotly figures for the Study step's other charts: Pareto, histogram, bar, pie and funnel.

Pure builders over what ``spc.categorical``, ``spc.distribution`` and ``spc.funnel`` computed: no
queries, no writes. static/js/charts.js draws them from a json_script. Each page puts a table of the
same numbers beside the figure, so nothing is said only in a picture.

Sized for a 390 px phone first: no legends where a heading or the table names the lines, labels cut
short with the whole text on hover, bars laid sideways when their names are words.
"""

from __future__ import annotations

import math

from measures.charts import DATA_COLOUR, INK, MUTED
from spc.categorical import Pareto, Part, pareto
from spc.distribution import Histogram
from spc.funnel import Funnel, funnel

# From static/css/playbook.css: --accent, --ok, --warn, --violet, --info, --bad, --neutral. All dark
# enough that a white label on them keeps AA contrast, which a pie's labels need.
PALETTE = ("#2452b8", "#17693f", "#8a4f00", "#5b3a8c", "#1d5b9e", "#b0262c", "#4a5466")
OTHER_BAR = "#8a93a3"  # the bars past the vital few: still visible on white, plainly secondary
WARN, BAD = "#8a4f00", "#b0262c"
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "color": INK, "size": 12}
SHORT_LABEL = 18


def short(label: str, limit: int = SHORT_LABEL) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _unique_short(labels: list[str]) -> list[str]:
    """Cut labels, kept distinct: Plotly draws two equal category names as one bar."""
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        cut = short(label)
        seen[cut] = seen.get(cut, 0) + 1
        result.append(cut if seen[cut] == 1 else f"{cut} ({seen[cut]})")
    return result


def _distinct(labels: list[str]) -> list[str]:
    """Two causes may read the same; each still needs its own bar."""
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        result.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return result


def _count_axis(title: str, largest: int) -> dict:
    """Whole-number ticks: a count axis reading 0.5, 1.5 invites a half-vote."""
    step = max(1, math.ceil(largest / 5))
    return {
        "title": {"text": title},
        "rangemode": "tozero",
        "tick0": 0,
        "dtick": step,
        "gridcolor": "#eef1f5",
    }


def _layout(height: int, **extra) -> dict:
    return {
        "height": height,
        "margin": {"l": 44, "r": 16, "t": 16, "b": 40},
        "font": FONT,
        "showlegend": False,
        "paper_bgcolor": "#fff",
        "plot_bgcolor": "#fff",
        **extra,
    }


def pareto_figure(chart: Pareto, *, what: str = "Count") -> dict:
    """Bars from the largest down (the vital few in the accent colour), the running share on a second
    axis, and the 80% line the vital few reach."""
    bars = chart.bars
    x = _unique_short([b.label for b in bars])
    full = [b.label for b in bars]
    return {
        "data": [
            {
                "type": "bar",
                "x": x,
                "y": [b.count for b in bars],
                "customdata": full,
                "text": [str(b.count) for b in bars],
                "textposition": "auto",
                "marker": {"color": [DATA_COLOUR if b.vital else OTHER_BAR for b in bars]},
                "hovertemplate": "%{customdata}<br>" + what + ": %{y}<extra></extra>",
                "name": what,
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": x,
                "y": [round(b.cumulative * 100, 1) for b in bars],
                "yaxis": "y2",
                "customdata": full,
                "line": {"color": INK, "width": 2},
                "marker": {"size": 6, "color": INK},
                "hovertemplate": "%{customdata}<br>Running total: %{y}%<extra></extra>",
                "name": "Running total",
            },
        ],
        "layout": _layout(
            340,
            margin={"l": 44, "r": 44, "t": 16, "b": 90},
            xaxis={"tickangle": -40, "automargin": True, "categoryorder": "array", "categoryarray": x},
            yaxis=_count_axis(what, max((b.count for b in bars), default=0)),
            yaxis2={
                "overlaying": "y",
                "side": "right",
                "range": [0, 105],
                "ticksuffix": "%",
                "showgrid": False,
                "tickvals": [0, 20, 40, 60, 80, 100],
            },
            shapes=[
                {
                    "type": "line",
                    "xref": "paper",
                    "x0": 0,
                    "x1": 1,
                    "yref": "y2",
                    "y0": 80,
                    "y1": 80,
                    "line": {"color": MUTED, "dash": "dash", "width": 1},
                }
            ],
        ),
    }


def histogram_figure(drawn: Histogram, *, title: str) -> dict:
    """True histogram bars: each as wide as its bin, touching its neighbours."""
    bins = drawn.bins
    return {
        "data": [
            {
                "type": "bar",
                "x": [(b.low + b.high) / 2 for b in bins],
                "width": [b.high - b.low for b in bins],
                "y": [b.count for b in bins],
                "customdata": [b.label for b in bins],
                "marker": {"color": DATA_COLOUR, "line": {"color": "#fff", "width": 1}},
                "hovertemplate": "%{customdata}: %{y}<extra></extra>",
            }
        ],
        "layout": _layout(
            300,
            bargap=0,
            xaxis={"title": {"text": short(title, 40)}, "zeroline": False},
            yaxis=_count_axis("Periods", max((b.count for b in bins), default=0)),
        ),
    }


def bar_figure(labels: list[str], values: list[float], texts: list[str], *, title: str) -> dict:
    """Sideways bars, one per group, so the groups' names read across a phone."""
    y = _unique_short(labels)
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": y,
                "x": values,
                "text": texts,
                "textposition": "auto",
                "customdata": labels,
                "marker": {"color": DATA_COLOUR},
                "hovertemplate": "%{customdata}: %{text}<extra></extra>",
            }
        ],
        "layout": _layout(
            80 + 36 * len(labels),
            margin={"l": 16, "r": 16, "t": 16, "b": 40},
            xaxis={"title": {"text": short(title, 40)}, "rangemode": "tozero", "gridcolor": "#eef1f5"},
            yaxis={"automargin": True, "autorange": "reversed"},
        ),
    }


def pie_figure(parts: list[Part]) -> dict:
    """Shares of a whole, each slice labelled with the percent the table shows (adding up to 100)."""
    shown = [p for p in parts if p.value > 0]
    return {
        "data": [
            {
                "type": "pie",
                "labels": _unique_short([p.label for p in shown]),
                "values": [p.value for p in shown],
                "customdata": [f"{p.percent:g}%" for p in shown],
                "texttemplate": "%{label}<br>%{customdata}",
                "hovertemplate": "%{label}: %{value} (%{customdata})<extra></extra>",
                "textposition": "inside",
                "insidetextorientation": "horizontal",
                "sort": False,
                "direction": "clockwise",
                "marker": {
                    "colors": [PALETTE[i % len(PALETTE)] for i in range(len(shown))],
                    "line": {"color": "#fff", "width": 2},
                },
                "textfont": {"color": "#fff"},
            }
        ],
        "layout": _layout(300, margin={"l": 10, "r": 10, "t": 10, "b": 10}),
    }


def funnel_figure(chart: Funnel, *, title: str, scale: float | None = None) -> dict:
    """Each team at (its denominator, its value), inside the funnel of 95% and 99.8% limits. Values are
    drawn times ``scale``: 100 for a proportion (in %), a rate's multiplier (per 1,000 sessions)."""
    scale = scale or (100 if chart.kind == "proportion" else 1)
    suffix = "%" if chart.kind == "proportion" else ""
    ns = [p.n for p in chart.curve]

    def limit_line(level: str, dash: str, name: str) -> dict:
        upper = [p.limits[level].upper * scale for p in chart.curve]
        lower = [p.limits[level].lower * scale for p in chart.curve]
        return {
            "type": "scatter",
            "mode": "lines",
            "x": [*ns, None, *ns],
            "y": [*upper, None, *lower],
            "line": {"color": MUTED, "dash": dash, "width": 1.5},
            "hoverinfo": "skip",
            "name": name,
        }

    def colour(unit) -> str:
        return BAD if unit.outside["99.8"] else WARN if unit.outside["95"] else DATA_COLOUR

    units = chart.units
    return {
        "data": [
            limit_line("99.8", "dot", "99.8% limits"),
            limit_line("95", "dash", "95% limits"),
            {
                "type": "scatter",
                "mode": "lines",
                "x": [ns[0], ns[-1]],
                "y": [chart.centre * scale] * 2,
                "line": {"color": INK, "width": 1.5},
                "hoverinfo": "skip",
                "name": "All teams together",
            },
            {
                "type": "scatter",
                "mode": "markers",
                "x": [u.denominator for u in units],
                "y": [u.value * scale for u in units],
                "text": [u.label for u in units],
                "marker": {
                    "size": 10,
                    "color": [colour(u) for u in units],
                    "symbol": ["diamond" if u.outside["95"] else "circle" for u in units],
                    "line": {"color": "#fff", "width": 1},
                },
                "hovertemplate": "%{text}<br>%{y:.3g}" + suffix + " of %{x:,}<extra></extra>",
                "name": "Teams",
            },
        ],
        "layout": _layout(
            360,
            margin={"l": 50, "r": 16, "t": 16, "b": 80},
            showlegend=True,
            legend={"orientation": "h", "y": -0.25, "x": 0, "font": {"size": 11}},
            xaxis={"title": {"text": "Denominator"}, "rangemode": "tozero", "gridcolor": "#eef1f5"},
            yaxis={"title": {"text": short(title, 40)}, "ticksuffix": suffix, "gridcolor": "#eef1f5"},
        ),
    }


def pareto_panel(
    labels: list[str], counts: list[int], *, dom_id: str, what: str, category: str
) -> dict | None:
    """What templates/theory/_pareto.html shows: the chart's numbers, its figure and the names of its
    columns. None when there is nothing counted yet."""
    chart = pareto(_distinct(labels), counts)
    if chart.total == 0:
        return None
    return {
        "chart": chart,
        "figure": pareto_figure(chart, what=what),
        "dom_id": dom_id,
        "what": what,
        "category": category,
    }


def _verdict(outside: dict) -> tuple[str, str]:
    if outside["99.8"]:
        return f"{outside['99.8'].capitalize()} the 99.8% limits", "pill-bad"
    if outside["95"]:
        return f"{outside['95'].capitalize()} the 95% limits", "pill-warn"
    return "Inside the funnel", "pill-neutral"


def funnel_comparison(rows: list, kind: str, *, multiplier: float, title: str) -> dict:
    """Teams' rows (each with ``label``, ``numerator``, ``denominator``) against the funnel of limits
    at their size: each row gets its value, limits crossed and verdict in words, and the answer holds
    the rows with and without data, the chart, its figure and its centre (or the ``problem``)."""
    with_data = [r for r in rows if r.denominator > 0]
    found = {"with_data": with_data, "without_data": [r for r in rows if r.denominator <= 0]}
    if not with_data:
        return found
    try:
        chart = funnel(
            [r.label for r in with_data],
            [r.numerator for r in with_data],
            [r.denominator for r in with_data],
            kind=kind,
        )
    except ValueError as error:  # data a funnel cannot hold (a numerator above its denominator)
        return {**found, "problem": str(error)}
    scale = 100 if kind == "proportion" else (multiplier or 1)
    suffix = "%" if kind == "proportion" else ""
    for row, unit in zip(with_data, chart.units, strict=True):
        row.outside = dict(unit.outside)
        row.value_text = f"{unit.value * scale:.3g}{suffix}"
        row.verdict, row.verdict_class = _verdict(unit.outside)
    return {
        **found,
        "chart": chart,
        "scale": scale,
        "centre_text": f"{chart.centre * scale:.3g}{suffix}",
        "figure": funnel_figure(chart, title=title, scale=scale),
    }
