"""Several values per period (a subgroup, e.g. one reading score per pupil) coming in every way data
comes in: the record form, the grid, a CSV file, the API; and the rare-event kinds' own rules."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from measures.data_input import PointInput, export_csv, parse_observations, point_errors, preview_csv
from measures.models import DataPointRevision
from measures.services import data as data_services
from tests.support.clients import api_as, assert_error
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)
NEXT_MONDAY = date(2026, 3, 9)
# A column copied from a spreadsheet: new lines, a tab, a stray blank line and a trailing one.
PASTED = "31\n28\t35\n\n30,26\n"


@pytest.fixture
def world(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading")
    probe = MeasureFactory(focus_area=focus_area, name="Reading probe scores", data_kind="subgroup")
    days = MeasureFactory(focus_area=focus_area, name="Days between incidents", data_kind="days_between")
    cases = MeasureFactory(
        focus_area=focus_area, name="Lessons between exclusions", data_kind="cases_between"
    )
    return SimpleNamespace(**vars(personas), probe=probe, days=days, cases=cases)


def flashes(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- The rules, once for every way in ------------------------------------------------------------


def test_pasted_scores_split_on_spaces_commas_tabs_and_new_lines():
    assert parse_observations(PASTED) == [31, 28, 35, 30, 26]


def test_pasted_scores_name_what_is_not_a_number():
    with pytest.raises(ValueError, match="“abc”"):
        parse_observations("31 abc 28")


def test_a_subgroup_point_needs_at_least_one_value():
    errors = point_errors("subgroup", PointInput(MONDAY, observations=[]))
    assert errors == {"observations": ["Give at least one value for the period."]}


def test_a_subgroup_point_takes_no_single_value():
    assert "value" in point_errors("subgroup", PointInput(MONDAY, value=3, observations=[1, 2]))


def test_a_subgroup_point_takes_at_most_a_thousand_values():
    errors = point_errors("subgroup", PointInput(MONDAY, observations=[1.0] * 1001))
    assert errors["observations"] == ["Give at most 1,000 values for one period (1,001 given)."]


def test_other_kinds_take_no_observations():
    errors = point_errors("continuous", PointInput(MONDAY, value=3, observations=[1, 2]))
    assert errors == {"observations": ["This measure takes one value per period, not several."]}


@pytest.mark.parametrize("days", [0, -2])
def test_days_between_events_must_be_above_zero(days):
    errors = point_errors("days_between", PointInput(MONDAY, value=days))
    assert errors == {"value": ["The days between two events must be above 0."]}


@pytest.mark.parametrize("cases", [-1, 2.5])
def test_opportunities_between_events_are_whole_numbers_from_zero(cases):
    errors = point_errors("cases_between", PointInput(MONDAY, value=cases))
    assert errors == {"value": ["The opportunities between two events are a whole number, 0 or more."]}


def test_no_opportunities_between_two_events_is_allowed():
    assert point_errors("cases_between", PointInput(MONDAY, value=0)) == {}


# --- The measure page's record form --------------------------------------------------------------


def test_the_record_form_offers_a_box_for_the_scores_only(client, world):
    client.force_login(world.member)
    page = client.get(world.probe.get_absolute_url()).content.decode()
    assert 'name="observations"' in page
    assert "Scores, one per pupil (spaces, commas or new lines)" in page
    assert 'name="value"' not in page and 'name="numerator"' not in page


def test_pasted_scores_are_saved_and_their_count_and_mean_said_back(client, world):
    client.force_login(world.member)
    response = client.post(
        reverse("measure-record", args=[world.probe.pk]), {"period": "2026-03-02", "observations": PASTED}
    )
    assert response.status_code == 302
    point = world.probe.data_points.get()
    assert (point.observations, point.value) == ([31, 28, 35, 30, 26], None)
    assert flashes(response) == ["The data for 2 March 2026 is saved: 5 values, mean 30."]


def test_a_paste_with_a_word_in_it_is_refused_on_the_field(client, world):
    client.force_login(world.member)
    response = client.post(
        reverse("measure-record", args=[world.probe.pk]), {"period": "2026-03-02", "observations": "31 n/a"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["observations"] == ["These are not numbers: “n/a”."]
    assert not world.probe.data_points.exists()


def test_an_empty_box_is_refused_with_the_services_reason(client, world):
    client.force_login(world.member)
    response = client.post(
        reverse("measure-record", args=[world.probe.pk]), {"period": "2026-03-02", "observations": ""}
    )
    assert response.context["form"].errors["observations"] == ["Give at least one value for the period."]


def test_the_data_table_shows_each_periods_count_and_mean(client, world):
    DataPointFactory(measure=world.probe, period=MONDAY, value=None, observations=[30, 20, 25])
    client.force_login(world.member)
    page = client.get(world.probe.get_absolute_url()).content.decode()
    assert '<td class="num" data-label="Values">3</td>' in page
    assert '<td class="num" data-label="Mean">25</td>' in page


def test_changing_the_scores_keeps_the_old_ones_in_a_revision(world):
    point = data_services.record_point(
        measure=world.probe, by=world.lead, point=PointInput(MONDAY, observations=[30, 20])
    )
    data_services.record_point(
        measure=world.probe, by=world.lead, point=PointInput(MONDAY, observations=[30, 22])
    )
    point.refresh_from_db()
    assert point.observations == [30, 22]
    assert DataPointRevision.objects.get(data_point=point).observations == [30, 20]


def test_saving_the_same_scores_again_keeps_no_revision(world):
    data_services.record_point(
        measure=world.probe, by=world.lead, point=PointInput(MONDAY, observations=[3, 4])
    )
    data_services.record_point(
        measure=world.probe, by=world.lead, point=PointInput(MONDAY, observations=[3, 4])
    )
    assert not DataPointRevision.objects.exists()


def test_the_days_between_form_refuses_zero_days(client, world):
    client.force_login(world.member)
    response = client.post(
        reverse("measure-record", args=[world.days.pk]), {"period": "2026-03-02", "value": "0"}
    )
    assert response.context["form"].errors["value"] == ["The days between two events must be above 0."]


# --- The grid ----------------------------------------------------------------------------------------


def grid_post(rows):
    data = {"rows-TOTAL_FORMS": str(len(rows)), "rows-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"rows-{i}-{name}": value for name, value in row.items()})
    return data


def test_the_grid_has_one_cell_of_values_per_period(client, world):
    client.force_login(world.member)
    page = client.get(reverse("measure-grid", args=[world.probe.pk])).content.decode()
    assert 'name="rows-0-observations"' in page and 'name="rows-0-value"' not in page


def test_the_grid_saves_a_cell_of_values_per_period(client, world):
    client.force_login(world.member)
    response = client.post(
        reverse("measure-grid", args=[world.probe.pk]),
        grid_post(
            [
                {"period": "2026-03-02", "observations": "31 28, 35", "note": ""},
                {"period": "2026-03-09", "observations": "", "note": ""},
            ]
        ),
    )
    assert response.status_code == 302
    assert list(world.probe.data_points.values_list("period", "observations")) == [(MONDAY, [31, 28, 35])]


def test_the_grid_puts_a_bad_cell_on_its_row(client, world):
    client.force_login(world.member)
    response = client.post(
        reverse("measure-grid", args=[world.probe.pk]),
        grid_post([{"period": "2026-03-02", "observations": "31 x", "note": ""}]),
    )
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["observations"] == ["These are not numbers: “x”."]


def test_the_grid_shows_stored_values_in_their_cell(client, world):
    DataPointFactory(measure=world.probe, period=MONDAY, value=None, observations=[31.5, 28])
    client.force_login(world.member)
    page = client.get(reverse("measure-grid", args=[world.probe.pk])).content.decode()
    assert 'value="31.5 28"' in page


# --- CSV in and out ------------------------------------------------------------------------------------

SUBGROUP_CSV = "period,value,note\n2026-03-02,31,\n2026-03-02,28,wet week\n2026-03-09,35,\n2026-03-02,30,\n"


def test_a_subgroup_files_lines_of_one_period_become_one_point():
    preview = preview_csv(SUBGROUP_CSV, "subgroup", set())
    assert preview.ok
    assert [(r.line, r.point.period, r.point.observations, r.point.note) for r in preview.rows] == [
        (2, MONDAY, [31, 28, 30], "wet week"),
        (4, NEXT_MONDAY, [35], ""),
    ]
    assert [(r.n, r.mean) for r in preview.rows] == [(3, 89 / 3), (1, 35)]


def test_a_bad_line_is_named_on_its_periods_row():
    preview = preview_csv("period,value\n2026-03-02,31\n2026-03-02,abc\n", "subgroup", set())
    assert not preview.ok
    assert preview.rows[0].errors == ["Line 3: not a number: Value “abc” is not a number."]


def test_a_line_without_a_date_stands_on_its_own_row():
    preview = preview_csv("period,value\n2026-03-02,31\nsoon,28\n", "subgroup", set())
    assert [r.errors for r in preview.rows][1][0].startswith("Bad date:")


def test_a_days_between_file_gives_the_same_reason_as_the_form():
    preview = preview_csv("period,value\n2026-03-02,0\n", "days_between", set())
    assert preview.rows[0].errors == ["The days between two events must be above 0."]


def test_the_upload_page_says_one_line_per_value_and_previews_a_row_per_period(client, world):
    client.force_login(world.member)
    url = reverse("measure-upload", args=[world.probe.pk])
    assert "the lines of one period are gathered into one point" in client.get(url).content.decode()
    response = client.post(url, {"pasted": SUBGROUP_CSV})
    preview = response.context["preview"]
    assert response.context["importable"] and len(preview.rows) == 2
    assert "All 2 periods can be imported." in response.content.decode()


def test_importing_a_subgroup_file_is_all_or_nothing(world):
    bad = SUBGROUP_CSV + "2026-03-09,oops,\n"
    with pytest.raises(data_services.ValidationError):
        data_services.import_csv(measure=world.probe, by=world.member, text=bad)
    assert not world.probe.data_points.exists()
    data_services.import_csv(measure=world.probe, by=world.member, text=SUBGROUP_CSV)
    assert list(world.probe.data_points.values_list("observations", flat=True)) == [[31, 28, 30], [35]]


def test_the_export_has_a_line_per_value_and_reads_back_in(world):
    DataPointFactory(measure=world.probe, period=MONDAY, value=None, observations=[31, 28.5], note="wet")
    text = export_csv(world.probe.data_points.order_by("period"), "subgroup")
    assert text.splitlines() == ["period,value,note", "2026-03-02,31,wet", "2026-03-02,28.5,"]
    again = preview_csv(text, "subgroup", {MONDAY})
    assert (again.rows[0].point.observations, again.rows[0].point.note) == ([31, 28.5], "wet")


def test_the_export_page_downloads_a_line_per_value(client, world):
    DataPointFactory(measure=world.probe, period=MONDAY, value=None, observations=[1, 2, 3])
    client.force_login(world.member)
    body = client.get(reverse("measure-export", args=[world.probe.pk])).content.decode()
    assert body.count("2026-03-02") == 3


# --- The API ----------------------------------------------------------------------------------------


def data_url(measure):
    return f"/api/v1/measures/{measure.pk}/data/"


def test_the_api_takes_a_periods_observations(world):
    response = api_as(world.member).post(
        data_url(world.probe), {"period": "2026-03-02", "observations": [31, 28]}
    )
    assert response.status_code == 201
    assert response.json()["observations"] == [31.0, 28.0]
    assert response.json()["value"] is None


@pytest.mark.parametrize(
    "observations, message",
    [
        ([], "Give at least one value for the period."),
        ([1.0] * 1001, "Ensure this field has no more than 1000 elements."),
    ],
)
def test_the_api_refuses_an_empty_or_overlong_list_on_the_field(world, observations, message):
    response = api_as(world.member).post(
        data_url(world.probe), {"period": "2026-03-02", "observations": observations}
    )
    assert assert_error(response, 400, "invalid")["errors"]["observations"] == [message]
    assert not world.probe.data_points.exists()


def test_the_api_refuses_observations_that_are_not_numbers(world):
    response = api_as(world.member).post(
        data_url(world.probe), {"period": "2026-03-02", "observations": [31, "many", True]}
    )
    errors = assert_error(response, 400, "invalid")["errors"]
    assert set(errors["observations"]) == {"1", "2"}


def test_the_api_refuses_observations_for_a_measure_of_single_values(world):
    response = api_as(world.member).post(
        data_url(world.days), {"period": "2026-03-02", "value": 4, "observations": [1, 2]}
    )
    assert assert_error(response, 400, "invalid")["errors"] == {
        "observations": ["This measure takes one value per period, not several."]
    }


def test_the_api_gives_the_same_reason_for_fractional_opportunities(world):
    response = api_as(world.member).post(data_url(world.cases), {"period": "2026-03-02", "value": 2.5})
    assert assert_error(response, 400, "invalid")["errors"] == {
        "value": ["The opportunities between two events are a whole number, 0 or more."]
    }


def test_the_api_changes_a_points_observations_and_keeps_a_revision(world):
    point = DataPointFactory(
        measure=world.probe, period=MONDAY, value=None, observations=[1, 2], entered_by=world.member
    )
    response = api_as(world.member).patch(f"/api/v1/data-points/{point.pk}/", {"observations": [1, 2, 3]})
    assert response.status_code == 200
    assert response.json()["observations"] == [1.0, 2.0, 3.0]
    assert DataPointRevision.objects.get(data_point=point).observations == [1, 2]


def test_the_api_csv_preview_says_each_periods_count_and_mean(world):
    response = api_as(world.member).post(
        f"/api/v1/measures/{world.probe.pk}/data/import/?preview=true", {"csv": SUBGROUP_CSV}
    )
    rows = response.json()["rows"]
    assert [(r["period"], r["n"], r["observations"]) for r in rows] == [
        ("2026-03-02", 3, [31.0, 28.0, 30.0]),
        ("2026-03-09", 1, [35.0]),
    ]


def test_a_days_between_measure_asks_for_the_days_since_the_event_before(client, world):
    client.force_login(world.member)
    page = client.get(world.days.get_absolute_url()).content.decode()
    assert "Days since the event before" in page
