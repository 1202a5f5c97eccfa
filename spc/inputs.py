"""From the caller's sequences to checked subgroup arrays: plotted values, sizes, phases, baseline.

Rows sharing a period label form one subgroup (qicharts2 ``qic.agg``, CHART_RULES §3.1); without
labels every row is its own subgroup, in the order given.
"""

from __future__ import annotations

import datetime as dt
import numbers
from dataclasses import dataclass

import numpy as np

from spc.errors import InputError
from spc.options import ChartOptions

WITH_DENOMINATORS = ("p", "pp", "u", "up")  # need them
TAKE_DENOMINATORS = ("run", "i", "mr", *WITH_DENOMINATORS)  # a ratio when given (qicharts2)
OBSERVATIONS = ("xbar", "s")  # a subgroup's rows are its observations


@dataclass(frozen=True)
class Series:
    """The checked subgroups of one chart. Missing subgroups are NaN in ``y``."""

    y: np.ndarray  # per subgroup: ratio, count, mean or value (for S charts: the mean too)
    numerators: np.ndarray  # Σ numerators (or the values); NaN where the subgroup is missing
    denominators: np.ndarray | None  # Σ denominators; None when the chart has none
    sd: np.ndarray | None  # subgroup standard deviations (X̄ and S charts)
    size: np.ndarray  # observations in the subgroup (X̄, S), Σ denominators (ratios), else rows combined
    include: np.ndarray  # False for excluded subgroups
    periods: list | range  # one label per subgroup; the default labels 1…n are a range
    phases: list[tuple[int, int]]  # half-open [start, stop) index ranges
    baseline: int | None  # subgroups the lines are frozen on, from the start of the (only) phase
    ignored_baseline: int | None  # a baseline given with phases, ignored (for the warning)


def _numbers(seq, name: str) -> np.ndarray:
    try:
        array = np.asarray(seq, dtype=float)
    except (TypeError, ValueError):
        raise InputError(name, f"{name} must be numbers, with None for a missing value") from None
    if array.ndim != 1:
        raise InputError(name, f"{name} must be a flat sequence of numbers")
    infinite = np.flatnonzero(np.isinf(array))
    if infinite.size:
        raise InputError(
            name, f"{name} must be finite numbers; point {infinite[0] + 1} is {array[infinite[0]]}"
        )
    return array


def _first(mask: np.ndarray) -> int | None:
    first = int(mask.argmax()) if mask.size else 0  # argmax stops at the first True
    return first if mask.size and mask[first] else None


def _check_rows(values: np.ndarray, denominators: np.ndarray | None, chart_type: str) -> None:
    # Messages number points from 1, as the people reading them do.
    with np.errstate(invalid="ignore"):
        if denominators is not None:
            bad = _first(denominators <= 0)
            if bad is not None:
                raise InputError(
                    "denominators",
                    f"Denominators must be above 0; point {bad + 1} is {denominators[bad]:g} "
                    "(use None for a period with nothing to count)",
                )
        if chart_type in ("p", "pp", "u", "up", "c"):
            bad = _first(values < 0)
            if bad is not None:
                raise InputError("values", f"Counts cannot be negative; point {bad + 1} is {values[bad]:g}")
        if chart_type == "g":
            bad = _first(values < 0)
            if bad is not None:
                raise InputError(
                    "values",
                    f"Opportunities between events cannot be negative; point {bad + 1} is {values[bad]:g}",
                )
        if chart_type == "t":
            bad = _first(values <= 0)
            if bad is not None:
                raise InputError(
                    "values",
                    f"Time between events must be above 0; point {bad + 1} is {values[bad]:g}",
                )
        if chart_type in ("p", "pp"):
            bad = _first(values > denominators)
            if bad is not None:
                raise InputError(
                    "values",
                    f"A proportion's numerator cannot exceed its denominator; point {bad + 1} is "
                    f"{values[bad]:g} out of {denominators[bad]:g}",
                )


def _label_kind(label) -> str:
    if isinstance(label, bool):
        return "bool"
    if isinstance(label, str):
        return "text"
    if isinstance(label, dt.datetime):
        return "datetime"  # not comparable with a date
    if isinstance(label, dt.date):
        return "date"
    if isinstance(label, numbers.Real) and not isinstance(label, np.bool_):
        return "number"
    return type(label).__name__


