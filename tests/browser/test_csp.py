"""The main pages in real Chromium under the Content-Security-Policy the server itself sends (no
policy is injected here, unlike the journeys' ``csp_violations``): nothing is refused, no script
error is thrown, the Plotly charts draw and htmx edits work in place."""

from datetime import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from cycles.models import Cycle
from huddles import services as huddles
from measures.models import FocusArea
from playbook.models import Team, User
from tests.support.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script: every refusal the browser makes is a securitypolicyviolation event.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.effectiveDirective} refused ${e.blockedURI || "inline"} at ${where}`);
});
"""


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())
    maya = User.objects.get(username="maya.lead")
    team = Team.objects.get(slug="oakfield-reading")
    huddle = huddles.create_huddle(team=team, by=maya, name="Reading huddle", starts_at=time(8, 30))
    reading = FocusArea.objects.get(team=team, title="Early reading fluency")
    return {
        "focus_area": reading,
        "measure": reading.measures.get(kind="outcome", data_kind="proportion"),
        "cycle": Cycle.objects.filter(team=team).order_by("pk").first(),
        "meeting": huddles.start_meeting(huddle=huddle, by=maya),
    }


@pytest.fixture
def watched(page):
    """The page, with what the browser refused or threw, and the CSP header of every document."""
    page.refused, page.documents = [], []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda m: page.refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda error: page.refused.append(f"script error: {error}"))
    page.on(
        "response",
        lambda r: (
            page.documents.append((r.url, r.headers.get("content-security-policy")))
            if r.request.resource_type == "document"
            else None
        ),
    )
    return page


def settle(page):
    """Nothing refused on this page, and it was served with the application's own policy."""
    assert page.evaluate("window.__cspViolations") == []
    assert page.refused == []
    url, policy = page.documents[-1]
    assert policy and "script-src 'self'" in policy and "default-src 'self'" in policy, url


def chart_drawn(page):
    # plotly.js is nearly 5 MB to parse: a loaded 2-core machine needs more than expect's default 5 s.
    expect(page.locator("[data-figure] .main-svg").first).to_be_visible(timeout=15_000)


def test_the_main_pages_raise_no_csp_violations(watched, demo):
    page = watched
    page.goto("/accounts/login/")
    settle(page)
    sign_in(page, "maya.lead", "playbook-demo")
    expect(page.get_by_role("heading", name="Welcome, Maya")).to_be_visible()
    settle(page)

    page.goto(demo["cycle"].get_absolute_url())
    expect(page.get_by_role("heading", name=demo["cycle"].title)).to_be_visible()
    settle(page)

    page.goto(demo["measure"].get_absolute_url())
    chart_drawn(page)
    settle(page)

    page.goto(demo["meeting"].get_absolute_url())
    expect(page.get_by_test_id("questions")).to_be_visible()
    settle(page)

    page.goto(reverse("theory-drivers", args=[demo["focus_area"].pk]))
    expect(page.get_by_test_id("driver-diagram")).to_be_visible()
    settle(page)

    page.goto(reverse("andon-dashboard"))
    chart_drawn(page)
    settle(page)

    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Playbook API", timeout=15_000)
    settle(page)


def test_charts_and_htmx_edits_work_under_the_policy(watched, demo):
    page = watched
    sign_in(page, "maya.lead", "playbook-demo")

    # A Plotly chart answers the pointer (hover labels are drawn by script, into the SVG).
    page.goto(demo["measure"].get_absolute_url())
    chart_drawn(page)
    page.locator("[data-figure] .nsewdrag").first.hover()
    expect(page.locator("[data-figure] .hoverlayer").first).to_be_attached()
    # Its image export draws the chart through a blob: image (the reason img-src allows blob:).
    with page.expect_download() as download:
        page.locator("[data-figure] .modebar-btn[data-title^='Download plot']").first.click()
    assert download.value.suggested_filename.endswith(".png")
    settle(page)

    # An edit to the driver diagram is swapped in by htmx, without a reload.
    page.goto(reverse("theory-drivers", args=[demo["focus_area"].pk]))
    page.evaluate("window.sameDocument = true")
    page.get_by_label("Add a primary driver").fill("Books pupils want to read")
    page.get_by_test_id("add-primary").get_by_role("button", name="Add").click()
    expect(page.get_by_test_id("editor-notice")).to_have_text(
        "Added primary driver “Books pupils want to read”"
    )
    expect(
        page.get_by_test_id("driver-diagram").locator('text[data-label="Books pupils want to read"]')
    ).to_be_visible()
    assert page.evaluate("window.sameDocument") is True
    settle(page)

    # A flag is acknowledged in its dashboard row.
    page.goto(reverse("andon-dashboard"))
    chart_drawn(page)
    page.evaluate("window.sameDocument = true")
    row = page.get_by_test_id("flag-row").filter(has_text="Not enough decodable books for Year 1")
    row.get_by_role("button", name="Acknowledge").click()
    expect(row.get_by_test_id("row-notice")).to_be_visible()
    assert page.evaluate("window.sameDocument") is True
    settle(page)
