"""From the caller's sequences to checked arrays: plotted values, denominators, phases, baseline."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from spc.options import ChartOptions


@dataclass(frozen=True)
class Series:
    """The checked data of one chart. Missing points are NaN in ``y``."""

    y: np.ndarray  # the plotted value: count, ratio or rate
    numerators: np.ndarray  # the values as given; NaN where the point is missing
    denominators: np.ndarray | None  # NaN where the point is missing; None when the chart has none
    periods: list
    phases: list[tuple[int, int]]  # half-open [start, stop) index ranges
    baseline: int | None  # points the lines are frozen on, counted from the start of the (only) phase


def _numbers(seq, name: str) -> np.ndarray:
    try:
        array = np.asarray(seq, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers, with None for a missing value") from None
    if array.ndim != 1:
        raise ValueError(f"{name} must be a flat sequence of numbers")
    infinite = np.flatnonzero(np.isinf(array))
    if infinite.size:
        raise ValueError(f"{name} must be finite numbers; point {infinite[0] + 1} is {array[infinite[0]]}")
    return array


def _first(mask: np.ndarray) -> int | None:
    hits = np.flatnonzero(mask)
    return int(hits[0]) if hits.size else None


def _check_counts(values: np.ndarray, denominators: np.ndarray | None, chart_type: str) -> None:
    # Messages number points from 1, as the people reading them do.
    with np.errstate(invalid="ignore"):
        if denominators is not None:
            bad = _first(denominators <= 0)
            if bad is not None:
                raise ValueError(
                    f"Denominators must be above 0; point {bad + 1} is {denominators[bad]:g} "
                    "(use None for a period with nothing to count)"
                )
        if chart_type in ("p", "u", "c"):
            bad = _first(values < 0)
            if bad is not None:
                raise ValueError(f"Counts cannot be negative; point {bad + 1} is {values[bad]:g}")
        if chart_type == "p":
            bad = _first(values > denominators)
            if bad is not None:
                raise ValueError(
                    f"A proportion's numerator cannot exceed its denominator; point {bad + 1} is "
                    f"{values[bad]:g} out of {denominators[bad]:g}"
                )


def _phases(n: int, options: ChartOptions) -> list[tuple[int, int]]:
    starts = options.phase_starts
    if starts and n < 2:
        raise ValueError(f"A chart of {n} point{'' if n == 1 else 's'} cannot be split into phases")
    if starts and (starts[0] < 1 or starts[-1] > n - 1):
        raise ValueError(
            f"Phase starts must lie between 1 and {n - 1} (the index of the first point of a new phase "
            f"in a chart of {n} points), got {list(starts)}"
        )
    edges = [0, *starts, n]
    return [(a, b) for a, b in zip(edges, edges[1:], strict=False) if b > a]


def prepare_series(values, denominators, periods, options: ChartOptions) -> Series:
    y = _numbers(values, "values")
    n = y.size
    den = None
    if denominators is not None:
        den = _numbers(denominators, "denominators")
        if den.size != n:
            raise ValueError(f"values and denominators differ in length ({n} and {den.size})")
    elif options.chart_type in ("p", "u"):
        raise ValueError(f"A {options.chart_type.upper()} chart needs denominators (one for each value)")

    _check_counts(y, den, options.chart_type)
    numerators = y
    if options.chart_type == "c":
        den = None  # qicharts2: a C chart plots the count itself; denominators play no part
    if den is not None:
        # qic.agg: a point is complete only with both parts (complete.cases)
        missing = np.isnan(y) | np.isnan(den)
        numerators = np.where(missing, np.nan, y)
        den = np.where(missing, np.nan, den)
        with np.errstate(invalid="ignore"):
            y = numerators / den

    if periods is None:
        labels = list(range(1, n + 1))
    else:
        labels = list(periods)
        if len(labels) != n:
            raise ValueError(f"values and periods differ in length ({n} and {len(labels)})")

    baseline = options.baseline
    if baseline is not None and not 1 <= baseline <= n:
        raise ValueError(f"baseline must be between 1 and the number of points ({n}), got {baseline}")
    if options.phase_starts:
        baseline = None  # qicharts2: freeze is ignored when part is given
    return Series(
        y=y,
        numerators=numerators,
        denominators=den,
        periods=labels,
        phases=_phases(n, options),
        baseline=baseline,
    )
