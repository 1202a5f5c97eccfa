"""G and T charts for rare events (CHART_RULES §3.2; qicharts2 qic.g and qic.t).

No published figure was found for either chart on data we could cite, so the expected values are
computed by hand in each test from the formula it states.
"""

import math
import statistics

import pytest

from spc import analyze

DAYS_BETWEEN = [12, 30, 7, 45, 3, 22, 18, 60, 9, 25, 14, 40]


def test_the_g_chart_shows_the_median_and_takes_its_limits_from_the_mean():
    """qic.g: m = mean, UCL = m + 3√(m(m+1)), LCL = max(0, m − 3√(m(m+1))), CL shown = median."""
    result = analyze(DAYS_BETWEEN, chart_type="g")
    m = statistics.mean(DAYS_BETWEEN)
    assert result["centre"] == statistics.median(DAYS_BETWEEN)
    point = result["points"][0]
    assert point["ucl"] == pytest.approx(m + 3 * math.sqrt(m * (m + 1)))
    assert point["lcl"] == 0  # m − 3√(m(m+1)) < 0 for any m > 0
    assert point["cl"] == statistics.median(DAYS_BETWEEN)


def test_the_g_chart_runs_analysis_is_around_the_median():
    """qicharts2 runs the Anhøj rules against the CL it shows: 6 values either side of 20 here."""
    result = analyze(DAYS_BETWEEN, chart_type="g")
    assert result["n_useful"] == 12  # none equals the median 20


def test_a_user_centre_on_a_g_chart_is_the_mean_and_0_693_of_it_is_shown():
    """qic.g with cl: the limits come from cl, and the line drawn is 0.693·cl (≈ the geometric median)."""
    result = analyze(DAYS_BETWEEN, chart_type="g", centre=20)
    point = result["points"][0]
    assert point["cl"] == pytest.approx(0.693 * 20)
    assert point["ucl"] == pytest.approx(20 + 3 * math.sqrt(20 * 21))


def test_a_g_chart_accepts_zero_opportunities():
    assert analyze([0, 3, 5, 0, 2], chart_type="g")["points"][0]["value"] == 0


def test_the_t_chart_is_an_i_chart_of_transformed_times_back_transformed():
    """qic.t: y' = y^(1/3.6); an I chart (screened) of y'; CL and limits raised to 3.6; a transformed
    LCL below 0 gives LCL 0."""
    transformed = [v ** (1 / 3.6) for v in DAYS_BETWEEN]
    cl = statistics.mean(transformed)
    ranges = [abs(b - a) for a, b in zip(transformed, transformed[1:], strict=False)]
    amr = statistics.mean(ranges)
    amr = statistics.mean([r for r in ranges if r < 3.267 * amr])
    result = analyze(DAYS_BETWEEN, chart_type="t")
    point = result["points"][0]
    assert result["centre"] == pytest.approx(cl**3.6)
    assert point["ucl"] == pytest.approx((cl + 3 * amr / 1.128) ** 3.6)
    lower = cl - 3 * amr / 1.128
    assert point["lcl"] == pytest.approx(lower**3.6 if lower > 0 else 0)
    assert point["value"] == DAYS_BETWEEN[0]  # drawn on the original scale


def test_the_t_chart_lcl_is_zero_when_the_transformed_lcl_is_negative():
    result = analyze([1, 500, 2, 800, 3, 900, 1, 700], chart_type="t", screen_mr=False)
    assert result["points"][0]["lcl"] == 0


def test_a_t_chart_ignores_a_fixed_centre_and_says_so():
    result = analyze(DAYS_BETWEEN, chart_type="t", centre=10)
    assert result["centre"] == analyze(DAYS_BETWEEN, chart_type="t")["centre"]
    assert result["centre_fixed"] is False
    assert result["warnings"] == [
        "The fixed centre was ignored: a T chart's lines come from the transformed times."
    ]


def test_a_long_gap_signals_above_the_t_chart_limit():
    values = [5, 6, 4, 5, 7, 5, 6, 4, 5, 6, 400]
    result = analyze(values, chart_type="t")
    assert [s["rule"] for s in result["signals"] if s["start_index"] == 10] == ["outside_limits"]
