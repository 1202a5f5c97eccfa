"""The NHS "Making Data Count" icons (NHSRplotthedots ``ptd_get_icons``, CHART_RULES §4.2).

[choice] Every rule set gets them, not only ``nhs``: the variation icon reads the signals of
whichever rules were run, at the latest point with a value.
"""

from __future__ import annotations

import math

import numpy as np

from spc.signals import NO_SIDE, UP, Signal

# NHSRplotthedots' priority (§4.2): the limits first, then trends, 2 of 3, and runs on one side.
_PRIORITY = {"outside_limits": 0, "astronomical": 0, "trend": 1, "two_of_three": 2, "shift": 3}


def latest_point(y: np.ndarray) -> int | None:
    """[choice] The latest point with a value: a trailing missing period says nothing new."""
    present = np.flatnonzero(~np.isnan(y))
    return int(present[-1]) if present.size else None


def variation_icon(signals: list[Signal], latest: int | None, direction: str | None) -> str:
    best = None
    if latest is not None:
        for signal in signals:
            rank = _PRIORITY.get(signal.rule)
            if rank is None or signal.side == NO_SIDE:
                continue
            contains = signal.start_index <= latest <= signal.end_index and latest in signal.members
            if contains and (best is None or rank < _PRIORITY[best.rule]):
                best = signal
    if best is None:
        return "common_cause"
    high = best.side == UP
    if direction is None:
        return "neutral_high" if high else "neutral_low"
    if (direction == "up") == high:
        return "improvement_high" if high else "improvement_low"
    return "concern_high" if high else "concern_low"


def assurance_icon(target: float | None, direction: str | None, ucl: float, lcl: float) -> str | None:
    """Where the target lies against the latest limits (ptd_calculate_assurance_type)."""
    if target is None or direction is None or not (math.isfinite(ucl) and math.isfinite(lcl)):
        return None
    if target > ucl:
        return "consistent_fail" if direction == "up" else "consistent_pass"
    if target < lcl:
        return "consistent_pass" if direction == "up" else "consistent_fail"
    return "inconsistent"
