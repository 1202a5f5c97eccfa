"""The cycles API answers what its schema says: found by the schema fuzz test (tests/test_api_fuzz.py)."""

import pytest

from cycles.models import CycleEvent
from tests.support.clients import api_as
from tests.support.cycles import run_to
from tests.support.schema import assert_documented

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("sub_list", ["comments", "events", "observations", "predictions", "ramp"])
def test_a_cycles_sub_lists_are_bare_lists_as_documented(world, plan, sub_list):
    response = api_as(world.member).get(f"/api/v1/cycles/{plan.pk}/{sub_list}/")
    assert isinstance(response.json(), list)
    assert_documented(response)


def test_a_plans_unstudied_predictions_answer_their_blank_choices_as_documented(world, plan):
    response = api_as(world.member).get(f"/api/v1/cycles/{plan.pk}/predictions/")
    # The second prediction names no measure, so it expects no direction; neither is studied yet.
    assert [(p["expected_direction"], p["outcome"]) for p in response.json()] == [("up", ""), ("", "")]
    assert_documented(response)


def test_an_undecided_cycle_in_the_list_answers_its_blank_decision_as_documented(world, plan):
    response = api_as(world.member).get("/api/v1/cycles/")
    assert response.json()["results"][0]["decision"] == ""
    assert_documented(response)


def test_an_event_with_no_person_recorded_answers_as_documented(world, plan):
    run_to(plan, "doing", by=world.member)
    CycleEvent.objects.filter(cycle=plan).update(by=None)
    response = api_as(world.member).get(f"/api/v1/cycles/{plan.pk}/events/")
    assert {event["by"] for event in response.json()} == {None}
    assert_documented(response)
