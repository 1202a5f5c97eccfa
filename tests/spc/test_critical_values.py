"""Anhøj's critical values (CHART_RULES §2.1): the longest run and the fewest crossings that do not signal."""

import math
from fractions import Fraction

import pytest

from spc import analyze
from spc.binomial import binomial_half_quantile, crossings_min, longest_run_max

# The published rows (qicharts2 vignette Appendix 2, spc4hc Appendix), as CHART_RULES §2.1 quotes them.
PUBLISHED_10_TO_100 = {
    # n: (longest run ≤, crossings ≥)
    10: (6, 2),
    12: (7, 3),
    14: (7, 4),
    17: (7, 5),
    19: (7, 6),
    22: (7, 7),
    23: (8, 7),
    24: (8, 8),
    27: (8, 9),
    30: (8, 10),
    40: (8, 14),
    46: (9, 17),
    50: (9, 19),
    60: (9, 23),
    80: (9, 32),
    91: (10, 37),
    100: (10, 41),
}
PUBLISHED_1_TO_9 = {
    1: (3, 0),
    2: (4, 0),
    3: (5, 0),
    4: (5, 0),
    5: (5, 0),
    6: (6, 1),
    7: (6, 1),
    8: (6, 1),
    9: (6, 2),
}


def oracle_qbinom_half(p: Fraction, size: int) -> int:
    """Smallest k with P(X ≤ k) ≥ p for X ~ Binomial(size, ½), in exact fractions."""
    cumulative = Fraction(0)
    for k in range(size + 1):
        cumulative += Fraction(math.comb(size, k), 2**size)
        if cumulative >= p:
            return k
    return size


@pytest.mark.parametrize("n", sorted(PUBLISHED_10_TO_100))
def test_the_published_rows_for_10_to_100_points(n):
    assert (longest_run_max(n), crossings_min(n)) == PUBLISHED_10_TO_100[n]


@pytest.mark.parametrize("n", sorted(PUBLISHED_1_TO_9))
def test_the_rules_still_apply_below_10_points(n):
    assert (longest_run_max(n), crossings_min(n)) == PUBLISHED_1_TO_9[n]


def test_every_n_from_10_to_100_matches_an_exact_computation():
    p = Fraction(1, 20)
    for n in range(10, 101):
        assert crossings_min(n) == oracle_qbinom_half(p, n - 1), n
        assert longest_run_max(n) == round(math.log2(n) + 3), n


@pytest.mark.parametrize("n", [1_601, 2_000, 5_001, 20_000])
def test_the_log_space_path_for_long_series_matches_the_exact_sum(n):
    size = n - 1
    goal = Fraction(0.05) * 2**size
    cumulative, term = 0, 1
    for k in range(size + 1):
        cumulative += term
        if cumulative >= goal:
            break
        term = term * (size - k) // (k + 1)
    assert crossings_min(n) == k


def test_a_quantile_other_than_five_percent():
    assert binomial_half_quantile(0.5, 10) == 5  # qbinom(0.5, 10, 0.5)
    assert binomial_half_quantile(0.05, 0) == 0


def test_the_analysis_reports_the_limits_for_its_useful_points():
    values = [0, 1] * 15  # median 0.5: all 30 points useful
    runs = analyze(values)["runs"]
    assert (runs["longest_run_max"], runs["crossings_min"]) == PUBLISHED_10_TO_100[30]
