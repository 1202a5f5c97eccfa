"""Quantiles of the Binomial(size, ½) distribution, exact as R's ``qbinom(p, size, 0.5)``.

Anhøj's crossings limit is ``qbinom(0.05, n − 1, 0.5)`` (Chen 2010; CHART_RULES §2.1): the smallest k
with P(X ≤ k) ≥ p.

* Up to ``_EXACT_MAX_SIZE`` trials the cumulative sum is done in whole numbers: Σ C(size, i) against
  p·2^size, with p the exact value of the double R receives.
* Above that, the probabilities are summed in log space around the normal estimate (relative error
  ≤ 1e-10 up to 100,000 trials). The answer is accepted only when neither neighbouring cumulative
  probability lies within ``_MARGIN`` of p; otherwise the whole-number sum decides. Checked for every
  size from 1,000 to 100,000: the whole-number fallback is never needed, and no cumulative probability
  lies within 7e-9 of 0.05, far outside R's own rounding and its 64-ulp search fuzz, so R agrees.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

_EXACT_MAX_SIZE = 1500
_MARGIN = 1e-9
_LOWER_5_PERCENT_Z = -1.6448536269514722  # qnorm(0.05)


def _log_factorials(values: np.ndarray) -> np.ndarray:
    return np.array([math.lgamma(v + 1.0) for v in values.tolist()])


def _quantile_exact(p: float, size: int) -> int:
    numerator, denominator = p.as_integer_ratio()
    goal = numerator << size  # P(X ≤ k) ≥ p  ⇔  Σ C(size, i) · denominator ≥ numerator · 2^size
    cumulative, term = 0, 1
    for k in range(size + 1):
        cumulative += term
        if cumulative * denominator >= goal:
            return k
        term = term * (size - k) // (k + 1)
    return size


def _quantile_from_logs(p: float, size: int) -> int | None:
    sd = math.sqrt(size) / 2
    guess = size / 2 + _z_for(p) * sd
    low = max(0, math.floor(guess - 14 * sd))
    high = min(size, math.ceil(guess + 14 * sd))
    k = np.arange(low, high + 1)
    log_pmf = math.lgamma(size + 1.0) - _log_factorials(k) - _log_factorials(size - k) - size * math.log(2)
    cdf = np.cumsum(np.exp(log_pmf))  # mass below `low` is under 1e-40: 14 sd below the mean
    index = int(np.searchsorted(cdf, p))  # first cdf ≥ p
    if index == 0 or index >= cdf.size:
        return None
    if abs(cdf[index] - p) < _MARGIN or abs(cdf[index - 1] - p) < _MARGIN:
        return None
    return low + index


def _z_for(p: float) -> float:
    """The normal quantile, only as a centre for the window of terms summed."""
    if p == 0.05:
        return _LOWER_5_PERCENT_Z
    low, high = -40.0, 40.0
    for _ in range(100):
        mid = (low + high) / 2
        if 0.5 * math.erfc(-mid / math.sqrt(2)) < p:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def binomial_half_quantile(p: float, size: int) -> int:
    """R's ``qbinom(p, size, 0.5)`` for 0 < p < 1 and a whole number of trials ≥ 0."""
    if size == 0:
        return 0
    if size <= _EXACT_MAX_SIZE:
        return _quantile_exact(p, size)
    found = _quantile_from_logs(p, size)
    return _quantile_exact(p, size) if found is None else found


@lru_cache(maxsize=8192)
def crossings_min(n_useful: int) -> int:
    """Anhøj: fewer crossings than ``qbinom(0.05, n − 1, 0.5)`` is unusual (Chen 2010)."""
    return binomial_half_quantile(0.05, max(n_useful - 1, 0))


def longest_run_max(n_useful: int) -> int:
    """Anhøj: a run longer than ``round(log2(n) + 3)`` is unusual (Schilling 2012).

    log2(n) + 3 is never exactly x.5 for whole n, so Python's and R's rounding agree.
    """
    return round(math.log2(n_useful) + 3)
