"""The progress score (IHI 0.5 … 5.0) from what is recorded, and a leader's override with a reason."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cycles import services
from cycles.progress import progress_for, progress_scores
from cycles.services.progress import override_progress_score
from measures.models import MeasureTarget
from measures.rebuild import rebuild
from playbook import clock
from tests.support.clients import api_as, page_as
from tests.support.cycles import make_plan, run_to
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory

pytestmark = pytest.mark.django_db

BASELINE = [9, 11, 10, 8, 12, 10, 9, 11, 10, 8, 12, 9]  # no signal: a stable process around 10
START = date(2026, 1, 5)


def chart(measure, values, target=None):
    """Weekly data, the target in force from the start, and the stored chart the engine builds."""
    for week, value in enumerate(values):
        DataPointFactory(measure=measure, period=START + timedelta(weeks=week), value=value)
    if target is not None:
        MeasureTarget.objects.create(measure=measure, starts_on=START, value=target)
    rebuild(measure.pk, force=True)


def score(world):
    return progress_for(world.focus_area).evidence_score


def started(world):
    return services.start_cycle(cycle=make_plan(world), by=world.member)


def test_it_scores_intent_to_participate_without_an_aim(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, aim_how_much="")

    assert progress_for(focus_area).evidence_score == Decimal("0.5")


def test_it_scores_aim_and_team_established_with_an_aim_and_an_owner(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead)

    progress = progress_for(focus_area)
    assert progress.evidence_score == Decimal("1.0")
    assert progress.label == "Aim and team established"
    assert progress.next_step.key == "planning"


def test_it_scores_planning_once_a_measure_or_idea_is_set_up(world):
    assert score(world) == Decimal("1.5")


def test_it_scores_activity_once_baseline_data_is_collected(world):
    chart(world.measure, BASELINE)

    assert score(world) == Decimal("2.0")


def test_baseline_needs_enough_points(world):
    chart(world.measure, BASELINE[:5])

    assert score(world) == Decimal("1.5")


def test_it_scores_changes_tested_once_a_cycle_runs_and_the_chart_has_a_target(world):
    chart(world.measure, BASELINE, target=15)
    started(world)

    assert score(world) == Decimal("2.5")


def test_a_cycle_without_a_target_on_the_chart_stays_at_activity(world):
    chart(world.measure, BASELINE)
    started(world)

    progress = progress_for(world.focus_area)
    assert progress.evidence_score == Decimal("2.0")
    assert progress.next_step.key == "charted_target"


def test_it_scores_modest_improvement_once_a_test_met_its_predictions(world):
    chart(world.measure, BASELINE, target=15)
    run_to(make_plan(world), "acting", world.member, outcome="met")

    assert score(world) == Decimal("3.0")


def test_predictions_not_met_do_not_count_as_improvement(world):
    chart(world.measure, BASELINE, target=15)
    run_to(make_plan(world), "acting", world.member, outcome="not_met")

    assert score(world) == Decimal("2.5")


def test_it_scores_improvement_on_a_signal_on_an_outcome_measure(world):
    chart(world.measure, BASELINE + [16] * 8, target=25)
    run_to(make_plan(world), "acting", world.member)

    assert score(world) == Decimal("3.5")


def test_a_signal_on_a_process_measure_is_not_an_outcome_improvement(world):
    process = MeasureFactory(focus_area=world.focus_area, kind="process", name="Sessions held")
    chart(world.measure, BASELINE, target=15)
    chart(process, BASELINE + [16] * 8)
    run_to(make_plan(world), "acting", world.member)

    assert score(world) == Decimal("3.0")


def test_it_scores_significant_improvement_once_the_improving_measure_meets_its_target(world):
    chart(world.measure, BASELINE + [16, 16, 16, 14, 16, 16, 16, 16], target=15)
    run_to(make_plan(world), "acting", world.member)

    assert score(world) == Decimal("4.0")


def test_it_scores_sustainable_improvement_when_the_target_held_over_the_last_points(world):
    chart(world.measure, BASELINE + [16] * 8, target=15)
    run_to(make_plan(world), "acting", world.member)  # studied, not yet adopted

    assert score(world) == Decimal("4.5")


def test_it_scores_outstanding_results_when_every_outcome_sustains_and_a_change_is_adopted(world):
    chart(world.measure, BASELINE + [16] * 8, target=15)
    run_to(make_plan(world), "complete", world.member)  # decided adopt

    progress = progress_for(world.focus_area)
    assert progress.evidence_score == Decimal("5.0")
    assert progress.label == "Outstanding sustainable results"
    assert all(c.met for c in progress.criteria)


def test_the_evidence_links_to_what_it_found(world):
    chart(world.measure, BASELINE, target=15)
    cycle = started(world)

    criteria = {c.key: c for c in progress_for(world.focus_area).criteria}
    assert criteria["baseline"].url == reverse("measure-detail", args=[world.measure.pk])
    assert criteria["cycles_tested"].url == reverse("cycle-detail", args=[cycle.pk])
    assert not criteria["predictions_met"].met


# --- Overrides ---------------------------------------------------------------------------------------


def test_a_leader_overrides_the_score_with_a_reason(world):
    override_progress_score(
        focus_area=world.focus_area, score="3.0", reason="Data lags a term.", by=world.leader
    )

    progress = progress_for(world.focus_area)
    assert progress.score == Decimal("3.0") and progress.overridden
    assert progress.evidence_score == Decimal("1.5")


def test_an_override_needs_a_reason(world):
    with pytest.raises(ValidationError) as refused:
        override_progress_score(focus_area=world.focus_area, score="3.0", reason="  ", by=world.leader)

    assert "reason" in refused.value.message_dict
    assert not world.focus_area.progress_overrides.exists()


@pytest.mark.parametrize("off_scale", ["3.3", "0", "5.5", "lots"])
def test_a_score_off_the_scale_is_refused(world, off_scale):
    with pytest.raises(ValidationError) as refused:
        override_progress_score(
            focus_area=world.focus_area, score=off_scale, reason="Because.", by=world.leader
        )

    assert "score" in refused.value.message_dict


def test_clearing_the_override_returns_to_the_evidence_and_keeps_the_history(world):
    with clock.frozen_at(datetime(2026, 3, 2, 9, tzinfo=UTC)):
        override_progress_score(focus_area=world.focus_area, score="4.0", reason="Visit.", by=world.leader)
    with clock.frozen_at(datetime(2026, 4, 2, 9, tzinfo=UTC)):
        override_progress_score(
            focus_area=world.focus_area, score=None, reason="Data caught up.", by=world.leader
        )

    progress = progress_for(world.focus_area)
    assert progress.score == progress.evidence_score == Decimal("1.5") and not progress.overridden
    assert [(o.score, o.reason) for o in progress.history] == [
        (None, "Data caught up."),
        (Decimal("4.0"), "Visit."),
    ]


def test_a_member_cannot_override(world):
    with pytest.raises(PermissionDenied):
        override_progress_score(focus_area=world.focus_area, score="3.0", reason="Because.", by=world.member)


def test_the_api_refuses_an_override_without_a_reason_or_off_the_scale(world):
    url = reverse("api-focus-area-progress", args=[world.focus_area.pk])

    missing = api_as(world.leader).post(url, {"score": "3.0"}, format="json")
    off = api_as(world.leader).post(url, {"score": "3.3", "reason": "Because."}, format="json")

    assert missing.status_code == 400 and "reason" in str(missing.json())
    assert off.status_code == 400 and "score" in str(off.json())
    assert not world.focus_area.progress_overrides.exists()


def test_the_api_answers_the_score_the_evidence_and_the_history(world):
    override_progress_score(
        focus_area=world.focus_area, score="2.0", reason="Baseline on paper.", by=world.leader
    )

    data = api_as(world.member).get(reverse("api-focus-area-progress", args=[world.focus_area.pk])).json()

    assert (data["score"], data["evidence_score"], data["overridden"]) == ("2.0", "1.5", True)
    assert {c["key"] for c in data["evidence"]} >= {"aim", "baseline", "sustained"}
    assert data["history"][0]["reason"] == "Baseline on paper."


def test_the_sibling_team_gets_a_404(world):
    response = api_as(world.sibling_member).get(
        reverse("api-focus-area-progress", args=[world.focus_area.pk])
    )

    assert response.status_code == 404


def test_the_page_shows_the_override_form_to_leaders_only(world):
    url = reverse("focus-area-progress", args=[world.focus_area.pk])

    assert 'data-testid="override-form"' in page_as(world.leader).get(url).content.decode()
    assert 'data-testid="override-form"' not in page_as(world.member).get(url).content.decode()


def test_the_page_shows_a_missing_reason_beside_the_form(world):
    url = reverse("focus-area-progress", args=[world.focus_area.pk])

    response = page_as(world.leader).post(url, {"score": "3.0", "reason": ""})

    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not world.focus_area.progress_overrides.exists()


def test_the_focus_area_page_shows_the_score(world):
    response = page_as(world.member).get(reverse("focus-area-detail", args=[world.focus_area.pk]))

    body = response.content.decode()
    assert 'data-testid="progress-panel"' in body
    assert reverse("focus-area-progress", args=[world.focus_area.pk]) in body


def test_the_driver_diagram_lists_the_visible_cycles_of_each_idea(world):
    cycle = run_to(make_plan(world), "acting", world.member)

    body = page_as(world.member).get(reverse("theory-drivers", args=[world.focus_area.pk])).content.decode()

    assert reverse("cycle-detail", args=[cycle.pk]) in body
    assert reverse("change-idea-spread-map", args=[world.idea.pk]) in body


def test_progress_scores_ask_the_same_queries_for_2_focus_areas_as_for_20(
    personas, django_assert_num_queries
):
    def grow(n):
        made = []
        for i in range(n):
            focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead)
            chart(MeasureFactory(focus_area=focus_area), BASELINE[:6], target=10)
            override_progress_score(focus_area=focus_area, score="2.0", reason=f"R{i}", by=personas.leader)
            made.append(focus_area.pk)
        return made

    few = grow(2)
    with django_assert_num_queries(7) as small:
        progress_scores(few)
    many = few + grow(18)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(progress_scores(many)) == 20
