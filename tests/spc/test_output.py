"""The shape of what ``analyze`` returns: plain data, ready for JSON and for the chart builders."""

import json
from datetime import date

import numpy as np
import pytest

from spc import CHART_TYPES, RULE_SETS, ChartOptions, analyze

TOP_LEVEL_KEYS = {
    "chart_type",
    "rules",
    "direction",
    "n",
    "n_useful",
    "centre",
    "runs",
    "phases",
    "points",
    "signals",
    "mr",
    "variation_icon",
    "assurance_icon",
    "warnings",
    "multiply",
    "target",
    "centre_fixed",
    "excluded",
}


def test_the_result_has_the_documented_keys():
    result = analyze([1, 2, 3, 4, 5], chart_type="i", direction="up")
    assert set(result) == TOP_LEVEL_KEYS
    assert set(result["points"][0]) == {
        "period",
        "value",
        "cl",
        "ucl",
        "lcl",
        "signal",
        "excluded",
        "n",
    }
    assert set(result["runs"]) == {"longest_run", "longest_run_max", "crossings", "crossings_min", "signal"}
    assert set(result["phases"][0]) == {"start", "end", "centre", "runs"}
    assert (result["chart_type"], result["rules"], result["direction"]) == ("i", "anhoej", "up")


def test_signals_carry_periods_indexes_direction_and_words():
    periods = [f"2026-01-{day:02d}" for day in range(1, 23)]
    values = [4, 6, 4, 6, 4, 6] + [4] * 8 + [6] * 8
    shift = analyze(values, periods=periods, direction="up")["signals"][0]
    assert shift == {
        "rule": "shift",
        "start": "2026-01-07",
        "end": "2026-01-14",
        "start_index": 6,
        "end_index": 13,
        "direction": "deterioration",
        "description": "8 points in a row below the centre line",
    }


def test_periods_default_to_1_to_n():
    assert [p["period"] for p in analyze([5, 6, 7])["points"]] == [1, 2, 3]


def test_dates_and_numpy_numbers_become_plain_labels():
    # Labels of one kind only (mixing them is refused: test_bad_input.py).
    assert [p["period"] for p in analyze([5, 6], periods=[date(2026, 3, 2), date(2026, 3, 9)])["points"]] == [
        "2026-03-02",
        "2026-03-09",
    ]
    assert [p["period"] for p in analyze([5, 6], periods=[np.int64(7), 8])["points"]] == [7, 8]


def test_the_centre_is_one_number_for_one_phase_and_a_list_for_several():
    assert analyze([1, 2, 3, 4])["centre"] == 2.5
    assert analyze([1, 2, 3, 4], phase_starts=(2,))["centre"] == [1.5, 1.5, 3.5, 3.5]


def test_an_empty_series_gives_an_empty_analysis():
    result = analyze([])
    assert (result["n"], result["n_useful"], result["centre"], result["points"], result["signals"]) == (
        0,
        0,
        None,
        [],
        [],
    )


@pytest.mark.parametrize("chart_type", CHART_TYPES)
@pytest.mark.parametrize("rules", RULE_SETS)
def test_every_chart_and_rule_set_gives_strict_json(chart_type, rules):
    values = [3, None, 5, 2, 8, 8, 1, 0, 4, 30, 2, 3]
    denominators = [10, 10, None, 9, 12, 11, 10, 8, 10, 40, 10, 10]
    if chart_type in ("xbar", "s"):
        periods = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]
        values = [3, 4, 5, 2, 8, 8, 1, 0, 4, 30, 2, 3]
    else:
        periods = None
    if chart_type == "t":
        values = [v + 1 if v is not None else None for v in values]
    result = analyze(
        values,
        denominators if chart_type in ("p", "pp", "u", "up") else None,
        periods=periods,
        chart_type=chart_type,
        rules=rules,
    )
    json.dumps(result, allow_nan=False)


def test_undefined_limits_become_none():
    result = analyze([5, 5, 5, 5], chart_type="i")  # AMR 0: screening keeps no range, as in qicharts2
    assert result["points"][0]["ucl"] is None
    assert result["mr"]["amr"] is None
    json.dumps(result, allow_nan=False)


def test_options_may_come_as_one_chart_options():
    options = ChartOptions(chart_type="i", rules="nhs", screen_mr=False)
    values = [10, 12, 11, 14, 9, 13]
    assert analyze(values, options=options) == analyze(values, chart_type="i", rules="nhs", screen_mr=False)


def test_options_may_not_come_both_ways():
    with pytest.raises(ValueError, match="not both"):
        analyze([1, 2, 3], chart_type="i", options=ChartOptions())


def test_the_baseline_is_ignored_when_phases_are_given():
    values = [1, 2, 3, 4, 10, 20, 30, 40]
    with_both = analyze(values, baseline=2, phase_starts=(4,))
    alone = analyze(values, phase_starts=(4,))
    assert with_both.pop("warnings") == [
        "The baseline of 2 points was ignored: each phase has its own lines."
    ]
    assert alone.pop("warnings") == []
    assert with_both == alone
