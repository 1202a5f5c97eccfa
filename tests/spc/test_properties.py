"""Properties that hold for any data, checked with hypothesis."""

import itertools
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from spc import RULE_SETS, analyze

whole_or_missing = st.one_of(st.none(), st.integers(min_value=-50, max_value=50))
series = st.lists(whole_or_missing, min_size=0, max_size=60)
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
RUN_RULES = {"shift", "crossings", "trend", "runs"}

# The charts whose points need no subgroups or times above 0 (the rest: test_subgroup_charts.py,
# test_laney.py, test_rare_events.py).
SINGLE_VALUE_CHARTS = ("run", "i", "p", "u", "c")


def run_signals(result):
    return [
        (s["rule"], s["start_index"], s["end_index"], s["direction"])
        for s in result["signals"]
        if s["rule"] in RUN_RULES
    ]


@given(series)
def test_crossings_are_one_fewer_than_the_runs_of_useful_points(values):
    result = analyze(values)
    useful = [v for v in values if v is not None and v != result["centre"]]
    runs = [len(list(group)) for _, group in itertools.groupby(useful, key=lambda v: v > result["centre"])]
    assert result["n_useful"] == len(useful)
    if useful:
        assert result["runs"]["crossings"] == len(runs) - 1
        assert result["runs"]["longest_run"] == max(runs)
    else:
        assert result["runs"]["crossings"] is None


@given(series, st.sampled_from(RULE_SETS), st.sampled_from(["run", "i", "c"]))
def test_the_longest_run_never_exceeds_the_useful_points(values, rules, chart_type):
    values = [None if v is None else abs(v) for v in values]  # C charts count
    result = analyze(values, chart_type=chart_type, rules=rules)
    if result["runs"]["longest_run"] is not None:
        assert result["runs"]["longest_run"] <= result["n_useful"]


@given(
    series,
    st.integers(min_value=-1000, max_value=1000),
    st.sampled_from(RULE_SETS),
    st.sampled_from(["up", None]),
)
def test_adding_a_constant_does_not_change_the_run_signals(values, constant, rules, direction):
    shifted = [None if v is None else v + constant for v in values]
    assert run_signals(analyze(shifted, rules=rules, direction=direction)) == run_signals(
        analyze(values, rules=rules, direction=direction)
    )


FLIPPED = {"improvement": "deterioration", "deterioration": "improvement", "neutral": "neutral"}


@given(
    st.lists(st.one_of(st.none(), finite), max_size=60),
    st.sampled_from(RULE_SETS),
    st.sampled_from(["run", "i"]),
)
def test_reversing_the_better_direction_swaps_improvement_and_deterioration(values, rules, chart_type):
    up = analyze(values, chart_type=chart_type, rules=rules, direction="up")["signals"]
    down = analyze(values, chart_type=chart_type, rules=rules, direction="down")["signals"]
    assert [FLIPPED[s["direction"]] for s in up] == [s["direction"] for s in down]
    assert [s["start_index"] for s in up] == [s["start_index"] for s in down]


@given(
    st.integers(min_value=0, max_value=20),
    st.integers(min_value=20, max_value=200),
    st.integers(min_value=1, max_value=40),
    st.sampled_from(SINGLE_VALUE_CHARTS),
    st.sampled_from(RULE_SETS),
)
def test_no_signal_when_every_value_is_equal(count, denominator, n, chart_type, rules):
    denominators = [denominator] * n if chart_type in ("p", "u") else None
    result = analyze([count] * n, denominators, chart_type=chart_type, rules=rules)
    assert result["signals"] == []
    assert not any(point["signal"] for point in result["points"])


@st.composite
def any_chart(draw):
    chart_type = draw(st.sampled_from(SINGLE_VALUE_CHARTS))
    n = draw(st.integers(min_value=0, max_value=40))
    if chart_type in ("p", "u"):
        denominators = draw(st.lists(st.one_of(st.none(), st.integers(1, 500)), min_size=n, max_size=n))
        values = [
            None if d is None or draw(st.booleans()) and draw(st.booleans()) else draw(st.integers(0, d))
            for d in denominators
        ]
        return values, denominators, chart_type
    numbers = finite if chart_type != "c" else st.floats(min_value=0, max_value=1e6)
    values = draw(st.lists(st.one_of(st.none(), numbers), min_size=n, max_size=n))
    return values, None, chart_type


@settings(max_examples=300)
@given(any_chart(), st.sampled_from(RULE_SETS), st.booleans(), st.sampled_from(["up", "down", None]))
def test_the_result_is_always_strict_json(chart, rules, screen_mr, direction):
    values, denominators, chart_type = chart
    result = analyze(
        values, denominators, chart_type=chart_type, rules=rules, screen_mr=screen_mr, direction=direction
    )
    json.loads(json.dumps(result, allow_nan=False))
