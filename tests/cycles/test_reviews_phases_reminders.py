"""Reviews of a plan, phases from adopted changes, overdue reminders, and the marks on measures' charts."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cycles import selectors, services
from cycles.models import CycleReminder, ReviewRequest
from measures import rebuild as chart_services
from measures.models import Measure
from playbook import clock
from playbook.models import Notification
from tests.support.cycles import make_plan, run_to

pytestmark = pytest.mark.django_db


def test_the_owner_asks_the_lead_to_review_the_plan(plan, world):
    services.request_review(cycle=plan, by=world.member, reviewer=world.lead)
    assert world.lead.notifications.get(kind="cycle-review").url.endswith(f"/cycles/{plan.pk}/#comments")


def test_the_reviewers_comment_answers_the_request_and_tells_the_owner(plan, world):
    services.request_review(cycle=plan, by=world.member, reviewer=world.lead)
    services.comment_on_cycle(cycle=plan, by=world.lead, body="Add a balancing measure.")
    assert ReviewRequest.objects.get(cycle=plan).answered_at is not None
    assert world.member.notifications.filter(kind="cycle-comment").count() == 1


def test_a_reviewer_must_be_able_to_see_the_cycle(plan, world):
    with pytest.raises(ValidationError):
        services.request_review(cycle=plan, by=world.member, reviewer=world.sibling_member)


def test_a_plan_is_reviewed_before_it_starts(plan, world):
    services.start_cycle(cycle=plan, by=world.member)
    with pytest.raises(services.CycleConflict):
        services.request_review(cycle=plan, by=world.member, reviewer=world.lead)


def adopted(world):
    cycle = run_to(make_plan(world), "acting", world.member)
    services.update_cycle(cycle=cycle, by=world.member, decision="adopt", decision_reasoning="It works.")
    return cycle


def test_an_adopted_cycle_suggests_a_phase_on_its_measures(world):
    cycle = adopted(world)
    assert services.phase_suggestions(cycle) == [world.measure]


def test_a_suggested_phase_is_applied_only_when_confirmed(world):
    cycle = adopted(world)
    assert Measure.objects.get(pk=world.measure.pk).phase_dates == []
    services.confirm_phase(cycle=cycle, measure=world.measure, by=world.lead)
    assert Measure.objects.get(pk=world.measure.pk).phase_dates == ["2026-03-02"]
    assert services.phase_suggestions(cycle) == []


def test_only_those_who_shape_the_measure_confirm_a_phase(world):
    cycle = adopted(world)
    with pytest.raises(PermissionDenied):
        services.confirm_phase(cycle=cycle, measure=world.measure, by=world.member)


def test_a_cycle_not_adopted_suggests_no_phase(world):
    cycle = run_to(make_plan(world), "acting", world.member)
    services.update_cycle(cycle=cycle, by=world.member, decision="adapt", decision_reasoning="Almost.")
    assert services.phase_suggestions(cycle) == []


def test_an_overdue_cycle_reminds_its_owner_once_a_day(plan, world):
    services.start_cycle(cycle=plan, by=world.member)
    assert services.remind_overdue_owners(date(2026, 3, 16)) == 1
    assert services.remind_overdue_owners(date(2026, 3, 16)) == 0
    assert services.remind_overdue_owners(date(2026, 3, 17)) == 1
    assert world.member.notifications.filter(kind="cycle-overdue").count() == 2
    assert CycleReminder.objects.filter(cycle=plan).count() == 2


def test_a_cycle_is_not_overdue_on_its_last_day_or_once_studied(plan, world):
    cycle = run_to(plan, "studying", world.member)
    assert services.remind_overdue_owners(date(2026, 3, 13)) == 0
    assert services.remind_overdue_owners(date(2026, 4, 1)) == 0
    assert not Notification.objects.filter(kind="cycle-overdue").exists()
    assert cycle.stage == "studying"


def test_the_job_uses_the_one_clock(plan, world):
    with clock.frozen_at(datetime(2026, 3, 20, 9, tzinfo=UTC)):
        assert services.remind_overdue_owners() == 1
    assert CycleReminder.objects.get().sent_on == date(2026, 3, 20)


def test_a_started_cycle_is_a_mark_on_its_measures_chart(plan, world):
    services.start_cycle(cycle=plan, by=world.member)
    assert selectors.chart_marks(world.measure) == [
        {
            "start": "2026-03-02",
            "end": "2026-03-13",
            "label": "PDSA: Paired reading in 4B (do)",
            "kind": "pdsa",
            "cycle": plan.pk,
            "decision": "",
            "stage": "doing",
        }
    ]


def test_the_stored_chart_carries_the_cycles_window_and_decision(plan, world):
    from tests.support.factories import DataPointFactory

    DataPointFactory(measure=world.measure, period=date(2026, 3, 2), value=41)
    run_to(plan, "complete", world.member)
    chart = chart_services.rebuild(world.measure.pk)
    assert [m["label"] for m in chart.result["annotations"]] == ["PDSA: Paired reading in 4B (adopt)"]


def test_changing_the_dates_marks_the_measures_chart_stale(plan, world):
    services.start_cycle(cycle=plan, by=world.member)
    before = Measure.objects.get(pk=world.measure.pk).data_version
    services.update_cycle(
        cycle=plan, by=world.member, ends_on=date(2026, 3, 20), end_date_reason="Half-term came early."
    )
    assert Measure.objects.get(pk=world.measure.pk).data_version == before + 1


def test_deciding_marks_the_measures_chart_stale(plan, world):
    cycle = run_to(plan, "acting", world.member)
    before = Measure.objects.get(pk=world.measure.pk).data_version
    services.update_cycle(cycle=cycle, by=world.member, decision="adapt", decision_reasoning="Nearly.")
    assert Measure.objects.get(pk=world.measure.pk).data_version == before + 1


def test_a_change_idea_with_cycles_cannot_be_deleted(plan, world):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        world.idea.delete()