def _check_labels(labels: list) -> tuple[str, bool]:
    """The labels' kind, and whether every label is a plain ``int`` (the common case, which can be
    neither NaN nor anything but a whole number)."""
    types = set(map(type, labels))
    kinds = set(map(_label_kind, labels)) if len(types) > 1 else {_label_kind(labels[0])}
    if len(kinds) > 1:
        raise InputError(
            "periods",
            "Periods must all be of one kind (all numbers, all dates or all text such as ISO dates), "
            f"not a mix of {' and '.join(sorted(kinds))}",
        )
    (kind,) = kinds
    if kind not in ("text", "date", "datetime", "number"):
        raise InputError("periods", f"Periods must be numbers, dates or text, not {kind}")
    whole = types == {int}
    if kind == "number" and not whole:
        bad = next((i for i, label in enumerate(labels) if label != label), None)
        if bad is not None:
            raise InputError("periods", f"Period {bad + 1} is not a number (NaN)")
    return kind, whole


def _number_keys(labels: list, whole: bool) -> np.ndarray:
    if whole:
        try:
            return np.fromiter(labels, dtype=np.int64, count=len(labels))  # what asarray gives, faster
        except OverflowError:
            pass  # beyond int64: asarray decides (uint64, float64 or objects)
    keys = np.asarray(labels)
    if keys.dtype == object:
        keys = keys.astype(float)
    return keys


def _group_order(labels: list, kind: str, whole: bool) -> tuple[np.ndarray | None, np.ndarray, list] | None:
    """The stable sort order of the rows (None when they are in order already), the offsets where
    each label's rows start in it, and the labels of the subgroups; None when the labels are already
    strictly increasing (one row per subgroup, nothing to do)."""
    if kind == "number":
        keys = _number_keys(labels, whole)
        if keys.size < 2:
            return None
        steps = keys[1:] >= keys[:-1]
        if steps.all():  # already in order (a stable sort would not move a row)
            if np.all(keys[1:] > keys[:-1]):
                return None
            order, ordered = None, keys
        else:
            order = np.argsort(keys, kind="stable")
            ordered = keys[order]
        firsts = np.concatenate(([0], np.flatnonzero(ordered[1:] != ordered[:-1]) + 1))
        # Plain ints come back as the same ints; other numbers keep their own objects.
        subgroups = ordered[firsts].tolist() if whole and keys.dtype == np.int64 else None
        if subgroups is None:
            rows = firsts if order is None else order[firsts]
            subgroups = list(map(labels.__getitem__, rows.tolist()))
        return order, firsts, subgroups
    if _strictly_increasing(labels):
        return None
    order = sorted(range(len(labels)), key=labels.__getitem__)  # stable: rows keep their order
    ordered = [labels[i] for i in order]
    firsts = [0, *(i for i in range(1, len(labels)) if ordered[i] != ordered[i - 1])]
    return np.asarray(order), np.asarray(firsts), [ordered[i] for i in firsts]


def _strictly_increasing(labels: list) -> bool:
    return all(a < b for a, b in zip(labels, labels[1:], strict=False))


def _reduce(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    return np.add.reduceat(values, starts) if values.size else values


@dataclass
class _Grouped:
    y: np.ndarray
    numerators: np.ndarray
    denominators: np.ndarray | None
    sd: np.ndarray | None
    size: np.ndarray


def _one_row_each(y: np.ndarray, den: np.ndarray | None, chart_type: str) -> _Grouped:
    if den is not None:
        missing = np.isnan(y) | np.isnan(den)  # qic.agg: complete.cases
        if missing.any():
            numerators = np.where(missing, np.nan, y)
            den = np.where(missing, np.nan, den)
            size = np.where(missing, 0.0, den)
        else:
            numerators, size = y, den  # nothing to blank: no copies
        with np.errstate(invalid="ignore"):
            ratio = numerators / den
        return _Grouped(
            ratio, numerators, den, None, size if chart_type in WITH_DENOMINATORS else np.ones(y.size)
        )
    if chart_type in OBSERVATIONS:
        return _Grouped(y, y, None, np.full(y.size, np.nan), (~np.isnan(y)).astype(float))
    return _Grouped(y, y, None, None, np.ones(y.size))


def _grouped(y: np.ndarray, den: np.ndarray | None, order, starts: np.ndarray, chart_type: str) -> _Grouped:
    if order is not None:
        y = y[order]
        den = None if den is None else den[order]
    lengths = np.diff(np.append(starts, y.size))
    rows = lengths.astype(float)
    if den is not None:
        complete = ~(np.isnan(y) | np.isnan(den))
        num_sum = _reduce(np.where(complete, y, 0.0), starts)
        den_sum = _reduce(np.where(complete, den, 0.0), starts)
        any_complete = _reduce(complete.astype(float), starts) > 0
        numerators = np.where(any_complete, num_sum, np.nan)
        denominators = np.where(any_complete, den_sum, np.nan)
        with np.errstate(invalid="ignore"):
            ratio = numerators / denominators
        size = den_sum if chart_type in WITH_DENOMINATORS else rows
        return _Grouped(ratio, numerators, denominators, None, size)
    present = ~np.isnan(y)
    count = _reduce(present.astype(float), starts)
    total = _reduce(np.where(present, y, 0.0), starts)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / count, np.nan)
    if chart_type == "c":
        total = np.where(count > 0, total, np.nan)
        return _Grouped(total, total, None, None, rows)
    if chart_type in OBSERVATIONS:
        group = np.repeat(np.arange(starts.size), lengths)
        squares = _reduce(np.where(present, (y - mean[group]) ** 2, 0.0), starts)
        with np.errstate(invalid="ignore", divide="ignore"):
            sd = np.where(count > 1, np.sqrt(squares / (count - 1)), np.nan)
        return _Grouped(mean, mean, None, sd, count)
    return _Grouped(mean, mean, None, None, rows)


