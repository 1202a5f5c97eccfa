"""Run-chart rules around a centre line: Anhøj (CHART_RULES §2.1) and IHI (Perla 2011, §2.2).

Both skip points exactly on the centre line and missing points: they neither break a run nor count
in it, and a crossing is counted across them. The "useful" points are what is left.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from spc.binomial import crossings_min, longest_run_max
from spc.run_count_limits import run_count_limits
from spc.sequences import blocks
from spc.signals import NO_SIDE, Signal, side_word, stretch_signals

IHI_SHIFT = 6  # Perla 2011: 6 or more points on one side of the median
IHI_TREND = 5  # Perla 2011: 5 or more points all going up or all going down


@dataclass(frozen=True)
class RunsSummary:
    """The run analysis of one phase, in Anhøj's terms (qicharts2 ``runs.analysis``).

    The limits are those of the rule set: a run longer than ``longest_run_max`` or fewer crossings
    than ``crossings_min`` signals. ``None`` marks a statistic there are no useful points for, or a
    limit the rule set does not use.
    """

    n_useful: int
    longest_run: int | None = None
    longest_run_max: int | None = None
    crossings: int | None = None
    crossings_min: int | None = None
    signal: bool = False

    def as_dict(self) -> dict:
        return {
            "longest_run": self.longest_run,
            "longest_run_max": self.longest_run_max,
            "crossings": self.crossings,
            "crossings_min": self.crossings_min,
            "signal": self.signal,
        }


@dataclass(frozen=True)
class UsefulRuns:
    """Runs of useful points: ``positions`` are the useful points' indexes within the phase."""

    positions: np.ndarray
    sides: np.ndarray
    starts: np.ndarray  # offsets into positions
    lengths: np.ndarray

    @property
    def n_useful(self) -> int:
        return int(self.positions.size)

    @property
    def crossings(self) -> int:
        return max(int(self.lengths.size) - 1, 0)

    @property
    def longest(self) -> int:
        return int(self.lengths.max())


class Present(NamedTuple):
    """The points of a phase that have a value, and their sides of the centre line, found once for
    all the rules of a rule set."""

    positions: np.ndarray  # their indexes within the phase
    values: np.ndarray
    sides: np.ndarray  # sign(value − CL): −1, 0 on the line, 1; NaN for every point when there is no CL


def present(y: np.ndarray, cl: float) -> Present:
    positions = np.flatnonzero(~np.isnan(y))
    values = y[positions]
    with np.errstate(invalid="ignore"):
        sides = np.sign(values - cl)
    return Present(positions, values, sides)


def useful_runs(y: np.ndarray, cl: float, points: Present | None = None) -> UsefulRuns:
    """The runs of the useful points (off the centre line); ``points``, when given, is
    ``present(y, cl)`` already found."""
    points = present(y, cl) if points is None else points
    useful = np.abs(points.sides) == 1  # neither on the line nor NaN
    positions = points.positions[useful]
    sides = points.sides[useful]
    starts, lengths = blocks(sides)
    return UsefulRuns(positions=positions, sides=sides, starts=starts, lengths=lengths)


def shift_signals(runs: UsefulRuns, min_length: int, offset: int) -> list[Signal]:
    """A signal for every run of at least ``min_length`` useful points; it marks those points."""
    long_enough = runs.lengths >= min_length
    firsts, lengths = runs.starts[long_enough], runs.lengths[long_enough]
    return stretch_signals(
        "shift",
        runs.positions + offset,
        firsts,
        firsts + lengths - 1,
        runs.sides[firsts],
        lengths,
        lambda count, side: f"{count} points in a row {side_word(side)} the centre line",
    )


def _whole_phase(runs: UsefulRuns, offset: int, size: int, rule: str, description: str) -> Signal:
    return Signal(
        rule=rule,
        start_index=offset,
        end_index=offset + size - 1,
        side=NO_SIDE,
        description=description,
        members=runs.positions + offset,
    )


