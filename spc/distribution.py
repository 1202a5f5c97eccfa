"""How a measure's values are spread: histogram bins and the frequency table beside them.

Pure: numbers in, dataclasses out. Missing values (None, NaN) and infinities are dropped first, and
how many were dropped is reported, so a table never quietly counts fewer periods than it shows.

Bins follow numpy's ``"auto"`` rule (``numpy.histogram_bin_edges(values, bins="auto")``): the
narrower of the Freedman–Diaconis width, 2·IQR·n^(−1/3), and Sturges' width, range/(log2(n) + 1).
When the middle half of the data has no spread (IQR = 0) Freedman–Diaconis gives no width and
Sturges' is used alone. Edges are equal-width from the least to the greatest value; each bin holds
the values from its left edge up to, not including, its right edge, except the last, which also
holds its right edge (numpy's convention). [choice] When there are few distinct values (at most
``DISTINCT_LIMIT``) the frequency table counts each value instead of binning: for a measure scored
1 to 5 a bin "1.8 to 2.6" hides what people entered. [choice] An outlier far from a tight middle
half makes Freedman–Diaconis ask for thousands of bins; past ``MAX_BINS`` Sturges' rule is used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

DISTINCT_LIMIT = 10
MAX_BINS = 50


@dataclass(frozen=True)
class HistogramBin:
    low: float
    high: float
    count: int
    share: float  # of the values counted, 0..1

    @property
    def label(self) -> str:
        return f"{self.low:.3g} to {self.high:.3g}"


@dataclass(frozen=True)
class Histogram:
    bins: list[HistogramBin]
    n: int  # values counted
    dropped: int  # missing or infinite values left out

    @property
    def edges(self) -> list[float]:
        return [b.low for b in self.bins] + [self.bins[-1].high] if self.bins else []


@dataclass(frozen=True)
class FrequencyRow:
    label: str
    count: int
    share: float  # of the values counted, 0..1
    low: float
    high: float  # equal to ``low`` when the row counts one value


@dataclass(frozen=True)
class FrequencyTable:
    rows: list[FrequencyRow]
    n: int
    dropped: int
    by_value: bool  # one row per distinct value, rather than bins

    @property
    def largest(self) -> int:
        return max((row.count for row in self.rows), default=0)


def finite_values(values) -> tuple[list[float], int]:
    """The values that can be counted, and how many were missing or infinite."""
    kept, dropped = [], 0
    for value in values:
        if value is None:
            dropped += 1
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"Values must be numbers; {value!r} is not.")
        if math.isfinite(value):
            kept.append(float(value))
        else:
            dropped += 1
    return kept, dropped


def histogram(values, *, bins: int | str = "auto") -> Histogram:
    """Equal-width bins over the finite values, by numpy's ``bins`` rule (``"auto"`` unless given)."""
    kept, dropped = finite_values(values)
    if not kept:
        return Histogram(bins=[], n=0, dropped=dropped)
    if isinstance(bins, int) and bins < 1:
        raise ValueError("A histogram needs at least one bin.")
    data = np.asarray(kept)
    edges = np.histogram_bin_edges(data, bins=bins)
    if bins == "auto" and len(edges) - 1 > MAX_BINS:
        edges = np.histogram_bin_edges(data, bins="sturges")
    counts, edges = np.histogram(data, bins=edges)
    n = len(kept)
    return Histogram(
        bins=[
            HistogramBin(float(low), float(high), int(count), int(count) / n)
            for low, high, count in zip(edges[:-1], edges[1:], counts, strict=True)
        ],
        n=n,
        dropped=dropped,
    )


def _value_label(value: float) -> str:
    return f"{value:g}"


def frequency_table(values) -> FrequencyTable:
    """How often each value occurs, or, with more than ``DISTINCT_LIMIT`` distinct values, each bin."""
    kept, dropped = finite_values(values)
    n = len(kept)
    distinct = sorted(set(kept))
    if len(distinct) <= DISTINCT_LIMIT:
        rows = [FrequencyRow(_value_label(v), kept.count(v), kept.count(v) / n, v, v) for v in distinct]
        return FrequencyTable(rows=rows, n=n, dropped=dropped, by_value=True)
    drawn = histogram(kept)
    rows = [FrequencyRow(b.label, b.count, b.share, b.low, b.high) for b in drawn.bins]
    return FrequencyTable(rows=rows, n=n, dropped=dropped, by_value=False)
