"""What the engine's shortcuts for speed must keep: signals in stretch-then-rule order, the exact JSON of
the smallest charts, the caller's arrays untouched, and an MR chart's counts without its signals."""

import numpy as np
import orjson
import pytest

from spc import CHART_TYPES, RULE_SETS, analyze, analyze_json

RULE_ORDER = ["outside_limits", "astronomical", "two_of_three", "shift", "trend"]


def rank(rule: str) -> int:
    return RULE_ORDER.index(rule) if rule in RULE_ORDER else len(RULE_ORDER)


@pytest.mark.parametrize("rules", ["ihi", "nhs"])
def test_a_shift_and_a_trend_over_the_same_points_come_shift_first(rules):
    # Seven points climbing, all above the median of 6, then seven on the floor: the first seven are
    # one stretch that is both a shift and a trend.
    values = [11, 12, 13, 14, 15, 16, 17, 1, 1, 1, 1, 1, 1, 1]
    signals = analyze(values, chart_type="run", rules=rules)["signals"]
    stretch = [(s["start_index"], s["end_index"], s["rule"]) for s in signals if s["rule"] != "runs"]
    assert stretch == [(0, 6, "shift"), (0, 6, "trend"), (7, 13, "shift")]


@pytest.mark.parametrize("chart_type", ["run", "i", "c"])
@pytest.mark.parametrize("rules", RULE_SETS)
def test_signals_are_ordered_by_stretch_then_by_rule(chart_type, rules):
    rng = np.random.default_rng(17)
    values = np.concatenate([rng.poisson(5, 60), rng.poisson(9, 60), [40], rng.poisson(5, 60)]).tolist()
    signals = analyze(values, chart_type=chart_type, rules=rules, phase_starts=[121])["signals"]
    keys = [(s["start_index"], s["end_index"], rank(s["rule"])) for s in signals]
    assert len(signals) >= 2
    assert keys == sorted(keys)


@pytest.mark.parametrize("chart_type", CHART_TYPES)
def test_one_point_writes_the_same_json_as_the_dict(chart_type):
    denominators = [20] if chart_type in ("p", "pp", "u", "up") else None
    periods = [1, 1] if chart_type in ("xbar", "s") else None
    values = [3, 5] if periods else [3]
    given = {"chart_type": chart_type, "periods": periods}
    if denominators and periods:
        denominators = denominators * 2
    assert analyze_json(values, denominators, **given) == orjson.dumps(analyze(values, denominators, **given))


def test_the_default_labels_are_numbered_from_one():
    result = analyze([4, 5, 6, None, 8], chart_type="i")
    assert [p["period"] for p in result["points"]] == [1, 2, 3, 4, 5]
    assert orjson.loads(analyze_json([4, 5, 6, None, 8], chart_type="i")) == result


@pytest.mark.parametrize("chart_type", ["i", "p", "xbar"])
def test_the_callers_arrays_are_never_changed(chart_type):
    rng = np.random.default_rng(3)
    values = rng.binomial(50, 0.3, 40).astype(float)
    values[[4, 9]] = np.nan
    denominators = np.full(40, 50.0) if chart_type == "p" else None
    periods = np.repeat(np.arange(20), 2).tolist() if chart_type == "xbar" else None
    before = values.copy(), None if denominators is None else denominators.copy()
    result = analyze(values, denominators, periods=periods, chart_type=chart_type, multiply=1)
    assert np.array_equal(values, before[0], equal_nan=True)
    if denominators is not None:
        assert np.array_equal(denominators, before[1])
    assert result["n"] == (20 if periods else 40)


@pytest.mark.parametrize("rules", RULE_SETS)
def test_an_mr_chart_counts_its_runs_and_never_signals_them(rules):
    values = [10, 30, 10, 30, 10, 30, 10, 30, 10, 30, 12, 13, 12, 13, 12, 13, 12, 13, 12, 13, 12]
    result = analyze(values, chart_type="mr", rules=rules)
    assert result["runs"]["signal"] is False
    assert result["runs"]["longest_run"] == 10  # the ten small ranges at the end, below the mean
    assert result["runs"]["crossings"] == 1
    assert {s["rule"] for s in result["signals"]} <= {"outside_limits"}
