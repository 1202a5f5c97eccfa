"""From a measure's data to its chart: the analysis the engine returns, a caption in plain words,
and the Plotly figure the browser draws. Pure builders: no queries, no writes."""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left
from collections.abc import Callable
from datetime import date

from spc import analyze

# Other apps add dated marks to a measure's timeline (the cycles app: each PDSA cycle's window).
# A provider takes a Measure and returns [{"start": iso, "end": iso | None, "label": str, "kind": str}].
ANNOTATION_PROVIDERS: list[Callable] = []


def register_annotations(provider: Callable) -> Callable:
    ANNOTATION_PROVIDERS.append(provider)
    return provider


OPTION_KEYS = ("chart_type", "baseline", "phase_dates", "screen_mr", "rules")


def default_options(measure) -> dict:
    return {
        "chart_type": measure.effective_chart_type,
        "baseline": measure.baseline,
        "phase_dates": list(measure.phase_dates or []),
        "screen_mr": measure.screen_mr,
        "rules": measure.rules,
    }


def variant_key(measure, options: dict) -> str:
    """'default' for the measure's own settings; otherwise a short stable key for the options."""
    if options == default_options(measure):
        return "default"
    canonical = json.dumps({k: options.get(k) for k in OPTION_KEYS}, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def phase_starts(periods: list[date], phase_dates: list[str]) -> list[int]:
    """Index of the first point on or after each phase date; a phase needs points on both sides."""
    starts = {bisect_left(periods, date.fromisoformat(d)) for d in phase_dates}
    return sorted(i for i in starts if 0 < i < len(periods))


def target_at(targets: list[tuple[date, float]], period: date) -> float | None:
    current = None
    for starts_on, value in targets:  # sorted by date
        if starts_on <= period:
            current = value
    return current


def compute(measure, points, targets, options: dict, annotations=()) -> dict:
    """The stored chart of ``measure``: the engine's analysis plus targets, marks and a caption."""
    periods = [p.period for p in points]
    fraction = measure.uses_denominator
    baseline = options.get("baseline")
    result = analyze(
        [p.numerator if fraction else p.value for p in points],
        [p.denominator for p in points] if fraction else None,
        periods=[d.isoformat() for d in periods],
        chart_type=options["chart_type"],
        baseline=baseline if baseline and baseline <= len(points) else None,
        phase_starts=phase_starts(periods, options.get("phase_dates") or []),
        screen_mr=options.get("screen_mr", True),
        rules=options.get("rules", "anhoej"),
        direction=measure.direction,
    )
    target_rows = sorted((t.starts_on, t.value) for t in targets)
    for point, period in zip(result["points"], periods, strict=True):
        point["target"] = target_at(target_rows, period)
    result["measure"] = {"id": measure.pk, "name": measure.name, "unit": measure.unit, "kind": measure.kind}
    result["options"] = options
    result["annotations"] = list(annotations)
    result["caption"] = caption(result)
    return result


def _when(period) -> str:
    try:
        return f"{date.fromisoformat(str(period)):%-d %B %Y}"
    except ValueError:
        return f"point {period}"


VERDICT = {
    "improvement": "an improvement",
    "deterioration": "a deterioration",
    "neutral": "a change worth investigating",
}


# Which signal the caption leads with when several end at the latest point: the most telling.
RULE_WEIGHT = {"shift": 0, "trend": 1, "outside_limits": 2, "two_of_three": 3, "astronomical": 4}
WHOLE_PHASE_RULES = {"crossings", "runs"}  # they describe a stretch of points, not a moment it began


def caption(result: dict) -> str:
    """What the chart says, in one or two plain sentences."""
    if not result["points"]:
        return "No data yet."
    signals = sorted(
        result["signals"], key=lambda s: (s["end_index"], -RULE_WEIGHT.get(s["rule"], 9), s["start_index"])
    )
    if signals:
        latest = signals[-1]
        linker = "from" if latest["rule"] in WHOLE_PHASE_RULES else "since"
        text = f"{latest['description']} {linker} {_when(latest['start'])}: {VERDICT[latest['direction']]}."
        others = len(signals) - 1
        if others:
            text += f" {others} other signal{'s' if others > 1 else ''} on the chart."
    else:
        text = "No signal: the points vary as a stable process would (common-cause variation)."
    if (result.get("n_useful") or 0) < 10:
        count = f"{result['n']} point{'s' if result['n'] != 1 else ''}"
        text += f" With {count} the rules can miss a change; 10 or more are better."
    return text


def figure(result: dict) -> dict:
    """A Plotly figure (as plain JSON) for a stored chart."""
    points = result["points"]
    x = [p["period"] for p in points]
    signal_points = [p for p in points if p["signal"]]
    traces = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": result["measure"]["name"] if "measure" in result else "Data",
            "x": x,
            "y": [p["value"] for p in points],
            "line": {"color": "#1f5fbf"},
            "marker": {"size": 7},
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Median" if result["chart_type"] == "run" else "Mean",
            "x": x,
            "y": [p["cl"] for p in points],
            "line": {"color": "#14213d", "shape": "hv"},
        },
    ]
    if any(p["ucl"] is not None for p in points):
        for key, label in (("ucl", "Upper limit"), ("lcl", "Lower limit")):
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": label,
                    "x": x,
                    "y": [p[key] for p in points],
                    "line": {"color": "#b42318", "dash": "dash", "shape": "hv"},
                }
            )
    if any(p.get("target") is not None for p in points):
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "Target",
                "x": x,
                "y": [p.get("target") for p in points],
                "line": {"color": "#1d7a46", "dash": "dot", "shape": "hv"},
            }
        )
    if signal_points:
        colours = {"improvement": "#1d7a46", "deterioration": "#b42318", "neutral": "#a35a00"}
        direction = {}
        # A point in both a shift and a whole-phase signal shows the shift's colour: it says more.
        for s in sorted(result["signals"], key=lambda s: s["direction"] == "neutral"):
            for i in range(s["start_index"], s["end_index"] + 1):
                direction.setdefault(i, s["direction"])
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "Signal",
                "x": [points[i]["period"] for i in sorted(direction) if points[i]["value"] is not None],
                "y": [points[i]["value"] for i in sorted(direction) if points[i]["value"] is not None],
                "marker": {
                    "size": 11,
                    "symbol": "circle-open",
                    "line": {"width": 2},
                    "color": [
                        colours[direction[i]] for i in sorted(direction) if points[i]["value"] is not None
                    ],
                },
            }
        )
    shapes = []
    for phase in result.get("phases", [])[1:]:
        start = points[phase["start"]]["period"]
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": start,
                "x1": start,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#5d6677", "dash": "dot"},
            }
        )
    for mark in result.get("annotations", []):
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": mark["start"],
                "x1": mark.get("end") or mark["start"],
                "y0": 0,
                "y1": 1,
                "fillcolor": "#fca311",
                "opacity": 0.15,
                "line": {"width": 0},
                "label": {"text": mark.get("label", "")},
            }
        )
    return {
        "data": traces,
        "layout": {
            "margin": {"l": 50, "r": 20, "t": 10, "b": 40},
            "height": 340,
            "yaxis": {"title": {"text": result.get("measure", {}).get("unit", "")}, "zeroline": False},
            "xaxis": {"type": "date" if x and isinstance(x[0], str) and len(x[0]) == 10 else "linear"},
            "legend": {"orientation": "h", "y": -0.2},
            "shapes": shapes,
            "hovermode": "x unified",
        },
    }
