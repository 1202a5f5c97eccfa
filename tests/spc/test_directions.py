"""Signals read as improvement or deterioration from the measure's better direction."""

import pytest

from spc import analyze

RUN_ABOVE_THEN_BELOW = [4, 6, 4, 6, 4, 6] + [4] * 8 + [6] * 8  # shifts: 8 below (6..13), 8 above (14..21)


def directions(result, rule):
    return [s["direction"] for s in result["signals"] if s["rule"] == rule]


@pytest.mark.parametrize(
    ("better", "expected"),
    [
        ("up", ["deterioration", "improvement"]),
        ("down", ["improvement", "deterioration"]),
        (None, ["neutral"] * 2),
    ],
)
def test_a_shift_reads_by_its_side(better, expected):
    assert directions(analyze(RUN_ABOVE_THEN_BELOW, direction=better), "shift") == expected


@pytest.mark.parametrize(("better", "expected"), [("up", "deterioration"), ("down", "improvement")])
def test_a_downward_trend_reads_by_the_better_direction(better, expected):
    assert directions(analyze([9, 8, 7, 6, 5, 4, 3], rules="ihi", direction=better), "trend") == [expected]


@pytest.mark.parametrize(("better", "expected"), [("up", "improvement"), ("down", "deterioration")])
def test_a_point_above_the_upper_limit_reads_by_the_better_direction(better, expected):
    values = [50, 52, 49, 51, 48, 50, 53, 49, 51, 95, 50, 52, 48, 51, 49]
    assert directions(analyze(values, chart_type="i", direction=better), "outside_limits") == [expected]


@pytest.mark.parametrize("better", ["up", "down", None])
def test_too_few_crossings_are_neutral_whichever_way_is_better(better):
    values = [1, 2, 1, 2, 1, 9, 8, 9, 8, 9] * 2
    assert directions(analyze(values, direction=better), "crossings") == ["neutral"]
