"""The cycles API: permission tables per endpoint (Taiga-style), frozen predictions as 409s, the state
machine through ``transition``, filters, exports, spread and track record, and bounded list queries.

The cycle belongs to Team A and is owned by ``member``. ``colleague`` works in Team A but is not on the
cycle; ``partner`` is in Team B and listed as a collaborator (a cross-team collaborator). ``None`` is
someone not signed in.
"""

import csv
import io
from datetime import UTC

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cycles import services
from cycles.models import Cycle, Prediction
from tests.support.clients import api_as, assert_error
from tests.support.cycles import make_plan, run_to
from tests.support.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    colleague = UserFactory(username="colleague", network=world.network)
    MembershipFactory(user=colleague, team=world.team_a)
    world.colleague, world.partner = colleague, world.sibling_member
    return world


@pytest.fixture
def cycle(people):
    # The leader plans it, so a Team B person may be named as a collaborator; member owns it.
    return make_plan(people, by=people.leader, owner=people.member, collaborators=[people.partner])


def as_persona(world, name):
    return api_as(getattr(world, name) if name else None)


SEEING = [
    ("member", 200), ("partner", 200), ("colleague", 200), ("lead", 200), ("leader", 200),
    ("hub_leader", 200), ("admin", 200), ("outsider", 404), ("loner", 404), (None, 401),
]  # fmt: skip
EDITING = [
    ("member", 200), ("partner", 200), ("lead", 200), ("leader", 200), ("hub_leader", 200), ("admin", 200),
    ("colleague", 403), ("outsider", 404), ("loner", 404), (None, 401),
]  # fmt: skip
# A cycle of Team A read by someone of Team B who is not on it: that is "another team's cycle by id".
OTHER_TEAM = [("sibling_member", 404)]


def url(cycle, tail=""):
    return f"/api/v1/cycles/{cycle.pk}/{tail}"


# --- Permission tables --------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "expected"), SEEING)
def test_reading_a_cycle(people, cycle, persona, expected):
    assert as_persona(people, persona).get(url(cycle)).status_code == expected


def test_another_teams_cycle_by_id_is_a_404(world):
    cycle = make_plan(world)
    response = api_as(world.sibling_member).get(url(cycle))
    assert_error(response, 404, "not_found")


@pytest.mark.parametrize(("persona", "expected"), EDITING)
def test_changing_a_cycles_plan(people, cycle, persona, expected):
    response = as_persona(people, persona).patch(url(cycle), {"who": "Ms Patel"})
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), EDITING)
def test_starting_a_cycle(people, cycle, persona, expected):
    response = as_persona(people, persona).post(url(cycle, "transition/"), {"to": "doing"})
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), [(p, 201 if s == 200 else s) for p, s in EDITING])
def test_adding_a_prediction(people, cycle, persona, expected):
    response = as_persona(people, persona).post(url(cycle, "predictions/"), {"statement": "Fewer absences."})
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), EDITING)
def test_studying_a_prediction(people, cycle, persona, expected):
    cycle = run_to(cycle, "studying", people.member)
    prediction = cycle.predictions.first()
    response = as_persona(people, persona).post(
        f"/api/v1/predictions/{prediction.pk}/study/", {"actual": "Up to 57.", "outcome": "met"}
    )
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), [(p, 201 if s == 200 else s) for p, s in SEEING])
def test_commenting_on_a_cycle(people, cycle, persona, expected):
    response = as_persona(people, persona).post(url(cycle, "comments/"), {"body": "Looks good."})
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("member", 201),
        ("lead", 201),
        ("leader", 201),
        ("colleague", 201),
        ("partner", 400),
        ("outsider", 404),
    ],
)
def test_copying_a_cycle_into_a_team_a_plan(people, cycle, persona, expected):
    # The partner sees the cycle but does not work in Team A, which reads as a nonexistent team: 400.
    response = as_persona(people, persona).post(url(cycle, "copy/"), {"team": people.team_a.pk})
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "team", "expected"),
    [
        ("member", "team_a", 201),
        ("leader", "team_a", 201),
        ("admin", "team_a", 201),
        # Team A is not a team these people can see, so it reads as nonexistent: a field error.
        ("sibling_member", "team_a", 400),
        ("outsider", "team_a", 400),
        # Cluster A is visible to Team A's member (it is above their team) but they do not work there.
        ("member", "cluster_a", 403),
        (None, "team_a", 401),
    ],
)
def test_creating_a_cycle(people, persona, team, expected):
    team_id = getattr(people, team).pk
    response = as_persona(people, persona).post("/api/v1/cycles/", {"team": team_id, "title": "Exit tickets"})
    assert response.status_code == expected


# --- Creating and reading ------------------------------------------------------------------------------


