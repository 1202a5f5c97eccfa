"""Centres rounded as R rounds them, so "exactly on the centre line" agrees with qicharts2 (§2.1)."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spc.precision import EXTENDED, exact_mean, exact_ratio, r_mean


def long_double(q: Fraction) -> Fraction:
    """q rounded to a 64-bit significand, half to even: one x87 extended-precision operation."""
    if q == 0:
        return q
    sign, q = (-1 if q < 0 else 1), abs(q)
    exponent = q.numerator.bit_length() - q.denominator.bit_length()
    if Fraction(2) ** exponent > q:
        exponent -= 1
    scale = Fraction(2) ** (63 - exponent)
    return sign * Fraction(round(q * scale)) / scale  # Fraction's round() is half to even


def r_summary_c_mean(values) -> float:
    """R's summary.c mean, step by step: long-double sum, divide, residual correction, to double."""
    n = len(values)
    total = Fraction(0)
    for x in map(Fraction, values):
        total = long_double(total + x)
    mean = long_double(total / n)
    residuals = Fraction(0)
    for x in map(Fraction, values):
        residuals = long_double(residuals + long_double(x - mean))
    return float(long_double(mean + long_double(residuals / n)))


def test_the_mean_is_r_s_where_a_naive_sum_is_one_ulp_off():
    values = [50.0, 49.5, 49.6]
    assert sum(values) / len(values) == 49.699999999999996
    assert r_mean(np.array(values)) == 49.7


def test_the_mean_of_nothing_is_not_a_number():
    assert np.isnan(r_mean(np.array([])))


@pytest.mark.skipif(not EXTENDED, reason="R's algorithm is reproduced only with x87 long double")
@settings(max_examples=500)
@given(st.lists(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), min_size=1, max_size=60))
def test_the_mean_reproduces_r_bit_for_bit(values):
    assert r_mean(np.array(values)) == r_summary_c_mean(values)


@settings(max_examples=300)
@given(
    st.lists(
        st.integers(min_value=0, max_value=10_000).map(lambda tenths: tenths / 10), min_size=1, max_size=60
    )
)
def test_for_measurements_r_s_mean_is_the_correctly_rounded_one(values):
    assert (
        r_mean(np.array(values))
        == exact_mean(np.array(values))
        == float(sum(map(Fraction, values)) / len(values))
    )


def test_a_proportion_centre_is_the_correctly_rounded_ratio_of_the_sums():
    assert exact_ratio(np.array([1.0, 2.0]), np.array([3.0, 7.0])) == 3 / 10
    assert exact_ratio(np.array([0.1, 0.1, 0.1]), np.array([1.0, 1.0, 1.0])) == 0.1
