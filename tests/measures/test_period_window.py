"""A data point's period lies between 1 January 1990 and two years from today, whichever way it
comes in: the point form, the grid, a CSV file (previewed on the page or through the API) and the
API, one point or many. Today is frozen at 2 March 2026, so the last period taken is 2 March 2028."""

from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from measures.models import Measure
from playbook import clock
from tests.support.clients import api_as, assert_error, page_as
from tests.support.factories import FocusAreaFactory, MeasureFactory

pytestmark = pytest.mark.django_db

TOO_LATE = ["9999-12-31", "2028-03-03"]
TOO_EARLY = ["1989-12-31", "0001-01-01"]
OUTSIDE = [*TOO_LATE, *TOO_EARLY]
EDGES = ["1990-01-01", "2028-03-02"]


@pytest.fixture(autouse=True)
def today():
    with clock.frozen_at(datetime(2026, 3, 2, 12, tzinfo=UTC)):
        yield


@pytest.fixture
def measure(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead)
    # Daily, so that every edge of the window is also a day the measure's rhythm takes.
    return MeasureFactory(focus_area=focus_area, kind=Measure.Kind.OUTCOME, frequency="daily")


def refused_period(errors) -> str:
    (message,) = errors["period"]
    assert "1 January 1990" in message and "2 March 2028" in message
    return message


@pytest.mark.parametrize("period", OUTSIDE)
def test_the_point_form_refuses_a_period_outside_the_window(personas, measure, period):
    response = page_as(personas.member).post(
        reverse("measure-record", args=[measure.pk]), {"period": period, "value": "4"}
    )
    assert response.status_code == 200
    refused_period(response.context["form"].errors)
    assert not measure.data_points.exists()


@pytest.mark.parametrize("period", EDGES)
def test_the_point_form_takes_the_first_and_last_days_of_the_window(personas, measure, period):
    response = page_as(personas.member).post(
        reverse("measure-record", args=[measure.pk]), {"period": period, "value": "4"}
    )
    assert response.status_code == 302
    assert measure.data_points.get().period.isoformat() == period


def test_the_grid_marks_the_row_with_a_period_outside_the_window(personas, measure):
    data = {"rows-TOTAL_FORMS": "2", "rows-INITIAL_FORMS": "0"}
    data.update({"rows-0-period": "2026-02-23", "rows-0-value": "4", "rows-0-note": ""})
    data.update({"rows-1-period": "9999-12-31", "rows-1-value": "5", "rows-1-note": ""})

    response = page_as(personas.member).post(reverse("measure-grid", args=[measure.pk]), data)

    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert not forms[0].errors
    refused_period(forms[1].errors)
    assert not measure.data_points.exists()


def test_the_csv_preview_on_the_page_names_the_line(personas, measure):
    text = "period,value\n2026-02-23,4\n9999-12-31,5\n"
    upload = SimpleUploadedFile("data.csv", text.encode(), content_type="text/csv")

    response = page_as(personas.member).post(reverse("measure-upload", args=[measure.pk]), {"file": upload})

    preview = response.context["preview"]
    assert not preview.ok
    assert preview.rows[0].errors == []
    (error,) = preview.rows[1].errors
    assert preview.rows[1].line == 3 and "1 January 1990" in error


@pytest.mark.parametrize("period", ["9999-12-31", "31/12/1850"])
def test_the_csv_preview_in_the_api_refuses_the_row(personas, measure, period):
    response = api_as(personas.member).post(
        f"/api/v1/measures/{measure.pk}/data/import/?preview=true", {"csv": f"period,value\n{period},5\n"}
    )
    assert response.status_code == 200
    (row,) = response.json()["rows"]
    assert "2 March 2028" in row["errors"][0]


def test_a_csv_import_with_such_a_row_stores_nothing(personas, measure):
    response = api_as(personas.member).post(
        f"/api/v1/measures/{measure.pk}/data/import/", {"csv": "period,value\n2026-02-23,4\n9999-12-31,5\n"}
    )
    body = assert_error(response, 400, "invalid")
    assert "Line 3" in body["errors"]["csv"][0]
    assert not measure.data_points.exists()


@pytest.mark.parametrize("period", OUTSIDE)
def test_the_api_refuses_one_point_outside_the_window(personas, measure, period):
    response = api_as(personas.member).post(
        f"/api/v1/measures/{measure.pk}/data/", {"period": period, "value": 4}
    )
    refused_period(assert_error(response, 400, "invalid")["errors"])


def test_the_api_names_the_row_of_a_bulk_post(personas, measure):
    points = [{"period": "2026-02-23", "value": 4}, {"period": "9999-12-31", "value": 5}]

    response = api_as(personas.member).post(f"/api/v1/measures/{measure.pk}/data/", points)

    errors = assert_error(response, 400, "invalid")["errors"]["points"]
    assert set(errors) == {"1"}
    refused_period(errors["1"])
    assert not measure.data_points.exists()
