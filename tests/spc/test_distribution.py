"""Histogram bins by numpy's "auto" rule over finite values, and the frequency table beside them."""

import math

import numpy as np
import pytest

from spc.distribution import MAX_BINS, frequency_table, histogram

# 20 values: quartiles 5.75 and 14.25 (numpy's linear interpolation), so IQR = 8.5.
VALUES = [1, 2, 2, 3, 5, 6, 7, 8, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18, 21, 30]


def test_bins_match_numpy_auto_for_a_fixed_array():
    drawn = histogram(VALUES)
    counts, edges = np.histogram(np.array(VALUES, dtype=float), bins="auto")
    assert drawn.edges == pytest.approx(list(edges))
    assert [b.count for b in drawn.bins] == list(counts)


def test_auto_takes_the_narrower_of_freedman_diaconis_and_sturges():
    # Freedman–Diaconis: 2 · 8.5 · 20^(−1/3) = 6.263; Sturges: 29 / (log2(20) + 1) = 5.460, narrower.
    # numpy then takes ceil(29 / 5.460) = 6 equal bins from 1 to 30, each 29/6 wide.
    fd = 2 * 8.5 * 20 ** (-1 / 3)
    sturges = 29 / (math.log2(20) + 1)
    assert sturges < fd
    drawn = histogram(VALUES)
    assert len(drawn.bins) == math.ceil(29 / sturges) == 6
    assert drawn.bins[0].low == 1 and drawn.bins[-1].high == 30
    assert drawn.bins[0].high == pytest.approx(1 + 29 / 6)
    # 1–5.83: 1 2 2 3 5 · 5.83–10.67: 6 7 8 8 9 10 · 10.67–15.5: 11…15 · 17 18 · 21 · 30 (closed)
    assert [b.count for b in drawn.bins] == [5, 6, 5, 2, 1, 1]
    assert sum(b.share for b in drawn.bins) == pytest.approx(1)


def test_missing_and_infinite_values_are_dropped_and_counted():
    drawn = histogram([*VALUES, None, float("nan"), float("inf")])
    assert drawn.n == 20
    assert drawn.dropped == 3
    assert [b.count for b in drawn.bins] == [5, 6, 5, 2, 1, 1]


def test_no_values_make_no_bins():
    assert histogram([None]).bins == []


def test_a_far_outlier_does_not_make_thousands_of_bins():
    values = [10.0 + 0.01 * (i % 5) for i in range(200)] + [10_000.0]
    assert len(histogram(values).bins) <= MAX_BINS


def test_a_value_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError, match="numbers"):
        histogram([1, "two"])


def test_few_distinct_values_are_counted_one_row_each():
    table = frequency_table([3, 1, 3, 2, 3, None])
    assert table.by_value
    assert [(r.label, r.count) for r in table.rows] == [("1", 1), ("2", 1), ("3", 3)]
    assert table.rows[2].share == 0.6  # 3 of the 5 values counted
    assert table.dropped == 1
    assert table.largest == 3


def test_many_distinct_values_are_counted_in_the_histogram_bins():
    table = frequency_table(VALUES)
    assert not table.by_value
    assert [r.count for r in table.rows] == [5, 6, 5, 2, 1, 1]
    assert table.rows[0].label == "1 to 5.83"
