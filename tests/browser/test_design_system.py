"""The shell and the shared components in Chromium, on a 390 px phone and a 1366 px desktop: no page
scrolls sideways, axe finds nothing serious, the menu collapses on a phone, and the enhanced
controls (searchable multi-select, toasts) behave."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.support.browser import DESKTOP, PHONE, serious_axe_violations, sideways_overflow, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Whose eyes each page is seen through: the demo's lead, hub leader and network admin.
PAGES_BY_PERSON = {
    "maya.lead": ["/", "/style-guide/", "/notifications/", "/account/", "/network/teams/", "/andon/raise/"],
    "hub.leader": ["/", "/andon/", "/andon/learning/"],
    "admin": ["/network/people/", "/network/settings/", "/network/teams/", "/andon/policy/"],
}


@pytest.fixture
def demo_network():
    call_command("seed_demo", stdout=StringIO())


def _problems_at(page, url, sizes=(PHONE, DESKTOP)) -> list[str]:
    problems = []
    for size in sizes:
        page.set_viewport_size(size)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        where = f"{url} at {size['width']} px"
        overflow = sideways_overflow(page)
        if overflow:
            problems.append(f"{where} scrolls sideways by {overflow} px")
        problems += [f"{where}: {finding}" for finding in serious_axe_violations(page)]
    return problems


@pytest.mark.parametrize("username", PAGES_BY_PERSON)
def test_each_page_fits_a_phone_and_a_desktop_without_serious_axe_findings(page, demo_network, username):
    sign_in(page, username, "playbook-demo")
    expect(page.get_by_role("navigation", name="Main")).to_be_attached()

    problems = []
    for url in PAGES_BY_PERSON[username]:
        problems += _problems_at(page, url)

    assert problems == []


def test_the_sign_in_page_fits_a_phone_and_a_desktop(page, demo_network):
    assert _problems_at(page, "/accounts/login/") == []


def test_on_a_phone_the_navigation_hides_behind_a_menu_button_that_opens_and_closes(page, demo_network):
    page.set_viewport_size(PHONE)
    sign_in(page, "maya.lead", "playbook-demo")
    menu = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Main")

    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="Cycles")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    menu.click()
    expect(nav).to_be_hidden()
    # The bell and the account stay one tap away.
    expect(page.get_by_test_id("notifications-link")).to_be_visible()
    expect(page.get_by_test_id("notifications-link")).to_have_accessible_name("Notifications")


def test_escape_closes_the_phone_menu_and_returns_to_its_button(page, demo_network):
    page.set_viewport_size(PHONE)
    sign_in(page, "maya.lead", "playbook-demo")
    menu = page.get_by_role("button", name="Menu")
    menu.click()
    page.keyboard.press("Escape")

    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()


def test_on_a_desktop_the_navigation_is_one_plain_row_with_no_menu_button(page, demo_network):
    page.set_viewport_size(DESKTOP)
    sign_in(page, "admin", "playbook-demo")
    links = page.get_by_role("navigation", name="Main").get_by_role("link")

    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) == 1
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_test_id("notifications-link")).to_have_accessible_name("Notifications")


def test_the_favicon_is_served(page, live_server):
    page.goto("/accounts/login/")
    href = page.locator("link[rel=icon]").get_attribute("href")

    response = page.request.get(href)

    assert response.status == 200
    assert "svg" in response.headers["content-type"]


def test_a_multi_select_becomes_a_searchable_checklist_that_keeps_the_select_in_step(page, demo_network):
    sign_in(page, "maya.lead", "playbook-demo")
    page.goto("/style-guide/")
    filter_box = page.get_by_label("Who runs it")

    filter_box.fill("zoe")
    expect(page.get_by_role("checkbox", name="Ella Hughes")).to_be_hidden()
    filter_box.press("Enter")

    expect(page.get_by_role("checkbox", name="Zoe Fischer")).to_be_checked()
    chosen = page.locator("#sg-people").evaluate("select => [...select.selectedOptions].map(o => o.text)")
    assert chosen == ["Maya Patel", "Zoe Fischer"]
    expect(page.get_by_text("2 chosen")).to_be_visible()


def test_a_toast_is_read_out_from_the_polite_live_region(page, demo_network):
    sign_in(page, "maya.lead", "playbook-demo")
    page.goto("/style-guide/")

    page.get_by_role("button", name="Show an “ok” toast").click()

    expect(page.locator("#toasts[aria-live=polite]")).to_contain_text("Saved")
