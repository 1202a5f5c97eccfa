"""The cycle page in Chromium, on a phone and on a laptop: the stage timeline says where the cycle is,
the one next action is on the first screen, and in Study each prediction sits beside its chart.
Nothing scrolls sideways and axe finds nothing serious."""

import os
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cycles import services
from measures import rebuild
from tests.support.browser import (
    DESKTOP,
    PHONE,
    in_first_screen,
    serious_axe_violations,
    sideways_overflow,
    sign_in,
)
from tests.support.cycles import make_plan, make_world, run_to
from tests.support.factories import PASSWORD, DataPointFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
SHOTS = os.environ.get("CYCLE_PAGE_SHOTS")  # a folder: save what the test saw, to look at by hand


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}-{page.viewport_size['width']}.png", full_page=True)


def open_as_member(page, viewport, cycle):
    page.set_viewport_size(viewport)
    sign_in(page, "member", PASSWORD)
    page.goto(cycle.get_absolute_url())
    page.wait_for_load_state("networkidle")


def studying_cycle(world):
    """A cycle in Study whose measure has data before and inside its window, and a drawn chart."""
    for week, value in enumerate([40, 41, 39, 42, 40, 41, 48, 53]):
        DataPointFactory(measure=world.measure, period=date(2026, 1, 19) + timedelta(weeks=week), value=value)
    cycle = services.start_cycle(cycle=make_plan(world), by=world.member)
    services.update_cycle(cycle=cycle, by=world.member, what_happened="Eight sessions of twenty minutes.")
    cycle = services.begin_study(cycle=cycle, by=world.member)
    rebuild.rebuild_measure(world.measure.pk)  # what the worker does after each change
    return cycle


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_plan_without_dates_shows_why_it_cannot_start_yet(page, personas, viewport):
    world = make_world(personas)
    plan = make_plan(world, starts_on=None, ends_on=None)
    open_as_member(page, viewport, plan)

    expect(page.get_by_test_id("step-plan")).to_have_attribute("aria-current", "step")
    start = page.get_by_test_id("move-doing")
    expect(start).to_be_disabled()
    expect(page.get_by_test_id("next-why")).to_contain_text("Say when the test starts.")
    assert start.get_attribute("aria-describedby") == "next-why"
    assert in_first_screen(start)
    assert page.locator("main .btn-primary").count() == 1
    shot(page, "plan-no-dates")
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_in_study_each_prediction_sits_beside_its_chart(page, personas, viewport):
    world = make_world(personas)
    cycle = studying_cycle(world)
    open_as_member(page, viewport, cycle)

    expect(page.get_by_test_id("step-study")).to_have_attribute("aria-current", "step")
    expect(page.get_by_test_id("step-plan")).not_to_have_attribute("aria-current", "step")
    assert in_first_screen(page.get_by_test_id("move-acting"))
    assert page.locator("main .btn-primary").count() == 1
    row = page.get_by_test_id("study-item").first
    expect(row.get_by_test_id("study-chart").locator(".main-svg").first).to_be_visible()
    expect(row.get_by_test_id("actual-1")).to_contain_text("50.5")  # 48 and 53, the window's two weeks
    expect(row.get_by_test_id("versus-1")).to_contain_text("goes up to 55")
    card = row.locator(".study-card").bounding_box()
    chart = row.get_by_test_id("study-chart").bounding_box()
    if viewport == DESKTOP:  # side by side: the chart to the right, level with the prediction
        assert chart["x"] >= card["x"] + card["width"] - 1 and abs(chart["y"] - card["y"]) < 40
    else:  # stacked: the chart under the prediction, as wide as the screen allows
        assert chart["y"] >= card["y"] + card["height"] - 1
    shot(page, "study")
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_earlier_stages_are_folded_but_one_click_away(page, personas, viewport):
    world = make_world(personas)
    cycle = studying_cycle(world)
    open_as_member(page, viewport, cycle)

    plan = page.get_by_test_id("plan-panel")
    expect(plan.get_by_test_id("plan-scale")).to_be_hidden()
    plan.locator("summary").first.click()
    expect(plan.get_by_test_id("plan-scale")).to_have_text("6 pupils")
    shot(page, "study-plan-open")
    assert sideways_overflow(page) == 0


