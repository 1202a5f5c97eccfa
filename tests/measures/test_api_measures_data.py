"""Entering, correcting, listing, exporting and importing a measure's data through the API."""

import base64
from datetime import date

import pytest

from measures.models import DataPoint, DataPointRevision, Measure
from tests.support.clients import api_as, assert_error
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def focus_area(personas):
    return FocusAreaFactory(team=personas.team_a, owner=personas.lead)


@pytest.fixture
def measure(focus_area):
    return MeasureFactory(focus_area=focus_area, name="Reading minutes", data_kind="continuous")


@pytest.fixture
def proportion(focus_area):
    return MeasureFactory(focus_area=focus_area, name="Fluent readers", data_kind="proportion")


def data_url(measure) -> str:
    return f"/api/v1/measures/{measure.pk}/data/"


def stored(measure) -> list[tuple]:
    return list(
        measure.data_points.order_by("period").values_list("period", "value", "numerator", "denominator")
    )


# --- Entering data --------------------------------------------------------------------------------


def test_member_enters_a_point(personas, measure):
    response = api_as(personas.member).post(
        data_url(measure), {"period": "2026-03-02", "value": 12.5, "note": "Wet"}
    )
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "measure": measure.pk,
        "period": "2026-03-02",
        "value": 12.5,
        "numerator": None,
        "denominator": None,
        "observations": None,
        "note": "Wet",
        "entered_by": personas.member.pk,
        "entered_at": body["entered_at"],
        "updated_by": personas.member.pk,
        "updated_at": body["updated_at"],
    }
    assert stored(measure) == [(date(2026, 3, 2), 12.5, None, None)]


def test_entering_a_point_makes_the_chart_stale(personas, measure):
    api_as(personas.member).post(data_url(measure), {"period": "2026-03-02", "value": 12})
    assert Measure.objects.get(pk=measure.pk).data_version == 1


def test_reposting_a_period_updates_it_and_keeps_the_old_values(personas, measure):
    client = api_as(personas.member)
    first = client.post(data_url(measure), {"period": "2026-03-02", "value": 12})
    second = client.post(data_url(measure), {"period": "2026-03-02", "value": 14})
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["id"] == first.json()["id"]
    assert stored(measure) == [(date(2026, 3, 2), 14.0, None, None)]
    revision = DataPointRevision.objects.get(data_point_id=first.json()["id"])
    assert (revision.value, revision.changed_by) == (12.0, personas.member)


def test_member_cannot_overwrite_a_point_someone_else_entered(personas, measure):
    DataPointFactory(measure=measure, period=date(2026, 3, 2), value=12, entered_by=personas.lead)
    response = api_as(personas.member).post(data_url(measure), {"period": "2026-03-02", "value": 99})
    assert_error(response, 403, "permission_denied")
    assert stored(measure) == [(date(2026, 3, 2), 12.0, None, None)]


def test_proportion_point_takes_a_numerator_and_denominator(personas, proportion):
    data = {"period": "2026-03-02", "numerator": 18, "denominator": 30}
    assert api_as(personas.member).post(data_url(proportion), data).status_code == 201
    assert stored(proportion) == [(date(2026, 3, 2), None, 18.0, 30.0)]


def test_numerator_above_denominator_is_a_field_error(personas, proportion):
    data = {"period": "2026-03-02", "numerator": 31, "denominator": 30}
    body = assert_error(api_as(personas.member).post(data_url(proportion), data), 400, "invalid")
    assert body["errors"] == {"numerator": ["The numerator cannot be above the denominator."]}
    assert stored(proportion) == []


def test_denominator_of_zero_is_a_field_error(personas, proportion):
    data = {"period": "2026-03-02", "numerator": 0, "denominator": 0}
    body = assert_error(api_as(personas.member).post(data_url(proportion), data), 400, "invalid")
    assert body["errors"] == {"denominator": ["The denominator must be above 0."]}


def test_single_value_on_a_proportion_measure_is_a_field_error(personas, proportion):
    body = assert_error(
        api_as(personas.member).post(data_url(proportion), {"period": "2026-03-02", "value": 0.6}),
        400,
        "invalid",
    )
    assert body["errors"]["value"] == [
        "This measure takes a numerator and a denominator, not a single value."
    ]
    assert stored(proportion) == []


def test_point_without_a_value_is_a_field_error(personas, measure):
    body = assert_error(
        api_as(personas.member).post(data_url(measure), {"period": "2026-03-02"}), 400, "invalid"
    )
    assert body["errors"] == {"value": ["Give a value."]}


