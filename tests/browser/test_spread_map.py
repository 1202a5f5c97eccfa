"""The spread map and the progress score with the demo network, on a phone and on a desktop: nothing
scrolls sideways, axe finds nothing serious, the picture has a title and a text alternative, and the
table beside it lists every cycle the viewer may see."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from cycles.models import Cycle
from cycles.services import copy_cycle
from measures.models import FocusArea
from playbook.models import Team, User
from tests.support.browser import DESKTOP, PHONE, serious_axe_violations, sideways_overflow, sign_in
from theory.models import ChangeIdea

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def demo(db):
    """The demo network, and the hub leader taking Oakfield's paired reading pilot to Marsh Lane."""
    call_command("seed_demo", stdout=StringIO())
    idea = ChangeIdea.objects.get(title="Paired reading, 10 minutes a day")
    pilot = Cycle.objects.filter(change_idea=idea).order_by("created_at").first()
    marsh = Team.objects.get(slug="marsh-attendance")
    copy = copy_cycle(source=pilot, by=User.objects.get(username="hub.leader"), team=marsh)
    reading = FocusArea.objects.get(team__slug="oakfield-reading", title="Early reading fluency")
    return {"idea": idea, "pilot": pilot, "copy": copy, "focus_area": reading}


def fits(page) -> list[str]:
    problems = [f"{px} px sideways" for px in [sideways_overflow(page)] if px]
    return problems + serious_axe_violations(page)


@pytest.mark.parametrize("size", SIZES)
def test_the_spread_map_fits_passes_axe_and_draws_how_the_idea_travelled(page, demo, size):
    sign_in(page, "hub.leader", "playbook-demo")
    page.set_viewport_size(SIZES[size])
    page.goto(reverse("change-idea-spread-map", args=[demo["idea"].pk]))
    svg = page.get_by_test_id("spread-map-svg")
    svg.wait_for()

    assert fits(page) == []
    assert svg.get_attribute("role") == "img"
    assert svg.locator("title").first.text_content() == "Spread map: Paired reading, 10 minutes a day"
    assert "Marsh Lane" in svg.locator("desc").text_content()
    assert svg.locator("[data-edge=adapted-from]").count() == 1
    rows = page.get_by_test_id("spread-map-row")
    assert rows.filter(has_text="Marsh Lane").count() == 1


def test_a_team_lead_sees_only_the_cycles_she_may_see(page, demo):
    sign_in(page, "maya.lead", "playbook-demo")
    page.set_viewport_size(PHONE)
    page.goto(reverse("change-idea-spread-map", args=[demo["idea"].pk]))
    page.get_by_test_id("spread-map-table").wait_for()

    assert page.get_by_test_id("spread-map-row").filter(has_text="Marsh Lane").count() == 0
    assert fits(page) == []


@pytest.mark.parametrize("size", SIZES)
def test_the_progress_pages_fit_and_pass_axe(page, demo, size):
    sign_in(page, "north.leader", "playbook-demo")
    page.set_viewport_size(SIZES[size])
    page.goto(demo["focus_area"].get_absolute_url())
    page.get_by_test_id("progress-panel").wait_for()
    assert fits(page) == []

    page.get_by_role("link", name="Evidence and history").click()
    page.get_by_test_id("progress-evidence").wait_for()
    assert fits(page) == []

    page.get_by_role("combobox", name="Score").select_option("3.0")
    page.get_by_role("textbox", name="Why").fill("The termly assessment came in after the data did.")
    page.get_by_role("button", name="Save").click()
    page.get_by_test_id("progress-history").wait_for()
    assert page.get_by_test_id("progress-score").text_content().strip() == "3.0"
    assert fits(page) == []


def test_the_spread_page_and_the_driver_diagram_link_to_the_map(page, demo):
    sign_in(page, "maya.lead", "playbook-demo")
    page.set_viewport_size(PHONE)
    page.goto(reverse("theory-drivers", args=[demo["focus_area"].pk]))
    link = page.get_by_test_id("idea-spread-map-link").first
    link.wait_for(state="attached")
    assert reverse("change-idea-spread-map", args=[demo["idea"].pk]) in [
        a.get_attribute("href") for a in page.get_by_test_id("idea-spread-map-link").all()
    ]
    page.goto(reverse("cycles-spread"))
    page.get_by_test_id("spread-map-link").first.click()
    page.get_by_test_id("spread-map-svg").wait_for()