def other_pages(world):
    cycle = studying_cycle(world)
    return {
        "list": reverse("cycle-list"),
        "plan-form": reverse("cycle-create") + f"?idea={world.idea.pk}",
        "edit-plan": reverse("cycle-edit-plan", args=[cycle.pk]),
        "prediction": reverse("prediction-edit", args=[make_plan(world).predictions.first().pk]),
        "ramp": reverse("change-idea-ramp", args=[world.idea.pk]),
        "report": reverse("cycle-report", args=[cycle.pk]),
        "spread": reverse("cycles-spread"),
        "track-record": reverse("cycles-track-record"),
        "flags": reverse("cycle-flags", args=[cycle.pk]),
    }


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_cycles_page_fits_the_screen_and_passes_axe(page, personas, viewport):
    world = make_world(personas)
    pages = other_pages(world)
    page.set_viewport_size(viewport)
    sign_in(page, "member", PASSWORD)
    problems = []
    for name, url in pages.items():
        page.goto(url)
        page.wait_for_load_state("networkidle")
        shot(page, name)
        if overflow := sideways_overflow(page):
            problems.append(f"{name}: {overflow}px sideways")
        problems.extend(f"{name}: {v}" for v in serious_axe_violations(page))
    assert problems == []


def cycle_in(world, stage):
    cycle = make_plan(world)
    if stage == "abandoned":
        cycle = services.start_cycle(cycle=cycle, by=world.member)
        return services.abandon_cycle(cycle=cycle, by=world.member, reason="The class went on a trip.")
    cycle = run_to(cycle, stage, world.member)
    if stage == "acting":
        services.update_cycle(
            cycle=cycle, by=world.member, decision="adapt", decision_reasoning="Pair by level."
        )
    return cycle


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize(
    ("stage", "action"),
    [("doing", "move-studying"), ("acting", "start-next"), ("complete", None), ("abandoned", None)],
)
def test_every_stage_fits_with_its_next_action_on_the_first_screen(page, personas, viewport, stage, action):
    world = make_world(personas)
    cycle = cycle_in(world, stage)
    open_as_member(page, viewport, cycle)

    current = page.locator('[aria-current="step"]')
    expect(current).to_have_count(1 if cycle.is_open else 0)
    if action:
        assert in_first_screen(page.get_by_test_id(action))
    assert page.locator("main .btn-primary").count() == (1 if action else 0)
    expect(page.get_by_role("button", name="Complete the cycle")).to_have_count(0)  # one way to finish
    shot(page, f"stage-{stage}")
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []


def test_a_chart_in_a_folded_stage_fills_its_space_when_opened(page, personas):
    world = make_world(personas)
    cycle = studying_cycle(world)
    for prediction in cycle.predictions.all():
        services.study_prediction(prediction=prediction, by=world.member, actual="Up to 53.", outcome="met")
    cycle = services.begin_act(cycle=cycle, by=world.member)
    services.update_cycle(cycle=cycle, by=world.member, decision="adopt", decision_reasoning="It worked.")
    cycle = services.complete_cycle(cycle=cycle, by=world.member)
    rebuild.rebuild_measure(world.measure.pk)
    open_as_member(page, DESKTOP, cycle)

    study = page.get_by_test_id("study-panel")
    study.locator("summary").first.click()
    chart = study.get_by_test_id("study-chart")
    expect(chart.locator(".main-svg").first).to_be_visible()
    expect(chart.locator(".main-svg").first).to_have_attribute("width", re.compile(r"^(?:[3-9]\d\d|\d{4,})"))
    box, svg = chart.bounding_box(), chart.locator(".main-svg").first.bounding_box()
    assert svg["width"] <= box["width"]
    assert sideways_overflow(page) == 0


def test_the_printed_report_leaves_out_the_navigation(page, personas):
    world = make_world(personas)
    cycle = studying_cycle(world)
    open_as_member(page, DESKTOP, cycle)
    page.goto(reverse("cycle-report", args=[cycle.pk]))
    page.emulate_media(media="print")

    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator(".pdsa-report .no-print")).to_be_hidden()
    expect(page.get_by_test_id("report")).to_contain_text("Study: predictions against what happened")
    assert page.locator(".pdsa-report table").evaluate("t => getComputedStyle(t).display") == "table"
