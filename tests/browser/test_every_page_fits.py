"""Every page a demo user can reach, on a phone and on a laptop: it loads, nothing scrolls sideways, the
main action is on the first screen, and axe finds nothing serious.

The pages are found by walking the links each persona sees from home, one page per URL pattern, so a
new page is checked the day it is linked, with no list here to keep up to date."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from tests.support.browser import DESKTOP, PHONE, in_first_screen, serious_axe_violations, sideways_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "playbook-demo"
# A team lead, a hub leader (no team of his own to lead) and the network admin between them see every page.
PERSONAS = ["maya.lead", "hub.leader", "admin"]
# Downloads, machine endpoints and pages that are not ours to style.
SKIPPED_PREFIXES = ("/admin/", "/api/", "/static/", "/accounts/logout", "/healthz")
SKIPPED_SUFFIXES = (".csv", ".md", ".svg", ".json", ".xlsx", ".ics")
# The main action, in order of preference: what a page marks as such, its primary button, else the first
# field of a form that writes (a GET form only filters what is shown). Style-guide specimens are not actions.
MAIN_ACTIONS = (
    "main [data-main-action]",
    "main .btn-primary:not([data-specimen] *)",
    "main form[method=post] :is(input, select, textarea):not([type=hidden]):not([data-specimen] *)",
)
FIELDS = "input:not([type=hidden]), select, textarea"
MAX_PAGES = 80


def route_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


def links_on(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or not parts.path:
            continue
        if parts.path.startswith(SKIPPED_PREFIXES) or parts.path.endswith(SKIPPED_SUFFIXES):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def sign_in_as(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login" not in url)


def problems_on(page, path: str) -> list[str]:
    response = page.goto(path)
    page.wait_for_load_state("networkidle")
    if response is None or response.status >= 400:
        return [f"{path}: answered {response.status if response else 'nothing'}"]
    found = []
    overflow = sideways_overflow(page)
    if overflow > 0:
        found.append(f"{path}: {overflow} px wider than the screen")
    for selector in MAIN_ACTIONS:
        main_action = page.locator(selector).filter(visible=True).first
        if main_action.count():
            if main_action.evaluate("e => e.type === 'submit' && !!e.form"):
                # A form's submit button sits under its fields: the form starting on the first screen is
                # what lets someone begin.
                fields = main_action.locator("xpath=ancestor::form[1]").locator(FIELDS).filter(visible=True)
                main_action = fields.first if fields.count() else main_action
            if not in_first_screen(main_action):
                found.append(f"{path}: the main action ({selector}) is below the first screen")
            break
    found.extend(f"{path}: {violation}" for violation in serious_axe_violations(page))
    return found


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_page_a_persona_can_reach_fits_and_is_accessible(browser, live_server, viewport):
    call_command("seed_demo", verbosity=0)
    seen_routes: set[str] = set()
    problems: list[str] = []
    checked = 0
    for username in PERSONAS:
        context = browser.new_context(base_url=live_server.url, viewport=viewport)
        context.set_default_timeout(20_000)
        page = context.new_page()
        sign_in_as(page, username)
        queue = ["/"]
        while queue and checked < MAX_PAGES:
            path = queue.pop(0)
            route = route_of(urlsplit(path).path)
            key = route if path != "/" else f"home as {username}"
            if route is None or key in seen_routes:
                continue
            seen_routes.add(key)
            checked += 1
            problems.extend(f"[{username}] {problem}" for problem in problems_on(page, path))
            queue.extend(links_on(page, live_server.url))
        context.close()

    print(f"{checked} pages checked:", *sorted(seen_routes), sep="\n  ")
    # The walk must really have covered the product, or an empty page list would pass.
    assert checked >= 25, f"only {checked} pages reached: {sorted(seen_routes)}"
    assert problems == [], "\n".join(problems)
