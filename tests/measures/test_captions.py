"""The caption says what the chart says and, truthfully, what limits that reading: the count of points
that falls short (never a count that does not), and what the engine warns about. Pure: no database."""

from datetime import date, timedelta

from measures import charts
from spc import analyze


def weekly(n):
    return [(date(2026, 1, 5) + timedelta(weeks=w)).isoformat() for w in range(n)]


def caption_of(values, **options):
    result = analyze(values, periods=weekly(len(values)), **options)
    result["measure"] = {"name": "Reading", "unit": "", "data_kind": options.pop("data_kind", "continuous")}
    return charts.caption(result)


def test_a_short_series_names_its_points():
    assert "With 8 points the rules can miss a change; 10 or more are better." in caption_of(
        [3, 5, 4, 6, 5, 4, 6, 3]
    )


def test_a_long_series_with_few_points_off_the_centre_line_names_those_points():
    # 26 points, 18 of them on the median: only 8 are useful to the runs rules.
    values = [5] * 18 + [1, 9, 2, 8, 1, 9, 2, 8]
    text = caption_of(values)
    assert "Only 8 of the 26 points are off the centre line" in text
    assert "With 26 points" not in text


def test_enough_useful_points_say_nothing_about_the_count():
    text = caption_of([3, 5, 4, 6, 5, 4, 6, 3, 5, 4, 6, 3])
    assert "10 or more" not in text and "fewer than 10" not in text


def test_a_baseline_given_with_phases_is_said_to_be_ignored():
    values = [3, 5, 4, 6, 5, 4, 6, 3, 5, 4, 6, 3] * 2
    text = caption_of(values, baseline=6, phase_starts=[12])
    assert "ignored" in text and "each phase has its own lines" in text


def test_a_fixed_centre_is_said_in_the_charts_units():
    values = [12, 14, 15, 13] * 4
    result = analyze(values, [30] * 16, periods=weekly(16), chart_type="p", centre=0.4)
    result["measure"] = {"name": "Reading", "unit": "", "data_kind": "proportion"}
    assert "The centre line is fixed at 40%." in charts.caption(result)


def test_excluded_points_are_said_to_be_left_out():
    values = [3, 5, 4, 6, 5, 40, 6, 3, 5, 4, 6, 3]
    assert "1 point is left out of the lines (excluded) but still drawn." in caption_of(
        values, chart_type="i", exclude=[5]
    )


def test_a_caption_stored_before_the_new_keys_still_reads():
    result = analyze([3, 5, 4, 6, 5, 4, 6, 3, 5, 4, 6, 3], periods=weekly(12))
    for key in ("warnings", "excluded", "centre_fixed", "multiply", "variation_icon", "assurance_icon"):
        result.pop(key, None)
    assert charts.caption(result).startswith("No signal")
