"""Andon's trend charts, drawn by the same engine and figure builder as the measures' run charts.
Pure builders: from weekly rows (``selectors.weekly_flow``) to analyses, captions and Plotly JSON."""

from __future__ import annotations

from measures import charts
from spc import analyze

RAISED_COLOUR, RESOLVED_COLOUR = "#1f5fbf", "#1d7a46"


def _run_chart(values, periods, name: str, unit: str, direction: str | None) -> dict:
    result = analyze(values, periods=periods, chart_type="run", direction=direction)
    result["measure"] = {"name": name, "unit": unit}
    result["caption"] = charts.caption(result)
    return result


def _recolour(figure: dict, colour: str, name: str) -> list[dict]:
    traces = []
    for trace in figure["data"]:
        trace = dict(trace)
        if trace["name"] in ("Median", "Mean"):
            trace["name"] = f"Median {name.lower()}"
            trace["line"] = {"color": colour, "dash": "dash", "shape": "hv"}
        elif trace["name"] == "Signal":
            trace["name"] = f"Signal ({name.lower()})"
        else:
            trace["line"] = {"color": colour}
        traces.append(trace)
    return traces


def flow(weeks: list[dict]) -> dict:
    """Flags raised and resolved per week (two run charts on one figure), and the weekly median
    time to resolve (a run chart where lower is better)."""
    periods = [row["week"].isoformat() for row in weeks]
    raised = _run_chart([row["raised"] for row in weeks], periods, "Raised", "flags", None)
    resolved = _run_chart([row["resolved"] for row in weeks], periods, "Resolved", "flags", None)
    hours = [
        round(row["median_to_resolve"].total_seconds() / 3600, 1)
        if row["median_to_resolve"] is not None
        else None
        for row in weeks
    ]
    to_resolve = _run_chart(hours, periods, "Median time to resolve", "hours", "down")

    figure = charts.figure(raised)
    figure["data"] = _recolour(figure, RAISED_COLOUR, "Raised") + _recolour(
        charts.figure(resolved), RESOLVED_COLOUR, "Resolved"
    )
    figure["layout"]["yaxis"]["title"]["text"] = "flags a week"
    time_figure = charts.figure(to_resolve) if any(h is not None for h in hours) else None
    if time_figure is not None:
        time_figure["layout"]["yaxis"]["title"]["text"] = "hours, raised to resolved"
    return {
        "flow_figure": figure,
        "time_figure": time_figure,
        "captions": {
            "raised": raised["caption"],
            "resolved": resolved["caption"],
            "to_resolve": to_resolve["caption"] if time_figure is not None else "No flag resolved yet.",
        },
        "totals": {
            "raised": sum(row["raised"] for row in weeks),
            "resolved": sum(row["resolved"] for row in weeks),
        },
    }
