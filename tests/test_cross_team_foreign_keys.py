"""A write's foreign keys belong to the object's own team (or network), even when the person writing
may see more: ``both`` works in Team A and Team B, and sees both teams' focus areas, but a Team B flag
or cycle that named Team A's focus area would show its title to Team B.

The new holes are tested on both the API (a 400 naming the field) and the page (an error on the form);
the rows at the end pin the checks that were already there, one per foreign key a person chooses.
"""

from datetime import time

import pytest
from django.urls import reverse

from andon.models import Flag
from cycles import services as cycle_services
from cycles.models import Cycle
from huddles import services as huddle_services
from huddles.models import Huddle
from tests.support.andon import MONDAY_10, raise_at
from tests.support.clients import api_as, assert_error, page_as
from tests.support.cycles import make_plan, make_world
from tests.support.factories import FocusAreaFactory, MeasureFactory, MembershipFactory, UserFactory
from theory import services as theory_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    """Team A's reading world (tests/support/cycles.py), Team B's attendance focus area, and ``both``."""
    world = make_world(personas)
    world.both = UserFactory(username="both", network=personas.network)
    MembershipFactory(user=world.both, team=personas.team_a, role="lead")
    MembershipFactory(user=world.both, team=personas.team_b, role="lead")
    world.b_focus = FocusAreaFactory(team=personas.team_b, owner=personas.sibling_member, title="Attendance")
    world.b_measure = MeasureFactory(focus_area=world.b_focus, name="Days present")
    return world


def field_error(response, field: str) -> str:
    body = assert_error(response, 400, "invalid")
    assert field in body["errors"], body
    return " ".join(body["errors"][field])


# --- Andon: a flag's focus area ----------------------------------------------------------------------


def test_the_api_refuses_a_flag_with_another_teams_focus_area(world):
    body = {"title": "No cover", "description": "Nobody came.", "team": world.team_b.pk}
    response = api_as(world.both).post("/api/v1/flags/", {**body, "focus_area": world.focus_area.pk})

    assert "Team B" in field_error(response, "focus_area")
    assert not Flag.objects.exists()


def test_the_api_takes_a_flag_with_its_own_teams_focus_area(world):
    body = {"title": "No cover", "description": "Nobody came.", "team": world.team_b.pk}
    response = api_as(world.both).post("/api/v1/flags/", {**body, "focus_area": world.b_focus.pk})
    assert response.status_code == 201
    assert Flag.objects.get().focus_area == world.b_focus


def test_the_raise_page_refuses_a_flag_with_another_teams_focus_area(world):
    data = {
        "title": "No cover", "description": "Nobody came.", "team": world.team_b.pk,
        "severity": "medium", "category": "other", "focus_area": world.focus_area.pk,
    }  # fmt: skip
    response = page_as(world.both).post(reverse("andon-raise"), data)

    assert response.status_code == 200
    assert "Team B" in str(response.context["form"].errors["focus_area"])
    assert not Flag.objects.exists()


# --- Cycles: a cycle's focus area ----------------------------------------------------------------------


def test_the_api_refuses_a_cycle_with_another_teams_focus_area(world):
    body = {"team": world.team_b.pk, "title": "Greeting at the gate", "focus_area": world.focus_area.pk}
    response = api_as(world.both).post("/api/v1/cycles/", body)

    assert "Team B" in field_error(response, "focus_area")
    assert not Cycle.objects.exists()


def test_the_api_refuses_moving_a_cycle_to_another_teams_focus_area(world):
    cycle = cycle_services.create_cycle(team=world.team_b, by=world.both, title="Greeting at the gate")
    response = api_as(world.both).patch(f"/api/v1/cycles/{cycle.pk}/", {"focus_area": world.focus_area.pk})

    field_error(response, "focus_area")
    assert Cycle.objects.get().focus_area is None


def test_the_plan_page_refuses_a_cycle_with_another_teams_focus_area(world):
    data = {
        "team": world.team_b.pk, "title": "Greeting at the gate", "objective": "Does it lift attendance?",
        "focus_area": world.focus_area.pk, "owner": world.both.pk,
    }  # fmt: skip
    response = page_as(world.both).post(reverse("cycle-create"), data)

    assert response.status_code == 200
    assert "Team B" in str(response.context["form"].errors["focus_area"])
    assert not Cycle.objects.exists()


def test_another_teams_change_idea_may_be_tested_without_its_focus_area(world):
    cycle = cycle_services.create_cycle(
        team=world.team_b, by=world.both, title="Paired reading in B", change_idea=world.idea
    )
    assert cycle.change_idea == world.idea and cycle.focus_area is None  # how an idea spreads


