"""NHS "Making Data Count" rules, as NHSRplotthedots 0.2.2 implements them (CHART_RULES §4.2).

Each rule is evaluated within a phase. Missing points are skipped [choice]: NHSRplotthedots does not
accept them. Every rule's findings are reported; the priority order of §4.2 only decides a point's
single label there, and a point here may belong to several signals.
"""

from __future__ import annotations

import numpy as np

from spc.limits import Lines
from spc.runs import Present, RunsSummary, present, useful_runs
from spc.sequences import blocks
from spc.signals import Signal, side_word, stretch_signals

RUN_LENGTH = 7  # ptd_seven_point_one_side_mean
TREND_LENGTH = 7  # ptd_seven_point_trend


def shifts(points: Present, offset: int, counts_only: bool = False) -> tuple[list[Signal], int | None]:
    """7 or more points in a row on one side of the centre; a point exactly on it breaks the run.

    Returns the signals (none when ``counts_only``) and the longest such run (None when no point is
    off the centre).
    """
    sides = points.sides
    starts, lengths = blocks(sides)
    off_centre = np.abs(sides[starts]) == 1  # not on the centre, and not NaN (no centre at all)
    longest = int(lengths[off_centre].max()) if off_centre.any() else None
    if counts_only:
        return [], longest
    long_enough = off_centre & (lengths >= RUN_LENGTH)
    starts, lengths = starts[long_enough], lengths[long_enough]
    signals = stretch_signals(
        "shift",
        points.positions + offset,
        starts,
        starts + lengths - 1,
        sides[starts],
        lengths,
        lambda count, side: f"{count} points in a row {side_word(side)} the centre line",
    )
    return signals, longest


def trends(points: Present, offset: int) -> list[Signal]:
    """7 or more points in a row each strictly above (or below) the one before; equal neighbours break."""
    steps = np.sign(np.diff(points.values))
    starts, lengths = blocks(steps)
    long_enough = (steps[starts] != 0) & (lengths + 1 >= TREND_LENGTH)
    starts, lengths = starts[long_enough], lengths[long_enough]
    return stretch_signals(
        "trend",
        points.positions + offset,
        starts,
        starts + lengths,
        steps[starts],
        lengths + 1,
        lambda count, side: f"{count} points in a row going {side_word(side, 'up', 'down')}",
    )


def two_of_three(points: Present, lines: Lines, offset: int) -> list[Signal]:
    """2 of 3 consecutive points close to a limit, all 3 on the same side of the centre.

    "Close" is beyond the 2-sigma line but not beyond the limit (ptd_spc_standard); only the close
    points are marked. Overlapping qualifying windows make one signal.
    """
    positions, values, sides = points
    if values.size < 3:
        return []
    with np.errstate(invalid="ignore"):
        outside = (values > lines.ucl[positions]) | (values < lines.lcl[positions])
        close = ~outside & (
            (values > lines.upper_2sigma[positions]) | (values < lines.lower_2sigma[positions])
        )
    close_count = close[:-2].astype(int) + close[1:-1] + close[2:]
    same_side = (sides[:-2] == sides[1:-1]) & (sides[1:-1] == sides[2:]) & (np.abs(sides[:-2]) == 1)
    windows = np.flatnonzero((close_count >= 2) & same_side)
    signals = []
    for group in np.split(windows, np.flatnonzero(np.diff(windows) > 2) + 1) if windows.size else []:
        span = np.arange(group[0], group[-1] + 3)
        marked = span[close[span]]
        side = int(sides[group[0]])
        members = positions[marked] + offset
        signals.append(
            Signal(
                rule="two_of_three",
                start_index=int(members[0]),
                end_index=int(members[-1]),
                side=side,
                description=f"2 of 3 points close to the {side_word(side, 'upper', 'lower')} process limit",
                members=members,
            )
        )
    return signals


def nhs(
    y: np.ndarray, lines: Lines, offset: int, counts_only: bool = False
) -> tuple[RunsSummary, list[Signal]]:
    """The NHS point rules of one phase, except the limits themselves (see ``limits.beyond_limits``).

    ``counts_only``: the statistics without the signals (an MR chart's, which never signals).
    """
    points = present(y, lines.cl)
    shift_signals, longest = shifts(points, offset, counts_only)
    signals = []
    if not counts_only:
        # In the engine's order of rules (engine._RULE_ORDER): 2 of 3, shifts, trends.
        if lines.ucl is not None:
            signals += two_of_three(points, lines, offset)
        signals += shift_signals
        signals += trends(points, offset)
    runs = useful_runs(y, lines.cl, points)
    summary = RunsSummary(
        n_useful=runs.n_useful,
        longest_run=longest,
        longest_run_max=RUN_LENGTH - 1,
        crossings=runs.crossings if runs.n_useful else None,
        crossings_min=None,
        signal=bool(shift_signals),
    )
    return summary, signals