def test_value_that_is_not_a_number_is_a_field_error(personas, measure):
    data = {"period": "2026-03-02", "value": "lots"}
    body = assert_error(api_as(personas.member).post(data_url(measure), data), 400, "invalid")
    assert body["errors"] == {"value": ["A valid number is required."]}


def test_true_is_not_a_number(personas, measure):
    data = {"period": "2026-03-02", "value": True}
    body = assert_error(api_as(personas.member).post(data_url(measure), data), 400, "invalid")
    assert list(body["errors"]) == ["value"]


def test_bad_period_is_a_field_error(personas, measure):
    body = assert_error(
        api_as(personas.member).post(data_url(measure), {"period": "someday", "value": 1}), 400, "invalid"
    )
    assert list(body["errors"]) == ["period"]


def test_malformed_json_is_a_400_parse_error(personas, measure):
    response = api_as(personas.member).post(
        data_url(measure), data='{"period": "2026-03-02",', content_type="application/json"
    )
    assert_error(response, 400, "parse_error")


def test_body_that_is_neither_a_point_nor_a_list_is_a_400(personas, measure):
    response = api_as(personas.member).post(data_url(measure), data="12", content_type="application/json")
    assert list(assert_error(response, 400, "invalid")["errors"]) == ["non_field_errors"]


# --- Entering many at once ------------------------------------------------------------------------


def test_a_list_of_points_is_stored_together(personas, measure):
    points = [{"period": "2026-03-09", "value": 14}, {"period": "2026-03-02", "value": 12}]
    response = api_as(personas.member).post(data_url(measure), points)
    assert response.status_code == 201
    assert [p["period"] for p in response.json()] == ["2026-03-09", "2026-03-02"]
    assert stored(measure) == [(date(2026, 3, 2), 12.0, None, None), (date(2026, 3, 9), 14.0, None, None)]


def test_a_list_with_one_bad_row_is_a_400_naming_that_row_and_stores_nothing(personas, proportion):
    points = [
        {"period": "2026-03-02", "numerator": 18, "denominator": 30},
        {"period": "2026-03-09", "numerator": 40, "denominator": 30},
        {"period": "2026-03-16", "numerator": 20, "denominator": 30},
    ]
    body = assert_error(api_as(personas.member).post(data_url(proportion), points), 400, "invalid")
    assert body["errors"] == {
        "points": {"1": {"numerator": ["The numerator cannot be above the denominator."]}}
    }
    assert stored(proportion) == []
    assert Measure.objects.get(pk=proportion.pk).data_version == 0


def test_a_list_with_a_malformed_row_names_that_row(personas, measure):
    points = [{"period": "2026-03-02", "value": 12}, {"period": "2026-03-09", "value": "n/a"}]
    body = assert_error(api_as(personas.member).post(data_url(measure), points), 400, "invalid")
    assert body["errors"] == {"points": {"1": {"value": ["A valid number is required."]}}}
    assert stored(measure) == []


def test_a_period_twice_in_one_list_is_an_error_on_the_second(personas, measure):
    points = [{"period": "2026-03-02", "value": 12}, {"period": "2026-03-02", "value": 13}]
    body = assert_error(api_as(personas.member).post(data_url(measure), points), 400, "invalid")
    assert body["errors"] == {"points": {"1": {"period": ["This period is in the batch twice."]}}}


def test_a_list_of_one_bad_point_still_names_the_row(personas, measure):
    body = assert_error(
        api_as(personas.member).post(data_url(measure), [{"period": "2026-03-02"}]), 400, "invalid"
    )
    assert body["errors"] == {"points": {"0": {"value": ["Give a value."]}}}


def test_an_empty_list_is_a_400(personas, measure):
    body = assert_error(api_as(personas.member).post(data_url(measure), []), 400, "invalid")
    assert body["errors"] == {"non_field_errors": ["Send at least one point."]}


def test_too_many_points_at_once_is_a_400(personas, measure):
    points = [{"period": "2026-03-02", "value": 1}] * 5001
    body = assert_error(api_as(personas.member).post(data_url(measure), points), 400, "invalid")
    assert body["errors"] == {"non_field_errors": ["Send at most 5000 points at once."]}


# --- Reading data ---------------------------------------------------------------------------------


def test_data_is_listed_oldest_period_first(personas, measure):
    for day in (16, 2, 9):
        DataPointFactory(measure=measure, period=date(2026, 3, day))
    body = api_as(personas.member).get(data_url(measure)).json()
    assert [p["period"] for p in body["results"]] == ["2026-03-02", "2026-03-09", "2026-03-16"]


