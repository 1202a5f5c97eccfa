"""NHS Making Data Count rules (NHSRplotthedots 0.2.2; CHART_RULES §4)."""

import pytest

from spc import analyze


def signals(result, rule):
    return [s for s in result["signals"] if s["rule"] == rule]


def nhs(values, **options):
    return analyze(values, chart_type="i", rules="nhs", **options)


def test_nhs_limits_are_the_mean_plus_or_minus_2_66_amr():
    result = nhs([10, 12, 11, 14, 9, 13], screen_mr=False)
    assert result["centre"] == 11.5
    assert result["mr"]["amr"] == 3
    assert result["points"][0]["ucl"] == pytest.approx(11.5 + 2.66 * 3)
    assert result["points"][0]["lcl"] == pytest.approx(11.5 - 2.66 * 3)


def test_nhs_screening_drops_moving_ranges_of_3_267_amr_or_more():
    values = [50, 52, 49, 51, 48, 50, 53, 49, 51, 95, 50, 52, 48, 51, 49]
    assert nhs(values)["mr"]["amr"] == pytest.approx(8 / 3)
    assert nhs(values, screen_mr=False)["mr"]["amr"] == pytest.approx(
        121 / 14
    )  # the two ranges around 95 (44, 45) stay


def test_seven_points_going_up_are_a_trend():
    (trend,) = signals(nhs([1, 2, 3, 4, 5, 6, 7]), "trend")
    assert (trend["start_index"], trend["end_index"]) == (0, 6)


def test_six_points_going_up_are_not_a_trend():
    assert signals(nhs([1, 2, 3, 4, 5, 6]), "trend") == []


def test_equal_neighbours_break_an_nhs_trend_but_not_an_ihi_one():
    values = [1, 2, 3, 3, 4, 5, 6, 7]
    assert signals(nhs(values), "trend") == []
    assert len(signals(analyze(values, chart_type="i", rules="ihi"), "trend")) == 1


def test_seven_points_on_one_side_of_the_mean_are_a_shift():
    result = nhs([12] * 7 + [6] * 6)
    assert [(s["start_index"], s["end_index"]) for s in signals(result, "shift")] == [(0, 6)]
    assert result["runs"]["longest_run"] == 7
    assert result["runs"]["longest_run_max"] == 6


def test_a_point_on_the_mean_breaks_an_nhs_run_but_not_an_ihi_one():
    values = [12, 12, 12, 10, 12, 12, 12, 6, 6, 6]  # mean exactly 10
    assert signals(nhs(values), "shift") == []
    assert len(signals(analyze(values, chart_type="i", rules="ihi"), "shift")) == 1


def alternating_baseline():
    return [9, 11] * 6  # mean 10, every moving range 2: limits 10 ± 5.32, "close" beyond 10 ± 3.55


def test_two_of_three_points_close_to_a_limit_on_the_same_side_signal():
    result = nhs(alternating_baseline() + [14, 11, 14], baseline=12, screen_mr=False)
    (close,) = signals(result, "two_of_three")
    assert (close["start_index"], close["end_index"]) == (12, 14)
    assert [p["signal"] for p in result["points"][12:]] == [True, False, True]


def test_two_close_points_with_one_across_the_mean_do_not_signal():
    result = nhs(alternating_baseline() + [14, 9, 14], baseline=12, screen_mr=False)
    assert signals(result, "two_of_three") == []


def test_points_beyond_the_limits_are_not_close_to_them():
    result = nhs(alternating_baseline() + [16, 14, 16], baseline=12, screen_mr=False)
    assert signals(result, "two_of_three") == []
    assert [s["start_index"] for s in signals(result, "outside_limits")] == [12, 14]


def test_p_charts_keep_their_own_limits_under_nhs_rules():
    result = analyze([5, 8, 12, 3, 40], [50, 80, 100, 20, 100], chart_type="p", rules="nhs")
    assert (
        result["points"][4]["ucl"]
        == analyze([5, 8, 12, 3, 40], [50, 80, 100, 20, 100], chart_type="p")["points"][4]["ucl"]
    )
    assert [s["start_index"] for s in signals(result, "outside_limits")] == [4]


def test_an_nhs_run_chart_uses_the_median_with_the_seven_point_rules():
    result = analyze([1, 2, 3, 4, 5, 6, 7], rules="nhs")
    assert result["centre"] == 4
    assert [s["rule"] for s in result["signals"]] == ["trend"]
