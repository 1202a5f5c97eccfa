"""Centre lines and control limits (CHART_RULES §3.2, §3.3 and §4.1), one phase at a time.

Every function takes the phase's plotted values ``y`` (NaN where missing) and ``base``, the number of
leading points the lines are computed from (the whole phase, or the frozen baseline), and returns
lines for every point of the phase.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from spc.precision import exact_ratio, r_mean
from spc.signals import DOWN, UP, Signal, side_word

D2 = 1.128  # d2 for moving ranges of two points
D4 = 3.267  # D4 for moving ranges of two points: the screening threshold (Nelson 1982)
NHS_LIMIT = 2.66  # NHSRplotthedots ptd_spc_standard: mean ± 2.66·AMR
NHS_CLOSE = 2 * (NHS_LIMIT / 3)  # … and "close to the limits" beyond mean ± 2/3 of that


@dataclass(frozen=True)
class Lines:
    """The lines of one phase. Arrays hold one value per point, NaN where a line is undefined."""

    cl: float
    ucl: np.ndarray | None = None
    lcl: np.ndarray | None = None
    upper_2sigma: np.ndarray | None = None  # the edge of NHS "close to the limits"
    lower_2sigma: np.ndarray | None = None
    amr: float | None = None


def _present(values: np.ndarray) -> np.ndarray:
    return values[~np.isnan(values)]


def _finite(values: np.ndarray) -> np.ndarray:
    # qic.agg: limits that are not finite become NA
    return np.where(np.isfinite(values), values, np.nan)


def average_moving_range(y_base: np.ndarray, screen: bool, centre: float = 0.0) -> float:
    """AMR over consecutive baseline points; a missing point removes the two ranges it belongs to.

    Screening (Nelson 1982, CHART_RULES §3.3): keep the ranges < 3.267·AMR, recompute once. When AMR
    is 0 no range is kept and the AMR is undefined, as in qicharts2 and NHSRplotthedots.
    """
    ranges = _present(np.abs(np.diff(y_base - centre)))
    amr = r_mean(ranges)
    if screen and ranges.size:
        amr = r_mean(ranges[ranges < D4 * amr])
    return amr


def _constant(value: float, size: int) -> np.ndarray:
    return np.full(size, value if math.isfinite(value) else np.nan)


def run_chart_lines(y: np.ndarray, base: int) -> Lines:
    present = _present(y[:base])
    return Lines(cl=float(np.median(present)) if present.size else math.nan)


def individuals_lines(y: np.ndarray, base: int, screen: bool, nhs: bool = False) -> Lines:
    """I (XmR) chart: mean ± 3·AMR/1.128 (qicharts2), or mean ± 2.66·AMR (NHS, §4.1); never clamped."""
    size = y.size
    cl = r_mean(_present(y[:base]))
    if nhs:
        amr = average_moving_range(y[:base], screen)
        spread, close = NHS_LIMIT * amr, NHS_CLOSE * amr
    else:
        # qic.i takes the ranges of y − CL; the subtraction can move the last bit, so it is kept.
        amr = average_moving_range(y[:base], screen, centre=cl)
        sigma = amr / D2
        spread, close = 3 * sigma, 2 * sigma
    return Lines(
        cl=cl,
        ucl=_constant(cl + spread, size),
        lcl=_constant(cl - spread, size),
        upper_2sigma=_constant(cl + close, size),
        lower_2sigma=_constant(cl - close, size),
        amr=amr,
    )


def _sigma_lines(cl: float, sigma: np.ndarray, clamp_upper: bool) -> Lines:
    with np.errstate(invalid="ignore"):
        ucl, lcl = cl + 3 * sigma, cl - 3 * sigma
        upper2, lower2 = cl + 2 * sigma, cl - 2 * sigma
        lcl, lower2 = np.maximum(lcl, 0.0), np.maximum(lower2, 0.0)  # counts and rates are ≥ 0
        if clamp_upper:
            ucl, upper2 = np.minimum(ucl, 1.0), np.minimum(upper2, 1.0)  # a proportion is ≤ 1
    return Lines(
        cl=cl, ucl=_finite(ucl), lcl=_finite(lcl), upper_2sigma=_finite(upper2), lower_2sigma=_finite(lower2)
    )


def _weighted_centre(numerators: np.ndarray, denominators: np.ndarray, base: int) -> float:
    num, den = numerators[:base], denominators[:base]
    complete = ~np.isnan(num)
    return exact_ratio(num[complete], den[complete])


def proportion_lines(numerators: np.ndarray, denominators: np.ndarray, base: int) -> Lines:
    """P chart: p̄ = Σy/Σn over the baseline, p̄ ± 3√(p̄(1−p̄)/nᵢ), clamped to [0, 1]."""
    cl = _weighted_centre(numerators, denominators, base)
    with np.errstate(invalid="ignore"):
        sigma = np.sqrt(cl * (1 - cl) / denominators)
    return _sigma_lines(cl, sigma, clamp_upper=True)


def rate_lines(numerators: np.ndarray, denominators: np.ndarray, base: int) -> Lines:
    """U chart: ū = Σy/Σn over the baseline, ū ± 3√(ū/nᵢ), LCL ≥ 0."""
    cl = _weighted_centre(numerators, denominators, base)
    with np.errstate(invalid="ignore"):
        sigma = np.sqrt(cl / denominators)
    return _sigma_lines(cl, sigma, clamp_upper=False)


def count_lines(y: np.ndarray, base: int) -> Lines:
    """C chart: c̄ ± 3√c̄, LCL ≥ 0."""
    cl = r_mean(_present(y[:base]))
    return _sigma_lines(cl, np.full(y.size, math.sqrt(cl) if cl >= 0 else math.nan), clamp_upper=False)


def beyond_limits(y: np.ndarray, lines: Lines, offset: int, rule: str, what: str) -> list[Signal]:
    """One signal per point strictly above the UCL or strictly below the LCL (CHART_RULES §3.1)."""
    with np.errstate(invalid="ignore"):
        above = y > lines.ucl
        below = y < lines.lcl
    signals = []
    for local in np.flatnonzero(above | below).tolist():
        side = UP if above[local] else DOWN
        index = offset + local
        signals.append(
            Signal(
                rule=rule,
                start_index=index,
                end_index=index,
                side=side,
                description=f"A point {side_word(side)} the {side_word(side, 'upper', 'lower')} {what}",
                members=np.array([index]),
            )
        )
    return signals
