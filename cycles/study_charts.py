"""Study beside the chart: a measure's stored figure with this cycle's window shaded and what a
prediction expected drawn across it, plus the actual figure from the window to read next to it.

The measures app builds the figure (``measures.charts.figure``); this module only adds to the dict it
returns, so changes to how measures draws its charts carry over. Pure builders: no queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from statistics import fmean

from cycles.models import Cycle, Prediction
from measures import charts
from measures.models import Measure, StoredChart
from measures.number_format import Scale

PERCENT = Scale(percent=True)  # how every chart writes a proportion (measures/number_format.py)

WINDOW_FILL = "#fca311"
EXPECTED_COLOUR = "#5b3a8c"
LABEL_COLOUR = "#5d4300"  # on white it keeps AA contrast, which the orange of the window does not


def _ordinal(text: str) -> int | None:
    try:
        return date.fromisoformat(str(text)[:10]).toordinal()
    except ValueError:
        return None


def _label_anchor(x: list, start: str, end: str) -> tuple[str, str]:
    """Where the window's label goes: from the window's left edge rightwards, or, when the window sits
    in the right half of the chart, leftwards from its right edge, so the label is never cut off."""
    ordinals = [o for o in (_ordinal(v) for v in x) if o is not None]
    first, last, middle = (min(ordinals), max(ordinals), None) if ordinals else (None, None, None)
    left, right = _ordinal(start), _ordinal(end)
    if first is not None and left is not None and right is not None and last > first:
        middle = ((left + right) / 2 - first) / (last - first)
    return (end, "right") if middle is not None and middle > 0.5 else (start, "left")


def study_figure(result: dict, cycle: Cycle, prediction: Prediction | None = None) -> dict | None:
    """The Plotly figure of a stored chart ``result`` for the Study of ``cycle``: its window shaded and
    labelled above the plot, and the prediction's expected value as a dashed line across the window."""
    if not result or not result.get("points") or cycle.starts_on is None:
        return None
    figure = charts.figure({**result, "annotations": []})
    x = [p["period"] for p in result["points"]]
    start = cycle.starts_on.isoformat()
    end = (cycle.ends_on.isoformat() if cycle.ends_on else None) or max(start, str(x[-1]))
    layout = figure["layout"]
    layout["shapes"] = [
        *layout.get("shapes", []),
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": start,
            "x1": end,
            "y0": 0,
            "y1": 1,
            "fillcolor": WINDOW_FILL,
            "opacity": 0.18,
            "line": {"width": 0},
            "layer": "below",
        },
    ]
    at, anchor = _label_anchor(x, start, end)
    layout["annotations"] = [
        *layout.get("annotations", []),
        {
            "x": at,
            "xref": "x",
            "y": 1,
            "yref": "paper",
            "yanchor": "bottom",
            "xanchor": anchor,
            "text": "This cycle",
            "showarrow": False,
            "font": {"size": 12, "color": LABEL_COLOUR},
        },
    ]
    if prediction is not None and prediction.expected_value is not None:
        figure["data"].append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "Expected",
                "x": [start, end],
                "y": [prediction.expected_value, prediction.expected_value],
                "line": {"color": EXPECTED_COLOUR, "dash": "dash", "width": 2},
                "hovertemplate": f"Expected: {prediction.expected_value:g}<extra></extra>",
            }
        )
    layout.update(height=260, showlegend=False, margin={"l": 44, "r": 12, "t": 26, "b": 32})
    return figure


def chart_state(stored: StoredChart | None, measure: Measure) -> str:
    """What the chart box shows: "fresh", "failed", "updating" (a rebuild is on its way) or "empty"."""
    if stored is not None and stored.built_version >= measure.data_version:
        return "fresh" if stored.result is not None else "failed"
    return "empty" if stored is None and measure.data_version == 0 else "updating"


def window_mean(points: list) -> float | None:
    """The window's figure to set beside the expected one: the mean of its values or, for fractions,
    all the numerators over all the denominators (a small week must not weigh as much as a full one)."""
    if not points:
        return None
    if all(p.value is None for p in points):
        return sum(p.numerator for p in points) / sum(p.denominator for p in points)
    return fmean(p.plotted_value for p in points)


@dataclass
class CycleChart:
    """A linked measure's stored chart with this cycle's window shaded (and no other cycle's). Shaped
    like the measures' chart box expects."""

    measure: Measure
    stored: StoredChart | None
    cycle: Cycle

    @property
    def dom_id(self) -> str:
        return f"cycle-chart-{self.measure.pk}"

    @property
    def state(self) -> str:
        return chart_state(self.stored, self.measure)

    @property
    def caption(self) -> str:
        return ((self.stored.result if self.stored else None) or {}).get("caption", "")

    @cached_property
    def figure(self) -> dict | None:
        return study_figure(self.stored.result if self.stored else None, self.cycle)


@dataclass
class StudyChart(CycleChart):
    """One prediction's measure, charted for the Study: the window, the expected value, and the mean of
    the data in the window to read next to it."""

    prediction: Prediction | None = None
    points: list = field(default_factory=list)

    @property
    def dom_id(self) -> str:
        return f"study-chart-{self.prediction.pk}"

    @cached_property
    def figure(self) -> dict | None:
        return study_figure(self.stored.result if self.stored else None, self.cycle, self.prediction)

    @property
    def actual(self) -> float | None:
        return window_mean(self.points)

    @property
    def actual_text(self) -> str:
        actual = self.actual
        if actual is None:
            return ""
        if self.measure.data_kind == Measure.DataKind.PROPORTION:
            return f"{actual:.2f} ({PERCENT.format(actual, places=0)})"
        return f"{actual:.2f}".rstrip("0").rstrip(".")

    @property
    def actual_basis(self) -> str:
        n = len(self.points)
        if self.measure.uses_denominator:
            return f"all {n} point{'s' if n != 1 else ''} together"
        return f"mean of {n} point{'s' if n != 1 else ''}"
