"""The chart engine: from values to centre lines, limits and signals, phase by phase."""

from __future__ import annotations

import numpy as np

from spc import limits, nhs, runs
from spc.analysis import ChartAnalysis, PhaseResult
from spc.inputs import Series, prepare_series
from spc.options import ChartOptions
from spc.output import to_dict
from spc.signals import Signal

_RULE_ORDER = {
    rule: i for i, rule in enumerate(("outside_limits", "astronomical", "two_of_three", "shift", "trend"))
}


def _lines(options: ChartOptions, series: Series, start: int, stop: int, base: int) -> limits.Lines:
    y = series.y[start:stop]
    chart = options.chart_type
    if chart == "run":
        return limits.run_chart_lines(y, base)
    if chart == "i":
        return limits.individuals_lines(y, base, options.screen_mr, nhs=options.rules == "nhs")
    if chart == "c":
        return limits.count_lines(y, base)
    numerators, denominators = series.numerators[start:stop], series.denominators[start:stop]
    if chart == "p":
        return limits.proportion_lines(numerators, denominators, base)
    return limits.rate_lines(numerators, denominators, base)


def _analyse_phase(options: ChartOptions, series: Series, start: int, stop: int) -> tuple[PhaseResult, list]:
    y = series.y[start:stop]
    # CHART_RULES §2.1: the lines come from the baseline, the rules run over the whole phase.
    base = series.baseline if series.baseline is not None else y.size
    lines = _lines(options, series, start, stop, base)
    run_chart = options.chart_type == "run"
    found: list[Signal] = []
    if lines.ucl is not None:
        what = "process limit" if options.rules == "nhs" else "control limit"
        found += limits.beyond_limits(y, lines, start, "outside_limits", what)
    if options.rules == "anhoej":
        summary, more = runs.anhoej(y, lines.cl, start)
    elif options.rules == "ihi":
        summary, more = runs.ihi(y, lines.cl, start, run_chart=run_chart)
        if run_chart:
            # [choice] IHI's "astronomical point" made computable: beyond the 3-sigma limits of an
            # I chart of the same phase (same baseline and MR screening).
            i_chart = limits.individuals_lines(y, base, options.screen_mr)
            more += limits.beyond_limits(
                y, i_chart, start, "astronomical", "limit of an I chart of these points"
            )
    else:
        summary, more = nhs.nhs(y, lines, start)
    return PhaseResult(start=start, end=stop - 1, lines=lines, runs=summary), found + more


def compute_chart(values, denominators=None, *, periods=None, options: ChartOptions) -> ChartAnalysis:
    """The analysis as arrays (the engine's core, without building the output dicts)."""
    series = prepare_series(values, denominators, periods, options)
    n = series.y.size
    phases, signals = [], []
    cl = np.full(n, np.nan)
    with_limits = options.chart_type != "run"
    ucl = np.full(n, np.nan) if with_limits else None
    lcl = np.full(n, np.nan) if with_limits else None
    for start, stop in series.phases:
        phase, found = _analyse_phase(options, series, start, stop)
        phases.append(phase)
        signals.extend(found)
        cl[start:stop] = phase.lines.cl
        if with_limits:
            ucl[start:stop] = phase.lines.ucl
            lcl[start:stop] = phase.lines.lcl
    signals.sort(key=lambda s: (s.start_index, s.end_index, _RULE_ORDER.get(s.rule, len(_RULE_ORDER))))
    return ChartAnalysis(
        options=options, series=series, phases=phases, signals=signals, cl=cl, ucl=ucl, lcl=lcl
    )


_DEFAULTS = ChartOptions()


def _is_default(name: str, value) -> bool:
    if name == "phase_starts":
        return not tuple(value)
    default = getattr(_DEFAULTS, name)
    return type(value) is type(default) and value == default


def analyze(
    values,
    denominators=None,
    *,
    periods=None,
    chart_type="run",
    baseline=None,
    phase_starts=(),
    screen_mr=True,
    rules="anhoej",
    direction=None,
    options: ChartOptions | None = None,
) -> dict:
    """Analyse one chart and return plain, JSON-ready data (see the package docstring for the shape).

    The keyword options may instead come as one ``ChartOptions`` in ``options``; not both.
    """
    given = {
        "chart_type": chart_type,
        "baseline": baseline,
        "phase_starts": phase_starts,
        "screen_mr": screen_mr,
        "rules": rules,
        "direction": direction,
    }
    if options is None:
        options = ChartOptions(**given)
    else:
        changed = [name for name, value in given.items() if not _is_default(name, value)]
        if changed:
            raise ValueError(
                f"Give the options either in options= or as keywords, not both ({', '.join(changed)})"
            )
    return to_dict(compute_chart(values, denominators, periods=periods, options=options))
