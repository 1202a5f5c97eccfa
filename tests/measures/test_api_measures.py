"""What the focus area and measure endpoints do: fields, filters, writes through the services,
and query counts. Data points are in test_api_measures_data.py, charts in test_api_measures_charts.py,
who may do what in test_api_measures_permissions.py."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.models import FocusArea, Measure, MeasureTarget
from tests.support.clients import api_as, assert_error
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory

pytestmark = pytest.mark.django_db

AIM = {
    "title": "Early reading",
    "problem": "Only 58% of Year 2 read fluently.",
    "aim_what": "Raise the share of Year 2 pupils reading fluently",
    "aim_how_much": "from 58% to 75%",
    "aim_by_when": "2027-07-16",
}


@pytest.fixture
def focus_area(personas):
    return FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Early reading")


@pytest.fixture
def measure(focus_area):
    return MeasureFactory(focus_area=focus_area, name="Fluent readers", unit="pupils")


def measure_fields(focus_area, **fields):
    return {
        "focus_area": focus_area.pk,
        "name": "Reading minutes",
        "kind": "process",
        "definition": "Minutes of guided reading a day, from the class log.",
        **fields,
    }


# --- Focus areas ----------------------------------------------------------------------------------


def test_focus_area_shows_its_fields(personas, focus_area):
    MeasureFactory(focus_area=focus_area, kind="outcome")
    body = api_as(personas.member).get(f"/api/v1/focus-areas/{focus_area.pk}/").json()
    assert body == {
        "id": focus_area.pk,
        "team": personas.team_a.pk,
        "title": "Early reading",
        "problem": focus_area.problem,
        "aim_what": "Raise the share of Year 2 pupils reading fluently",
        "aim_how_much": "from 58% to 75%",
        "aim_by_when": "2027-07-16",
        "aim_sentence": "Raise the share of Year 2 pupils reading fluently from 58% to 75% by 16 July 2027.",
        "owner": personas.lead.pk,
        "status": "active",
        "missing_measure_kinds": ["process", "balancing"],
        "created_at": body["created_at"],
        "closed_at": None,
    }


def test_lead_creates_a_focus_area_they_own(personas):
    response = api_as(personas.lead).post("/api/v1/focus-areas/", {"team": personas.team_a.pk, **AIM})
    assert response.status_code == 201
    focus_area = FocusArea.objects.get(pk=response.json()["id"])
    assert (focus_area.team, focus_area.owner, focus_area.created_by) == (
        personas.team_a,
        personas.lead,
        personas.lead,
    )
    assert response.json()["missing_measure_kinds"] == ["outcome", "process", "balancing"]


def test_lead_names_a_member_of_the_team_as_owner(personas):
    data = {"team": personas.team_a.pk, "owner": personas.member.pk, **AIM}
    response = api_as(personas.lead).post("/api/v1/focus-areas/", data)
    assert response.json()["owner"] == personas.member.pk


def test_owner_from_outside_the_team_is_a_field_error_on_owner(personas):
    data = {"team": personas.team_a.pk, "owner": personas.sibling_member.pk, **AIM}
    body = assert_error(api_as(personas.lead).post("/api/v1/focus-areas/", data), 400, "invalid")
    assert list(body["errors"]) == ["owner"]
    assert not FocusArea.objects.exists()


def test_focus_area_in_an_unseen_team_is_a_field_error_on_team(personas):
    response = api_as(personas.sibling_member).post(
        "/api/v1/focus-areas/", {"team": personas.team_a.pk, **AIM}
    )
    body = assert_error(response, 400, "invalid")
    assert body["errors"] == {"team": [f'Invalid pk "{personas.team_a.pk}" - object does not exist.']}


def test_focus_area_without_an_aim_is_a_field_error(personas):
    data = {"team": personas.team_a.pk, "title": "Reading"}
    body = assert_error(api_as(personas.lead).post("/api/v1/focus-areas/", data), 400, "invalid")
    assert set(body["errors"]) == {"problem", "aim_what", "aim_how_much", "aim_by_when"}


def test_lead_changes_the_aim(personas, focus_area):
    response = api_as(personas.lead).patch(
        f"/api/v1/focus-areas/{focus_area.pk}/", {"aim_how_much": "to 80%"}
    )
    assert response.json()["aim_sentence"].startswith(
        "Raise the share of Year 2 pupils reading fluently to 80%"
    )
    assert FocusArea.objects.get(pk=focus_area.pk).aim_how_much == "to 80%"


def test_focus_area_stays_in_its_team(personas, focus_area):
    response = api_as(personas.admin).patch(
        f"/api/v1/focus-areas/{focus_area.pk}/", {"team": personas.team_b.pk}
    )
    assert list(assert_error(response, 400, "invalid")["errors"]) == ["team"]
    assert FocusArea.objects.get(pk=focus_area.pk).team == personas.team_a


def test_closing_a_focus_area_records_when(personas, focus_area):
    body = api_as(personas.lead).post(f"/api/v1/focus-areas/{focus_area.pk}/close/").json()
    assert body["status"] == "closed"
    assert body["closed_at"] is not None
    assert FocusArea.objects.get(pk=focus_area.pk).closed_at is not None


def test_reopening_a_focus_area_clears_when_it_closed(personas, focus_area):
    api_as(personas.lead).post(f"/api/v1/focus-areas/{focus_area.pk}/close/")
    body = api_as(personas.lead).patch(f"/api/v1/focus-areas/{focus_area.pk}/", {"status": "active"}).json()
    assert (body["status"], body["closed_at"]) == ("active", None)


def test_focus_area_cannot_be_replaced_whole(personas, focus_area):
    response = api_as(personas.lead).put(
        f"/api/v1/focus-areas/{focus_area.pk}/", {"team": personas.team_a.pk, **AIM}
    )
    assert_error(response, 405, "method_not_allowed")


def test_focus_areas_list_only_the_teams_one_works_in(personas, focus_area):
    FocusAreaFactory(team=personas.team_b, owner=personas.sibling_member)
    body = api_as(personas.member).get("/api/v1/focus-areas/").json()
    assert [f["id"] for f in body["results"]] == [focus_area.pk]


def test_focus_areas_filter_by_team(personas, focus_area):
    FocusAreaFactory(team=personas.team_b, owner=personas.sibling_member)
    body = api_as(personas.leader).get("/api/v1/focus-areas/", {"team": personas.team_a.pk}).json()
    assert [f["id"] for f in body["results"]] == [focus_area.pk]


def test_focus_areas_filter_by_status(personas, focus_area):
    closed = FocusAreaFactory(team=personas.team_a, owner=personas.lead, status="closed")
    body = api_as(personas.member).get("/api/v1/focus-areas/", {"status": "closed"}).json()
    assert [f["id"] for f in body["results"]] == [closed.pk]


def test_unknown_focus_area_status_filter_is_a_field_error(personas):
    response = api_as(personas.member).get("/api/v1/focus-areas/", {"status": "dreaming"})
    assert list(assert_error(response, 400, "invalid")["errors"]) == ["status"]


# --- Measures -------------------------------------------------------------------------------------


def test_measure_shows_its_fields(personas, measure):
    MeasureTarget.objects.create(measure=measure, starts_on=date(2026, 9, 1), value=70)
    body = api_as(personas.member).get(f"/api/v1/measures/{measure.pk}/").json()
    assert body == {
        "id": measure.pk,
        "focus_area": measure.focus_area_id,
        "name": "Fluent readers",
        "kind": "outcome",
        "definition": measure.definition,
        "unit": "pupils",
        "data_kind": "continuous",
        "direction": "up",
        "frequency": "weekly",
        "chart_type": "",
        "effective_chart_type": "run",
        "baseline": None,
        "phase_dates": [],
        "rules": "anhoej",
        "screen_mr": True,
        "centre": None,
        "multiplier": 1,
        "targets": [{"starts_on": "2026-09-01", "value": 70.0}],
        "data_version": 0,
        "created_at": body["created_at"],
    }


def test_lead_creates_a_measure_with_its_targets(personas, focus_area):
    targets = [{"starts_on": "2027-01-04", "value": 80}, {"starts_on": "2026-09-01", "value": 70}]
    response = api_as(personas.lead).post("/api/v1/measures/", measure_fields(focus_area, targets=targets))
    assert response.status_code == 201
    assert response.json()["targets"] == [
        {"starts_on": "2026-09-01", "value": 70.0},
        {"starts_on": "2027-01-04", "value": 80.0},
    ]
    measure = Measure.objects.get(pk=response.json()["id"])
    assert [(t.starts_on, t.value) for t in measure.targets.all()] == [
        (date(2026, 9, 1), 70.0),
        (date(2027, 1, 4), 80.0),
    ]


def test_measure_in_an_unseen_focus_area_is_a_field_error_on_focus_area(personas, focus_area):
    response = api_as(personas.sibling_member).post("/api/v1/measures/", measure_fields(focus_area))
    body = assert_error(response, 400, "invalid")
    assert body["errors"] == {"focus_area": [f'Invalid pk "{focus_area.pk}" - object does not exist.']}


def test_chart_type_that_does_not_fit_the_data_is_a_field_error(personas, focus_area):
    data = measure_fields(focus_area, data_kind="continuous", chart_type="p")
    body = assert_error(api_as(personas.lead).post("/api/v1/measures/", data), 400, "invalid")
    assert list(body["errors"]) == ["chart_type"]
    assert not Measure.objects.exists()


def test_two_measures_of_one_name_in_a_focus_area_is_a_400(personas, measure):
    data = measure_fields(measure.focus_area, name="Fluent readers")
    body = assert_error(api_as(personas.lead).post("/api/v1/measures/", data), 400, "invalid")
    assert list(body["errors"]) == ["non_field_errors"]


def test_targets_on_the_same_date_are_a_field_error_and_nothing_is_created(personas, focus_area):
    targets = [{"starts_on": "2026-09-01", "value": 70}, {"starts_on": "2026-09-01", "value": 80}]
    response = api_as(personas.lead).post("/api/v1/measures/", measure_fields(focus_area, targets=targets))
    assert list(assert_error(response, 400, "invalid")["errors"]) == ["targets"]
    assert not Measure.objects.exists()


def test_writing_targets_replaces_them_all(personas, measure):
    MeasureTarget.objects.create(measure=measure, starts_on=date(2026, 9, 1), value=70)
    response = api_as(personas.lead).patch(
        f"/api/v1/measures/{measure.pk}/", {"targets": [{"starts_on": "2027-01-04", "value": 85}]}
    )
    assert response.json()["targets"] == [{"starts_on": "2027-01-04", "value": 85.0}]
    assert list(measure.targets.values_list("value", flat=True)) == [85.0]


def test_changing_the_chart_settings_makes_the_chart_stale(personas, measure):
    response = api_as(personas.lead).patch(
        f"/api/v1/measures/{measure.pk}/", {"chart_type": "i", "baseline": 12}
    )
    assert (response.json()["effective_chart_type"], response.json()["baseline"]) == ("i", 12)
    assert response.json()["data_version"] == 1


def test_phase_dates_are_kept_in_order(personas, measure):
    data = {"phase_dates": ["2026-05-04", "2026-03-02"]}
    body = api_as(personas.lead).patch(f"/api/v1/measures/{measure.pk}/", data).json()
    assert body["phase_dates"] == ["2026-03-02", "2026-05-04"]


def test_bad_phase_date_is_a_field_error(personas, measure):
    response = api_as(personas.lead).patch(f"/api/v1/measures/{measure.pk}/", {"phase_dates": ["soon"]})
    assert list(assert_error(response, 400, "invalid")["errors"]) == ["phase_dates"]


def test_measure_stays_in_its_focus_area(personas, measure):
    other = FocusAreaFactory(team=personas.team_a, owner=personas.lead)
    response = api_as(personas.lead).patch(f"/api/v1/measures/{measure.pk}/", {"focus_area": other.pk})
    assert list(assert_error(response, 400, "invalid")["errors"]) == ["focus_area"]
    assert Measure.objects.get(pk=measure.pk).focus_area_id == measure.focus_area_id


def test_kind_of_data_cannot_change_once_there_is_data(personas, measure):
    DataPointFactory(measure=measure)
    response = api_as(personas.lead).patch(f"/api/v1/measures/{measure.pk}/", {"data_kind": "count"})
    assert list(assert_error(response, 400, "invalid")["errors"]) == ["data_kind"]


def test_measures_filter_by_focus_area(personas, measure):
    MeasureFactory(focus_area=FocusAreaFactory(team=personas.team_a, owner=personas.lead))
    body = api_as(personas.member).get("/api/v1/measures/", {"focus_area": measure.focus_area_id}).json()
    assert [m["id"] for m in body["results"]] == [measure.pk]


def test_measures_filter_by_kind(personas, measure):
    balancing = MeasureFactory(focus_area=measure.focus_area, kind="balancing")
    body = api_as(personas.member).get("/api/v1/measures/", {"kind": "balancing"}).json()
    assert [m["id"] for m in body["results"]] == [balancing.pk]


def test_measures_list_only_the_teams_one_works_in(personas, measure):
    MeasureFactory(focus_area=FocusAreaFactory(team=personas.team_b, owner=personas.sibling_member))
    body = api_as(personas.member).get("/api/v1/measures/").json()
    assert [m["id"] for m in body["results"]] == [measure.pk]


# --- Query counts: a list costs the same whatever its length --------------------------------------


def queries_for(user, url) -> int:
    client = api_as(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 200})
    count = len(captured)  # read now: the next request clears the log this slices
    assert response.status_code == 200, response.json()
    return count


def add_focus_areas(personas, measure, n):
    for _ in range(n):
        MeasureFactory(focus_area=FocusAreaFactory(team=personas.team_a, owner=personas.lead))


def add_measures(personas, measure, n):
    for _ in range(n):
        target = MeasureFactory(focus_area=measure.focus_area)
        MeasureTarget.objects.create(measure=target, starts_on=date(2026, 9, 1), value=1)


def add_points(personas, measure, n):
    DataPointFactory.create_batch(n, measure=measure, entered_by=personas.member)


@pytest.mark.parametrize(
    ("url", "add_rows"),
    [
        ("/api/v1/focus-areas/", add_focus_areas),
        ("/api/v1/measures/", add_measures),
        ("/api/v1/measures/{measure}/data/", add_points),
    ],
)
@pytest.mark.parametrize("persona", ["member", "leader", "admin"])
def test_list_queries_do_not_grow_with_rows(personas, measure, url, add_rows, persona):
    user, url = getattr(personas, persona), url.format(measure=measure.pk)
    add_rows(personas, measure, 3)
    small = queries_for(user, url)
    add_rows(personas, measure, 27)
    large = queries_for(user, url)
    assert large == small
    assert api_as(user).get(url, {"page_size": 200}).json()["count"] >= 30
