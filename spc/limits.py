"""Centre lines and control limits (CHART_RULES §3.2, §3.3 and §4.1), one phase at a time.

Every function takes the phase's subgroups and ``base``, a boolean mask of the subgroups the lines
are computed from (the baseline, or the whole phase, less the excluded subgroups: qicharts2's
``baseline & include``), and returns lines for every subgroup of the phase. ``centre``, when given,
replaces the computed centre line (qicharts2 ``cl``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from spc.precision import exact_ratio, r_mean, spread_mean
from spc.signals import DOWN, UP, Signal, point_signals, side_word

D2 = 1.128  # d2 for moving ranges of two points
D4 = 3.267  # D4 for moving ranges of two points: the screening threshold (Nelson 1982)
NHS_LIMIT = 2.66  # NHSRplotthedots ptd_spc_standard: mean ± 2.66·AMR
NHS_CLOSE = 2 * (NHS_LIMIT / 3)  # … and "close to the limits" beyond mean ± 2/3 of that
T_POWER = 3.6  # qicharts2 qic.t: an I chart of y^(1/3.6) (Nelson's transformation of exponential times)
G_MEDIAN = 0.693  # qicharts2 qic.g: the centre shown for a user-given mean (≈ ln 2, a geometric median)


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
    """qic.agg: limits that are not finite become NA. Takes a fresh array, which it may return."""
    finite = np.isfinite(values)
    return values if finite.all() else np.where(finite, values, np.nan)


def average_moving_range(y_base: np.ndarray, screen: bool, centre: float = 0.0) -> float:
    """AMR over consecutive baseline points; a missing point removes the two ranges it belongs to.

    Excluded points are not in ``y_base``, so the ranges bridge over them (qic.i diffs ``y[base]``).
    Screening (Nelson 1982, CHART_RULES §3.3): keep the ranges < 3.267·AMR, recompute once. When AMR
    is 0 no range is kept and the AMR is undefined, as in qicharts2 and NHSRplotthedots.
    """
    ranges = _present(np.abs(np.diff(y_base - centre)))
    amr = spread_mean(ranges)
    if screen and ranges.size:
        amr = spread_mean(ranges[ranges < D4 * amr])
    return amr


def _constant(value: float, size: int) -> np.ndarray:
    return np.full(size, value if math.isfinite(value) else np.nan)


def run_chart_lines(y: np.ndarray, base: np.ndarray, centre: float | None = None) -> Lines:
    if centre is not None:
        return Lines(cl=centre)
    present = _present(y[base])
    return Lines(cl=float(np.median(present)) if present.size else math.nan)


def individuals_lines(
    y: np.ndarray, base: np.ndarray, screen: bool, nhs: bool = False, centre: float | None = None
) -> Lines:
    """I (XmR) chart: mean ± 3·AMR/1.128 (qicharts2), or mean ± 2.66·AMR (NHS, §4.1); never clamped."""
    size = y.size
    y_base = y[base]
    cl = r_mean(_present(y_base)) if centre is None else centre
    if nhs:
        amr = average_moving_range(y_base, screen)
        spread, close = NHS_LIMIT * amr, NHS_CLOSE * amr
    else:
        # qic.i takes the ranges of y − CL; the subtraction can move the last bit, so it is kept.
        amr = average_moving_range(y_base, screen, centre=cl)
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


def moving_ranges(y: np.ndarray) -> np.ndarray:
    """qic.mr: |yᵢ − yᵢ₋₁| between consecutive subgroups of the phase; the first is missing."""
    return np.concatenate(([np.nan], np.abs(np.diff(y))))


def moving_range_lines(mr: np.ndarray, base: np.ndarray, centre: float | None = None) -> Lines:
    """MR chart: CL = mean of the baseline ranges (never screened), UCL = 3.267·CL, LCL = 0."""
    cl = r_mean(_present(mr[base])) if centre is None else centre
    size = mr.size
    return Lines(
        cl=cl,
        ucl=_constant(D4 * cl, size),
        lcl=_constant(0.0, size),
        upper_2sigma=_constant(D4 / 3 * 2 * cl, size),
        lower_2sigma=_constant(0.0, size),
        amr=cl,
    )


def c4(n: np.ndarray) -> np.ndarray:
    """c4(n) = √(2/(n−1))·Γ(n/2)/Γ((n−1)/2), through log-gamma (qicharts2 ``c4``); NaN where n ≤ 1."""
    n = np.asarray(n, dtype=float)
    out = np.full(n.shape, np.nan)
    ok = n > 1
    lgamma = np.vectorize(math.lgamma, otypes=[float])
    if ok.any():
        m = n[ok]
        out[ok] = np.sqrt(2 / (m - 1)) * np.exp(lgamma(m / 2) - lgamma((m - 1) / 2))
    return out


def _c4_by_size(n: np.ndarray) -> np.ndarray:
    # Subgroup sizes repeat a lot; the gamma functions run once per distinct size.
    sizes, inverse = np.unique(n, return_inverse=True)
    return c4(sizes)[inverse]


def a3(n: np.ndarray, sigmas: float = 3.0) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return sigmas / (_c4_by_size(n) * np.sqrt(n))


def _b_factors(c: np.ndarray, sigmas: float = 3.0) -> tuple[np.ndarray, np.ndarray]:
    """B3 and B4 from c4(n)."""
    with np.errstate(invalid="ignore"):
        spread = sigmas * np.sqrt(1 - c**2) / c
        return np.maximum(0.0, 1 - spread), 1 + spread  # B3 (NaN stays NaN), B4


def pooled_sd(sd: np.ndarray, size: np.ndarray, base: np.ndarray, mixed: bool | None = None) -> float:
    """s̄ (CHART_RULES §3.2): mean of the sds when every subgroup of the phase has the same size,
    otherwise √(Σ(nᵢ−1)sᵢ²/Σ(nᵢ−1)) over the baseline. As in qicharts2, an empty subgroup's −1 stays
    in the denominator. ``mixed``: whether the sizes differ, when the caller knows."""
    if np.unique(size).size > 1 if mixed is None else mixed:
        weights = size[base] - 1
        squares = weights * sd[base] ** 2
        with np.errstate(invalid="ignore", divide="ignore"):
            return math.sqrt(np.nansum(squares) / np.sum(weights)) if np.sum(weights) > 0 else math.nan
    return r_mean(_present(sd[base]))


def _size_lines(cl: float, sizes: np.ndarray, inverse: np.ndarray, limits_of) -> Lines:
    """Lines that depend on the subgroup size only: ``limits_of(sizes)`` gives (UCL, LCL, upper and
    lower 2-sigma) for each distinct size, spread to the subgroups. Elementwise, so the same bits as
    computing them for every subgroup, in a few operations on a handful of sizes."""
    ucl, lcl, upper2, lower2 = (_finite(line)[inverse] for line in limits_of(sizes))
    return Lines(cl=cl, ucl=ucl, lcl=lcl, upper_2sigma=upper2, lower_2sigma=lower2)


def xbar_lines(
    mean: np.ndarray, sd: np.ndarray, size: np.ndarray, base: np.ndarray, centre: float | None = None
) -> Lines:
    """X̄ chart: CL = Σnᵢx̄ᵢ/Σnᵢ, limits CL ± A3(nᵢ)·s̄; none where nᵢ ≤ 1 (Montgomery 6.29–6.31)."""
    if centre is None:
        weighted = size[base] * mean[base]
        kept = ~np.isnan(weighted)
        total = float(np.sum(size[base][kept]))
        cl = float(np.sum(weighted[kept], dtype=np.longdouble) / total) if total > 0 else math.nan
    else:
        cl = centre
    sizes, inverse = np.unique(size, return_inverse=True)
    s_bar = pooled_sd(sd, size, base, mixed=sizes.size > 1)

    def limits_of(n: np.ndarray) -> tuple[np.ndarray, ...]:
        with np.errstate(invalid="ignore"):
            root = c4(n) * np.sqrt(n)
            spread3, spread2 = 3.0 / root * s_bar, 2.0 / root * s_bar  # A3(n)·s̄ at 3 and 2 sigma
        return cl + spread3, cl - spread3, cl + spread2, cl - spread2

    return _size_lines(cl, sizes, inverse, limits_of)


def s_lines(sd: np.ndarray, size: np.ndarray, base: np.ndarray, centre: float | None = None) -> Lines:
    """S chart: CL = s̄, LCL = B3(nᵢ)·s̄, UCL = B4(nᵢ)·s̄."""
    sizes, inverse = np.unique(size, return_inverse=True)
    cl = pooled_sd(sd, size, base, mixed=sizes.size > 1) if centre is None else centre

    def limits_of(n: np.ndarray) -> tuple[np.ndarray, ...]:
        c = c4(n)
        b3, b4 = _b_factors(c)
        b3_2, b4_2 = _b_factors(c, 2.0)
        return b4 * cl, b3 * cl, b4_2 * cl, b3_2 * cl

    return _size_lines(cl, sizes, inverse, limits_of)


def _sigma_lines(cl: float, sigma: np.ndarray, clamp_upper: bool) -> Lines:
    with np.errstate(invalid="ignore"):
        ucl, lcl = cl + 3 * sigma, cl - 3 * sigma
        upper2, lower2 = cl + 2 * sigma, cl - 2 * sigma
        np.maximum(lcl, 0.0, out=lcl)  # counts and rates are ≥ 0
        np.maximum(lower2, 0.0, out=lower2)
        if clamp_upper:
            np.minimum(ucl, 1.0, out=ucl)  # a proportion is ≤ 1
            np.minimum(upper2, 1.0, out=upper2)
    return Lines(
        cl=cl, ucl=_finite(ucl), lcl=_finite(lcl), upper_2sigma=_finite(upper2), lower_2sigma=_finite(lower2)
    )


def _weighted_centre(numerators: np.ndarray, denominators: np.ndarray, base: np.ndarray) -> float:
    num, den = numerators[base], denominators[base]
    complete = ~np.isnan(num)
    return exact_ratio(num[complete], den[complete])


def laney_sigma_z(y: np.ndarray, cl: float, sigma: np.ndarray, base: np.ndarray, screen: bool) -> float:
    """Laney's σ_z: the AMR of zᵢ = (yᵢ − CL)/σᵢ over the baseline, / 1.128 (qic.pp, qic.up)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (y[base] - cl) / sigma[base]
    z = np.where(np.isfinite(z), z, np.nan)
    return average_moving_range(z, screen) / D2


