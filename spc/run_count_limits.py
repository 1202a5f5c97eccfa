"""Limits for the number of runs around the median: a computed stand-in for Perla 2011, Table 1.

Perla's table ("adapted from Swed & Eisenhart (1943)", about 5% risk) could not be verified
(CHART_RULES §2.3), so this computes what it approximates: the exact Wald–Wolfowitz distribution of
the number of runs with n1 = ⌊n/2⌋ and n2 = ⌈n/2⌉ points on the two sides, and α/2 = 0.025 in each
tail. It gives (7, 15) at n = 20 and (5, 13) at n = 16. Published copies differ by ±1 in places.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

import numpy as np

TAIL = Fraction(1, 40)  # α/2 = 0.025
_EXACT_MAX_N = 1000


def _run_count_ways(n1: int, n2: int) -> dict[int, int]:
    """How many of the C(n1 + n2, n1) arrangements have r runs, for every possible r."""
    ways = {}
    for r in range(2, n1 + n2 + 1):
        k = r // 2
        if r % 2 == 0:
            count = 2 * math.comb(n1 - 1, k - 1) * math.comb(n2 - 1, k - 1)
        else:
            count = math.comb(n1 - 1, k - 1) * math.comb(n2 - 1, k) + math.comb(n1 - 1, k) * math.comb(
                n2 - 1, k - 1
            )
        if count:
            ways[r] = count
    return ways


def _limits_exact(n1: int, n2: int) -> tuple[int, int]:
    ways = _run_count_ways(n1, n2)
    total = math.comb(n1 + n2, n1)
    runs = sorted(ways)
    fewest, below = runs[0], 0
    for r in runs:  # fewest: the largest r with P(R < r) ≤ α/2
        if below > TAIL * total:
            break
        fewest, below = r, below + ways[r]
    most, above = runs[-1], 0
    for r in reversed(runs):  # most: the smallest r with P(R > r) ≤ α/2
        if above > TAIL * total:
            break
        most, above = r, above + ways[r]
    return fewest, most


def _log_comb(n: int, k: np.ndarray) -> np.ndarray:
    out = np.full(k.size, -np.inf)
    valid = (k >= 0) & (k <= n)
    out[valid] = [math.lgamma(n + 1) - math.lgamma(j + 1) - math.lgamma(n - j + 1) for j in k[valid].tolist()]
    return out


def _limits_from_logs(n1: int, n2: int) -> tuple[int, int]:
    """The same limits from log probabilities, for n where whole-number sums get slow."""
    n = n1 + n2
    mean = 2 * n1 * n2 / n + 1
    sd = math.sqrt(2 * n1 * n2 * (2 * n1 * n2 - n) / (n * n * (n - 1)))
    r = np.arange(max(2, math.floor(mean - 14 * sd)), min(n, math.ceil(mean + 14 * sd)) + 1)
    k = r // 2
    log_total = math.lgamma(n + 1) - math.lgamma(n1 + 1) - math.lgamma(n2 + 1)
    even = np.log(2) + _log_comb(n1 - 1, k - 1) + _log_comb(n2 - 1, k - 1)
    odd = np.logaddexp(
        _log_comb(n1 - 1, k - 1) + _log_comb(n2 - 1, k), _log_comb(n1 - 1, k) + _log_comb(n2 - 1, k - 1)
    )
    prob = np.exp(np.where(r % 2 == 0, even, odd) - log_total)
    below = np.cumsum(prob) - prob  # P(R < r)
    above = np.cumsum(prob[::-1])[::-1] - prob  # P(R > r)
    tail = float(TAIL)
    fewest = int(r[np.flatnonzero(below <= tail)[-1]])
    most = int(r[np.flatnonzero(above <= tail)[0]])
    return fewest, most


@lru_cache(maxsize=4096)
def run_count_limits(n_useful: int) -> tuple[int, int]:
    """(fewest, most) runs for n useful points: fewer than ``fewest`` or more than ``most`` signals."""
    n1, n2 = n_useful // 2, n_useful - n_useful // 2
    if n1 == 0:
        return 1, 1  # a single point is a single run
    if n_useful <= _EXACT_MAX_N:
        return _limits_exact(n1, n2)
    return _limits_from_logs(n1, n2)
