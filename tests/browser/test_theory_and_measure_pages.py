"""The theory and measure pages on a phone and on a desktop, with the demo network and a fishbone of
many causes: nothing scrolls sideways, axe finds nothing serious, and the diagrams' text stays
readable (at least 12 px on screen: the diagram scrolls inside its card rather than shrinking).

Set PLAYBOOK_SHOTS=/some/dir to keep a screenshot of every page looked at.
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from measures.models import FocusArea
from playbook.models import User
from tests.support.browser import DESKTOP, PHONE, serious_axe_violations, sideways_overflow, sign_in
from theory import services as theory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": PHONE, "desktop": DESKTOP}
MIN_TEXT_PX = 12


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())
    maya = User.objects.get(username="maya.lead")
    reading = FocusArea.objects.get(team__slug="oakfield-reading", title="Early reading fluency")
    fishbone = theory.start_fishbone(focus_area=reading, by=maya)
    for category in fishbone.categories.all():
        for n in range(4):
            cause = theory.add_cause(
                category=category, by=maya, text=f"{category.name}: a cause people named, number {n + 1}"
            )
            theory.add_cause(category=category, by=maya, text="and what lies under it", parent=cause)
    theory.start_why_analysis(focus_area=reading, by=maya, problem="Too few pupils read fluently by Year 2")
    measure = reading.measures.get(kind="outcome", data_kind="proportion")
    return {"focus_area": reading, "measure": measure, "process": reading.measures.get(kind="process")}


def pages(demo) -> dict[str, str]:
    focus_area, measure = demo["focus_area"], demo["measure"]
    return {
        "focus-areas": reverse("focus-area-list"),
        "focus-area": focus_area.get_absolute_url(),
        "focus-area-edit": reverse("focus-area-edit", args=[focus_area.pk]),
        "measure": measure.get_absolute_url(),
        "measure-new": reverse("measure-create", args=[focus_area.pk]),
        "measure-grid": reverse("measure-grid", args=[measure.pk]),
        "measure-upload": reverse("measure-upload", args=[measure.pk]),
        "reflection": reverse("focus-area-reflection", args=[focus_area.pk])
        + f"?measure={measure.pk}"
        + f"&x={demo['process'].pk}&y={measure.pk}",
        "scratchpad": reverse("chart-scratchpad"),
        "theory": reverse("theory-index"),
        "drivers": reverse("theory-drivers", args=[focus_area.pk]),
        "fishbone": reverse("theory-fishbone", args=[focus_area.pk]),
        "whys": reverse("theory-whys", args=[focus_area.pk]),
        "history": reverse("theory-history", args=[focus_area.pk]),
        "story": reverse("focus-area-story", args=[focus_area.pk]),
    }


def look(page, url: str, name: str, size: str) -> None:
    page.set_viewport_size(SIZES[size])
    page.goto(url)
    page.wait_for_load_state("networkidle")
    shots = os.environ.get("PLAYBOOK_SHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/{name}-{size}.png", full_page=True)
        page.screenshot(path=f"{shots}/{name}-{size}-top.png")


def smallest_diagram_text(page) -> float:
    """The smallest rendered size, in CSS pixels, of any label in the page's diagram."""
    return page.evaluate(
        """() => {
          const svg = document.querySelector("[data-testid=diagram] svg");
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          const sizes = [...svg.querySelectorAll("text")].map(
            (t) => parseFloat(getComputedStyle(t).fontSize) * scale);
          return Math.min(...sizes);
        }"""
    )


@pytest.mark.parametrize("size", SIZES)
def test_every_theory_and_measure_page_fits_and_passes_axe(page, demo, size):
    sign_in(page, "maya.lead", "playbook-demo")
    problems = []
    for name, url in pages(demo).items():
        look(page, url, name, size)
        overflow = sideways_overflow(page)
        if overflow:
            problems.append(f"{name}: {overflow} px sideways")
        problems.extend(f"{name}: {found}" for found in serious_axe_violations(page))
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("size", SIZES)
def test_the_scratch_pad_draws_a_chart_that_fits_and_passes_axe(page, demo, size):
    sign_in(page, "maya.lead", "playbook-demo")
    look(page, pages(demo)["scratchpad"], "scratchpad", size)
    numbers = [5, 6, 5, 7, 6, 5, 9, 10, 9, 11, 10, 12]
    page.get_by_label("Your numbers").fill("\n".join(str(n) for n in numbers))
    page.get_by_role("button", name="Draw the chart").click()
    page.locator("[data-testid=scratchpad-result] .main-svg").first.wait_for()

    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("diagram", ["drivers", "fishbone"])
def test_diagram_text_is_at_least_12_px_on_screen(page, demo, size, diagram):
    sign_in(page, "maya.lead", "playbook-demo")
    look(page, pages(demo)[diagram], f"{diagram}-text", size)

    assert round(smallest_diagram_text(page), 1) >= MIN_TEXT_PX  # the SVG box rounds to 0.1 px
    assert sideways_overflow(page) == 0  # the diagram scrolls inside its own card


def test_the_driver_diagram_offers_to_plan_a_cycle_for_an_idea(page, demo):
    sign_in(page, "maya.lead", "playbook-demo")
    page.set_viewport_size(PHONE)
    page.goto(pages(demo)["drivers"])

    link = page.get_by_test_id("change-ideas").get_by_role("link", name="Plan a cycle for this idea").first
    link.click()

    page.wait_for_url("**/cycles/new/?idea=*")


def test_the_focus_area_story_prints_on_one_page(page, demo):
    sign_in(page, "maya.lead", "playbook-demo")
    page.set_viewport_size(DESKTOP)
    page.goto(demo["focus_area"].get_absolute_url())
    page.get_by_test_id("story-link").click()
    page.get_by_test_id("print").wait_for()
    page.wait_for_load_state("networkidle")

    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    if os.environ.get("PLAYBOOK_SHOTS"):  # the printed page as a picture: A4 less its margins
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 703, "height": 1032})
        page.screenshot(path=f"{os.environ['PLAYBOOK_SHOTS']}/story-print.png", full_page=True)

    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>") + pdf.count(b"/Type /Page ") == 1
