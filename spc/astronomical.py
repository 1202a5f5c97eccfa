"""IHI's "astronomical point", made computable: Iglewicz and Hoaglin's modified z-score.

Perla (2011) leaves the astronomical point to judgement ("obviously, even to the untrained eye, a
blatantly different value"). [choice] A point is astronomical when its modified z-score against the
phase's baseline points, Mᵢ = 0.6745·(yᵢ − median)/MAD, is beyond ±3.5 (Iglewicz & Hoaglin 1993,
"How to Detect and Handle Outliers", §3.2; MAD = the median absolute deviation from the median).

Why not the 3-sigma limits of an I chart (the earlier choice): a step change inflates nothing in a
median-based scale, but an I chart over a shifted phase puts its mean between the two levels, and
the screened moving ranges keep its limits narrow, so after a step nearly every point was
"astronomical". Around the median, half the points of a 50/50 step are one half-step from it and the
MAD is that half-step, so their scores are about 0.67: a shift is a shift, not a blatant outlier.

When more than half the baseline values are equal the MAD is 0. [choice] The score then uses the
mean absolute deviation from the median, scaled by 1.2533 (√(π/2), which makes it estimate σ for
normal data, as 1/0.6745 does for the MAD): Mᵢ = (yᵢ − median)/(1.2533·MeanAD). This is the
fallback IBM SPSS and others use for Iglewicz–Hoaglin scores. When that is 0 too (every baseline
value equal) nothing is astronomical: there is no spread to be far from.
"""

from __future__ import annotations

import numpy as np

from spc.signals import DOWN, UP, Signal, side_word

THRESHOLD = 3.5  # Iglewicz & Hoaglin's recommended cut-off for |Mᵢ|
MAD_SCALE = 0.6745  # Φ⁻¹(0.75): MAD/0.6745 estimates σ for normal data
MEAN_AD_SCALE = 1.2533  # √(π/2): 1.2533·MeanAD estimates σ for normal data


def modified_z(y: np.ndarray, base: np.ndarray, median: float | None = None) -> np.ndarray | None:
    """The modified z-scores of every point against the baseline; None when there is no spread.

    ``median``, when given, is the baseline's median already computed (a run chart's centre line).
    """
    reference = y[base]
    reference = reference[~np.isnan(reference)]
    if reference.size == 0:
        return None
    if median is None:
        median = np.median(reference)
    deviations = np.abs(reference - median)
    mad = np.median(deviations)
    with np.errstate(invalid="ignore"):
        if mad > 0:
            return MAD_SCALE * (y - median) / mad
        mean_ad = deviations.mean()
        if mean_ad > 0:
            return (y - median) / (MEAN_AD_SCALE * mean_ad)
    return None


def astronomical(y: np.ndarray, base: np.ndarray, offset: int, median: float | None = None) -> list[Signal]:
    scores = modified_z(y, base, median)
    if scores is None:
        return []
    with np.errstate(invalid="ignore"):
        far = np.flatnonzero(np.abs(scores) > THRESHOLD)
    return [
        Signal(
            rule="astronomical",
            start_index=index,
            end_index=index,
            side=side,
            description=f"An astronomical point, far {side_word(side)} the rest "
            f"(modified z-score {score:.1f})",
            members=np.array([index]),
        )
        for index, side, score in zip(
            (far + offset).tolist(),
            np.where(scores[far] > 0, UP, DOWN).tolist(),
            scores[far].tolist(),
            strict=True,
        )
    ]
