"""Funnel plots: one measure across units (teams, schools), each against its denominator.

After Spiegelhalter D. (2005) "Funnel plots for comparing institutional performance", Statistics in
Medicine 24:1185–1202. Each unit is a point at (n, y/n); the target is the pooled value and the
control limits narrow as n grows, so a small school is not called unusual for the noise that small
numbers carry, and a large one is not excused for a real difference.

* Proportions (y of n, y ≤ n): p̄ = Σy / Σn; limits p̄ ± z·√(p̄(1 − p̄)/n), clamped to [0, 1].
* Rates (y events over exposure n): ū = Σy / Σn; limits ū ± z·√(ū/n), the lower clamped at 0.

Limits at 95% (z = 1.959964) and 99.8% (z = 3.090232), the two Spiegelhalter recommends: about 1 in
20 and 1 in 500 in-control units fall outside them by chance. A unit is outside a band when its value
is strictly above the upper or strictly below the lower limit at its own n.

[choice] The normal approximation to the binomial and Poisson, as written above (Spiegelhalter §3.1.1
and §3.2). It is poor for small n or values near 0 or 1, where the exact binomial/Poisson limits
(Spiegelhalter's Appendix, with interpolation) differ; those, and over-dispersion adjustment
(§3.3, as in Laney's P′ chart), are not implemented. [choice] No adjustment is made for the unit's
own share of the pooled value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959964
Z998 = 3.090232
LEVELS = (("95", Z95), ("99.8", Z998))
KINDS = ("proportion", "rate")
CURVE_POINTS = 80


@dataclass(frozen=True)
class Band:
    lower: float
    upper: float


@dataclass(frozen=True)
class FunnelUnit:
    label: str
    numerator: float
    denominator: float
    value: float
    limits: dict[str, Band]  # by level: "95", "99.8", at this unit's n
    outside: dict[str, str]  # by level: "above", "below" or "" (inside)


@dataclass(frozen=True)
class CurvePoint:
    n: float
    limits: dict[str, Band]


@dataclass(frozen=True)
class Funnel:
    kind: str
    centre: float
    units: list[FunnelUnit]
    curve: list[CurvePoint]

    def outside(self, level: str) -> list[FunnelUnit]:
        return [u for u in self.units if u.outside[level]]


def band(kind: str, centre: float, n: float, z: float) -> Band:
    """The limits at denominator ``n`` around ``centre`` for a z of ``z``."""
    if kind == "proportion":
        spread = z * math.sqrt(centre * (1 - centre) / n)
        return Band(max(0.0, centre - spread), min(1.0, centre + spread))
    spread = z * math.sqrt(centre / n)
    return Band(max(0.0, centre - spread), centre + spread)


def limits_at(kind: str, centre: float, n: float) -> dict[str, Band]:
    return {level: band(kind, centre, n, z) for level, z in LEVELS}


def _checked(labels, numerators, denominators, kind):
    if kind not in KINDS:
        raise ValueError(f"A funnel plot is of a proportion or a rate, not “{kind}”.")
    labels, numerators, denominators = list(labels), list(numerators), list(denominators)
    if not (len(labels) == len(numerators) == len(denominators)):
        raise ValueError(
            f"There are {len(labels)} labels, {len(numerators)} numerators and {len(denominators)} "
            "denominators: give one of each for every unit."
        )
    if not labels:
        raise ValueError("A funnel plot needs at least one unit.")
    for label, y, n in zip(labels, numerators, denominators, strict=True):
        for what, number in (("numerator", y), ("denominator", n)):
            if isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number):
                raise ValueError(f"The {what} of “{label}” must be a number, not {number!r}.")
        if y < 0:
            raise ValueError(f"The numerator of “{label}” is negative ({y:g}); counts cannot be below 0.")
        if n <= 0:
            raise ValueError(f"The denominator of “{label}” is {n:g}; it must be above 0.")
        if kind == "proportion" and y > n:
            raise ValueError(
                f"“{label}” has {y:g} of {n:g}: a proportion's numerator cannot exceed its denominator."
            )
    return [str(label) for label in labels], numerators, denominators


def _curve_ns(low: float, high: float, points: int) -> list[float]:
    """Evenly spaced on a log scale, so the funnel's steep narrow end is drawn as smoothly as its tail."""
    if high <= low:
        return [low]
    ratio = math.log(high / low)
    return [low * math.exp(ratio * i / (points - 1)) for i in range(points)]


def funnel(
    labels, numerators, denominators, *, kind: str = "proportion", points: int = CURVE_POINTS
) -> Funnel:
    """Each unit's value and limits, which band it lies outside, and the funnel's curves over n.

    The curves run from half the smallest denominator to a tenth past the largest, so every unit sits
    inside the drawn funnel's width.
    """
    labels, numerators, denominators = _checked(labels, numerators, denominators, kind)
    centre = math.fsum(numerators) / math.fsum(denominators)
    units = []
    for label, y, n in zip(labels, numerators, denominators, strict=True):
        value = y / n
        limits = limits_at(kind, centre, n)
        outside = {
            level: "above" if value > b.upper else "below" if value < b.lower else ""
            for level, b in limits.items()
        }
        units.append(FunnelUnit(label, float(y), float(n), value, limits, outside))
    low, high = min(denominators) / 2, max(denominators) * 1.1
    curve = [CurvePoint(n, limits_at(kind, centre, n)) for n in _curve_ns(low, high, max(points, 2))]
    return Funnel(kind=kind, centre=centre, units=units, curve=curve)
