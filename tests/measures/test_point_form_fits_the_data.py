"""The data-point form fits the measure: only its data kind's boxes, periods on its rhythm (a Monday
for a weekly Monday series, the 1st for a monthly one), chosen from a list of recent periods, with the
latest past period still empty chosen for you. The API refuses the same periods with the same words.
Today is frozen at Wednesday 25 November 2026."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from measures.data_input import PointInput, Rhythm, point_errors
from measures.forms import PointForm
from measures.models import Measure
from playbook import clock
from tests.support.clients import api_as, assert_error, page_as
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)  # a Wednesday; its week started on Monday 23 November
TUESDAY = "2026-11-17"


@pytest.fixture(autouse=True)
def today():
    with clock.frozen_at(datetime(2026, 11, 25, 12, tzinfo=UTC)):
        yield


@pytest.fixture
def focus_area(personas):
    return FocusAreaFactory(team=personas.team_a, owner=personas.lead)


@pytest.fixture
def weekly(focus_area):
    measure = MeasureFactory(focus_area=focus_area, frequency=Measure.Frequency.WEEKLY)
    DataPointFactory(measure=measure, period=date(2026, 11, 2), value=3)  # a Monday series
    return measure


@pytest.fixture
def proportion(focus_area):
    return MeasureFactory(focus_area=focus_area, data_kind=Measure.DataKind.PROPORTION)


def test_a_continuous_measure_asks_for_a_value_only(weekly):
    form = PointForm.for_measure(weekly, today=TODAY)

    assert "value" in form.fields
    assert "numerator" not in form.fields and "denominator" not in form.fields


def test_a_proportion_asks_for_a_numerator_and_a_denominator_only(proportion):
    form = PointForm.for_measure(proportion, today=TODAY)

    assert "numerator" in form.fields and "denominator" in form.fields
    assert "value" not in form.fields


def test_the_measure_page_shows_only_the_boxes_of_the_data_kind(personas, proportion):
    page = page_as(personas.member).get(proportion.get_absolute_url()).content.decode()

    assert 'name="numerator"' in page and 'name="denominator"' in page
    assert 'name="value"' not in page


def test_the_form_refuses_a_tuesday_for_a_weekly_monday_series(weekly):
    form = PointForm.for_measure(weekly, {"period": TUESDAY, "value": "4"}, today=TODAY)

    assert not form.is_valid()
    assert form.errors["period"] == [
        "This measure's periods start on a Monday every week; 17 November 2026 is a Tuesday."
    ]


def test_the_measure_page_refuses_a_tuesday_and_saves_nothing(personas, weekly):
    response = page_as(personas.member).post(
        reverse("measure-record", args=[weekly.pk]), {"period": TUESDAY, "value": "4"}
    )

    assert response.status_code == 200
    assert "start on a Monday" in response.context["form"].errors["period"][0]
    assert weekly.data_points.count() == 1


def test_the_api_refuses_a_tuesday_with_a_field_error(personas, weekly):
    response = api_as(personas.member).post(
        f"/api/v1/measures/{weekly.pk}/data/", {"period": TUESDAY, "value": 4}
    )

    errors = assert_error(response, 400, "invalid")["errors"]
    assert errors["period"] == [
        "This measure's periods start on a Monday every week; 17 November 2026 is a Tuesday."
    ]
    assert weekly.data_points.count() == 1


def test_the_api_takes_a_monday(personas, weekly):
    response = api_as(personas.member).post(
        f"/api/v1/measures/{weekly.pk}/data/", {"period": "2026-11-16", "value": 4}
    )

    assert response.status_code == 201, response.json()


def test_a_csv_row_off_the_rhythm_is_named(personas, weekly):
    response = api_as(personas.member).post(
        f"/api/v1/measures/{weekly.pk}/data/import/?preview=true",
        {"csv": "period,value\n2026-11-09,4\n2026-11-17,5\n"},
    )

    rows = response.json()["rows"]
    assert rows[0]["errors"] == []
    assert "start on a Monday" in rows[1]["errors"][0]


def test_a_stored_point_off_the_rhythm_can_still_be_corrected(personas, weekly):
    """Data entered before the rhythm was kept (on a Tuesday) is corrected, not stranded."""
    old = DataPointFactory(measure=weekly, period=date(2026, 10, 27), value=1, entered_by=personas.member)

    response = api_as(personas.member).patch(f"/api/v1/data-points/{old.pk}/", {"value": 2})

    assert response.status_code == 200, response.json()


def test_a_monthly_series_starts_on_the_first():
    rhythm = Rhythm(Measure.Frequency.MONTHLY)

    assert point_errors("continuous", PointInput(date(2026, 11, 1), value=1), rhythm) == {}
    assert point_errors("continuous", PointInput(date(2026, 11, 15), value=1), rhythm) == {
        "period": ["Monthly periods start on the 1st: give 1 November 2026 for November 2026."]
    }


def test_a_weekly_series_without_data_starts_on_mondays(focus_area):
    empty = MeasureFactory(focus_area=focus_area, frequency=Measure.Frequency.WEEKLY)

    assert empty.rhythm().problem(date(2026, 11, 23)) is None
    assert "Monday" in empty.rhythm().problem(date(2026, 11, 24))


def test_the_period_is_chosen_from_recent_weeks_labelled_by_their_monday(weekly):
    form = PointForm.for_measure(weekly, today=TODAY)
    choices = dict(form.fields["period"].widget.choices)

    assert choices["2026-11-23"] == "Week of Mon 23 Nov 2026"
    assert choices["2026-11-02"] == "Week of Mon 2 Nov 2026 (has data)"
    assert "2026-11-30" not in choices  # next week has not started
    assert all(date.fromisoformat(value).weekday() == 0 for value in choices)


def test_a_monthly_period_is_chosen_by_month(focus_area):
    monthly = MeasureFactory(focus_area=focus_area, frequency=Measure.Frequency.MONTHLY)

    choices = PointForm.for_measure(monthly, today=TODAY).fields["period"].widget.choices

    assert choices[0] == ("2026-11-01", "November 2026")
    assert choices[1] == ("2026-10-01", "October 2026")


def test_the_page_prefills_the_latest_past_week_without_data(personas, weekly):
    for monday in (date(2026, 11, 23), date(2026, 11, 9)):
        DataPointFactory(measure=weekly, period=monday, value=5)

    response = page_as(personas.member).get(weekly.get_absolute_url())

    assert response.context["form"].initial["period"] == "2026-11-16"


def test_the_page_never_prefills_a_future_week(personas, weekly):
    response = page_as(personas.member).get(weekly.get_absolute_url())

    assert response.context["form"].initial["period"] == "2026-11-23"  # this week, not next