def test_a_cycle_is_created_with_its_predictions(people):
    response = api_as(people.member).post(
        "/api/v1/cycles/",
        {
            "team": people.team_a.pk,
            "title": "Paired reading",
            "focus_area": people.focus_area.pk,
            "change_idea": people.idea.pk,
            "objective": "Lift fluency.",
            "starts_on": "2026-03-02",
            "ends_on": "2026-03-13",
            "scale_count": 6,
            "scale_unit": "pupils",
            "predictions": [
                {
                    "statement": "More words a minute.",
                    "measure": people.measure.pk,
                    "expected_value": 55,
                    "expected_direction": "up",
                },
                {"statement": "They enjoy it."},
            ],
        },
    )
    body = response.json()
    assert response.status_code == 201, body
    assert body["stage"] == "planning" and body["owner"] == people.member.pk
    assert [p["statement"] for p in body["predictions"]] == ["More words a minute.", "They enjoy it."]
    assert body["allowed_transitions"] == ["doing", "abandoned"]


def test_bad_input_is_a_400_with_field_errors(people):
    response = api_as(people.member).post(
        "/api/v1/cycles/",
        {"team": people.team_a.pk, "title": "", "starts_on": "2026-03-13", "ends_on": "2026-03-02"},
    )
    body = assert_error(response, 400, "invalid")
    assert "title" in body["errors"]
    assert not Cycle.objects.exists()


def test_the_end_must_not_come_before_the_start(people):
    response = api_as(people.member).post(
        "/api/v1/cycles/",
        {"team": people.team_a.pk, "title": "Backwards", "starts_on": "2026-03-13", "ends_on": "2026-03-02"},
    )
    assert "ends_on" in assert_error(response, 400, "invalid")["errors"]


# --- Freezing ------------------------------------------------------------------------------------------


@pytest.fixture
def started(cycle, people):
    services.start_cycle(cycle=cycle, by=people.member)
    return Cycle.objects.get(pk=cycle.pk)


def test_a_frozen_prediction_cannot_be_changed(started, people):
    prediction = started.predictions.first()
    response = api_as(people.member).patch(
        f"/api/v1/predictions/{prediction.pk}/", {"statement": "Rewritten."}
    )
    body = assert_error(response, 409, "conflict")
    assert "frozen" in body["detail"]
    assert Prediction.objects.get(pk=prediction.pk).statement == "Pupils will read more words a minute."


def test_a_prediction_cannot_be_added_after_the_start(started, people):
    response = api_as(people.member).post(url(started, "predictions/"), {"statement": "Late."})
    assert_error(response, 409, "conflict")
    assert started.predictions.count() == 2


def test_a_frozen_prediction_cannot_be_deleted(started, people):
    prediction = started.predictions.first()
    assert_error(api_as(people.lead).delete(f"/api/v1/predictions/{prediction.pk}/"), 409, "conflict")
    assert Prediction.objects.filter(pk=prediction.pk).exists()


def test_predictions_cannot_be_rewritten_through_the_cycle_either(started, people):
    response = api_as(people.member).patch(url(started), {"predictions": [{"statement": "New."}]})
    assert "frozen" in assert_error(response, 409, "conflict")["detail"]


def test_the_cycle_says_when_its_predictions_froze(started, people):
    body = api_as(people.member).get(url(started)).json()
    assert body["predictions_frozen_at"] is not None
    assert all(p["frozen"] for p in body["predictions"])


def test_predictions_change_while_planning(cycle, people):
    prediction = cycle.predictions.first()
    response = api_as(people.member).patch(f"/api/v1/predictions/{prediction.pk}/", {"expected_value": 60})
    assert response.status_code == 200 and response.json()["expected_value"] == 60


# --- Transitions --------------------------------------------------------------------------------------


def test_a_move_the_method_does_not_allow_is_a_409(cycle, people):
    response = api_as(people.member).post(url(cycle, "transition/"), {"to": "acting"})
    body = assert_error(response, 409, "conflict")
    assert body["detail"] == "A cycle in Plan can only move to Do or Abandoned, not to Act."


def test_a_stage_not_filled_in_is_a_400_naming_the_fields(started, people):
    response = api_as(people.member).post(url(started, "transition/"), {"to": "studying"})
    body = assert_error(response, 400, "invalid")
    assert body["errors"] == {"what_happened": ["Write what happened before studying the results."]}


def test_an_unknown_stage_is_a_400(cycle, people):
    response = api_as(people.member).post(url(cycle, "transition/"), {"to": "partying"})
    assert "to" in assert_error(response, 400, "invalid")["errors"]


def test_abandoning_needs_a_reason_and_keeps_it(cycle, people):
    client = api_as(people.member)
    assert (
        "reason"
        in assert_error(client.post(url(cycle, "transition/"), {"to": "abandoned"}), 400, "invalid")["errors"]
    )
    response = client.post(url(cycle, "transition/"), {"to": "abandoned", "reason": "Class merged."})
    assert response.json()["stage"] == "abandoned" and response.json()["abandoned_reason"] == "Class merged."