def test_data_is_paginated(personas, measure):
    DataPointFactory.create_batch(3, measure=measure)
    body = api_as(personas.member).get(data_url(measure), {"page_size": 2}).json()
    assert (body["count"], len(body["results"]), body["next"] is not None) == (3, 2, True)


def test_data_lists_only_this_measures_points(personas, measure, proportion):
    DataPointFactory(measure=proportion, value=None, numerator=1, denominator=2)
    assert api_as(personas.member).get(data_url(measure)).json()["count"] == 0


# --- Correcting and deleting one point ------------------------------------------------------------


def test_correcting_a_point_keeps_its_old_values_as_a_revision(personas, measure):
    point = DataPointFactory(measure=measure, value=12, note="First count", entered_by=personas.member)
    response = api_as(personas.member).patch(f"/api/v1/data-points/{point.pk}/", {"value": 13})
    assert (response.json()["value"], response.json()["note"]) == (13.0, "First count")
    revision = DataPointRevision.objects.get(data_point=point)
    assert (revision.value, revision.note) == (12.0, "First count")


def test_correcting_a_numerator_keeps_the_denominator(personas, proportion):
    point = DataPointFactory(
        measure=proportion, value=None, numerator=10, denominator=30, entered_by=personas.member
    )
    api_as(personas.member).patch(f"/api/v1/data-points/{point.pk}/", {"numerator": 12})
    assert stored(proportion) == [(point.period, None, 12.0, 30.0)]


def test_correcting_to_a_bad_value_is_a_field_error(personas, proportion):
    point = DataPointFactory(
        measure=proportion, value=None, numerator=10, denominator=30, entered_by=personas.member
    )
    response = api_as(personas.member).patch(f"/api/v1/data-points/{point.pk}/", {"numerator": 31})
    assert list(assert_error(response, 400, "invalid")["errors"]) == ["numerator"]
    assert stored(proportion) == [(point.period, None, 10.0, 30.0)]


def test_period_of_a_point_does_not_change(personas, measure):
    point = DataPointFactory(measure=measure, period=date(2026, 3, 2), entered_by=personas.member)
    api_as(personas.member).patch(f"/api/v1/data-points/{point.pk}/", {"period": "2026-04-06", "value": 3})
    assert stored(measure) == [(date(2026, 3, 2), 3.0, None, None)]


def test_deleting_a_point_makes_the_chart_stale(personas, measure):
    point = DataPointFactory(measure=measure, entered_by=personas.lead)
    assert api_as(personas.lead).delete(f"/api/v1/data-points/{point.pk}/").status_code == 204
    assert not DataPoint.objects.filter(pk=point.pk).exists()
    assert Measure.objects.get(pk=measure.pk).data_version == 1


def test_data_points_have_no_list_of_their_own(personas):
    assert_error(api_as(personas.member).get("/api/v1/data-points/"), 404, "not_found")


# --- CSV export and import ------------------------------------------------------------------------


