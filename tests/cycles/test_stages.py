"""The cycle's state machine: every move the method allows, every move it refuses, and what each needs."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from cycles import services
from cycles.models import Cycle, CycleEvent
from cycles.services.stages import TRANSITIONS
from playbook import clock
from tests.support.cycles import make_plan, run_to

pytestmark = pytest.mark.django_db

Stage = Cycle.Stage
ALL = list(Stage.values)
ALLOWED = [(a, b) for a in ALL for b in TRANSITIONS[a]]
REFUSED = [(a, b) for a in ALL for b in ALL if b not in TRANSITIONS[a]]


def cycle_in(world, stage):
    cycle = make_plan(world)
    if stage == Stage.ABANDONED:
        return services.abandon_cycle(cycle=cycle, by=world.member, reason="The class was merged.")
    if stage != Stage.PLANNING:
        cycle = run_to(cycle, stage, world.member)
    return cycle


def ready_to_leave(cycle, by):
    """Fill in what leaving the cycle's stage needs, as a person would before pressing the button."""
    if cycle.stage == Stage.DOING:
        services.update_cycle(cycle=cycle, by=by, what_happened="It ran as planned.")
    if cycle.stage == Stage.STUDYING:
        for prediction in cycle.predictions.all():
            services.study_prediction(prediction=prediction, by=by, actual="Yes.", outcome="met")
    if cycle.stage == Stage.ACTING:
        services.update_cycle(cycle=cycle, by=by, decision="adapt", decision_reasoning="Nearly there.")


@pytest.mark.parametrize(("start", "to"), ALLOWED)
def test_each_allowed_move_succeeds_once_the_stage_is_filled_in(world, start, to):
    cycle = cycle_in(world, start)
    ready_to_leave(cycle, world.member)

    moved = services.transition(cycle=cycle, by=world.member, to=to, reason="No longer needed.")

    assert moved.stage == to
    assert Cycle.objects.get(pk=cycle.pk).stage == to


@pytest.mark.parametrize(("start", "to"), REFUSED)
def test_each_move_the_method_does_not_allow_is_refused(world, start, to):
    cycle = cycle_in(world, start)
    ready_to_leave(cycle, world.member)

    with pytest.raises(services.WrongTransition):
        services.transition(cycle=cycle, by=world.member, to=to, reason="Because.")

    assert Cycle.objects.get(pk=cycle.pk).stage == start


def test_an_unknown_stage_is_a_field_error(plan, world):
    with pytest.raises(ValidationError) as error:
        services.transition(cycle=plan, by=world.member, to="celebrating")
    assert "to" in error.value.message_dict


def test_it_refuses_to_start_without_predictions(world):
    cycle = make_plan(world, predictions=[])
    with pytest.raises(ValidationError) as error:
        services.start_cycle(cycle=cycle, by=world.member)
    assert "predictions" in error.value.message_dict
    assert Cycle.objects.get(pk=cycle.pk).stage == Stage.PLANNING


def test_it_refuses_to_start_without_an_objective_and_dates(world):
    cycle = make_plan(world, objective="", starts_on=None, ends_on=None)
    with pytest.raises(ValidationError) as error:
        services.start_cycle(cycle=cycle, by=world.member)
    assert {"objective", "starts_on", "ends_on"} <= set(error.value.message_dict)


def test_it_refuses_study_before_anything_was_done(plan, world):
    services.start_cycle(cycle=plan, by=world.member)
    with pytest.raises(ValidationError) as error:
        services.begin_study(cycle=plan, by=world.member)
    assert error.value.message_dict["what_happened"] == ["Write what happened before studying the results."]


def test_it_refuses_act_while_a_prediction_is_not_studied(plan, world):
    cycle = run_to(plan, Stage.STUDYING, world.member)
    first = cycle.predictions.first()
    services.study_prediction(prediction=first, by=world.member, actual="Up to 57.", outcome="met")

    with pytest.raises(ValidationError) as error:
        services.begin_act(cycle=cycle, by=world.member)

    assert "1 of 2 is not studied yet" in error.value.message_dict["predictions"][0]


def test_it_refuses_to_complete_without_a_decision_and_reasoning(plan, world):
    cycle = run_to(plan, Stage.ACTING, world.member)
    with pytest.raises(ValidationError) as error:
        services.complete_cycle(cycle=cycle, by=world.member)
    assert {"decision", "decision_reasoning"} <= set(error.value.message_dict)


@pytest.mark.parametrize("stage", [Stage.PLANNING, Stage.DOING, Stage.STUDYING, Stage.ACTING])
def test_abandoning_needs_a_reason(world, stage):
    cycle = cycle_in(world, stage)
    with pytest.raises(ValidationError) as error:
        services.abandon_cycle(cycle=cycle, by=world.member, reason="  ")
    assert "reason" in error.value.message_dict


def test_abandoning_keeps_the_reason(plan, world):
    services.abandon_cycle(cycle=plan, by=world.member, reason="The class was merged.")
    assert Cycle.objects.get(pk=plan.pk).abandoned_reason == "The class was merged."


def test_each_move_is_recorded_with_who_and_when(plan, world):
    moment = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    with clock.frozen_at(moment):
        services.start_cycle(cycle=plan, by=world.lead)

    event = CycleEvent.objects.get(cycle=plan, kind=CycleEvent.Kind.TRANSITION)
    assert (event.from_stage, event.to_stage, event.by, event.at) == ("planning", "doing", world.lead, moment)


def test_starting_freezes_the_predictions_at_that_moment(plan, world):
    moment = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    with clock.frozen_at(moment):
        services.start_cycle(cycle=plan, by=world.member)
    assert Cycle.objects.get(pk=plan.pk).predictions_frozen_at == moment


def test_the_people_on_the_cycle_hear_when_someone_else_moves_it(world):
    cycle = make_plan(world, collaborators=[world.lead])
    services.start_cycle(cycle=cycle, by=world.lead)
    assert world.member.notifications.filter(subject__contains="started").count() == 1
    assert world.lead.notifications.count() == 0


def test_a_team_member_who_is_not_on_the_cycle_cannot_move_it(plan, world):
    other = type(world.member).objects.create(username="colleague", network=world.network)
    from playbook.models import Membership

    Membership.objects.create(user=other, team=world.team_a, role="member")
    with pytest.raises(PermissionDenied):
        services.start_cycle(cycle=plan, by=other)


def test_another_team_cannot_move_the_cycle(plan, world):
    with pytest.raises(Http404):
        services.start_cycle(cycle=plan, by=world.sibling_member)


def test_the_change_idea_is_testing_once_a_cycle_starts(plan, world):
    services.start_cycle(cycle=plan, by=world.member)
    world.idea.refresh_from_db()
    assert world.idea.status == "testing"


def test_the_change_idea_takes_the_decision_of_its_last_cycle(plan, world):
    run_to(plan, Stage.COMPLETE, world.member)
    world.idea.refresh_from_db()
    assert world.idea.status == "adopted"
