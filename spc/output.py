"""The engine's analysis as plain data: floats, ints, strings, None, lists and dicts, ready for JSON.

Not-a-number and infinite values become None. Period labels pass through unchanged when they are
strings or whole numbers; dates become ISO strings and numpy scalars plain Python numbers.
"""

from __future__ import annotations

import math

import numpy as np

from spc.analysis import ChartAnalysis

_PLAIN_LABELS = {str, int}


def _number(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _numbers(values: np.ndarray) -> list:
    out = values.tolist()
    for index in np.flatnonzero(~np.isfinite(values)).tolist():
        out[index] = None
    return out


def _label(period):
    if hasattr(period, "isoformat"):
        return period.isoformat()
    if isinstance(period, np.generic):
        return period.item()
    return period


def _labels(periods: list) -> list:
    if set(map(type, periods)) <= _PLAIN_LABELS:
        return periods
    return [_label(period) for period in periods]


def to_dict(analysis: ChartAnalysis) -> dict:
    options = analysis.options
    series = analysis.series
    n = series.y.size
    periods = _labels(series.periods)
    cl = _numbers(analysis.cl)
    no_limits = [None] * n
    ucl = _numbers(analysis.ucl) if analysis.ucl is not None else no_limits
    lcl = _numbers(analysis.lcl) if analysis.lcl is not None else no_limits
    flagged = np.zeros(n, dtype=bool)
    for signal in analysis.signals:
        flagged[signal.members] = True
    points = [
        {"period": period, "value": value, "cl": centre, "ucl": upper, "lcl": lower, "signal": flag}
        for period, value, centre, upper, lower, flag in zip(
            periods, _numbers(series.y), cl, ucl, lcl, flagged.tolist(), strict=True
        )
    ]
    phases = [
        {
            "start": phase.start,
            "end": phase.end,
            "centre": _number(phase.lines.cl),
            "runs": phase.runs.as_dict(),
        }
        for phase in analysis.phases
    ]
    last = analysis.phases[-1] if analysis.phases else None
    centre = None  # a number for one phase, one per point for several (each phase has its own)
    if len(phases) == 1:
        centre = phases[0]["centre"]
    elif phases:
        centre = cl
    mr = None
    if options.chart_type == "i":
        mr = {"amr": _number(last.lines.amr) if last else None, "screened": options.screen_mr}
    empty_runs = {"longest_run": None, "longest_run_max": None, "crossings": None, "crossings_min": None}
    return {
        "chart_type": options.chart_type,
        "rules": options.rules,
        "direction": options.direction,
        "n": n,
        "n_useful": last.runs.n_useful if last else 0,
        "centre": centre,
        "runs": last.runs.as_dict() if last else {**empty_runs, "signal": False},
        "phases": phases,
        "points": points,
        "signals": [
            {
                "rule": signal.rule,
                "start": periods[signal.start_index],
                "end": periods[signal.end_index],
                "start_index": signal.start_index,
                "end_index": signal.end_index,
                "direction": signal.direction(options.direction),
                "description": signal.description,
            }
            for signal in analysis.signals
        ],
        "mr": mr,
    }
