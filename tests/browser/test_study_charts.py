"""The Study step's other charts read well in real Chromium, on a phone and on a laptop: the reflection
page's histogram and pupil-group bars, the fishbone's Pareto of causes and the funnel across teams are
drawn, nothing scrolls sideways and axe finds nothing serious."""

import datetime
import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from measures.models import Measure
from tests.support.browser import DESKTOP, PHONE, serious_axe_violations, sideways_overflow, sign_in
from tests.support.factories import (
    PASSWORD,
    DataPointFactory,
    FocusAreaFactory,
    GroupPointFactory,
    MeasureFactory,
    PupilGroupFactory,
)
from theory import services as theory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MONDAY = datetime.date(2026, 1, 5)
VALUES = [41, 44, 47, 52, 38, 55, 61, 49, 50, 58, 63, 45, 47, 66, 70, 52, 48, 57, 60, 62]


def week(i):
    return MONDAY + datetime.timedelta(weeks=i)


@pytest.fixture
def world(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading fluency")
    words = MeasureFactory(focus_area=focus_area, name="Words read a minute", unit="words")
    for i, value in enumerate(VALUES):
        DataPointFactory(measure=words, period=week(i), value=value)
    for name, value, pupils in (("Eligible", 48, 30), ("Not eligible", 57, 70), ("New arrivals", 40, 3)):
        group = PupilGroupFactory(network=personas.network, name=name)
        GroupPointFactory(measure=words, group=group, period=week(19), value=value, pupils=pupils)
    fishbone = theory.start_fishbone(focus_area=focus_area, by=personas.lead, effect="Slow reading")
    home = theory.add_category(fishbone=fishbone, by=personas.lead, name="Home")
    texts = [
        "Few books at home that pupils want to read",
        "Late to bed",
        "Screens at night",
        "No quiet place",
    ]
    causes = [theory.add_cause(category=home, by=personas.lead, text=t) for t in texts]
    for cause, voters in zip(
        causes,
        ([personas.member, personas.lead, personas.leader], [personas.member], [personas.lead], []),
        strict=True,
    ):
        for voter in voters:
            theory.vote(cause=cause, by=voter)
    attendance = None
    for team, points in ((personas.team_a, (12, 25)), (personas.team_b, (29, 100))):
        measure = MeasureFactory(
            focus_area=FocusAreaFactory(team=team), name="Attendance", data_kind=Measure.DataKind.PROPORTION
        )
        DataPointFactory(
            measure=measure, period=week(0), value=None, numerator=points[0], denominator=points[1]
        )
        attendance = attendance or measure
    return {"focus_area": focus_area, "attendance": attendance, "leader": personas.leader}


SCREENSHOTS = os.environ.get("CHART_SCREENSHOTS")  # a folder, to look at the charts by eye


def drawn(page, selector: str):
    chart = page.locator(f"{selector} .main-svg").first
    expect(chart).to_be_visible(timeout=30_000)
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        width = page.viewport_size["width"]
        name = selector.split('"')[1]
        page.locator(selector).first.screenshot(path=os.path.join(SCREENSHOTS, f"chart-{name}-{width}.png"))
    return chart


def fits(page, viewport):
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        name = page.url.rstrip("/").split("/")[-1] or "page"
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}-{viewport['width']}.png"), full_page=True)
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_reflection_page_draws_the_spread_and_the_groups(page, world, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, "leader", PASSWORD)
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    page.goto(reverse("focus-area-reflection", args=[world["focus_area"].pk]))
    drawn(page, '[data-figure="study-histogram-figure"]')
    drawn(page, '[data-figure="study-groups-bar"]')
    expect(page.get_by_text("Hidden: fewer than")).to_be_visible()
    fits(page, viewport)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_fishbone_page_draws_the_causes_by_votes(page, world, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, "leader", PASSWORD)
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    page.goto(reverse("theory-fishbone", kwargs={"pk": world["focus_area"].pk}))
    drawn(page, '[data-figure="cause-pareto"]')
    fits(page, viewport)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_funnel_page_draws_the_teams(page, world, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, "leader", PASSWORD)
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    page.goto(reverse("measure-compare", args=[world["attendance"].pk]))
    drawn(page, '[data-figure="funnel-figure"]')
    expect(page.get_by_test_id("funnel-row")).to_have_count(2)
    fits(page, viewport)
