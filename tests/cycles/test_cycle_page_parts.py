"""The parts of the rebuilt cycle page: the next ramp cycle titled as the next step, a plan started
from a change idea in one click, the reason a move is not possible yet, data forms that fit the
measure, and the Study chart with the cycle's window and the expected value drawn on it."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse

from cycles import services
from cycles.models import Cycle
from cycles.services.ramps import next_step_title
from cycles.study_charts import study_figure, window_mean
from cycles.timeline import next_action, steps
from measures import rebuild
from measures.models import Measure, StoredChart
from tests.support.cycles import make_plan, run_to
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory
from theory.services import create_change_idea

pytestmark = pytest.mark.django_db


def page(client, user, url, method="get", data=None):
    client.force_login(user)
    return getattr(client, method)(url, data or {})


def decided_to_adapt(world, cycle=None):
    cycle = run_to(cycle or make_plan(world), "acting", world.member)
    return services.update_cycle(
        cycle=cycle, by=world.member, decision="adapt", decision_reasoning="Tune it."
    )


# --- The next cycle of a ramp -----------------------------------------------------------------------------


def test_the_next_cycle_of_a_ramp_is_titled_as_its_second_step(world):
    following = services.start_next_cycle(cycle=decided_to_adapt(world), by=world.member)
    assert following.title == "Paired reading in 4B — cycle 2"


def test_the_third_cycle_of_a_ramp_does_not_stack_suffixes(world):
    second = services.start_next_cycle(cycle=decided_to_adapt(world), by=world.member)
    services.update_cycle(
        cycle=second, by=world.member, starts_on=date(2026, 4, 13), ends_on=date(2026, 4, 24)
    )
    third = services.start_next_cycle(cycle=decided_to_adapt(world, second), by=world.member)
    assert third.title == "Paired reading in 4B — cycle 3"


def test_a_long_title_keeps_its_step_within_the_limit():
    title = next_step_title("x" * 200, 12)
    limit = Cycle._meta.get_field("title").max_length
    assert len(title) <= limit and title.endswith(" — cycle 12")


# --- From idea to test in one click -------------------------------------------------------------------------


def test_a_plan_for_an_idea_is_prefilled_with_its_team_focus_area_and_idea(client, world):
    response = page(client, world.member, reverse("cycle-create") + f"?idea={world.idea.pk}")
    initial = response.context["form"].initial
    assert response.status_code == 200
    assert (initial["team"], initial["focus_area"], initial["change_idea"]) == (
        world.team_a.pk, world.focus_area.pk, world.idea.pk,
    )  # fmt: skip
    assert "Paired reading" in response.content.decode()


def test_an_idea_the_person_may_not_see_is_ignored(client, world):
    elsewhere = FocusAreaFactory(team=world.team_b, owner=world.sibling_member, title="Maths")
    hidden = create_change_idea(focus_area=elsewhere, by=world.admin, title="Number talks")
    response = page(client, world.member, reverse("cycle-create") + f"?idea={hidden.pk}")
    initial = response.context["form"].initial
    assert response.status_code == 200
    assert "change_idea" not in initial and "focus_area" not in initial
    assert "Number talks" not in response.content.decode()


@pytest.mark.parametrize("idea", ["abc", "-3", "99999999999999999999999", ""])
def test_a_broken_idea_parameter_leaves_a_blank_plan(client, world, idea):
    response = page(client, world.member, reverse("cycle-create") + f"?idea={idea}")
    assert response.status_code == 200 and "change_idea" not in response.context["form"].initial


# --- One next action, and why it waits -------------------------------------------------------------------


def test_start_is_disabled_with_its_reason_while_the_dates_are_missing(client, world):
    plan = make_plan(world, starts_on=None, ends_on=None)
    html = page(client, world.member, plan.get_absolute_url()).content.decode()
    assert 'data-testid="move-doing" disabled aria-describedby="next-why"' in html
    assert 'id="next-why"' in html and "Say when the test starts." in html


def test_the_server_refuses_a_start_without_dates_with_the_same_words(client, world):
    plan = make_plan(world, starts_on=None, ends_on=None)
    url = reverse("cycle-transition", args=[plan.pk])
    response = page(client, world.member, url, "post", {"to": "doing"})
    assert response.status_code == 200
    assert "Say when the test starts." in response.context["transition_errors"]
    assert Cycle.objects.get(pk=plan.pk).stage == "planning"


def test_a_ready_plan_offers_one_enabled_start(client, world, plan):
    html = page(client, world.member, plan.get_absolute_url()).content.decode()
    assert html.count("btn btn-primary") == 1
    assert 'data-testid="move-doing">' in html


def test_an_adapted_cycle_offers_one_complete_button_that_starts_the_next(world):
    cycle = decided_to_adapt(world)
    action = next_action(cycle, may_change=True, ramp_decision=True, following=None)
    assert (action.kind, action.label, action.reasons) == ("next", "Complete and start the next cycle", [])


def test_the_timeline_marks_the_current_stage_and_the_ones_done(world, plan):
    cycle = run_to(plan, "studying", world.member)
    states = [(s.label, s.state) for s in steps(cycle, list(cycle.events.all()))]
    assert states == [("Plan", "done"), ("Do", "done"), ("Study", "current"), ("Act", "upcoming")]


def test_an_abandoned_cycle_keeps_the_stage_it_stopped_in_in_front(client, world, plan):
    cycle = services.start_cycle(cycle=plan, by=world.member)
    services.abandon_cycle(cycle=cycle, by=world.member, reason="The class went on a trip.")
    response = page(client, world.member, cycle.get_absolute_url())
    assert response.context["front"] == "doing" and response.context["next_action"] is None


# --- Data forms that fit the measure ----------------------------------------------------------------------


@pytest.fixture
def started(world, plan):
    return services.start_cycle(cycle=plan, by=world.member)


def test_a_proportion_is_entered_as_numerator_and_denominator_and_a_number_as_a_value(client, world):
    share = MeasureFactory(
        focus_area=world.focus_area, name="On track", data_kind=Measure.DataKind.PROPORTION
    )
    predictions = [
        services.PredictionInput("More words.", world.measure, 55.0, "up"),
        services.PredictionInput("More on track.", share, None, "up"),
    ]
    cycle = services.start_cycle(cycle=make_plan(world, predictions=predictions), by=world.member)
    forms = {
        f.measure.pk: f for f in page(client, world.member, cycle.get_absolute_url()).context["data_forms"]
    }
    assert set(forms[world.measure.pk].fields) == {"measure", "period", "value", "note"}
    assert set(forms[share.pk].fields) == {"measure", "period", "numerator", "denominator", "note"}


def test_a_subgroup_measure_takes_its_scores_pasted_into_one_box_at_the_do_stage(client, world):
    probe = MeasureFactory(focus_area=world.focus_area, name="Probe", data_kind=Measure.DataKind.SUBGROUP)
    predictions = [services.PredictionInput("Higher scores.", probe, None, "up")]
    cycle = services.start_cycle(cycle=make_plan(world, predictions=predictions), by=world.member)
    (form,) = page(client, world.member, cycle.get_absolute_url()).context["data_forms"]
    assert set(form.fields) == {"measure", "period", "observations", "note"}

    url = reverse("cycle-record-data", args=[cycle.pk])
    data = {"measure": probe.pk, "period": "2026-03-09", "observations": "50\t52\n48, 51"}
    assert page(client, world.member, url, "post", data).status_code == 302
    assert probe.data_points.get().observations == [50, 52, 48, 51]


def test_a_score_that_is_not_a_number_is_refused_on_its_box_and_nothing_is_saved(client, world):
    probe = MeasureFactory(focus_area=world.focus_area, name="Probe", data_kind=Measure.DataKind.SUBGROUP)
    predictions = [services.PredictionInput("Higher scores.", probe, None, "up")]
    cycle = services.start_cycle(cycle=make_plan(world, predictions=predictions), by=world.member)
    url = reverse("cycle-record-data", args=[cycle.pk])
    data = {"measure": probe.pk, "period": "2026-03-09", "observations": "50 fifty 48"}
    response = page(client, world.member, url, "post", data)
    (form,) = response.context["data_forms"]
    assert response.status_code == 200 and "“fifty”" in " ".join(form.errors["observations"])
    assert not probe.data_points.exists()


def test_the_weekly_date_box_steps_a_week_from_the_series_weekday(client, started, world):
    DataPointFactory(measure=world.measure, period=date(2026, 2, 23), value=40)  # a Monday
    (form,) = page(client, world.member, started.get_absolute_url()).context["data_forms"]
    attrs = form.fields["period"].widget.attrs
    assert attrs["step"] == 7 and date.fromisoformat(attrs["min"]).weekday() == 0
    assert form.fields["period"].label == "Week starting"


def test_a_tuesday_in_a_weekly_monday_series_is_refused_with_a_clear_message(client, started, world):
    DataPointFactory(measure=world.measure, period=date(2026, 2, 23), value=40)
    url = reverse("cycle-record-data", args=[started.pk])
    data = {"measure": world.measure.pk, "period": "2026-03-10", "value": "52"}
    response = page(client, world.member, url, "post", data)
    (form,) = response.context["data_forms"]
    assert response.status_code == 200 and "Monday" in " ".join(form.errors["period"])
    assert world.measure.data_points.count() == 1


def test_data_for_a_measure_the_cycle_does_not_track_is_refused(client, started, world):
    other = MeasureFactory(focus_area=world.focus_area, name="Unrelated")
    url = reverse("cycle-record-data", args=[started.pk])
    response = page(
        client, world.member, url, "post", {"measure": other.pk, "period": "2026-03-09", "value": "1"}
    )
    assert response.status_code == 200 and not other.data_points.exists()
    (form,) = response.context["data_forms"]
    assert "does not track that measure" in " ".join(form.non_field_errors())


# --- Study beside the chart -----------------------------------------------------------------------------


def built_chart(world):
    for week, value in enumerate([40, 41, 39, 42, 40, 41, 48, 53]):
        DataPointFactory(measure=world.measure, period=date(2026, 1, 19) + timedelta(weeks=week), value=value)
    rebuild.rebuild_measure(world.measure.pk)
    return StoredChart.objects.get(measure=world.measure, variant="default").result


def test_the_study_figure_shades_the_window_and_draws_the_expected_value(world, plan):
    result = built_chart(world)
    prediction = plan.predictions.get(measure=world.measure)
    figure = study_figure(result, plan, prediction)
    (window,) = [s for s in figure["layout"]["shapes"] if s["type"] == "rect"]
    assert (window["x0"], window["x1"]) == ("2026-03-02", "2026-03-13")
    (expected,) = [t for t in figure["data"] if t["name"] == "Expected"]
    assert expected["x"] == ["2026-03-02", "2026-03-13"] and expected["y"] == [55.0, 55.0]


def test_the_window_label_at_the_right_edge_reads_leftwards_so_it_is_not_cut_off(world, plan):
    figure = study_figure(built_chart(world), plan)
    (label,) = [a for a in figure["layout"]["annotations"] if a["text"] == "This cycle"]
    assert (label["x"], label["xanchor"], label["yanchor"]) == ("2026-03-13", "right", "bottom")
    assert figure["layout"]["margin"]["t"] >= 20  # the label sits above the plot, in the margin


def test_a_cycle_without_dates_has_no_study_figure(world):
    plan = make_plan(world, starts_on=None, ends_on=None)
    assert study_figure(built_chart(world), plan) is None


def test_the_study_row_shows_the_window_mean_next_to_the_expected_value(client, world, plan):
    built_chart(world)
    cycle = run_to(plan, "studying", world.member)
    rows = page(client, world.member, cycle.get_absolute_url()).context["study_rows"]
    (chart,) = [c for _, _, c in rows if c is not None]
    assert chart.actual == pytest.approx(50.5)


def test_one_study_chart_is_served_alone_for_polling(client, world, plan):
    built_chart(world)
    prediction = plan.predictions.get(measure=world.measure)
    url = reverse("cycle-charts", args=[plan.pk])
    response = page(client, world.member, url + f"?prediction={prediction.pk}")
    assert (
        response.status_code == 200 and f'id="study-chart-{prediction.pk}-box"' in response.content.decode()
    )
    assert page(client, world.member, url + "?prediction=nope").status_code == 404


def test_the_window_figure_of_a_proportion_pools_its_points():
    small = SimpleNamespace(value=None, numerator=1, denominator=2, plotted_value=0.5)
    full = SimpleNamespace(value=None, numerator=27, denominator=28, plotted_value=27 / 28)
    assert window_mean([small, full]) == pytest.approx(28 / 30)
    assert window_mean([]) is None
