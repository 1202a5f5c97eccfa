"""``analyze_json`` is ``orjson.dumps(analyze(...))`` byte for byte, however it is built."""

import json
import math
import random
from datetime import date, timedelta

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spc import CHART_TYPES, RULE_SETS, analyze, analyze_json

DAYS = [date(2026, 1, 5) + timedelta(weeks=i) for i in range(24)]
NOISY = [3, None, 5, 2, 8, 8, 1, 0, 4, 30, 2, 3, float("nan"), 4, 5, 9, 9, 9, 9, 9, 9, 9, 9, 1]
SIZES = [10, 10, None, 9, 12, 11, 10, 8, 10, 40, 10, 10, 10, 12, 11, 10, 12, 13, 14, 15, 16, 17, 18, 10]


def arguments(chart_type):
    values = list(NOISY)
    periods = list(DAYS)
    denominators = SIZES if chart_type in ("p", "pp", "u", "up") else None
    if chart_type in ("xbar", "s"):
        values = [v if v is not None else 4 for v in values]
        values = [4 if isinstance(v, float) and math.isnan(v) else v for v in values]
        periods = [DAYS[i // 3] for i in range(len(values))]
    if chart_type == "t":
        values = [v + 1 if v is not None else None for v in values]
    return values, denominators, periods


@pytest.mark.parametrize("chart_type", CHART_TYPES)
@pytest.mark.parametrize("rules", RULE_SETS)
def test_the_bytes_equal_orjson_of_the_dict_for_every_chart_and_rule_set(chart_type, rules):
    values, denominators, periods = arguments(chart_type)
    options = {"chart_type": chart_type, "rules": rules, "direction": "up", "target": 5}
    expected = orjson.dumps(analyze(values, denominators, periods=periods, **options))
    assert analyze_json(values, denominators, periods=periods, **options) == expected
    json.loads(expected)


def test_phases_exclusions_multiply_and_signals_survive_the_splice():
    values, denominators, periods = arguments("p")
    options = {"chart_type": "p", "phase_starts": (8,), "exclude": (3, 9), "multiply": 100, "baseline": 4}
    result = analyze(values, denominators, periods=periods, **options)
    assert result["signals"] and result["warnings"] and isinstance(result["centre"], list)
    assert analyze_json(values, denominators, periods=periods, **options) == orjson.dumps(result)


def test_text_labels_with_commas_and_quotes_are_written_whole():
    periods = ['Term 1, "autumn"', "Term 2, spring", "Term 3 \\ summer", "Term 4"]
    assert analyze_json([1, 2, 3, 4], periods=periods) == orjson.dumps(analyze([1, 2, 3, 4], periods=periods))


def test_an_empty_chart_and_a_chart_of_one():
    assert analyze_json([]) == orjson.dumps(analyze([]))
    assert analyze_json([7], chart_type="i") == orjson.dumps(analyze([7], chart_type="i"))


def test_fractional_denominators_give_fractional_sizes():
    values, sizes = [1.5, 2, 3], [10.5, 11, 12]
    result = analyze(values, sizes, chart_type="u")
    assert [p["n"] for p in result["points"]] == [10.5, 11.0, 12.0]
    assert analyze_json(values, sizes, chart_type="u") == orjson.dumps(result)


values_or_missing = st.one_of(st.none(), st.floats(-1e9, 1e9, allow_nan=False), st.just(float("nan")))


@settings(max_examples=150)
@given(
    st.lists(values_or_missing, max_size=40),
    st.sampled_from(["run", "i", "mr", "c"]),
    st.sampled_from(RULE_SETS),
    st.sampled_from(["up", "down", None]),
)
def test_the_bytes_always_equal_orjson_of_the_dict(values, chart_type, rules, direction):
    if chart_type == "c":
        values = [abs(v) if v is not None else None for v in values]
    options = {"chart_type": chart_type, "rules": rules, "direction": direction}
    assert analyze_json(values, **options) == orjson.dumps(analyze(values, **options))


@pytest.mark.parametrize("chart_type", ["p", "pp", "u", "up", "xbar", "i", "c", "g"])
def test_long_charts_with_repeating_limits_and_sizes_are_written_whole(chart_type):
    # From 64 points the writer looks for few-valued columns (limits following a handful of
    # denominators, sizes, flags) and merges them; the bytes must not change.
    n = 600
    sizes = [(20, 40, 80)[i % 3] for i in range(n)]
    values = [(i * 7) % 19 for i in range(n)]
    values[10], values[500] = None, 19
    periods = None
    if chart_type == "xbar":
        periods = [i // 3 for i in range(n)]
    options = {"chart_type": chart_type, "exclude": (5, 7), "direction": "down", "rules": "nhs"}
    if chart_type in ("p", "pp", "u", "up"):
        options["multiply"] = 100
    denominators = sizes if chart_type in ("p", "pp", "u", "up") else None
    expected = orjson.dumps(analyze(values, denominators, periods=periods, **options))
    assert analyze_json(values, denominators, periods=periods, **options) == expected


@pytest.mark.parametrize("chart_type", ["p", "pp", "u", "up"])
def test_limits_that_follow_hundreds_of_denominators_are_written_whole(chart_type):
    # 290 denominators: too many pairs for a table of them, so the writer sees that each limit and
    # size follows the one before it; small denominators clamp the lower limit at 0, so the lower
    # limit follows the upper one but not the other way round. The bytes must not change.
    draw = random.Random(7)
    sizes = [draw.randint(10, 300) for _ in range(5_000)]
    values = [sum(draw.random() < 0.1 for _ in range(size)) for size in sizes]
    expected = orjson.dumps(analyze(values, sizes, chart_type=chart_type))
    assert analyze_json(values, sizes, chart_type=chart_type) == expected


def test_values_that_repeat_only_after_the_first_points_are_written_whole():
    values = [float(i) for i in range(300)] + [float(i % 7) for i in range(9_700)]
    assert analyze_json(values, chart_type="i") == orjson.dumps(analyze(values, chart_type="i"))
