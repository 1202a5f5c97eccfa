"""Run charts with the Anhøj rules: median centre, long runs, few crossings (CHART_RULES §2.1)."""

from spc import analyze


def signals(result, rule):
    return [s for s in result["signals"] if s["rule"] == rule]


def test_the_centre_is_the_median():
    assert analyze([3, 1, 4, 1, 5, 9])["centre"] == 3.5


def test_points_on_the_median_neither_break_nor_count_in_a_run():
    # median 5; the useful points read − + + + + − −, the 5 between 8 and 9 is skipped
    result = analyze([3, 5, 5, 6, 7, 8, 5, 9, 1, 2])
    assert result["centre"] == 5
    assert result["n_useful"] == 7
    assert result["runs"]["longest_run"] == 4
    assert result["runs"]["crossings"] == 2


def test_missing_values_are_dropped_from_the_analysis():
    with_gaps = analyze([3, None, 5, 5, 6, 7, float("nan"), 8, 5, 9, 1, 2])
    assert with_gaps["n"] == 12
    assert with_gaps["n_useful"] == 7
    assert with_gaps["runs"]["longest_run"] == 4
    assert with_gaps["points"][1]["value"] is None
    assert with_gaps["points"][1]["signal"] is False


def test_a_run_longer_than_the_limit_signals_and_marks_its_points():
    values = [4, 6, 4, 6, 4, 6] + [4] * 8 + [6] * 8  # median 5, n = 22: runs of 8 > 7
    result = analyze(values)
    assert result["runs"]["longest_run_max"] == 7
    shifts = signals(result, "shift")
    assert [(s["start_index"], s["end_index"]) for s in shifts] == [(6, 13), (14, 21)]
    assert [p["signal"] for p in result["points"]] == [False] * 6 + [True] * 16


def test_a_run_as_long_as_the_limit_does_not_signal():
    values = [6, 4, 6, 4, 6, 4, 6] + [4] * 7 + [6] * 7 + [4]  # n = 22, runs of 7: limit 7, strict
    result = analyze(values)
    assert result["centre"] == 5
    assert result["runs"]["longest_run"] == 7
    assert signals(result, "shift") == []


def test_too_few_crossings_signal_over_the_whole_phase():
    values = [1, 2, 1, 2, 1, 9, 8, 9, 8, 9] * 2  # median 5; 3 crossings in 20 points, 6 needed
    result = analyze(values)
    assert result["runs"]["crossings"] == 3
    assert result["runs"]["crossings_min"] == 6
    (crossing,) = signals(result, "crossings")
    assert (crossing["start_index"], crossing["end_index"]) == (0, 19)
    assert crossing["direction"] == "neutral"
    assert result["runs"]["signal"] is True


def test_as_many_crossings_as_the_limit_do_not_signal():
    values = [1, 1, 1, 9, 9, 9, 9, 1, 1, 1, 9, 9, 9, 1, 1, 9, 9, 9, 1, 1]  # 6 crossings in 20
    result = analyze(values)
    assert result["runs"]["crossings"] == 6
    assert signals(result, "crossings") == []
    assert result["runs"]["signal"] is False


def test_no_useful_point_means_no_statistics_and_no_signal():
    result = analyze([7, 7, 7, 7])
    assert result["n_useful"] == 0
    assert result["runs"] == {
        "longest_run": None,
        "longest_run_max": None,
        "crossings": None,
        "crossings_min": None,
        "signal": False,
    }
    assert result["signals"] == []


def baseline_then_drop():
    # 24 baseline points around 19 (11 below, two on, 11 above) then 15 points below it
    below, above = [15, 16, 17, 18, 14, 13, 16, 17, 18, 15, 12], [20, 21, 22, 23, 24, 20, 21, 25, 22, 23, 26]
    baseline = [v for pair in zip(below, above, strict=True) for v in pair] + [19, 19]
    return baseline + [17, 16, 18, 15, 14, 17, 16, 18, 15, 17, 16, 14, 18, 17, 16]


def test_a_frozen_baseline_fixes_the_median_and_a_later_run_below_it_signals():
    result = analyze(baseline_then_drop(), baseline=24)
    assert result["centre"] == 19
    assert all(point["cl"] == 19 for point in result["points"])
    assert result["n_useful"] == 37  # every point of the chart, less the two on the line
    assert result["runs"]["longest_run"] == 15
    (shift,) = signals(result, "shift")
    assert (shift["start_index"], shift["end_index"]) == (24, 38)
    assert shift["description"] == "15 points in a row below the centre line"


def test_without_the_baseline_the_median_follows_the_whole_series():
    assert analyze(baseline_then_drop())["centre"] == 17  # the 20th of 39 values


def test_each_phase_has_its_own_centre_and_analysis():
    first = [10, 12, 11, 9, 13, 10, 12, 11]
    second = [20, 22, 21, 19, 23, 20, 22, 21]
    result = analyze(first + second, phase_starts=(8,))
    assert [(p["start"], p["end"], p["centre"]) for p in result["phases"]] == [(0, 7, 11), (8, 15, 21)]
    assert result["centre"] == [11] * 8 + [21] * 8
    assert result["signals"] == []  # one median would have put 8 below and 8 above it


def test_a_run_does_not_carry_across_a_phase_split():
    first = [1, 5, 2, 6, 1, 5, 7, 8, 9, 7]  # median 5.5: ends with 4 above
    second = [30, 31, 32, 33, 10, 20, 10, 20, 10, 20]  # median 20: starts with 4 above
    result = analyze(first + second, phase_starts=(10,))
    assert [p["centre"] for p in result["phases"]] == [5.5, 20]
    assert [p["runs"]["longest_run"] for p in result["phases"]] == [4, 4]
    assert signals(result, "shift") == []


def test_the_last_phase_is_the_one_summarised_at_the_top():
    result = analyze([1, 2, 3, 4, 5, 6, 10, 20, 30], phase_starts=(6,))
    assert result["runs"] == result["phases"][-1]["runs"]
    assert result["n_useful"] == 2  # 10 and 30 around the median 20
