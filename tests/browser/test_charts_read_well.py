"""The demo's charts read well in real Chromium, on a phone and on a laptop: drawn, nothing scrolls
sideways, axe finds nothing serious (the chart is a figure, not an image holding Plotly's buttons),
the cycles' window labels sit inside the chart and apart from each other, and a proportion's axis
reads in percent."""

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from measures.models import Measure
from tests.support.browser import DESKTOP, PHONE, serious_axe_violations, sideways_overflow, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("CHART_SCREENSHOTS")  # a folder, to look at the charts by eye


@pytest.fixture
def demo(page):
    call_command("seed_demo", verbosity=0)
    sign_in(page, "maya.lead", "playbook-demo")
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    return Measure.objects.get(name="Year 2 pupils reading 90+ wpm")


def drawn(page, selector: str):
    chart = page.locator(f"{selector} .main-svg").first
    expect(chart).to_be_visible(timeout=30_000)
    return chart


def boxes(page, selector: str) -> list[dict]:
    return page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const b = e.getBoundingClientRect(); return {left: b.left, right: b.right,"
        " top: b.top, bottom: b.bottom}; })",
    )


def apart(a: dict, b: dict) -> bool:
    return (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
    )


def shoot(page, name: str, chart: str | None = None):
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)
        if chart:
            page.locator(chart).first.screenshot(path=os.path.join(SCREENSHOTS, f"{name}-chart.png"))


SMALL_PHONE = {"width": 360, "height": 740}  # the narrowest screen the labels are placed for


@pytest.mark.parametrize("viewport", [SMALL_PHONE, PHONE, DESKTOP], ids=["small-phone", "phone", "desktop"])
def test_the_measure_page_chart_reads_well(page, demo, viewport):
    page.set_viewport_size(viewport)
    page.goto(demo.get_absolute_url())
    drawn(page, "#measure-chart")
    shoot(page, f"measure-{viewport['width']}", "#measure-chart")
    chart = boxes(page, "#measure-chart")[0]
    assert chart["right"] <= viewport["width"], "the chart is wider than the screen"
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []

    svg = boxes(page, "#measure-chart .main-svg")[0]
    labels = boxes(page, "#measure-chart .annotation-text")
    assert labels, "the demo's cycles mark this measure's chart"
    for label in labels:
        assert svg["left"] <= label["left"] and label["right"] <= svg["right"], "a label runs off the chart"
    plot = boxes(page, "#measure-chart .nsewdrag")[0]
    for label in labels:
        assert label["bottom"] <= plot["top"], "a label sits on the plot, across its lines"
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert apart(a, b), "two labels overlap"

    ticks = page.eval_on_selector_all("#measure-chart .ytick text", "els => els.map(e => e.textContent)")
    assert ticks and all(t.endswith("%") for t in ticks)


def test_the_focus_area_page_draws_its_small_charts_without_axe_findings(page, demo):
    page.set_viewport_size(PHONE)
    page.goto(demo.focus_area.get_absolute_url())
    drawn(page, "[data-figure]")
    page.mouse.wheel(0, 5000)
    expect(page.locator("[data-figure]:not([data-drawn])")).to_have_count(0, timeout=30_000)
    shoot(page, "focus-area-390")
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []


def test_charts_drawn_on_other_pages_are_figures_too(page, demo):
    """Pages that draw their own chart element (the andon dashboard here) get the same fix from charts.js."""
    page.set_viewport_size(PHONE)
    page.goto("/andon/")
    drawn(page, "[data-figure='flow-figure']")
    shoot(page, "andon-390", "[data-figure='flow-figure']")
    assert page.locator("[data-figure][role='img']").count() == 0
    nested = [v for v in serious_axe_violations(page) if v.startswith("nested-interactive")]
    assert nested == []
