"""IHI's astronomical point as Iglewicz–Hoaglin's modified z-score (spc/astronomical.py, spc/RULES.md)."""

from spc import analyze
from spc.astronomical import modified_z


def rules(result):
    return [s["rule"] for s in result["signals"]]


def test_a_step_change_is_a_shift_not_a_run_of_astronomical_points():
    values = [10, 9, 11, 10, 10, 11, 9, 10, 11, 10] + [20, 21, 19, 20, 20, 19, 21, 20, 19, 20]
    result = analyze(values, rules="ihi")
    assert "shift" in rules(result)
    assert "astronomical" not in rules(result)


def test_one_far_out_point_is_astronomical():
    values = [10, 11, 10, 12, 11, 10, 11, 12, 10, 40, 11, 10]
    result = analyze(values, rules="ihi", direction="down")
    (point,) = [s for s in result["signals"] if s["rule"] == "astronomical"]
    assert (point["start_index"], point["direction"]) == (9, "deterioration")


def test_a_far_out_point_after_a_step_is_still_astronomical():
    values = [10, 9, 11, 10, 10, 11, 9, 10, 11, 10] + [20, 21, 19, 20, 90, 19, 21, 20, 19, 20]
    result = analyze(values, rules="ihi")
    assert [s["start_index"] for s in result["signals"] if s["rule"] == "astronomical"] == [14]


def test_the_score_is_0_6745_times_the_distance_from_the_median_over_the_mad():
    import numpy as np

    y = np.array([1.0, 2.0, 3.0, 4.0, 100.0])  # median 3, deviations 2 1 0 1 97 → MAD 1
    scores = modified_z(y, np.ones(5, dtype=bool))
    assert scores.tolist() == [0.6745 * -2, 0.6745 * -1, 0.0, 0.6745, 0.6745 * 97]


def test_when_the_mad_is_zero_the_mean_absolute_deviation_stands_in():
    import numpy as np

    y = np.array([0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 5.0])  # median 0, MAD 0, MeanAD 6/7
    scores = modified_z(y, np.ones(7, dtype=bool))
    assert scores[-1] == 5 / (1.2533 * 6 / 7)
    result = analyze(y.tolist(), rules="ihi")
    assert [s["start_index"] for s in result["signals"] if s["rule"] == "astronomical"] == [6]


def test_no_spread_at_all_means_nothing_is_astronomical():
    assert "astronomical" not in rules(analyze([4] * 10 + [9], rules="ihi", baseline=10))
