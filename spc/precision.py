"""Centre lines rounded the way R rounds them, so that "exactly on the centre line" agrees with R.

CHART_RULES §2.1 (Precision): a point counts as on the CL by floating-point ``==``, so the last bit
of the CL matters. R's ``mean()`` (summary.c) sums left to right in long double, divides by n, adds
the long-double mean of the residuals, and rounds to a double. A naive ``sum(x) / n`` can be an ulp
off (49.699999999999996 where R gives 49.7).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

# R's LDOUBLE is the x87 80-bit format on x86-64; numpy's longdouble is the same type there.
EXTENDED = np.finfo(np.longdouble).nmant >= 63


def _exact_sum(values: np.ndarray) -> Fraction:
    """Σ values to about 106 bits: math.fsum's correctly rounded sum plus its own remainder."""
    terms = values.tolist()
    high = math.fsum(terms)
    terms.append(-high)
    return Fraction(high) + Fraction(math.fsum(terms))


def exact_mean(values: np.ndarray) -> float:
    """The correctly rounded mean: math.fsum plus the remainder that R's correction pass recovers."""
    return float(_exact_sum(values) / values.size)


def r_mean(values: np.ndarray) -> float:
    """R's ``mean()`` of an array, bit for bit where long double is extended; NaN for an empty array.

    ``cumsum`` accumulates left to right, as R does (numpy's ``sum`` is pairwise). Without extended
    precision the correctly rounded mean stands in: the same as R's except where R's own correction
    pass misrounds (values far larger than their mean).
    """
    if values.size == 0:
        return math.nan
    if not EXTENDED:
        return exact_mean(values)
    # In place: two fewer long-double temporaries of 16 bytes a point, whose allocation costs more
    # than the sums themselves at 10,000 points.
    wide = values.astype(np.longdouble)
    sums = np.cumsum(wide)
    mean = sums[-1] / values.size
    if np.isfinite(mean):
        np.subtract(wide, mean, out=wide)
        mean += np.cumsum(wide, out=sums)[-1] / values.size
    return float(mean)


def spread_mean(values: np.ndarray) -> float:
    """A mean for spreads (moving ranges), within an ulp of R's ``mean()`` and three times faster.

    [choice] (spc/RULES.md §8) R's two passes, but each long-double sum is numpy's pairwise one, not
    left to right. Only a centre line has to match R to the last bit (a point on it is not useful);
    an average moving range sets limits, and a value exactly on a limit to the last bit does not occur
    in measured data.
    """
    if values.size == 0:
        return math.nan
    if not EXTENDED:
        return exact_mean(values)
    wide = values.astype(np.longdouble)
    mean = np.sum(wide) / values.size
    if np.isfinite(mean):
        mean += np.sum(np.subtract(wide, mean, out=wide)) / values.size
    return float(mean)


def exact_ratio(numerators: np.ndarray, denominators: np.ndarray) -> float:
    """Σ numerators / Σ denominators, correctly rounded (p̄ and ū, CHART_RULES §3.2).

    With whole-number counts both sums are exact in doubles, as they are in R; one IEEE division is
    then correctly rounded, like R's.
    """
    if denominators.size == 0:
        return math.nan
    total_num = float(np.sum(numerators))
    total_den = float(np.sum(denominators))
    if (
        max(abs(total_num), total_den) < 2**53
        and np.all(numerators == np.round(numerators))
        and np.all(denominators == np.round(denominators))
    ):
        return total_num / total_den
    return float(_exact_sum(numerators) / _exact_sum(denominators))