def test_csv_export_is_a_csv_file_of_the_data(personas, proportion):
    DataPointFactory(measure=proportion, period=date(2026, 3, 2), value=None, numerator=18, denominator=30)
    DataPointFactory(measure=proportion, period=date(2026, 3, 9), value=None, numerator=19.5, denominator=30)
    response = api_as(personas.member).get(f"/api/v1/measures/{proportion.pk}/data.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="fluent-readers-data.csv"'
    assert response.content.decode().splitlines() == [
        "period,numerator,denominator,note",
        "2026-03-02,18,30,",
        "2026-03-09,19.5,30,",
    ]


def test_csv_export_answers_csv_whatever_the_client_asks_for(personas, measure):
    response = api_as(personas.member).get(f"/api/v1/measures/{measure.pk}/data.csv", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


def test_csv_export_of_an_unseen_measure_is_a_json_404(personas, measure):
    response = api_as(personas.sibling_member).get(f"/api/v1/measures/{measure.pk}/data.csv")
    assert_error(response, 404, "not_found")


def test_exported_csv_imports_into_another_measure(personas, focus_area, proportion):
    DataPointFactory(
        measure=proportion, period=date(2026, 3, 2), value=None, numerator=18, denominator=30, note="=A1"
    )
    DataPointFactory(measure=proportion, period=date(2026, 3, 9), value=None, numerator=0.5, denominator=2)
    copy = MeasureFactory(focus_area=focus_area, name="Copy", data_kind="proportion")
    client = api_as(personas.member)
    text = client.get(f"/api/v1/measures/{proportion.pk}/data.csv").content.decode()
    response = client.post(f"/api/v1/measures/{copy.pk}/data/import/", {"csv": text})
    assert response.status_code == 201
    assert response.json() == {"imported": 2}
    assert stored(copy) == stored(proportion)
    # A note that would run as a formula in a spreadsheet is exported quoted and read back unquoted.
    assert list(copy.data_points.values_list("note", flat=True).order_by("period")) == ["=A1", ""]


def test_csv_preview_says_what_each_row_would_do_and_imports_nothing(personas, measure):
    DataPointFactory(measure=measure, period=date(2026, 3, 2), value=1)
    text = "period,value\n2026-03-02,12\n2026-03-09,lots\n"
    response = api_as(personas.member).post(
        f"/api/v1/measures/{measure.pk}/data/import/?preview=true", {"csv": text}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["ok"], body["error_count"], body["problems"]) == (False, 1, [])
    assert [(r["line"], r["period"], r["value"], r["replaces"]) for r in body["rows"]] == [
        (2, "2026-03-02", 12.0, True),
        (3, "2026-03-09", None, False),
    ]
    assert body["rows"][1]["errors"] == ["Not a number: Value “lots” is not a number."]
    assert stored(measure) == [(date(2026, 3, 2), 1.0, None, None)]


def test_csv_import_with_a_bad_row_is_a_400_on_csv_and_stores_nothing(personas, measure):
    text = "period,value\n2026-03-02,12\n2026-03-09,lots\n"
    response = api_as(personas.member).post(f"/api/v1/measures/{measure.pk}/data/import/", {"csv": text})
    body = assert_error(response, 400, "invalid")
    assert body["errors"] == {"csv": ["Line 3: Not a number: Value “lots” is not a number."]}
    assert stored(measure) == []


def test_csv_without_the_needed_columns_is_a_400_on_csv(personas, proportion):
    response = api_as(personas.member).post(
        f"/api/v1/measures/{proportion.pk}/data/import/", {"csv": "period,value\n2026-03-02,1\n"}
    )
    body = assert_error(response, 400, "invalid")
    assert list(body["errors"]) == ["csv"]
    assert "numerator" in body["errors"]["csv"][0]


def test_bad_preview_flag_is_a_field_error(personas, measure):
    response = api_as(personas.member).post(
        f"/api/v1/measures/{measure.pk}/data/import/?preview=perhaps", {"csv": "period,value\n"}
    )
    assert list(assert_error(response, 400, "invalid")["errors"]) == ["preview"]


def test_an_exported_workbook_imports_into_another_measure_as_base64(personas, focus_area, proportion):
    DataPointFactory(
        measure=proportion, period=date(2026, 3, 2), value=None, numerator=18, denominator=30, note="=A1"
    )
    copy = MeasureFactory(focus_area=focus_area, name="Copy", data_kind="proportion")
    client = api_as(personas.member)
    workbook = client.get(f"/api/v1/measures/{proportion.pk}/data.xlsx")
    assert workbook["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    encoded = base64.b64encode(workbook.content).decode()
    preview = client.post(f"/api/v1/measures/{copy.pk}/data/import/?preview=true", {"xlsx": encoded})
    response = client.post(f"/api/v1/measures/{copy.pk}/data/import/", {"xlsx": encoded})

    assert preview.json()["ok"] is True
    assert response.status_code == 201
    assert stored(copy) == stored(proportion)
    assert list(copy.data_points.values_list("note", flat=True)) == ["=A1"]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"xlsx": "not base64!"}, "xlsx", "not base64"),
        ({"xlsx": base64.b64encode(b"period,value\n").decode()}, "xlsx", "not an Excel workbook"),
        ({"xlsx": base64.b64encode(b"PK\x03\x04 broken").decode()}, "xlsx", "could not be read"),
        ({"csv": "period,value\n", "xlsx": "UEsDBA=="}, "csv", "either `csv` or `xlsx`"),
        ({}, "csv", "either `csv` or `xlsx`"),
    ],
)
def test_a_bad_workbook_is_a_400_on_its_field(personas, measure, body, field, words):
    response = api_as(personas.member).post(f"/api/v1/measures/{measure.pk}/data/import/", body)

    errors = assert_error(response, 400, "invalid")["errors"]
    assert list(errors) == [field] and words in errors[field][0]
    assert stored(measure) == []
