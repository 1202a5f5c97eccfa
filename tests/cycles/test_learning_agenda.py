"""The learning agenda page: progress from the cycles that serve each goal, counted over what the
viewer may see; goals link only their team's subtree; only their keepers write them."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cycles import services
from cycles.agenda import AgendaFilters, agenda
from cycles.models import LearningGoal
from cycles.services.agenda import delete_learning_goal, move_learning_goal, update_learning_goal
from playbook import clock
from tests.support.agenda import PERIOD, make_goal
from tests.support.clients import page_as
from tests.support.cycles import make_plan, make_world, run_to
from tests.support.factories import FocusAreaFactory
from tests.support.queries import assert_same_queries_after
from theory.services import create_change_idea

pytestmark = pytest.mark.django_db
ALL = AgendaFilters(period="all")


@pytest.fixture
def world(personas):
    return make_world(personas)


def _decided(world, decision, outcome="met", **fields):
    cycle = run_to(make_plan(world, **fields), "acting", world.member, outcome=outcome)
    return services.update_cycle(
        cycle=cycle, by=world.member, decision=decision, decision_reasoning="We saw why."
    )


def _progress(user, goal):
    return next(row for row in agenda(user, ALL, date(2026, 3, 1)) if row.goal.pk == goal.pk).progress


def test_it_counts_progress_from_the_cycles_that_serve_the_goal(world):
    goal = make_goal(world)
    make_plan(world)  # planned, not started
    services.start_cycle(cycle=make_plan(world), by=world.member)
    _decided(world, "adapt")
    _decided(world, "abandon", outcome="not_met")
    progress = _progress(world.leader, goal)
    assert (progress.cycles, progress.started, progress.studied, progress.met) == (4, 3, 2, 1)
    assert (progress.adopted, progress.adapted, progress.abandoned) == (0, 1, 1)
    assert [c.decision for c in progress.learned] == ["abandon", "adapt"]


def test_it_leaves_out_cycles_outside_the_goals_period_and_focus(world):
    goal = make_goal(world)
    make_plan(world, starts_on=date(2025, 9, 1), ends_on=date(2025, 9, 12))
    other_area = FocusAreaFactory(team=world.team_a, owner=world.lead, title="Attendance")
    make_plan(world, focus_area=other_area, change_idea=None, predictions=[])
    assert _progress(world.leader, goal).cycles == 0


def test_counts_include_only_cycles_the_viewer_may_see(world):
    goal = make_goal(world)
    services.start_cycle(cycle=make_plan(world), by=world.member)
    assert _progress(world.member, goal).started == 1
    sibling = _progress(world.sibling_member, goal)
    assert (sibling.cycles, sibling.started) == (0, 0)


def test_the_page_hides_the_names_of_linked_work_the_viewer_does_not_see(world):
    make_goal(world)
    response = page_as(world.sibling_member).get(reverse("learning-agenda"), {"period": "all"})
    assert "Every pupil reads fluently" in response.text
    assert "Reading fluency" not in response.text
    assert "And 2 linked focus areas or ideas" in response.text


def test_it_shows_the_current_periods_goals_by_default(world):
    make_goal(world)
    make_goal(world, title="Next year's question", starts_on=date(2026, 9, 1), ends_on=date(2027, 7, 1))
    with clock.frozen_at(datetime(2026, 3, 10, 9, tzinfo=UTC)):
        response = page_as(world.member).get(reverse("learning-agenda"))
    assert "Every pupil reads fluently" in response.text
    assert "Next year's question" not in response.text


def test_it_refuses_a_focus_area_of_a_sibling_cluster(world):
    elsewhere = FocusAreaFactory(team=world.team_c, owner=world.admin, title="Maths talk")
    with pytest.raises(ValidationError) as refused:
        make_goal(world, by=world.admin, focus_areas=[elsewhere])
    assert "focus_areas" in refused.value.error_dict
    assert not LearningGoal.objects.exists()


def test_the_form_refuses_another_networks_change_idea_and_saves_nothing(world):
    area = FocusAreaFactory(team=world.other_team, owner=world.outsider)
    foreign = create_change_idea(focus_area=area, by=world.outsider, title="Their idea")
    data = {
        "title": "Reading",
        "starts_on": "2026-01-05",
        "ends_on": "2026-07-17",
        "change_ideas": [foreign.pk],
    }
    response = page_as(world.leader).post(reverse("learning-goal-create"), data)
    assert response.status_code == 200
    assert "change_ideas" in response.context["form"].errors
    assert not LearningGoal.objects.exists()


def test_the_form_refuses_an_end_before_the_start(world):
    data = {"title": "Reading", "starts_on": "2026-07-17", "ends_on": "2026-01-05"}
    response = page_as(world.leader).post(reverse("learning-goal-create"), data)
    assert "ends_on" in response.context["form"].errors
    assert not LearningGoal.objects.exists()


def test_a_leader_creates_a_goal_with_links_from_the_subtree(world):
    data = {
        "title": "Reading", "starts_on": "2026-01-05", "ends_on": "2026-07-17",
        "focus_areas": [world.focus_area.pk], "change_ideas": [world.idea.pk],
    }  # fmt: skip
    response = page_as(world.leader).post(reverse("learning-goal-create"), data)
    assert response.status_code == 302
    goal = LearningGoal.objects.get()
    assert (goal.team, list(goal.focus_areas.all()), list(goal.change_ideas.all())) == (
        world.cluster_a,
        [world.focus_area],
        [world.idea],
    )


def test_a_teams_lead_cannot_keep_the_clusters_goal(world):
    goal = make_goal(world)
    with pytest.raises(PermissionDenied):
        update_learning_goal(goal=goal, by=world.lead, title="Ours now")
    assert page_as(world.lead).post(reverse("learning-goal-delete", args=[goal.pk])).status_code == 403
    assert LearningGoal.objects.filter(pk=goal.pk).exists()


def test_an_edit_keeps_links_the_editor_cannot_see(world, personas):
    from playbook.models import Membership

    goal = make_goal(world, by=world.admin, team=world.hub)
    hub_lead = Membership.objects.create(user=world.loner, team=world.hub, role="lead").user
    update_learning_goal(goal=goal, by=hub_lead, title="Renamed", focus_areas=[], change_ideas=[])
    goal.refresh_from_db()
    assert goal.title == "Renamed"
    assert list(goal.focus_areas.all()) == [world.focus_area]


def test_it_moves_a_goal_up_its_teams_agenda(world):
    first = make_goal(world)
    second = make_goal(world, title="Second")
    response = page_as(world.leader).post(
        reverse("learning-goal-move", args=[second.pk]), {"direction": "up"}
    )
    assert response.status_code == 302
    assert list(LearningGoal.objects.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    move_learning_goal(goal=second, by=world.leader, to=5)
    assert list(LearningGoal.objects.order_by("position").values_list("pk", flat=True)) == [
        first.pk,
        second.pk,
    ]


def test_it_deletes_a_goal_nothing_refers_to_and_keeps_its_cycles(world):
    goal = make_goal(world)
    cycle = make_plan(world)
    delete_learning_goal(goal=goal, by=world.leader)
    assert not LearningGoal.objects.exists()
    cycle.refresh_from_db()


def test_the_agenda_asks_the_same_queries_for_2_goals_as_for_20(world, django_assert_num_queries):
    def grow(n, start=0):
        for i in range(start, start + n):
            team = world.cluster_a if i % 2 else world.hub
            make_goal(world, title=f"Goal {i}", team=team, by=world.admin)
            if i % 3 == 0:
                _decided(world, "adopt")

    grow(2)
    assert PERIOD[0] <= date(2026, 3, 2) <= PERIOD[1]
    assert_same_queries_after(
        page_as(world.leader), reverse("learning-agenda"), lambda: grow(18, 2), django_assert_num_queries,
        data={"period": "all"},
    )  # fmt: skip
