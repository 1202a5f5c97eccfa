"""Bad input raises ValueError with a message a person can act on."""

import pytest

from spc import ChartOptions, analyze

CASES = [
    ({"values": [1, 2], "chart_type": "xbar"}, "Unknown chart type 'xbar'"),
    ({"values": [1, 2], "rules": "westgard"}, "Unknown rule set 'westgard'"),
    ({"values": [1, 2], "direction": "sideways"}, "direction must be 'up', 'down' or None"),
    ({"values": [1, 2], "chart_type": "p"}, "P chart needs denominators"),
    ({"values": [1, 2], "chart_type": "u"}, "U chart needs denominators"),
    ({"values": [1, 2], "denominators": [5], "chart_type": "p"}, "differ in length"),
    ({"values": [1, 2], "periods": ["a"]}, "values and periods differ in length"),
    ({"values": [1, 2], "denominators": [5, 0], "chart_type": "p"}, "point 2 is 0"),
    ({"values": [1, 2], "denominators": [5, -3], "chart_type": "u"}, "Denominators must be above 0"),
    ({"values": [1, 6], "denominators": [5, 5], "chart_type": "p"}, "cannot exceed its denominator"),
    ({"values": [1, -2], "denominators": [5, 5], "chart_type": "u"}, "Counts cannot be negative"),
    ({"values": [1, -2], "chart_type": "c"}, "Counts cannot be negative; point 2 is -2"),
    ({"values": [1, 2, 3], "baseline": 0}, "baseline must be between 1 and"),
    ({"values": [1, 2, 3], "baseline": 4}, "baseline must be between 1 and the number of points \\(3\\)"),
    ({"values": [1, 2, 3], "baseline": 2.5}, "baseline must be a whole number"),
    ({"values": [1, 2, 3], "phase_starts": (3,)}, "Phase starts must lie between 1 and 2"),
    ({"values": [1, 2, 3], "phase_starts": (0,)}, "Phase starts must lie between 1 and 2"),
    ({"values": [1, 2, 3, 4], "phase_starts": (2, 1)}, "increasing order"),
    ({"values": [1, 2, 3, 4], "phase_starts": (2, 2)}, "without repeats"),
    ({"values": [1, "many"]}, "values must be numbers"),
    ({"values": [1, float("inf")]}, "values must be finite numbers; point 2"),
    ({"values": [[1, 2], [3, 4]]}, "flat sequence"),
    ({"values": [1, 2], "screen_mr": "yes"}, "screen_mr must be True or False"),
]


@pytest.mark.parametrize(("arguments", "message"), CASES, ids=[message for _, message in CASES])
def test_bad_input_is_refused_with_a_clear_message(arguments, message):
    arguments = dict(arguments)
    values = arguments.pop("values")
    denominators = arguments.pop("denominators", None)
    with pytest.raises(ValueError, match=message):
        analyze(values, denominators, **arguments)


def test_chart_options_check_themselves():
    with pytest.raises(ValueError, match="Unknown chart type"):
        ChartOptions(chart_type="g")