def test_a_copy_into_another_team_leaves_the_focus_area_and_its_measures_behind(world):
    source = make_plan(world, by=world.both)

    copy = cycle_services.copy_cycle(source=source, by=world.both, team=world.team_b)

    assert copy.focus_area is None and copy.change_idea == world.idea
    assert not copy.predictions.exclude(measure=None).exists()


def test_a_flag_from_a_cycle_naming_another_teams_focus_area_goes_without_it(world):
    cycle = cycle_services.create_cycle(team=world.team_b, by=world.both, title="Greeting at the gate")
    Cycle.objects.filter(pk=cycle.pk).update(focus_area=world.focus_area)  # planned before the rule
    cycle.refresh_from_db()

    flag = cycle_services.raise_flag_from_cycle(cycle=cycle, by=world.both, title="No cover", description="-")

    assert flag.team == world.team_b and flag.focus_area is None


# --- Huddles: a huddle's standing roles ------------------------------------------------------------------


def huddle_body(world, **roles):
    return {"team": world.team_a.pk, "name": "Morning huddle", "starts_at": "08:30", **roles}


@pytest.mark.parametrize("role", ["facilitator", "note_taker", "timekeeper"])
def test_the_api_refuses_a_huddle_role_for_someone_outside_its_teams(world, role):
    response = api_as(world.lead).post(
        "/api/v1/huddles/", huddle_body(world, **{role: world.sibling_member.pk})
    )

    assert "huddle's teams" in field_error(response, role)
    assert not Huddle.objects.exists()


def test_a_member_of_a_joined_team_may_hold_a_role(world):
    body = huddle_body(world, facilitator=world.sibling_member.pk, other_teams=[world.team_b.pk])
    assert api_as(world.lead).post("/api/v1/huddles/", body, format="json").status_code == 201


def test_the_api_refuses_changing_a_role_to_someone_outside_the_teams(world):
    huddle = huddle_services.create_huddle(team=world.team_a, by=world.lead, name="Huddle", starts_at=time(8))
    response = api_as(world.lead).patch(
        f"/api/v1/huddles/{huddle.pk}/", {"timekeeper": world.sibling_member.pk}
    )

    field_error(response, "timekeeper")
    assert Huddle.objects.get().timekeeper is None


# --- Checks that were already there, pinned -----------------------------------------------------------


@pytest.fixture
def meeting(world):
    huddle = huddle_services.create_huddle(team=world.team_a, by=world.lead, name="Huddle", starts_at=time(8))
    return huddle_services.start_meeting(huddle=huddle, by=world.lead)


def test_a_flag_cannot_be_assigned_outside_its_holding_team_and_above(world):
    flag = raise_at(MONDAY_10, by=world.member, team=world.team_a)
    response = api_as(world.lead).post(
        f"/api/v1/flags/{flag.pk}/assign/", {"assignee": world.sibling_member.pk}
    )
    field_error(response, "assignee")


def test_a_prediction_cannot_be_about_another_focus_areas_measure(world):
    cycle = make_plan(world)
    body = {"statement": "Attendance rises.", "measure": world.b_measure.pk, "expected_direction": "up"}
    response = api_as(world.both).post(f"/api/v1/cycles/{cycle.pk}/predictions/", body)
    field_error(response, "measure")


def test_an_action_item_cannot_be_given_to_someone_outside_the_huddle(world, meeting):
    body = {"text": "Order books", "owner": world.sibling_member.pk}
    response = api_as(world.lead).post(f"/api/v1/meetings/{meeting.pk}/action-items/", body)
    field_error(response, "owner")


def test_a_meeting_role_cannot_go_to_someone_outside_the_huddle(world, meeting):
    response = api_as(world.lead).post(
        f"/api/v1/meetings/{meeting.pk}/attendance/", {"facilitator": world.sibling_member.pk}
    )
    field_error(response, "facilitator")


def test_a_focus_area_cannot_be_owned_by_someone_outside_its_team(world):
    response = api_as(world.lead).patch(
        f"/api/v1/focus-areas/{world.focus_area.pk}/", {"owner": world.sibling_member.pk}
    )
    field_error(response, "owner")


def test_a_change_idea_cannot_serve_another_focus_areas_driver(world):
    driver = theory_services.add_driver(
        focus_area=world.b_focus, by=world.both, kind="secondary", text="Gate"
    )
    body = {"change_idea": world.idea.pk, "driver": driver.pk}
    response = api_as(world.both).post("/api/v1/change-idea-links/", body)
    assert "same focus area" in assert_error(response, 400, "invalid")["detail"]


def test_a_why_analysis_takes_only_people_who_work_on_the_focus_area(world):
    body = {"focus_area": world.focus_area.pk, "problem": "Why?", "participants": [world.sibling_member.pk]}
    response = api_as(world.lead).post("/api/v1/why-analyses/", body, format="json")
    field_error(response, "participants")
