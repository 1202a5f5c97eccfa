"""Each role's home page on the demo network, in Chromium at phone width: the panels that role needs,
nothing sideways, no serious axe finding, and every panel link leads somewhere that answers."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.support.browser import PHONE, serious_axe_violations, sideways_overflow, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "playbook-demo"

# username in demo/people.py: (greeting, panels shown, panels not shown)
ROLES = {
    "admin": ("You look after the whole network", ["panel-uptake", "panel-setup"], ["panel-team-cycles"]),
    "hub.leader": (
        "You lead the network's hub",
        ["panel-uptake", "panel-spread", "panel-setup"],
        ["panel-team-cycles"],
    ),
    "north.leader": ("You oversee", ["panel-uptake", "panel-spread"], ["panel-team-pulse"]),
    "maya.lead": (
        "You lead your team",
        ["panel-cycles", "panel-team-cycles", "panel-team-overdue", "panel-team-pulse"],
        ["panel-uptake"],
    ),
    "ella": ("Here is what your teams are working on", ["panel-cycles", "panel-actions"], ["panel-setup"]),
}


@pytest.fixture
def demo_network():
    call_command("seed_demo", stdout=StringIO())


@pytest.mark.parametrize("username", list(ROLES))
def test_each_roles_home_fits_a_phone_and_every_panel_link_answers(page, demo_network, username):
    greeting, shown, hidden = ROLES[username]
    page.set_viewport_size(PHONE)
    sign_in(page, username, PASSWORD)

    expect(page.get_by_test_id("home-standing")).to_contain_text(greeting)
    for testid in shown:
        expect(page.get_by_test_id(testid)).to_be_visible()
    for testid in hidden:
        expect(page.get_by_test_id(testid)).to_have_count(0)
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []

    links = page.locator(".panels a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert links
    for href in sorted({h.split("#")[0] for h in links if h.startswith("/")}):
        assert page.request.get(href).status == 200, href


def test_a_lead_follows_a_cycles_next_step_to_its_part_of_the_page(page, demo_network):
    page.set_viewport_size(PHONE)
    sign_in(page, "maya.lead", PASSWORD)
    step = page.get_by_test_id("next-step").first  # the demo gives Maya open cycles of her own
    href = step.get_attribute("href")

    step.click()

    expect(page).to_have_url(f"{page.url.split('/cycles/')[0]}{href}")
    expect(page.get_by_test_id("stage-timeline")).to_be_visible()
