"""Predictions: written in the plan, frozen when the cycle starts, studied beside what happened."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from cycles import services
from cycles.models import Prediction
from playbook import clock
from tests.support.cycles import make_plan, run_to
from tests.support.factories import FocusAreaFactory, MeasureFactory

pytestmark = pytest.mark.django_db


def test_a_plan_keeps_its_predictions_in_order(plan):
    statements = list(plan.predictions.values_list("statement", flat=True))
    assert statements == ["Pupils will read more words a minute.", "Pupils will say they enjoy it."]


def test_predictions_change_freely_while_planning(plan, world):
    prediction = plan.predictions.first()
    services.update_prediction(prediction=prediction, by=world.member, expected_value=60.0)
    assert Prediction.objects.get(pk=prediction.pk).expected_value == 60.0


def test_a_prediction_cannot_change_once_the_cycle_started(plan, world):
    services.start_cycle(cycle=plan, by=world.member)
    prediction = plan.predictions.first()

    with pytest.raises(services.PredictionsFrozen) as error:
        services.update_prediction(prediction=prediction, by=world.member, statement="Something else.")

    assert "frozen" in str(error.value)
    assert Prediction.objects.get(pk=prediction.pk).statement == "Pupils will read more words a minute."


def test_the_frozen_message_says_when(plan, world):
    with clock.frozen_at(datetime(2026, 3, 2, 8, 30, tzinfo=UTC)):
        services.start_cycle(cycle=plan, by=world.member)
    with pytest.raises(services.PredictionsFrozen) as error:
        services.update_prediction(prediction=plan.predictions.first(), by=world.member, expected_value=1.0)
    assert "2 March 2026 at 08:30" in str(error.value)


def test_no_prediction_can_be_added_once_the_cycle_started(plan, world):
    services.start_cycle(cycle=plan, by=world.member)
    with pytest.raises(services.PredictionsFrozen):
        services.add_prediction(
            cycle=plan, by=world.member, prediction=services.PredictionInput("Late idea.")
        )
    assert plan.predictions.count() == 2


def test_no_prediction_can_be_deleted_once_the_cycle_started(plan, world):
    services.start_cycle(cycle=plan, by=world.member)
    with pytest.raises(services.PredictionsFrozen):
        services.delete_prediction(prediction=plan.predictions.first(), by=world.member)
    assert plan.predictions.count() == 2


def test_even_the_lead_cannot_rewrite_a_frozen_prediction(plan, world):
    services.start_cycle(cycle=plan, by=world.member)
    with pytest.raises(services.PredictionsFrozen):
        services.update_prediction(prediction=plan.predictions.first(), by=world.lead, statement="Better.")


def test_a_prediction_needs_a_statement(plan, world):
    with pytest.raises(ValidationError) as error:
        services.add_prediction(cycle=plan, by=world.member, prediction=services.PredictionInput("  "))
    assert "statement" in error.value.message_dict


def test_an_expected_value_needs_a_measure(plan, world):
    with pytest.raises(ValidationError) as error:
        services.add_prediction(
            cycle=plan, by=world.member, prediction=services.PredictionInput("More.", None, 3.0)
        )
    assert "measure" in error.value.message_dict


def test_a_prediction_measure_must_belong_to_the_cycles_focus_area(plan, world):
    elsewhere = MeasureFactory(focus_area=FocusAreaFactory(team=world.team_a, owner=world.lead))
    with pytest.raises(ValidationError) as error:
        services.add_prediction(
            cycle=plan, by=world.member, prediction=services.PredictionInput("More.", elsewhere)
        )
    assert "measure" in error.value.message_dict


def test_studying_records_what_happened_beside_the_prediction(plan, world):
    cycle = run_to(plan, "studying", world.member)
    prediction = cycle.predictions.first()

    services.study_prediction(
        prediction=prediction, by=world.lead, actual="Up from 41 to 52.", outcome="partly_met", note="Close."
    )

    stored = Prediction.objects.get(pk=prediction.pk)
    assert (stored.actual, stored.outcome, stored.study_note, stored.studied_by) == (
        "Up from 41 to 52.", "partly_met", "Close.", world.lead,
    )  # fmt: skip
    assert stored.statement == "Pupils will read more words a minute."


def test_a_prediction_is_not_studied_before_the_test_is_done(plan, world):
    services.start_cycle(cycle=plan, by=world.member)
    with pytest.raises(services.CycleConflict):
        services.study_prediction(
            prediction=plan.predictions.first(), by=world.member, actual="?", outcome="met"
        )


def test_a_study_needs_an_outcome_and_what_happened(plan, world):
    cycle = run_to(plan, "studying", world.member)
    with pytest.raises(ValidationError) as error:
        services.study_prediction(
            prediction=cycle.predictions.first(), by=world.member, actual="", outcome="sort of"
        )
    assert {"actual", "outcome"} <= set(error.value.message_dict)


def test_the_expectation_reads_as_a_sentence(plan):
    assert plan.predictions.first().expectation == "Words a minute goes up to 55"


def test_a_complete_cycle_no_longer_changes(plan, world):
    cycle = run_to(plan, "complete", world.member)
    with pytest.raises(services.CycleConflict):
        services.update_cycle(cycle=cycle, by=world.member, objective="Rewritten afterwards.")


def test_the_decision_is_made_in_act_only(world):
    cycle = make_plan(world)
    with pytest.raises(services.CycleConflict):
        services.update_cycle(cycle=cycle, by=world.member, decision="adopt")