def proportion_lines(
    numerators: np.ndarray,
    denominators: np.ndarray,
    base: np.ndarray,
    centre: float | None = None,
    laney: bool = False,
    screen: bool = True,
) -> Lines:
    """P chart: p̄ = Σy/Σn over the baseline, p̄ ± 3√(p̄(1−p̄)/nᵢ), clamped to [0, 1].

    Laney's P′ multiplies each σᵢ by σ_z (CHART_RULES §3.2)."""
    cl = _weighted_centre(numerators, denominators, base) if centre is None else centre
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma = np.sqrt(cl * (1 - cl) / denominators)
        if laney:
            sigma = sigma * laney_sigma_z(numerators / denominators, cl, sigma, base, screen)
    return _sigma_lines(cl, sigma, clamp_upper=True)


def rate_lines(
    numerators: np.ndarray,
    denominators: np.ndarray,
    base: np.ndarray,
    centre: float | None = None,
    laney: bool = False,
    screen: bool = True,
) -> Lines:
    """U chart: ū = Σy/Σn over the baseline, ū ± 3√(ū/nᵢ), LCL ≥ 0; U′ as P′."""
    cl = _weighted_centre(numerators, denominators, base) if centre is None else centre
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma = np.sqrt(cl / denominators)
        if laney:
            sigma = sigma * laney_sigma_z(numerators / denominators, cl, sigma, base, screen)
    return _sigma_lines(cl, sigma, clamp_upper=False)


