"""The chart icons in real Chromium, on a phone and on a laptop: a subgroup measure's X̄ chart with an
excluded week and a target shows its variation and assurance icons and their legend, and the scratch
pad draws a chart with its icons; nothing scrolls sideways and axe finds nothing serious."""

import os
from datetime import date, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from measures import rebuild as chart_service
from measures.models import DataPoint, Measure, MeasureExclusion
from tests.support.browser import DESKTOP, PHONE, serious_axe_violations, sideways_overflow, sign_in
from tests.support.factories import FocusAreaFactory, MeasureFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCORES = [[10, 12, 11], [13, 9, 12, 10], [11, 13], [12, 10, 11], [12, 9, 11, 13], [10, 13, 11]] * 3


@pytest.fixture
def measure(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead)
    measure = MeasureFactory(
        focus_area=focus_area,
        name="Reading scores, one per pupil, a fairly long name",
        data_kind=Measure.DataKind.SUBGROUP,
        chart_type="xbar",
        direction="up",
    )
    weeks = [date(2026, 1, 5) + timedelta(weeks=i) for i in range(len(SCORES))]
    for period, observations in zip(weeks, SCORES, strict=True):
        DataPoint.objects.create(measure=measure, period=period, observations=observations)
    MeasureExclusion.objects.create(measure=measure, period=weeks[4], reason="School closed for snow")
    measure.targets.create(starts_on=weeks[0], value=5)
    measure.data_version += 1
    measure.save()
    chart_service.rebuild(measure.pk)
    return measure


SCREENSHOTS = os.environ.get("CHART_SCREENSHOTS")  # a folder, to look at the icons by eye


def shoot(page, name):
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)
        page.locator("[data-testid=spc-icons]").first.screenshot(
            path=os.path.join(SCREENSHOTS, f"{name}-icons.png")
        )


def drawn(page, selector):
    expect(page.locator(f"{selector} .main-svg").first).to_be_visible(timeout=30_000)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_measure_page_shows_its_icons_and_their_legend(page, personas, password, measure, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, personas.member.username, password)
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    page.goto(measure.get_absolute_url())
    drawn(page, "#measure-chart")

    expect(page.get_by_role("img", name="Common cause variation")).to_be_visible()
    expect(page.get_by_role("img", name="Consistently meets the target")).to_be_visible()
    page.get_by_text("What the icons mean").first.click()
    expect(page.get_by_text("The target lies beyond the limits on the good side").first).to_be_visible()
    page.get_by_text("The chart’s points as a table").click()
    expect(page.get_by_text("Excluded: School closed for snow")).to_be_visible()
    shoot(page, f"icons-measure-{viewport['width']}")
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_scratch_pad_draws_a_chart_with_its_icons(page, personas, password, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, personas.member.username, password)
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    page.goto(reverse("chart-scratchpad"))
    values = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10] + [20, 21, 19, 22, 20] * 2
    page.get_by_label("Your numbers").fill("\n".join(map(str, values)))
    page.get_by_label("Chart type").select_option("i")
    page.get_by_label("Target").fill("15")
    page.get_by_role("button", name="Draw the chart").click()
    drawn(page, "[data-testid=scratchpad-result]")

    expect(page.get_by_role("img", name="Improvement (high)")).to_be_visible()
    shoot(page, f"icons-scratchpad-{viewport['width']}")
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []
