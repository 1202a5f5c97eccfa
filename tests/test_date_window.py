"""Every date people type lies between 1 January 1990 and a few years from today (``playbook.dates``):
two years for what happens (cycles, observations, holidays, due dates, diagram history), five for where
a team means to be (an aim's date, a target's). A year like 9999 is a field error, never a 500.

Today is frozen at 2 March 2026. Data periods have their own tests in tests/measures/test_period_window.py.
"""

from datetime import UTC, date, datetime, time

import pytest
from django.urls import reverse

from cycles import services as cycle_services
from huddles import services as huddle_services
from playbook import clock, dates
from tests.support.clients import api_as, assert_error, page_as
from tests.support.cycles import make_plan, make_world
from theory import services as theory_services

pytestmark = pytest.mark.django_db

ABSURD = "9999-12-31"


@pytest.fixture(autouse=True)
def today():
    with clock.frozen_at(datetime(2026, 3, 2, 12, tzinfo=UTC)):
        yield


@pytest.fixture
def world(personas):
    return make_world(personas)


def refused(response, field: str) -> str:
    body = assert_error(response, 400, "invalid")
    message = str(body["errors"][field])
    assert "1 January 1990" in message, body
    return message


# --- The window itself ---------------------------------------------------------------------------------


def test_the_window_runs_from_1990_to_two_years_from_today():
    assert dates.window_problem(date(1990, 1, 1)) is None
    assert dates.window_problem(date(2028, 3, 2)) is None
    assert dates.window_problem(date(2028, 3, 3)) is not None
    assert dates.window_problem(date(1989, 12, 31)) is not None
    assert dates.window_problem(None) is None


def test_aims_may_reach_five_years_ahead():
    assert dates.window_problem(date(2031, 3, 2), years_ahead=dates.AIM_YEARS_AHEAD) is None
    assert "2 March 2031" in dates.window_problem(date(2031, 3, 3), years_ahead=dates.AIM_YEARS_AHEAD)


def test_a_leap_day_today_still_has_a_last_day():
    with clock.frozen_at(datetime(2028, 2, 29, 12, tzinfo=UTC)):
        assert dates.latest() == date(2030, 2, 28)


# --- Measures: aims, targets, phases ----------------------------------------------------------------


def test_the_api_refuses_an_aim_dated_9999(personas):
    body = {
        "team": personas.team_a.pk, "title": "Reading", "problem": "Too few read.", "aim_what": "Raise it",
        "aim_how_much": "to 75%", "aim_by_when": ABSURD,
    }  # fmt: skip
    refused(api_as(personas.lead).post("/api/v1/focus-areas/", body), "aim_by_when")


def test_the_focus_area_page_refuses_an_aim_dated_9999(personas):
    data = {
        "team": personas.team_a.pk, "title": "Reading", "problem": "Too few read.", "aim_what": "Raise it",
        "aim_how_much": "to 75%", "aim_by_when": ABSURD, "owner": personas.lead.pk, "status": "exploring",
    }  # fmt: skip
    response = page_as(personas.lead).post(reverse("focus-area-create"), data)
    assert response.status_code == 200
    assert "1 January 1990" in str(response.context["form"].errors["aim_by_when"])


def test_the_api_refuses_a_target_dated_9999(world):
    response = api_as(world.lead).patch(
        f"/api/v1/measures/{world.measure.pk}/", {"targets": [{"starts_on": ABSURD, "value": 80}]}
    )
    refused(response, "targets")
    assert not world.measure.targets.exists()


def test_the_api_refuses_a_phase_dated_9999(world):
    response = api_as(world.lead).patch(f"/api/v1/measures/{world.measure.pk}/", {"phase_dates": [ABSURD]})
    refused(response, "phase_dates")


def test_the_chart_refuses_a_phase_asked_for_in_9999(world):
    response = api_as(world.member).get(f"/api/v1/measures/{world.measure.pk}/chart/", {"phases": ABSURD})
    refused(response, "phases")


def test_the_measure_page_refuses_a_target_dated_9999(world):
    data = {
        "name": world.measure.name, "kind": "outcome", "definition": "Words read in a minute.", "unit": "",
        "data_kind": "continuous", "direction": "up", "frequency": "weekly", "chart_type": "", "baseline": "",
        "phase_dates": "", "rules": "anhoej", "screen_mr": "on", "targets": f"{ABSURD} 80",
    }  # fmt: skip
    response = page_as(world.lead).post(reverse("measure-edit", args=[world.measure.pk]), data)
    assert response.status_code == 200
    assert "1 January 1990" in str(response.context["form"].errors["targets"])