def count_lines(y: np.ndarray, base: np.ndarray, centre: float | None = None) -> Lines:
    """C chart: c̄ ± 3√c̄, LCL ≥ 0."""
    cl = r_mean(_present(y[base])) if centre is None else centre
    return _sigma_lines(cl, np.full(y.size, math.sqrt(cl) if cl >= 0 else math.nan), clamp_upper=False)


def g_lines(y: np.ndarray, base: np.ndarray, centre: float | None = None) -> Lines:
    """G chart (qic.g): limits from the mean m, m ± 3√(m(m+1)), LCL ≥ 0; the centre shown (and used
    by the runs rules) is the median of the baseline, or 0.693·m when the user gives m."""
    present = _present(y[base])
    m = r_mean(present) if centre is None else centre
    lines = _sigma_lines(
        m, np.full(y.size, math.sqrt(m * (m + 1)) if m >= 0 else math.nan), clamp_upper=False
    )
    median = float(np.median(present)) if present.size else math.nan
    shown = median if centre is None else G_MEDIAN * centre
    return Lines(
        cl=shown,
        ucl=lines.ucl,
        lcl=lines.lcl,
        upper_2sigma=lines.upper_2sigma,
        lower_2sigma=lines.lower_2sigma,
    )


def t_lines(y: np.ndarray, base: np.ndarray, screen: bool, nhs: bool = False) -> Lines:
    """T chart (qic.t): an I chart of y^(1/3.6), its lines raised back to the power 3.6; a lower line
    below 0 on the transformed scale becomes 0. A user centre is ignored, as in qicharts2."""
    lines = individuals_lines(y ** (1 / T_POWER), base, screen, nhs=nhs)

    def back(values: np.ndarray, lower: bool) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            out = np.where(values < 0, 0.0, values) ** T_POWER if lower else values**T_POWER
        return out

    return Lines(
        cl=lines.cl**T_POWER if math.isfinite(lines.cl) else math.nan,
        ucl=back(lines.ucl, False),
        lcl=back(lines.lcl, True),
        upper_2sigma=back(lines.upper_2sigma, False),
        lower_2sigma=back(lines.lower_2sigma, True),
        amr=lines.amr,
    )


def beyond_limits(y: np.ndarray, lines: Lines, offset: int, rule: str, what: str) -> list[Signal]:
    """One signal per point strictly above the UCL or strictly below the LCL (CHART_RULES §3.1)."""
    with np.errstate(invalid="ignore"):
        above = y > lines.ucl
        beyond = above | (y < lines.lcl)
    local = np.flatnonzero(beyond)
    return point_signals(
        rule,
        local + offset,
        np.where(above[local], UP, DOWN),
        lambda side: f"A point {side_word(side)} the {side_word(side, 'upper', 'lower')} {what}",
    )
