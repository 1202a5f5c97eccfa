"""The chart engine: from values to centre lines, limits and signals, phase by phase."""

from __future__ import annotations

import operator

import numpy as np

from spc import limits, nhs, runs
from spc.analysis import ChartAnalysis, PhaseResult
from spc.astronomical import astronomical
from spc.inputs import Series, prepare_series
from spc.options import MULTIPLIED, ChartOptions
from spc.signals import Signal

# Signals are ordered by stretch, then by rule in this order (the rules not named last). Each phase
# lists its signals in this order of rules, so one stable sort on the stretch alone keeps it for ties:
# a key of C getters, not a Python function called per signal.
_RULE_ORDER = ("outside_limits", "astronomical", "two_of_three", "shift", "trend")
_STRETCH = operator.itemgetter(1, 2)  # Signal.start_index, Signal.end_index


def _plotted(options: ChartOptions, series: Series, start: int, stop: int) -> np.ndarray:
    """The values drawn, before ``multiply``: moving ranges for MR, standard deviations for S."""
    if options.chart_type == "mr":
        return limits.moving_ranges(series.y[start:stop])
    if options.chart_type == "s":
        return series.sd[start:stop]
    return series.y[start:stop]


def _lines(
    options: ChartOptions, series: Series, start: int, stop: int, y: np.ndarray, base: np.ndarray
) -> limits.Lines:
    chart = options.chart_type
    centre = options.centre
    if centre is not None and chart in MULTIPLIED:
        centre = centre / options.multiply  # the centre is given in the plotted units
    nhs_limits = options.rules == "nhs"
    if chart == "run":
        return limits.run_chart_lines(y, base, centre)
    if chart == "i":
        return limits.individuals_lines(y, base, options.screen_mr, nhs=nhs_limits, centre=centre)
    if chart == "mr":
        return limits.moving_range_lines(y, base, centre)
    if chart == "t":
        return limits.t_lines(y, base, options.screen_mr, nhs=nhs_limits)
    if chart == "c":
        return limits.count_lines(y, base, centre)
    if chart == "g":
        return limits.g_lines(y, base, centre)
    size = series.size[start:stop]
    if chart == "xbar":
        return limits.xbar_lines(y, series.sd[start:stop], size, base, centre)
    if chart == "s":
        return limits.s_lines(y, size, base, centre)
    numerators, denominators = series.numerators[start:stop], series.denominators[start:stop]
    laney = chart in ("pp", "up")
    lines = limits.proportion_lines if chart in ("p", "pp") else limits.rate_lines
    return lines(numerators, denominators, base, centre, laney=laney, screen=options.screen_mr)


def _analyse_phase(
    options: ChartOptions, series: Series, start: int, stop: int
) -> tuple[PhaseResult, list, np.ndarray]:
    y = _plotted(options, series, start, stop)
    include = series.include[start:stop]
    # CHART_RULES §2.1 and §3.1: the lines come from the baseline & included subgroups, the rules run
    # over the whole phase (less the excluded subgroups, which only the limits may still flag).
    base = include.copy()
    if series.baseline is not None:
        base[series.baseline :] = False
    lines = _lines(options, series, start, stop, y, base)
    y_runs = y if include.all() else np.where(include, y, np.nan)
    chart = options.chart_type
    run_chart = chart == "run"
    found: list[Signal] = []
    if lines.ucl is not None:
        what = "process limit" if options.rules == "nhs" else "control limit"
        found += limits.beyond_limits(y, lines, start, "outside_limits", what)
    # qicharts2 runs no runs analysis on moving ranges (they are not independent); the counts stay.
    counts_only = chart == "mr"
    if options.rules == "anhoej":
        summary, more = runs.anhoej(y_runs, lines.cl, start, counts_only=counts_only)
    elif options.rules == "ihi":
        summary, more = runs.ihi(y_runs, lines.cl, start, run_chart=run_chart, counts_only=counts_only)
        if run_chart:
            # [choice] IHI's "astronomical point" as Iglewicz–Hoaglin's modified z-score (see
            # spc/astronomical.py): an I chart's limits mark every point after a step change.
            median = lines.cl if options.centre is None else None  # the baseline's median, once
            more = astronomical(y, base, start, median) + more
    else:
        summary, more = nhs.nhs(y_runs, lines, start, counts_only=counts_only)
    return PhaseResult(start=start, end=stop - 1, lines=lines, runs=summary), found + more, y


def _warnings(options: ChartOptions, series: Series, phases: list[PhaseResult]) -> list[str]:
    warnings = []
    if series.ignored_baseline is not None:
        k = series.ignored_baseline
        warnings.append(
            f"The baseline of {k} point{'' if k == 1 else 's'} was ignored: each phase has its own lines."
        )
    if options.chart_type == "t" and options.centre is not None:
        warnings.append("The fixed centre was ignored: a T chart's lines come from the transformed times.")
    for number, phase in enumerate(phases, start=1):
        if not np.isfinite(phase.lines.cl):
            where = f"Phase {number}" if len(phases) > 1 else "The chart"
            warnings.append(f"{where} has no included points with a value, so it has no centre line.")
    return warnings


def compute_chart(values, denominators=None, *, periods=None, options: ChartOptions) -> ChartAnalysis:
    """The analysis as arrays (the engine's core, without building the output dicts)."""
    series = prepare_series(values, denominators, periods, options)
    n = series.y.size
    with_limits = options.chart_type != "run"
    if len(series.phases) == 1:
        # One phase (the usual chart): its arrays are the chart's, shared rather than copied.
        phase, signals, plotted = _analyse_phase(options, series, 0, n)
        phases = [phase]
        cl = np.full(n, phase.lines.cl)
        ucl, lcl = (phase.lines.ucl, phase.lines.lcl) if with_limits else (None, None)
    else:
        phases, signals = [], []
        plotted = np.full(n, np.nan)
        cl = np.full(n, np.nan)
        ucl = np.full(n, np.nan) if with_limits else None
        lcl = np.full(n, np.nan) if with_limits else None
        for start, stop in series.phases:
            phase, found, y = _analyse_phase(options, series, start, stop)
            phases.append(phase)
            signals.extend(found)
            plotted[start:stop] = y
            cl[start:stop] = phase.lines.cl
            if with_limits:
                ucl[start:stop] = phase.lines.ucl
                lcl[start:stop] = phase.lines.lcl
    if len(signals) > 1:
        signals.sort(key=_STRETCH)
    factor = options.multiply
    if factor != 1:
        # qic.agg: multiply scales y, the centre and the limits after every calculation
        plotted, cl = plotted * factor, cl * factor
        if with_limits:
            ucl, lcl = ucl * factor, lcl * factor
    return ChartAnalysis(
        options=options,
        series=series,
        phases=phases,
        signals=signals,
        y=plotted,
        cl=cl,
        ucl=ucl,
        lcl=lcl,
        warnings=_warnings(options, series, phases),
    )


_DEFAULTS = ChartOptions()


def _is_default(name: str, value) -> bool:
    if name in ("phase_starts", "exclude"):
        return not tuple(value)
    default = getattr(_DEFAULTS, name)
    return type(value) is type(default) and value == default


def options_from(options: ChartOptions | None, **given) -> ChartOptions:
    """One ``ChartOptions`` from either the keywords or ``options=``; not both."""
    if options is None:
        return ChartOptions(**given)
    changed = [name for name, value in given.items() if not _is_default(name, value)]
    if changed:
        raise ValueError(
            f"Give the options either in options= or as keywords, not both ({', '.join(changed)})"
        )
    return options
