"""Counts by category: the Pareto chart's bars and the shares a bar or pie chart shows.

Pure: plain lists in, plain dataclasses out. Bad input raises ``ValueError`` naming what is wrong.

* ``pareto(labels, counts)``: bars from the largest count down (equal counts by label, so the order
  never depends on the order the data came in), each bar's share and the running (cumulative) share,
  and the "vital few": the fewest leading bars whose counts reach 80% of the total (Juran's
  80/20 principle, as the Pareto chart is usually read). [choice] "Reach" means at least 80%, and the
  comparison is made on whole counts (5·running ≥ 4·total) so no rounding decides it.
* ``breakdown(labels, values)``: each part's share of the whole, with percentages rounded so the
  numbers shown add up to exactly 100 (largest-remainder rounding, also called Hamilton's method):
  every share is rounded down, then the units left over go to the largest remainders (equal
  remainders in the order given).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

VITAL_SHARE = Fraction(4, 5)


@dataclass(frozen=True)
class ParetoBar:
    label: str
    count: int
    share: float  # of the total, 0..1
    cumulative: float  # running share up to and including this bar, 0..1
    vital: bool  # one of the vital few


@dataclass(frozen=True)
class Pareto:
    bars: list[ParetoBar]
    total: int

    @property
    def vital_few(self) -> list[ParetoBar]:
        return [bar for bar in self.bars if bar.vital]


@dataclass(frozen=True)
class Part:
    label: str
    value: float
    share: float  # exact share of the whole, 0..1
    percent: float  # the share in percent as shown; the parts' percents add up to exactly 100


def _check_labels(labels, numbers, what: str) -> list[str]:
    labels = [str(label) for label in labels]
    if len(labels) != len(numbers):
        raise ValueError(
            f"There are {len(labels)} labels but {len(numbers)} {what}: give one for each label."
        )
    seen = set()
    for label in labels:
        if label in seen:
            raise ValueError(f"The label “{label}” appears twice: each category needs its own label.")
        seen.add(label)
    return labels


def pareto(labels, counts) -> Pareto:
    """The Pareto chart of ``counts`` by ``labels``: bars sorted by count, running shares, vital few."""
    counts = list(counts)
    labels = _check_labels(labels, counts, "counts")
    for label, count in zip(labels, counts, strict=True):
        if isinstance(count, bool) or not isinstance(count, int):
            raise ValueError(f"The count for “{label}” must be a whole number, not {count!r}.")
        if count < 0:
            raise ValueError(f"The count for “{label}” is negative ({count}); counts cannot be below 0.")
    total = sum(counts)
    ordered = sorted(zip(labels, counts, strict=True), key=lambda item: (-item[1], item[0]))
    bars, running, reached = [], 0, False
    for label, count in ordered:
        running += count
        # A bar is vital while the total has not yet been reached before it; empty bars never are.
        vital = total > 0 and count > 0 and not reached
        reached = reached or (total > 0 and running >= VITAL_SHARE * total)
        bars.append(
            ParetoBar(
                label=label,
                count=count,
                share=count / total if total else 0.0,
                cumulative=running / total if total else 0.0,
                vital=vital,
            )
        )
    return Pareto(bars=bars, total=total)


def largest_remainder(shares: list[Fraction], *, decimals: int = 0) -> list[Fraction]:
    """Percentages (to ``decimals`` places) of ``shares`` (which add up to 1) that add up to 100."""
    unit = Fraction(1, 10**decimals)
    scaled = [share * 100 / unit for share in shares]
    floors = [math.floor(s) for s in scaled]
    left = round(100 / unit) - sum(floors)
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(scaled[i] - floors[i]), i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return [Fraction(f) * unit for f in floors]


def breakdown(labels, values, *, decimals: int = 0) -> list[Part]:
    """Each part's share of the whole, for a bar or pie chart; percents shown add up to exactly 100.

    ``values`` are parts of one whole (counts, or sums such as numerators), so none may be negative.
    With a whole of 0 every share is 0 and the percents are 0.
    """
    values = list(values)
    labels = _check_labels(labels, values, "values")
    if decimals < 0:
        raise ValueError("Decimals cannot be negative.")
    exact = []
    for label, value in zip(labels, values, strict=True):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ValueError(f"The value for “{label}” must be a number, not {value!r}.")
        if value < 0:
            raise ValueError(f"The value for “{label}” is negative ({value:g}); parts of a whole cannot be.")
        exact.append(Fraction(value))
    whole = sum(exact, Fraction(0))
    if whole == 0:
        return [Part(label, float(v), 0.0, 0.0) for label, v in zip(labels, values, strict=True)]
    shares = [v / whole for v in exact]
    percents = largest_remainder(shares, decimals=decimals)
    return [
        Part(label, float(value), float(share), float(percent))
        for label, value, share, percent in zip(labels, values, shares, percents, strict=True)
    ]
