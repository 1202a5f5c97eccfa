"""IHI run-chart rules (Perla 2011; CHART_RULES §2.2 and §2.3)."""

from spc import analyze
from spc.run_count_limits import run_count_limits


def signals(result, rule):
    return [s for s in result["signals"] if s["rule"] == rule]


def spans(result, rule):
    return [(s["start_index"], s["end_index"]) for s in signals(result, rule)]


def test_six_points_on_one_side_of_the_median_are_a_shift():
    values = [8, 2, 8, 2, 8, 8, 8, 8, 8, 8, 2, 2, 2, 2, 2, 2, 8, 2]  # median 5
    assert spans(analyze(values, rules="ihi"), "shift") == [(4, 9), (10, 15)]


def test_five_points_on_one_side_are_not_a_shift():
    values = [8, 2, 8, 2, 8, 2, 2, 2, 2, 2, 8, 8, 8, 8, 8, 2, 8, 2]  # median 5, runs of 5
    assert spans(analyze(values, rules="ihi"), "shift") == []


def test_a_point_on_the_median_is_skipped_inside_a_shift():
    values = [2, 8, 2, 8, 2, 8, 8, 8, 5, 8, 8, 8, 2, 2, 2, 2, 2]  # median 5
    result = analyze(values, rules="ihi")
    assert spans(result, "shift") == [(5, 11)]
    assert [p["signal"] for p in result["points"][5:12]] == [True, True, True, False, True, True, True]


def test_equal_neighbours_neither_add_to_nor_break_a_trend():
    (trend,) = signals(analyze([1, 2, 3, 3, 4, 5], rules="ihi"), "trend")
    assert (trend["start_index"], trend["end_index"]) == (0, 5)
    assert trend["description"] == "5 points in a row going up"


def test_four_different_values_going_up_are_not_a_trend():
    assert signals(analyze([1, 2, 2, 2, 3, 4], rules="ihi"), "trend") == []


def test_a_turning_point_belongs_to_both_trends():
    result = analyze([1, 2, 3, 4, 5, 4, 3, 2, 1], rules="ihi")
    assert spans(result, "trend") == [(0, 4), (4, 8)]


def test_a_trend_may_cross_the_median():
    assert spans(analyze([3, 1, 2, 4, 6, 8, 7], rules="ihi"), "trend") == [(1, 5)]


def test_the_runs_limits_are_the_computed_swed_eisenhart_stand_in():
    assert run_count_limits(20) == (7, 15)
    assert run_count_limits(16) == (5, 13)


def test_too_many_runs_signal():
    result = analyze([1, 9] * 10, rules="ihi")
    (runs,) = signals(result, "runs")
    assert runs["description"] == "Too many runs (20 in 20 useful points, more than 15 is unusual)"
    assert runs["direction"] == "neutral"
    assert result["runs"]["signal"] is True


def test_too_few_runs_signal():
    result = analyze([1] * 5 + [9] * 5 + [1] * 5 + [9] * 5, rules="ihi")
    (runs,) = signals(result, "runs")
    assert (runs["start_index"], runs["end_index"]) == (0, 19)
    assert result["runs"]["crossings_min"] == 6  # fewer than 7 runs ⇔ fewer than 6 crossings


def test_a_far_out_point_is_astronomical_by_its_modified_z_score():
    values = [10, 11, 10, 12, 11, 10, 11, 12, 10, 40, 11, 10]
    result = analyze(values, rules="ihi", direction="down")
    (point,) = signals(result, "astronomical")
    assert (point["start_index"], point["direction"]) == (9, "deterioration")


def test_on_control_charts_ihi_uses_the_limits_with_shift_and_trend_but_no_runs_count():
    result = analyze([1, 9] * 10, chart_type="i", rules="ihi")
    assert signals(result, "runs") == []
    assert result["runs"]["crossings_min"] is None
    assert result["runs"]["longest_run_max"] == 5
