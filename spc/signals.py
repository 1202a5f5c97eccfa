"""A signal found by a rule, and how its side reads as improvement or deterioration."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

UP, DOWN, NO_SIDE = 1, -1, 0


class Signal(NamedTuple):
    """One finding of one rule.

    ``side`` is UP for a run above the centre, an upward trend or a point above a limit; DOWN for the
    mirror; NO_SIDE for findings that say the process is not random without saying which way
    (too few crossings, too few or too many runs). ``members`` are the indexes of the points the signal
    marks on the chart; ``start_index``..``end_index`` is the stretch it covers. A named tuple, not a
    dataclass, because a long noisy series can give hundreds of signals and this is cheaper to build.
    """

    rule: str
    start_index: int
    end_index: int
    side: int
    description: str
    members: np.ndarray

    def direction(self, better: str | None) -> str:
        """'improvement', 'deterioration' or 'neutral', given which way is better ('up'/'down'/None)."""
        if better is None or self.side == NO_SIDE:
            return "neutral"
        return "improvement" if self.side == (UP if better == "up" else DOWN) else "deterioration"


def side_word(side: int, above: str = "above", below: str = "below") -> str:
    return above if side == UP else below


def stretch_signals(rule, points, firsts, lasts, sides, counts, describe) -> list[Signal]:
    """One signal per stretch ``points[first..last]``; ``points`` holds chart indexes, ``firsts`` and
    ``lasts`` offsets into it. ``describe(count, side)`` words each signal. Built from whole arrays at
    once, because a long noisy series can have hundreds of stretches."""
    return [
        Signal(rule, start, end, side, describe(count, side), points[first : last + 1])
        for start, end, first, last, side, count in zip(
            points[firsts].tolist(),
            points[lasts].tolist(),
            firsts.tolist(),
            lasts.tolist(),
            sides.astype(int).tolist(),
            counts.tolist(),
            strict=True,
        )
    ]
