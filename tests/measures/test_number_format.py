"""One way of writing a chart's numbers: proportions as percentages, multiplied rates per 100 or 1,000
of the measure's unit, everything else as the plain number it is. Pure: no database."""

import pytest

from measures.number_format import Scale, per_unit, scale_of


def chart(chart_type="p", data_kind="proportion", unit="", multiply=1):
    return {"chart_type": chart_type, "multiply": multiply, "measure": {"unit": unit, "data_kind": data_kind}}


def test_a_proportion_reads_as_a_percentage():
    assert scale_of(chart()).with_unit(0.64) == "64%"


def test_a_percentage_keeps_one_decimal_when_it_has_one():
    assert scale_of(chart()).format(0.6437) == "64.4%"


def test_a_run_chart_of_a_proportion_still_reads_as_a_percentage():
    assert scale_of(chart(chart_type="run")).with_unit(0.5) == "50%"


def test_a_multiplied_proportion_reads_per_100_of_its_unit():
    scale = scale_of(chart(unit="pupils", multiply=100))
    assert not scale.percent
    assert scale.with_unit(64) == "64 per 100 pupils"


def test_a_multiplied_rate_without_a_unit_reads_per_1000():
    assert scale_of(chart(chart_type="u", data_kind="rate", multiply=1000)).with_unit(2.5) == "2.5 per 1,000"


def test_a_unit_already_written_as_a_rate_is_kept():
    assert per_unit(100, "per 100 sessions") == "per 100 sessions"


def test_a_chart_stored_before_the_data_kind_was_kept_reads_a_p_chart_as_percentages():
    assert scale_of({"chart_type": "p", "measure": {"unit": ""}}).percent


def test_other_data_keeps_its_number_and_unit():
    assert scale_of(chart(chart_type="i", data_kind="continuous", unit="words")).with_unit(1234.5) == (
        "1,234.5 words"
    )


@pytest.mark.parametrize(
    ("chart_type", "unit"), [("t", "days between events"), ("g", "opportunities between events")]
)
def test_rare_event_charts_say_what_their_numbers_count(chart_type, unit):
    assert scale_of(chart(chart_type=chart_type, data_kind="")).unit == unit


def test_the_axis_of_a_percentage_uses_d3_percent_formats():
    assert Scale(percent=True).axis()["tickformat"] == ".0%"


def test_a_missing_value_is_a_dash():
    assert Scale().format(None) == "—"
