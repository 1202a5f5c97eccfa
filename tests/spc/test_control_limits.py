"""Centre lines and limits of I, P, U and C charts (CHART_RULES §3.2 and §3.3)."""

import math

import pytest

from spc import analyze

NELSON_EXAMPLE = [50, 52, 49, 51, 48, 50, 53, 49, 51, 95, 50, 52, 48, 51, 49]


def signals(result, rule):
    return [s for s in result["signals"] if s["rule"] == rule]


def limits(result):
    return [(p["lcl"], p["ucl"]) for p in result["points"]]


def test_screened_moving_ranges_pull_the_i_chart_limits_in():
    result = analyze(NELSON_EXAMPLE, chart_type="i")
    assert round(result["points"][0]["ucl"], 2) == 60.29
    assert result["mr"] == {"amr": pytest.approx(8 / 3), "screened": True}


def test_unscreened_moving_ranges_keep_the_outlier_in_the_limits():
    result = analyze(NELSON_EXAMPLE, chart_type="i", screen_mr=False)
    assert round(result["points"][0]["ucl"], 2) == 76.19
    assert result["mr"]["screened"] is False


def test_the_i_chart_centre_is_the_mean_and_its_limits_are_three_sigma_from_amr():
    values = [10, 12, 11, 14, 9, 13]
    result = analyze(values, chart_type="i", screen_mr=False)
    amr = (2 + 1 + 3 + 5 + 4) / 5
    assert result["centre"] == pytest.approx(69 / 6)
    assert result["points"][0]["ucl"] == pytest.approx(69 / 6 + 3 * amr / 1.128)
    assert result["points"][0]["lcl"] == pytest.approx(69 / 6 - 3 * amr / 1.128)


def test_an_i_chart_lower_limit_may_go_below_zero():
    result = analyze([1, 9, 1, 9, 1], chart_type="i", screen_mr=False)
    assert result["points"][0]["lcl"] < 0


def test_a_point_beyond_a_limit_signals_and_one_on_it_does_not():
    result = analyze(NELSON_EXAMPLE, chart_type="i")
    (outside,) = signals(result, "outside_limits")
    assert (outside["start_index"], outside["end_index"]) == (9, 9)
    assert outside["description"] == "A point above the upper control limit"


def test_a_missing_value_removes_the_two_moving_ranges_it_belongs_to():
    gap = analyze([1, 2, None, 4, 6], chart_type="i", screen_mr=False)
    assert gap["mr"]["amr"] == 1.5  # |2 − 1| and |6 − 4|; 2→None and None→4 are gone
    assert gap["points"][2]["value"] is None
    assert gap["points"][2]["ucl"] is not None


def test_the_centre_matches_r_to_the_last_bit_so_a_point_on_it_is_not_useful():
    values = [50.7, 50.3, 49.7, 48.1]
    assert sum(values) / len(values) != 49.7  # the naive mean is one ulp off
    result = analyze(values, chart_type="i")
    assert result["centre"] == 49.7
    assert result["n_useful"] == 3


def test_a_frozen_i_chart_baseline_sets_the_mean_and_moving_ranges():
    result = analyze([10, 11, 10, 11, 30, 31, 30], chart_type="i", baseline=4, screen_mr=False)
    assert result["centre"] == 10.5
    assert result["mr"]["amr"] == 1
    assert [s["start_index"] for s in signals(result, "outside_limits")] == [4, 5, 6]


def test_p_chart_limits_vary_with_each_denominator():
    numerators, denominators = [5, 8, 12, 3, 40], [50, 80, 100, 20, 100]
    result = analyze(numerators, denominators, chart_type="p")
    p_bar = 68 / 350
    assert result["centre"] == p_bar
    for point, n in zip(result["points"], denominators, strict=True):
        sigma = math.sqrt(p_bar * (1 - p_bar) / n)
        assert point["ucl"] == pytest.approx(p_bar + 3 * sigma)
        assert point["lcl"] == pytest.approx(max(0.0, p_bar - 3 * sigma))
    assert [p["value"] for p in result["points"]] == [0.1, 0.1, 0.12, 0.15, 0.4]
    assert [s["start_index"] for s in signals(result, "outside_limits")] == [4]


def test_p_chart_limits_are_clamped_to_zero_and_one():
    result = analyze([9, 1, 8], [10, 1, 10], chart_type="p")
    p_bar = 18 / 21
    sigma = math.sqrt(p_bar * (1 - p_bar) / 1)
    assert p_bar + 3 * sigma > 1 and p_bar - 3 * sigma < 0
    assert result["points"][1]["ucl"] == 1
    assert result["points"][1]["lcl"] == 0


def test_a_p_chart_point_missing_either_part_is_missing():
    result = analyze([5, None, 7], [50, 60, None], chart_type="p")
    assert [p["value"] for p in result["points"]] == [0.1, None, None]
    assert result["centre"] == 0.1  # only the complete point counts
    assert result["points"][1]["ucl"] is None


def test_u_chart_limits_vary_with_exposure_and_stop_at_zero():
    counts, exposure = [3, 7, 2, 10], [100, 150, 80, 120]
    result = analyze(counts, exposure, chart_type="u")
    u_bar = 22 / 450
    assert result["centre"] == u_bar
    for point, n in zip(result["points"], exposure, strict=True):
        assert point["ucl"] == pytest.approx(u_bar + 3 * math.sqrt(u_bar / n))
        assert point["lcl"] == pytest.approx(max(0.0, u_bar - 3 * math.sqrt(u_bar / n)))
    assert result["points"][0]["lcl"] == 0


def test_c_chart_limits_are_three_root_c_bar_and_stop_at_zero():
    counts = [3, 5, 4, 6, 2, 15, 4]
    result = analyze(counts, chart_type="c")
    c_bar = 39 / 7
    assert result["centre"] == pytest.approx(c_bar)
    assert result["points"][0]["ucl"] == pytest.approx(c_bar + 3 * math.sqrt(c_bar))
    assert result["points"][0]["lcl"] == 0
    assert [s["start_index"] for s in signals(result, "outside_limits")] == [5]


def test_control_charts_apply_the_anhoej_rules_around_the_mean():
    values = [10, 11, 12, 10, 11, 12, 10, 11, 12] + [13, 14, 13, 14, 13, 14, 13, 14, 13]  # mean 12.2
    result = analyze(values, chart_type="i")
    assert [(s["start_index"], s["end_index"]) for s in signals(result, "shift")] == [(0, 8), (9, 17)]


def test_each_phase_of_a_control_chart_has_its_own_limits():
    result = analyze([10, 12, 10, 12, 30, 34, 30, 34], chart_type="i", phase_starts=(4,), screen_mr=False)
    assert result["centre"] == [11] * 4 + [32] * 4
    assert [p["ucl"] for p in result["points"]] == pytest.approx(
        [11 + 3 * 2 / 1.128] * 4 + [32 + 3 * 4 / 1.128] * 4
    )


def test_run_charts_have_no_limits():
    result = analyze([1, 2, 3])
    assert limits(result) == [(None, None)] * 3
    assert result["mr"] is None
