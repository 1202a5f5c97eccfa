"""Bad input raises spc.InputError (a ValueError) naming the argument, with a message a person can act on."""

from datetime import date

import pytest

from spc import ChartOptions, InputError, analyze

CASES = [
    ({"values": [1, 2], "chart_type": "pareto"}, "chart_type", "Unknown chart type 'pareto'"),
    ({"values": [1, 2], "rules": "westgard"}, "rules", "Unknown rule set 'westgard'"),
    ({"values": [1, 2], "direction": "sideways"}, "direction", "direction must be 'up', 'down' or None"),
    ({"values": [1, 2], "chart_type": "p"}, "denominators", "P chart needs denominators"),
    ({"values": [1, 2], "chart_type": "u"}, "denominators", "U chart needs denominators"),
    ({"values": [1, 2], "chart_type": "pp"}, "denominators", "P′ chart needs denominators"),
    ({"values": [1, 2], "chart_type": "up"}, "denominators", "U′ chart needs denominators"),
    ({"values": [1, 2], "denominators": [5], "chart_type": "p"}, "denominators", "differ in length"),
    ({"values": [1, 2], "periods": ["a"]}, "periods", "values and periods differ in length"),
    ({"values": [1, 2], "denominators": [5, 0], "chart_type": "p"}, "denominators", "point 2 is 0"),
    ({"values": [1, 2], "denominators": [5, 0], "chart_type": "up"}, "denominators", "point 2 is 0"),
    ({"values": [1, 2], "denominators": [5, -3], "chart_type": "u"}, "denominators", "above 0"),
    (
        {"values": [1, 6], "denominators": [5, 5], "chart_type": "p"},
        "values",
        "cannot exceed its denominator",
    ),
    (
        {"values": [1, 6], "denominators": [5, 5], "chart_type": "pp"},
        "values",
        "cannot exceed its denominator",
    ),
    ({"values": [1, -2], "denominators": [5, 5], "chart_type": "u"}, "values", "Counts cannot be negative"),
    ({"values": [1, -2], "chart_type": "c"}, "values", "Counts cannot be negative; point 2 is -2"),
    ({"values": [4, -1, 3], "chart_type": "g"}, "values", "cannot be negative; point 2 is -1"),
    ({"values": [4, 0, 3], "chart_type": "t"}, "values", "Time between events must be above 0; point 2 is 0"),
    ({"values": [4, -2, 3], "chart_type": "t"}, "values", "must be above 0; point 2 is -2"),
    ({"values": [1, 2, 3], "chart_type": "xbar"}, "values", "X̄ chart needs subgroups of two or more"),
    (
        {"values": [1, 2, 3], "periods": [1, 1, 2], "chart_type": "s"},
        "values",
        r"S chart needs two or more values in every subgroup; subgroup 2 \(2\) has one",
    ),
    ({"values": [1, 2, 3], "baseline": 0}, "baseline", "baseline must be between 1 and"),
    ({"values": [1, 2, 3], "baseline": 4}, "baseline", "between 1 and the number of points \\(3\\)"),
    ({"values": [1, 2, 3], "baseline": 2.5}, "baseline", "baseline must be a whole number"),
    ({"values": [1, 2, 3], "phase_starts": (3,)}, "phase_starts", "Phase starts must lie between 1 and 2"),
    ({"values": [1, 2, 3], "phase_starts": (0,)}, "phase_starts", "Phase starts must lie between 1 and 2"),
    ({"values": [1, 2, 3, 4], "phase_starts": (2, 1)}, "phase_starts", "increasing order"),
    ({"values": [1, 2, 3, 4], "phase_starts": (2, 2)}, "phase_starts", "without repeats"),
    ({"values": [1, "many"]}, "values", "values must be numbers"),
    ({"values": [1, float("inf")]}, "values", "values must be finite numbers; point 2"),
    ({"values": [[1, 2], [3, 4]]}, "values", "flat sequence"),
    ({"values": [1, 2], "screen_mr": "yes"}, "screen_mr", "screen_mr must be True or False"),
    ({"values": [1, 2, 3], "exclude": (3,)}, "exclude", "between 0 and 2"),
    ({"values": [1, 2, 3], "exclude": (-1,)}, "exclude", "start at 0"),
    ({"values": [1, 2, 3], "exclude": (1.5,)}, "exclude", "whole number"),
    ({"values": [1, 2, 3, 4], "periods": [1, 1, 2, 2], "exclude": (2,)}, "exclude", "between 0 and 1"),
    ({"values": [1, 2, 3], "chart_type": "i", "multiply": 100}, "multiply", "P, P′, U and U′ charts only"),
    ({"values": [1, 2, 3], "chart_type": "run", "multiply": 2}, "multiply", "not a RUN chart"),
    ({"values": [1, 2], "denominators": [5, 5], "chart_type": "p", "multiply": 0}, "multiply", "above 0"),
    ({"values": [1, 2], "denominators": [5, 5], "chart_type": "p", "multiply": -100}, "multiply", "above 0"),
    ({"values": [1, 2], "denominators": [5, 5], "chart_type": "p", "multiply": "x"}, "multiply", "number"),
    (
        {"values": [1, 2], "denominators": [5, 5], "chart_type": "p", "centre": 1.5},
        "centre",
        "cannot exceed 1",
    ),
    (
        {"values": [1, 2], "denominators": [5, 5], "chart_type": "u", "centre": -1},
        "centre",
        "cannot be negative",
    ),
    ({"values": [1, 2], "chart_type": "c", "centre": -0.5}, "centre", "cannot be negative"),
    ({"values": [1, 2], "centre": float("nan")}, "centre", "finite number"),
    ({"values": [1, 2], "centre": "middle"}, "centre", "must be a number"),
    ({"values": [1, 2], "target": float("inf")}, "target", "finite number"),
    ({"values": [1, 2], "target": True}, "target", "must be a number"),
    ({"values": [1, 2], "periods": [date(2026, 1, 5), 7]}, "periods", "not a mix of date and number"),
    ({"values": [1, 2], "periods": ["2026-01-05", 7]}, "periods", "not a mix of number and text"),
    ({"values": [1, 2], "periods": [True, False]}, "periods", "numbers, dates or text, not bool"),
    ({"values": [1, 2], "periods": [1, float("nan")]}, "periods", "Period 2 is not a number"),
]


@pytest.mark.parametrize(("arguments", "field", "message"), CASES, ids=[m for _, _, m in CASES])
def test_bad_input_is_refused_naming_the_field_with_a_clear_message(arguments, field, message):
    arguments = dict(arguments)
    values = arguments.pop("values")
    denominators = arguments.pop("denominators", None)
    with pytest.raises(InputError, match=message) as caught:
        analyze(values, denominators, **arguments)
    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)  # callers that catch ValueError still do


def test_chart_options_check_themselves():
    with pytest.raises(InputError, match="Unknown chart type") as caught:
        ChartOptions(chart_type="pareto")
    assert caught.value.field == "chart_type"


def test_every_new_chart_type_is_known():
    for chart_type in ("mr", "xbar", "s", "pp", "up", "g", "t"):
        assert ChartOptions(chart_type=chart_type).chart_type == chart_type
