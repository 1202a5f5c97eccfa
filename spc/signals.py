"""A signal found by a rule, and how its side reads as improvement or deterioration."""

from __future__ import annotations

from functools import partial
from itertools import repeat
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


def _signal_rows(rows) -> list[Signal]:
    # tuple.__new__ straight from C: the named tuple's own __new__ is a Python call per signal.
    return list(map(partial(tuple.__new__, Signal), rows))


def stretch_signals(rule, points, firsts, lasts, sides, counts, describe) -> list[Signal]:
    """One signal per stretch ``points[first..last]``; ``points`` holds chart indexes, ``firsts`` and
    ``lasts`` offsets into it. ``describe(count, side)`` words each signal. Built from whole arrays at
    once, because a long noisy series can have hundreds of stretches; the few distinct (count, side)
    pairs are worded once each."""
    if not len(firsts):
        return []
    sides = sides.astype(int).tolist()
    keys = list(zip(counts.tolist(), sides, strict=True))
    words = {key: describe(*key) for key in set(keys)}
    members = map(points.__getitem__, map(slice, firsts.tolist(), (lasts + 1).tolist()))
    return _signal_rows(
        zip(
            repeat(rule, len(firsts)),
            points[firsts].tolist(),
            points[lasts].tolist(),
            sides,
            map(words.__getitem__, keys),
            members,
            strict=True,
        )
    )


def point_signals(rule, indexes: np.ndarray, sides: np.ndarray, describe) -> list[Signal]:
    """One signal per point of ``indexes`` (chart indexes), ``describe(side)`` wording it; the members
    are views of one array rather than an array per point."""
    if not indexes.size:
        return []
    sides = sides.astype(int).tolist()
    words = {side: describe(side) for side in set(sides)}
    starts = indexes.tolist()
    members = map(indexes.__getitem__, map(slice, range(indexes.size), range(1, indexes.size + 1)))
    return _signal_rows(
        zip(
            repeat(rule, indexes.size),
            starts,
            starts,
            sides,
            map(words.__getitem__, sides),
            members,
            strict=True,
        )
    )