# --- Cycles ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["starts_on", "ends_on"])
def test_the_api_refuses_a_cycle_dated_9999(world, field):
    body = {"team": world.team_a.pk, "title": "Paired reading", field: ABSURD}
    refused(api_as(world.member).post("/api/v1/cycles/", body), field)


def test_the_plan_page_refuses_a_cycle_ending_in_9999(world):
    data = {
        "team": world.team_a.pk, "title": "Paired reading", "objective": "See if it helps.",
        "starts_on": "2026-03-02", "ends_on": ABSURD, "owner": world.member.pk,
    }  # fmt: skip
    response = page_as(world.member).post(reverse("cycle-create"), data)
    assert response.status_code == 200
    assert "1 January 1990" in str(response.context["form"].errors["ends_on"])


def test_the_api_refuses_an_observation_dated_9999(world):
    cycle = cycle_services.transition(cycle=make_plan(world), by=world.member, to="doing")
    response = api_as(world.member).post(
        f"/api/v1/cycles/{cycle.pk}/observations/", {"observed_on": ABSURD, "text": "Two pupils absent."}
    )
    refused(response, "observed_on")


# --- Andon: the working calendar -----------------------------------------------------------------------


POLICY = {
    "rules": [{"severity": "critical", "acknowledge_within": "30m", "resolve_within": "2h"}],
    "working_hours": {"weekdays": [0, 1, 2, 3, 4], "day_starts": "08:30", "day_ends": "16:30"},
    "closed_periods": [{"name": "Easter", "kind": "break", "starts_on": "2026-03-30", "ends_on": ABSURD}],
}


def test_the_api_refuses_a_holiday_that_ends_in_9999(personas):
    response = api_as(personas.admin).put("/api/v1/escalation-policy/", POLICY, format="json")
    refused(response, "closed")


def test_the_policy_page_refuses_a_holiday_in_9999(personas):
    data = {"weekdays": ["0", "1", "2", "3", "4"], "day_starts": "08:30", "day_ends": "16:30"}
    for severity in ("critical", "high", "medium", "low"):
        data.update({f"{severity}_acknowledge": "1d", f"{severity}_resolve": "3d"})
    data["closed"] = f"{ABSURD} Forever"

    response = page_as(personas.admin).post(reverse("andon-policy"), data)

    assert response.status_code == 200
    assert "1 January 1990" in str(response.context["form"].errors["closed"])


# --- Huddles: action items -------------------------------------------------------------------------


@pytest.fixture
def meeting(personas):
    huddle = huddle_services.create_huddle(
        team=personas.team_a, by=personas.lead, name="Morning huddle", starts_at=time(8, 30)
    )
    return huddle_services.start_meeting(huddle=huddle, by=personas.lead)


def test_the_api_refuses_an_action_item_due_in_9999(personas, meeting):
    body = {"text": "Order books", "owner": personas.member.pk, "due_on": ABSURD}
    refused(api_as(personas.member).post(f"/api/v1/meetings/{meeting.pk}/action-items/", body), "due_on")
    assert not meeting.action_items.exists()


def test_the_meeting_page_refuses_an_action_item_due_in_9999(personas, meeting):
    data = {"text": "Order books", "owner": personas.member.pk, "due_on": ABSURD}
    response = page_as(personas.member).post(reverse("meeting-action-add", args=[meeting.pk]), data)
    assert response.status_code == 400
    assert b"1 January 1990" in response.content
    assert not meeting.action_items.exists()


# --- Theory: a diagram as it stood then ------------------------------------------------------------


def test_the_api_refuses_a_diagram_as_of_9999(world):
    fishbone = theory_services.start_fishbone(focus_area=world.focus_area, by=world.lead)
    for url in (
        f"/api/v1/fishbones/{fishbone.pk}/diagram/",
        f"/api/v1/fishbones/{fishbone.pk}/svg/",
        f"/api/v1/driver-diagrams/{world.focus_area.pk}/",
    ):
        refused(api_as(world.member).get(url, {"as_of": ABSURD}), "as_of")


@pytest.mark.parametrize("name", ["theory-drivers", "theory-fishbone", "theory-whys"])
def test_a_diagram_page_as_of_9999_says_the_date_is_outside_the_window(world, name):
    response = page_as(world.member).get(reverse(name, args=[world.focus_area.pk]), {"as_of": ABSURD})
    assert response.status_code == 200
    assert "1 January 1990" in str(response.context["as_of_form"].errors["as_of"])