def test_the_whole_cycle_through_the_api(cycle, people):
    client = api_as(people.member)
    assert client.post(url(cycle, "transition/"), {"to": "doing"}).status_code == 200
    assert (
        client.post(
            url(cycle, "observations/"), {"observed_on": "2026-03-04", "text": "Two pupils absent."}
        ).status_code
        == 201
    )
    assert (
        client.patch(
            url(cycle), {"what_happened": "Ran 8 sessions.", "deviations": "Two, not three a week."}
        ).status_code
        == 200
    )
    assert client.post(url(cycle, "transition/"), {"to": "studying"}).status_code == 200
    for prediction in cycle.predictions.all():
        client.post(f"/api/v1/predictions/{prediction.pk}/study/", {"actual": "Yes.", "outcome": "met"})
    assert client.post(url(cycle, "transition/"), {"to": "acting"}).status_code == 200
    client.patch(
        url(cycle), {"decision": "adapt", "decision_reasoning": "Promising.", "next_steps": "Try 12."}
    )
    response = client.post(url(cycle, "next/"))
    assert response.status_code == 201
    following = response.json()
    assert following["ramp_from"] == cycle.pk and following["stage"] == "planning"
    assert api_as(people.member).get(url(cycle)).json()["ramp_next"] == following["id"]
    events = client.get(url(cycle, "events/")).json()
    assert [e["to_stage"] for e in events if e["kind"] == "transition"] == [
        "doing",
        "studying",
        "acting",
        "complete",
    ]


# --- Lists, filters, exports --------------------------------------------------------------------------


def test_the_list_shows_only_visible_cycles(people, cycle):
    services.create_cycle(team=people.team_c, by=people.hub_leader, title="Team C's")
    titles = [c["title"] for c in api_as(people.leader).get("/api/v1/cycles/").json()["results"]]
    assert titles == ["Paired reading in 4B"]


def test_the_list_filters_overdue_cycles(people, cycle):
    from datetime import datetime

    from playbook import clock

    make_plan(people, title="Later", starts_on=None, ends_on=None)
    with clock.frozen_at(datetime(2026, 3, 20, 9, tzinfo=UTC)):
        body = api_as(people.member).get("/api/v1/cycles/", {"overdue": "true"}).json()
    assert [c["title"] for c in body["results"]] == ["Paired reading in 4B"]
    assert body["results"][0]["overdue"] is True


def test_the_list_filters_by_stage_and_scope(people, cycle):
    services.create_cycle(team=people.team_a, by=people.colleague, title="Colleague's")
    client = api_as(people.member)
    assert [c["title"] for c in client.get("/api/v1/cycles/", {"scope": "mine"}).json()["results"]] == [
        cycle.title
    ]
    assert client.get("/api/v1/cycles/", {"stage": "doing"}).json()["count"] == 0
    assert client.get("/api/v1/cycles/", {"stage": "planning"}).json()["count"] == 2


def test_a_bad_filter_is_a_400(people):
    assert_error(api_as(people.member).get("/api/v1/cycles/", {"stage": "dreaming"}), 400, "invalid")


def test_the_list_queries_do_not_grow_with_cycles(people, django_assert_num_queries):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api_as(people.leader).get("/api/v1/cycles/", {"page_size": 200}).status_code == 200
        return len(queries)

    for _ in range(2):
        make_plan(people, collaborators=[people.lead])
    small = count()
    for _ in range(18):
        make_plan(people, collaborators=[people.lead, people.colleague])
    assert count() == small


def test_cycles_export_as_csv(people, cycle):
    response = api_as(people.member).get("/api/v1/cycles/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["title"], r["team"], r["stage"], r["predictions"]) for r in rows] == [
        ("Paired reading in 4B", "Team A", "Plan", "2")
    ]


# --- Spread, track record, settings ------------------------------------------------------------------


def test_spread_lists_the_contexts_an_idea_was_tested_in(people, cycle):
    run_to(cycle, "complete", people.member)
    (row,) = api_as(people.leader).get("/api/v1/cycles/spread/").json()
    assert row["title"] == "Paired reading" and row["teams_met"] == 1 and row["ready"] is False
    assert row["contexts"][0]["team_name"] == "Team A"


def test_track_record_per_person(people, cycle):
    run_to(cycle, "complete", people.member, outcome="not_met")
    (row,) = api_as(people.leader).get("/api/v1/cycles/track-record/", {"by": "person"}).json()
    assert (row["studied"], row["met"], row["not_met"], row["share_met"]) == (2, 0, 2, 0.0)


@pytest.mark.parametrize(
    ("persona", "expected"), [("admin", 200), ("hub_leader", 403), ("member", 403), (None, 401)]
)
def test_only_network_admins_change_the_spread_threshold(people, persona, expected):
    response = as_persona(people, persona).patch("/api/v1/cycles/settings/", {"spread_threshold": 2})
    assert response.status_code == expected


def test_everyone_reads_the_spread_threshold(people):
    assert api_as(people.member).get("/api/v1/cycles/settings/").json()["spread_threshold"] == 3