def anhoej(
    y: np.ndarray, cl: float, offset: int, counts_only: bool = False
) -> tuple[RunsSummary, list[Signal]]:
    """Anhøj: longest run > round(log2(n) + 3), or crossings < qbinom(0.05, n − 1, 0.5).

    ``counts_only``: the statistics without the signals (an MR chart's, which never signals).
    """
    runs = useful_runs(y, cl)
    n = runs.n_useful
    if n == 0:
        return RunsSummary(n_useful=0), []  # no useful points: every statistic NA, no signal
    run_max, cross_min = longest_run_max(n), crossings_min(n)
    if counts_only:
        return RunsSummary(n, runs.longest, run_max, runs.crossings, cross_min), []
    signals = shift_signals(runs, run_max + 1, offset)
    if runs.crossings < cross_min:
        signals.append(
            _whole_phase(
                runs,
                offset,
                y.size,
                "crossings",
                f"Too few crossings of the centre line ({runs.crossings} in {n} useful points, "
                f"fewer than {cross_min} is unusual)",
            )
        )
    summary = RunsSummary(
        n_useful=n,
        longest_run=runs.longest,
        longest_run_max=run_max,
        crossings=runs.crossings,
        crossings_min=cross_min,
        signal=bool(signals),
    )
    return summary, signals


def ihi_trends(
    y: np.ndarray, offset: int, min_points: int = IHI_TREND, points: Present | None = None
) -> list[Signal]:
    """IHI trend: ``min_points`` or more points all going up or all going down.

    Equal consecutive values are ignored: they neither add to nor break a trend (``1,2,3,3,4,5`` is a
    5-point trend). A turning point belongs to both trends. Missing points are skipped [choice]. A trend
    starts at the last of a block of equal values and ends at the first, so the flat ends are not in it.
    """
    if points is None:
        positions = np.flatnonzero(~np.isnan(y))
        values = y[positions]
    else:
        positions, values = points.positions, points.values
    if values.size < 2:
        return []
    first_of_block = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
    steps = np.sign(np.diff(values[first_of_block]))  # never 0: equal neighbours are one block
    starts, lengths = blocks(steps)
    long_enough = lengths + 1 >= min_points
    starts, lengths = starts[long_enough], lengths[long_enough]
    return stretch_signals(
        "trend",
        positions + offset,
        first_of_block[starts + 1] - 1,  # the last of the block each trend starts from
        first_of_block[starts + lengths],
        steps[starts],
        lengths + 1,
        lambda count, side: f"{count} points in a row going {side_word(side, 'up', 'down')}",
    )


def ihi(
    y: np.ndarray, cl: float, offset: int, run_chart: bool, counts_only: bool = False
) -> tuple[RunsSummary, list[Signal]]:
    """IHI (Perla 2011): shift of 6+, trend of 5+, and on run charts too few or too many runs.

    The runs-count limits are the computed Swed–Eisenhart stand-in of CHART_RULES §2.3, not
    Perla's Table 1 (see ``run_count_limits``). ``counts_only``: the statistics of a chart that
    never signals (MR, which is not a run chart).
    """
    points = present(y, cl)
    runs = useful_runs(y, cl, points)
    n = runs.n_useful
    if counts_only and not run_chart:
        if n == 0:
            return RunsSummary(n_useful=0), []
        return RunsSummary(n, runs.longest, IHI_SHIFT - 1, runs.crossings, None), []
    trends = ihi_trends(y, offset, points=points)
    if n == 0:
        return RunsSummary(n_useful=0), trends
    shifts = shift_signals(runs, IHI_SHIFT, offset)
    signals = [*shifts, *trends]  # in the engine's order of rules (engine._RULE_ORDER)
    cross_min = None
    run_signal = False
    if run_chart:
        fewest, most = run_count_limits(n)
        count = runs.crossings + 1
        cross_min = fewest - 1  # runs < fewest ⇔ crossings < fewest − 1
        if count < fewest or count > most:
            run_signal = True
            verdict, bound = (
                ("few", f"fewer than {fewest}") if count < fewest else ("many", f"more than {most}")
            )
            signals.append(
                _whole_phase(
                    runs,
                    offset,
                    y.size,
                    "runs",
                    f"Too {verdict} runs ({count} in {n} useful points, {bound} is unusual)",
                )
            )
    summary = RunsSummary(
        n_useful=n,
        longest_run=runs.longest,
        longest_run_max=IHI_SHIFT - 1,
        crossings=runs.crossings,
        crossings_min=cross_min,
        signal=bool(shifts) or run_signal,
    )
    return summary, signals
