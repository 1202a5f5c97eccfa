"""Long lists in Chromium, on a phone and on a laptop: a hub leader finds a team in the cycle filters by
typing a few letters (the select holds only the matches) and the list narrows to it; a lead reads the
latest periods on a measure page and opens every period from it. The leaders' dashboard says when
its counts were read. Nothing scrolls sideways and axe finds nothing serious."""

import os
from datetime import date, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from measures.data_input import PointInput
from measures.rebuild import rebuild_measure
from measures.services.data import record_points
from playbook import clock
from tests.support.andon import raise_at
from tests.support.browser import DESKTOP, PHONE, serious_axe_violations, sideways_overflow, sign_in
from tests.support.cycles import make_plan, make_world
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
SHOTS = os.environ.get("LONG_LIST_SHOTS")  # a folder: save what the test saw, to look at by hand


def looked_at(page, name):
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}-{page.viewport_size['width']}.png", full_page=True)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_hub_leader_finds_a_team_by_typing_and_the_list_narrows_to_it(page, personas, viewport):
    world = make_world(personas)
    make_plan(world, title="Paired reading in 4B")
    page.set_viewport_size(viewport)
    sign_in(page, "hub_leader", PASSWORD)
    page.goto(reverse("cycle-list"))
    page.get_by_text("Filter", exact=True).first.click()
    team = page.locator("#id_team")
    expect(team.locator("option", has_text="Team C")).to_have_count(1)

    page.get_by_label("Find a team").fill("Team A")

    expect(team.locator("option", has_text="Team C")).to_have_count(0)  # the select holds the matches
    expect(page.locator("#id_team_found")).to_have_text("1 found.")
    team.select_option(label="Team A")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name="Paired reading in 4B")).to_be_visible()
    expect(page.locator("#id_team")).to_have_value(str(personas.team_a.pk))
    looked_at(page, "cycle-list-found")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_lead_reads_the_latest_periods_and_opens_every_one(page, personas, viewport):
    world = make_world(personas)
    first = date(2025, 12, 1)
    weeks = [PointInput(period=first + timedelta(weeks=week), value=40 + week) for week in range(25)]
    record_points(measure=world.measure, by=world.lead, points=weeks)
    rebuild_measure(world.measure.id)  # what the worker does after the entry
    page.set_viewport_size(viewport)
    sign_in(page, "lead", PASSWORD)
    page.goto(world.measure.get_absolute_url())
    expect(page.locator("#data-heading")).to_contain_text("the latest 20 of 25 periods")
    expect(page.get_by_test_id("data-row")).to_have_count(20)
    expect(page.get_by_test_id("chart-caption")).to_be_visible()
    looked_at(page, "measure-latest")

    page.get_by_test_id("all-data").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("every period")
    expect(page.get_by_test_id("data-row")).to_have_count(25)
    expect(page.get_by_test_id("data-row").last).to_contain_text("1 Dec 2025")  # newest first
    looked_at(page, "measure-every-period")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_dashboard_says_when_its_counts_were_read(page, personas, viewport):
    raise_at(clock.now() - timedelta(hours=1), by=personas.member, team=personas.team_a)
    page.set_viewport_size(viewport)
    sign_in(page, "leader", PASSWORD)
    page.goto(reverse("andon-dashboard"))

    expect(page.get_by_test_id("as-of").first).to_contain_text("Figures as of")
    expect(page.get_by_test_id("flag-row")).to_contain_text("Supply cover is not arriving")
    looked_at(page, "andon-dashboard")
