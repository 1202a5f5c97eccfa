"""``/api/v1/learning-goals/``: the agenda with progress, and its writes with 400 field errors."""

import pytest
from django.urls import reverse

from cycles import services
from cycles.models import LearningGoal
from tests.support.agenda import make_goal
from tests.support.clients import api_as
from tests.support.cycles import make_plan, make_world
from tests.support.factories import FocusAreaFactory

pytestmark = pytest.mark.django_db
LIST = reverse("api-learning-goal-list")


@pytest.fixture
def world(personas):
    return make_world(personas)


def _body(world, **fields):
    dates = {"starts_on": "2026-01-05", "ends_on": "2026-07-17"}
    return {"team": world.cluster_a.pk, "title": "Reading", **dates, **fields}


def test_it_lists_goals_with_progress_from_visible_cycles(world):
    goal = make_goal(world)
    services.start_cycle(cycle=make_plan(world), by=world.member)
    mine = api_as(world.member).get(LIST, {"period": "all"}).json()["results"]
    assert [g["id"] for g in mine] == [goal.pk]
    assert mine[0]["progress"]["started"] == 1
    assert mine[0]["focus_areas"] == [world.focus_area.pk]
    theirs = api_as(world.sibling_member).get(LIST, {"period": "all"}).json()["results"]
    assert theirs[0]["progress"]["started"] == 0
    assert theirs[0]["focus_areas"] == [] and theirs[0]["change_ideas"] == []


def test_another_network_never_sees_the_goals(world):
    make_goal(world)
    assert api_as(world.outsider).get(LIST, {"period": "all"}).json()["results"] == []


def test_a_leader_creates_a_goal(world):
    response = api_as(world.leader).post(
        LIST, _body(world, focus_areas=[world.focus_area.pk], change_ideas=[world.idea.pk]), format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["progress"]["cycles"] == 0
    assert LearningGoal.objects.get().created_by == world.leader


def test_it_answers_an_end_before_the_start_with_a_field_error(world):
    response = api_as(world.leader).post(LIST, _body(world, ends_on="2025-12-01"), format="json")
    assert response.status_code == 400
    assert "ends_on" in response.json()["errors"]
    assert not LearningGoal.objects.exists()


def test_it_answers_a_sibling_clusters_focus_area_with_a_field_error(world):
    elsewhere = FocusAreaFactory(team=world.team_c, owner=world.admin)
    response = api_as(world.admin).post(LIST, _body(world, focus_areas=[elsewhere.pk]), format="json")
    assert response.status_code == 400
    assert "focus_areas" in response.json()["errors"]
    assert not LearningGoal.objects.exists()


def test_it_answers_another_networks_team_with_a_field_error(world):
    response = api_as(world.leader).post(LIST, _body(world, team=world.other_team.pk), format="json")
    assert response.status_code == 400
    assert "team" in response.json()["errors"]


def test_a_patch_changes_the_period_and_checks_it(world):
    goal = make_goal(world)
    url = reverse("api-learning-goal-detail", args=[goal.pk])
    refused = api_as(world.leader).patch(url, {"starts_on": "2026-08-01"}, format="json")
    assert refused.status_code == 400 and "ends_on" in refused.json()["errors"]
    answered = api_as(world.leader).patch(
        url, {"title": "Fluent readers", "team": world.hub.pk}, format="json"
    )
    assert answered.status_code == 200
    goal.refresh_from_db()
    assert (goal.title, goal.team) == ("Fluent readers", world.cluster_a)


def test_a_member_cannot_delete_a_goal_and_a_leader_can(world):
    goal = make_goal(world)
    url = reverse("api-learning-goal-detail", args=[goal.pk])
    assert api_as(world.member).delete(url).status_code == 403
    assert api_as(world.leader).delete(url).status_code == 204
    assert not LearningGoal.objects.exists()
