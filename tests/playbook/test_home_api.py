"""GET /api/v1/home/: the home page a person sees, as data, by panel name, under the same rules."""

from datetime import UTC, date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huddles import services as huddle_services
from huddles.models import ActionItem
from playbook import clock
from tests.support.clients import api_as
from tests.support.cycles import make_plan, make_world
from tests.support.factories import MembershipFactory, NotificationFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/home/"
MONDAY_7 = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


def _home(person) -> dict:
    with clock.frozen_at(MONDAY_7):
        response = api_as(person).get(URL)
    assert response.status_code == 200, response.content
    return response.json()


def test_it_refuses_an_anonymous_caller():
    assert api_as(None).get(URL).status_code == 401


def test_a_member_gets_their_own_panels_and_no_leaders_ones(personas):
    body = _home(personas.member)

    assert {"my-cycles", "my-action-items", "next-huddle", "notifications", "teams"} <= set(body)
    leaders = {"team-cycles", "team-overdue", "team-pulse", "uptake", "ready-to-spread"}
    assert not leaders & set(body)


def test_panels_come_in_the_home_pages_order(personas):
    assert list(_home(personas.member))[:2] == ["my-cycles", "my-action-items"]


def test_my_cycles_carry_their_next_step_and_links(personas):
    world = make_world(personas)
    cycle = make_plan(world, title="No prediction yet", predictions=[])
    [row] = _home(personas.member)["my-cycles"]["cycles"]

    assert row["id"] == cycle.pk and row["title"] == "No prediction yet"
    assert row["next_step"] == "Plan: add a prediction"
    assert row["url"] == cycle.get_absolute_url()
    assert row["next_step_url"] == cycle.get_absolute_url() + "#plan"
    assert row["ends_on"] == "2026-03-13"


def test_a_sibling_teams_cycle_is_never_in_my_data(personas):
    world = make_world(personas)
    make_plan(
        world, by=personas.sibling_member, team=personas.team_b, title="Sibling secret",
        focus_area=None, change_idea=None, predictions=[],
    )  # fmt: skip

    for person in (personas.member, personas.lead):
        assert "Sibling secret" not in str(_home(person))


def test_action_items_and_huddles_come_with_iso_dates(personas):
    with clock.frozen_at(MONDAY_7):
        huddle = huddle_services.create_huddle(
            team=personas.team_a,
            by=personas.lead,
            name="Morning huddle",
            starts_at=time(8, 30),
            weekdays=[0, 2],
        )
    meeting = huddle.meetings.order_by("scheduled_start").first()
    ActionItem.objects.create(
        huddle=huddle, meeting=meeting, text="Ring the library", owner=personas.member,
        due_on=date(2026, 2, 27), created_by=personas.lead, created_at=MONDAY_7,
    )  # fmt: skip
    body = _home(personas.member)

    [item] = body["my-action-items"]
    assert item == {
        "id": item["id"], "text": "Ring the library", "huddle": "Morning huddle", "overdue": True,
        "url": f"/huddles/meetings/{meeting.pk}/#action-{item['id']}", "due_on": "2026-02-27",
    }  # fmt: skip
    assert body["next-huddle"]["today"][0]["starts_at"] == "2026-03-02T08:30:00+00:00"
    assert body["next-huddle"]["next"]["url"].startswith("/huddles/meetings/")


def test_notifications_say_how_many_are_unread(personas):
    NotificationFactory(recipient=personas.member, subject="Unread one")
    NotificationFactory(recipient=personas.member, subject="Read one", read_at=MONDAY_7)
    notes = _home(personas.member)["notifications"]

    assert notes["unread"] == 1
    assert [n["subject"] for n in notes["items"]] == ["Unread one", "Read one"]


def test_a_lead_gets_their_teams_cycles_by_stage(personas):
    world = make_world(personas)
    make_plan(world, title="One")
    [team] = _home(personas.lead)["team-cycles"]

    assert team["team"] == {"id": personas.team_a.pk, "name": "Team A"}
    planning = next(s for s in team["stages"] if s["stage"] == "planning")
    assert planning["count"] == 1 and "stage=planning" in planning["url"]


def test_a_leader_gets_uptake_for_the_teams_below_and_no_other(personas):
    uptake = _home(personas.leader)["uptake"]

    assert {row["team"]["name"] for row in uptake} == {"Team A", "Team B"}
    assert set(uptake[0]["urls"]) == {"team", "cycles_started", "cycles_studied", "huddles"}


def test_the_hub_leaders_setup_says_they_lead_the_hub(personas):
    assert _home(personas.hub_leader)["setup"]["standing"] == "hub_leader"


def _queries(person) -> int:
    client = api_as(person)
    with clock.frozen_at(MONDAY_7), CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured.captured_queries)


def test_a_leaders_home_asks_the_same_queries_for_2_teams_as_for_20(personas):
    small = _queries(personas.hub_leader)
    for n in range(18):
        team = TeamFactory(network=personas.network, parent=personas.cluster_b, name=f"Team {n:02}")
        MembershipFactory(team=team, user=UserFactory(network=personas.network))
        NotificationFactory(recipient=personas.hub_leader)

    assert _queries(personas.hub_leader) == small
