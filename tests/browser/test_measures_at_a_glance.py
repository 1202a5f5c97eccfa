"""Measures at a glance in real Chromium: a cluster leader opens the table on a phone and on a laptop,
sorts and filters it, and opens a measure's chart from it; nothing scrolls sideways, axe finds
nothing serious."""

from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from measures.models import Measure
from playbook import clock
from tests.support.browser import DESKTOP, PHONE, serious_axe_violations, sideways_overflow, sign_in
from tests.support.glance import NOW, STEP_UP, TODAY, area, charted_measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def today():
    with clock.frozen_at(NOW):  # the live server runs in this process, so it reads the same clock
        yield


@pytest.fixture
def measures(personas):
    reading = area(personas.team_a, personas.lead, "Reading fluency for every Year 2 pupil")
    charted_measure(
        reading, "Words read correctly in a minute, on the weekly probe", STEP_UP, unit="words", target=15,
        chart_type=Measure.ChartType.I,
    )  # fmt: skip
    charted_measure(
        reading, "Minutes of break lost", kind=Measure.Kind.BALANCING, last=TODAY - timedelta(weeks=6)
    )
    charted_measure(area(personas.team_b, personas.sibling_member, "Maths"), "Times tables")


def rows(page):
    return page.locator("[data-testid=glance-row]")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_leader_reads_sorts_and_filters_the_table(page, personas, password, measures, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, personas.leader.username, password)
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    expect(page.get_by_test_id("panel-bright-spots")).to_be_visible()
    page.get_by_test_id("panel-bright-spots").get_by_role("link", name="Measures at a glance").click()
    expect(rows(page)).to_have_count(1)  # the bright spots' link filters on improvement signals

    page.goto(reverse("measures-at-a-glance"))
    expect(rows(page)).to_have_count(3)
    expect(rows(page).get_by_text("Improvement (high)")).to_be_visible()
    expect(page.get_by_test_id("stale")).to_have_count(1)
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []

    page.get_by_label("Sort by").select_option("measure")
    page.get_by_role("button", name="Show").click()
    expect(rows(page).first).to_contain_text("Minutes of break lost")
    page.get_by_label("Stale data only").check()
    page.get_by_role("button", name="Show").click()
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_contain_text("Minutes of break lost")
    assert sideways_overflow(page) == 0

    page.get_by_role("link", name="Clear").click()
    page.get_by_role("link", name="Words read correctly in a minute, on the weekly probe").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Words read correctly")
