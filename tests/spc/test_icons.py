"""The variation and assurance icons (NHSRplotthedots ptd_get_icons, CHART_RULES §4.2).

The NHSRplotthedots vignette shows the icons on charts, not on data we could cite here, so each
expected icon follows by hand from the §4.2 tables for data built to give one signal.
"""

import pytest

from spc import analyze

STEADY = [50, 52, 49, 51, 48, 50, 53, 49, 51, 50, 52, 48, 51, 49, 50]


@pytest.mark.parametrize(
    ("direction", "last", "icon"),
    [
        ("up", 80, "improvement_high"),
        ("up", 20, "concern_low"),
        ("down", 80, "concern_high"),
        ("down", 20, "improvement_low"),
        (None, 80, "neutral_high"),
        (None, 20, "neutral_low"),
    ],
)
def test_a_latest_point_beyond_a_limit_sets_the_variation_icon(direction, last, icon):
    result = analyze([*STEADY, last], chart_type="i", rules="nhs", direction=direction)
    assert result["variation_icon"] == icon


def test_no_signal_at_the_latest_point_is_common_cause():
    values = [*STEADY[:5], 90, *STEADY[5:]]
    result = analyze(values, chart_type="i", rules="nhs", direction="up", exclude=(5,))
    assert [s["rule"] for s in result["signals"]] == ["outside_limits"]  # the 90, not the latest point
    assert result["variation_icon"] == "common_cause"


def test_a_shift_ending_at_the_latest_point_sets_the_icon():
    values = [5, 6, 5, 6, 5, 6, 5, 6] + [9, 8, 9, 8, 9, 8, 9]
    result = analyze(values, chart_type="i", rules="nhs", direction="down")
    assert result["variation_icon"] == "concern_high"


def test_the_limit_outranks_a_shift_that_also_contains_the_latest_point():
    values = [5, 6, 5, 6, 5, 6, 5, 6, 5] + [7, 7, 7, 7, 7, 7, 7]
    result = analyze([*values, 1], chart_type="i", rules="nhs", direction="up", baseline=9)
    assert result["variation_icon"] == "concern_low"  # the last point is below the limit


def test_a_missing_latest_point_reads_the_last_point_with_a_value():
    result = analyze([*STEADY, 80, None], chart_type="i", direction="up")
    assert result["variation_icon"] == "improvement_high"


def test_icons_work_under_every_rule_set():
    for rules in ("anhoej", "ihi", "nhs"):
        assert analyze([*STEADY, 80], chart_type="i", rules=rules, direction="up")["variation_icon"] == (
            "improvement_high"
        )


@pytest.mark.parametrize(
    ("target", "direction", "icon"),
    [
        (70, "up", "consistent_fail"),
        (70, "down", "consistent_pass"),
        (30, "up", "consistent_pass"),
        (30, "down", "consistent_fail"),
        (50, "up", "inconsistent"),
        (50, "down", "inconsistent"),
    ],
)
def test_the_assurance_icon_compares_the_target_with_the_latest_limits(target, direction, icon):
    result = analyze(STEADY, chart_type="i", rules="nhs", direction=direction, target=target)
    assert result["assurance_icon"] == icon
    assert result["target"] == target


def test_a_target_on_a_limit_is_inconsistent():
    upper = analyze(STEADY, chart_type="i", rules="nhs")["points"][-1]["ucl"]
    result = analyze(STEADY, chart_type="i", rules="nhs", direction="up", target=upper)
    assert result["assurance_icon"] == "inconsistent"


def test_no_assurance_icon_without_target_direction_or_limits():
    assert analyze(STEADY, chart_type="i", direction="up")["assurance_icon"] is None
    assert analyze(STEADY, chart_type="i", target=70)["assurance_icon"] is None
    assert analyze(STEADY, chart_type="run", direction="up", target=70)["assurance_icon"] is None


def test_the_target_is_in_the_plotted_units_after_multiply():
    counts, sizes = [10, 12, 9, 11, 10, 12, 10, 11], [100] * 8
    result = analyze(counts, sizes, chart_type="p", multiply=100, direction="up", target=50)
    assert result["assurance_icon"] == "consistent_fail"  # 50 % is far above a ~20 % UCL