def _phases(n: int, options: ChartOptions) -> list[tuple[int, int]]:
    starts = options.phase_starts
    if starts and n < 2:
        raise InputError(
            "phase_starts", f"A chart of {n} point{'' if n == 1 else 's'} cannot be split into phases"
        )
    if starts and (starts[0] < 1 or starts[-1] > n - 1):
        raise InputError(
            "phase_starts",
            f"Phase starts must lie between 1 and {n - 1} (the index of the first point of a new phase "
            f"in a chart of {n} points), got {list(starts)}",
        )
    edges = [0, *starts, n]
    return [(a, b) for a, b in zip(edges, edges[1:], strict=False) if b > a]


def prepare_series(values, denominators, periods, options: ChartOptions) -> Series:
    chart = options.chart_type
    y = _numbers(values, "values")
    rows = y.size
    den = None
    if denominators is not None:
        den = _numbers(denominators, "denominators")
        if den.size != rows:
            raise InputError(
                "denominators", f"values and denominators differ in length ({rows} and {den.size})"
            )
    elif chart in WITH_DENOMINATORS:
        name = {"p": "P", "pp": "P′", "u": "U", "up": "U′"}[chart]
        raise InputError("denominators", f"A {name} chart needs denominators (one for each value)")
    _check_rows(y, den, chart)
    if chart not in TAKE_DENOMINATORS:
        den = None  # counts, observations and gaps between events are charted as they are

    if periods is None:
        labels = range(1, rows + 1)  # 1, 2, …: a range, not a list of 10,000 ints (output.py writes it)
        grouped = _one_row_each(y, den, chart)
    else:
        labels = list(periods)
        if len(labels) != rows:
            raise InputError("periods", f"values and periods differ in length ({rows} and {len(labels)})")
        grouping = _group_order(labels, *_check_labels(labels)) if labels else None
        if grouping is None:
            grouped = _one_row_each(y, den, chart)
        else:
            order, firsts, labels = grouping
            grouped = _grouped(y, den, order, firsts, chart)

    n = grouped.y.size
    if chart == "xbar" and n and not np.any(grouped.size > 1):
        raise InputError(
            "values",
            "An X̄ chart needs subgroups of two or more values: give periods shared by several rows",
        )
    if chart == "s":
        bad = _first(grouped.size == 1)
        if bad is not None:
            raise InputError(
                "values",
                f"An S chart needs two or more values in every subgroup; subgroup {bad + 1} "
                f"({labels[bad]}) has one",
            )

    include = np.ones(n, dtype=bool)
    if options.exclude:
        if options.exclude[-1] >= n:
            raise InputError(
                "exclude",
                f"Excluded indexes must lie between 0 and {n - 1} (one for each of the {n} subgroups), "
                f"got {list(options.exclude)}",
            )
        include[list(options.exclude)] = False

    baseline = options.baseline
    if baseline is not None and not 1 <= baseline <= n:
        raise InputError(
            "baseline", f"baseline must be between 1 and the number of points ({n}), got {baseline}"
        )
    ignored = None
    if options.phase_starts and baseline is not None:
        ignored, baseline = baseline, None  # qicharts2: freeze is ignored when part is given
    return Series(
        y=grouped.y,
        numerators=grouped.numerators,
        denominators=grouped.denominators,
        sd=grouped.sd,
        size=grouped.size,
        include=include,
        periods=labels,
        phases=_phases(n, options),
        baseline=baseline,
        ignored_baseline=ignored,
    )
