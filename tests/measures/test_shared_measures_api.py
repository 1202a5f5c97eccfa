"""The shared-measures API: define, change, adopt once, and the comparison's JSON (its roll-up the
sum of the teams' data, over the teams the requester may see)."""

from datetime import date, timedelta

import pytest

from measures.models import Measure, SharedMeasure
from measures.services import shared as services
from tests.support.clients import api_as
from tests.support.factories import DataPointFactory, FocusAreaFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/shared-measures/"


def body(personas, **fields):
    return {
        "team": personas.hub.pk,
        "name": "Pupils present all week",
        "kind": "outcome",
        "definition": "Pupils present at every session this week, of pupils on roll.",
        "data_kind": "proportion",
        "direction": "up",
        "frequency": "weekly",
        "target": 0.9,
        **fields,
    }


@pytest.fixture
def shared(personas):
    fields = {k: v for k, v in body(personas).items() if k != "team"}
    return services.create_shared_measure(team=personas.hub, by=personas.hub_leader, **fields)


def adopted(personas, shared, team, rows):
    focus_area = FocusAreaFactory(team=team, owner=personas.hub_leader, title="Attendance")
    measure = services.adopt_shared_measure(shared=shared, focus_area=focus_area, by=personas.hub_leader)
    for n, (numerator, denominator) in enumerate(rows):
        DataPointFactory(
            measure=measure,
            period=date(2026, 9, 7) + timedelta(weeks=n),
            value=None,
            numerator=numerator,
            denominator=denominator,
        )
    return measure


def test_a_hub_leader_defines_a_shared_measure(personas):
    response = api_as(personas.hub_leader).post(LIST, body(personas), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["teams_adopting"] == 0
    assert SharedMeasure.objects.get().team == personas.hub


def test_bad_input_is_a_400_with_field_errors_and_saves_nothing(personas):
    response = api_as(personas.hub_leader).post(
        LIST, body(personas, name="", data_kind="count", multiplier=100, target="lots"), format="json"
    )
    assert response.status_code == 400
    assert {"name", "target"} <= set(response.json()["errors"])
    assert not SharedMeasure.objects.exists()


def test_a_chart_that_does_not_fit_is_a_400_on_chart_type(personas):
    response = api_as(personas.hub_leader).post(LIST, body(personas, chart_type="c"), format="json")
    assert response.status_code == 400
    assert "chart_type" in response.json()["errors"]


def test_a_team_lead_cannot_define_one(personas):
    response = api_as(personas.lead).post(LIST, body(personas, team=personas.cluster_a.pk), format="json")
    assert response.status_code == 403
    assert not SharedMeasure.objects.exists()


def test_another_networks_team_reads_as_nonexistent(personas):
    response = api_as(personas.hub_leader).post(
        LIST, body(personas, team=personas.other_team.pk), format="json"
    )
    assert response.status_code == 400
    assert "team" in response.json()["errors"]


def test_patch_carries_the_new_name_to_adoptions(personas, shared):
    measure = adopted(personas, shared, personas.team_a, [])
    response = api_as(personas.hub_leader).patch(
        f"{LIST}{shared.pk}/", {"name": "Present every session"}, format="json"
    )
    assert response.status_code == 200, response.json()
    measure.refresh_from_db()
    assert measure.name == "Present every session"


def test_patch_refuses_a_new_kind_of_data_once_teams_have_data(personas, shared):
    adopted(personas, shared, personas.team_a, [(5, 10)])
    response = api_as(personas.hub_leader).patch(f"{LIST}{shared.pk}/", {"data_kind": "count"}, format="json")
    assert response.status_code == 400
    assert "data_kind" in response.json()["errors"]


def test_adopting_makes_a_measure_and_twice_is_a_400(personas, shared):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Attendance")
    client = api_as(personas.lead)
    url = f"{LIST}{shared.pk}/adopt/"

    first = client.post(url, {"focus_area": focus_area.pk}, format="json")
    again = client.post(url, {"focus_area": focus_area.pk}, format="json")

    assert first.status_code == 201, first.json()
    assert first.json()["name"] == shared.name
    assert [t["value"] for t in first.json()["targets"]] == [0.9]
    assert again.status_code == 400
    assert "already adopted" in again.json()["errors"]["focus_area"][0]
    assert Measure.objects.filter(shared_measure=shared).count() == 1


def test_a_member_cannot_adopt_and_another_teams_focus_area_reads_as_nonexistent(personas, shared):
    mine = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Attendance")
    theirs = FocusAreaFactory(team=personas.team_b, owner=personas.hub_leader, title="Attendance")
    url = f"{LIST}{shared.pk}/adopt/"

    assert api_as(personas.member).post(url, {"focus_area": mine.pk}, format="json").status_code == 403
    refused = api_as(personas.lead).post(url, {"focus_area": theirs.pk}, format="json")
    assert refused.status_code == 400
    assert "focus_area" in refused.json()["errors"]


def test_the_comparison_rolls_up_the_sum_of_the_teams_data(personas, shared):
    adopted(personas, shared, personas.team_a, [(18, 30), (20, 30)])
    adopted(personas, shared, personas.team_b, [(40, 60), (45, 62)])
    adopted(personas, shared, personas.team_c, [(5, 10), (6, 12)])

    data = api_as(personas.hub_leader).get(f"{LIST}{shared.pk}/comparison/").json()

    assert len(data["teams"]) == 3
    assert [(p["numerator"], p["denominator"]) for p in data["rollup"]["periods"]] == [(63, 100), (71, 104)]
    assert [p["value"] for p in data["rollup"]["result"]["points"]] == pytest.approx([0.63, 71 / 104])
    assert [t["numerator"] for t in data["funnel"]["teams"]] == [20, 45, 6]  # each team's latest period


def test_the_comparison_covers_only_the_teams_the_requester_may_see(personas, shared):
    adopted(personas, shared, personas.team_a, [(18, 30)])
    adopted(personas, shared, personas.team_b, [(40, 60)])

    data = api_as(personas.lead).get(f"{LIST}{shared.pk}/comparison/").json()

    assert [t["team"] for t in data["teams"]] == [personas.team_a.pk]
    assert data["rollup"]["teams"] == ["Team A"]
    assert data["rollup"]["periods"][0]["denominator"] == 30


def test_a_bad_periods_filter_is_a_400(personas, shared):
    response = api_as(personas.hub_leader).get(f"{LIST}{shared.pk}/comparison/", {"periods": "7"})
    assert response.status_code == 400
    assert "periods" in response.json()["errors"]
