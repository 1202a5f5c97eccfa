"""Journey 3 in Chromium: a staff member raises a flag, two deadlines pass, the hub leader finds it
escalated on the dashboard and resolves it with what was learned, and the raiser sees the resolution.

Time moves by running the escalation service "as of" a later moment, as the Celery job and
``manage.py escalate_flags --at`` do; pages are served under a strict Content-Security-Policy.
"""

import os

import pytest
from playwright.sync_api import expect

from andon.models import Flag
from andon.services import escalate_due_flags
from tests.support.browser import sign_in
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("ANDON_SCREENSHOTS")  # a folder: save screenshots there for review


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("Username")).to_be_visible()


def test_a_flag_climbs_to_the_hub_and_its_resolution_reaches_the_raiser(page, csp_violations, personas):
    # The member pulls the cord from the header of any page.
    sign_in(page, "member", PASSWORD)
    page.get_by_test_id("raise-flag-link").click()
    form = page.get_by_test_id("raise-form")
    form.get_by_label("What is happening").fill("Year 4 has had no cover teacher on Fridays for three weeks.")
    form.get_by_label("Severity").select_option("high")
    form.get_by_label("Category").select_option("resources")
    form.get_by_role("button", name="Raise the flag").click()
    # Without a title it is refused, and nothing typed is lost.
    expect(page.get_by_role("alert")).to_contain_text("Please fix the highlighted field")
    expect(form.get_by_label("What is happening")).to_have_value(
        "Year 4 has had no cover teacher on Fridays for three weeks."
    )
    expect(form.get_by_label("Severity")).to_have_value("high")
    shot(page, "raise-form-error")
    form.get_by_label("Title").fill("No Friday cover for Year 4")
    form.get_by_role("button", name="Raise the flag").click()
    expect(page.get_by_role("status").first).to_contain_text("Your flag is raised")
    expect(page.get_by_test_id("flag-holder")).to_contain_text("Team A")

    # Two deadlines pass: Team A's to acknowledge, then Cluster A's.
    flag = Flag.objects.get(title="No Friday cover for Year 4")
    team_deadline = flag.acknowledge_by
    escalate_due_flags(at=team_deadline)
    cluster_deadline = Flag.objects.get(pk=flag.pk).acknowledge_by
    escalate_due_flags(at=cluster_deadline)
    assert Flag.objects.get(pk=flag.pk).holding_team == personas.hub
    sign_out(page)

    # The hub leader finds it on the dashboard, escalated to the hub, and resolves it from the list.
    sign_in(page, "hub_leader", PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Andon").click()
    row = page.get_by_test_id("flag-row").filter(has_text="No Friday cover for Year 4")
    expect(row.get_by_test_id("holder")).to_contain_text("Hub")
    expect(row.get_by_test_id("holder")).to_contain_text("escalated")
    # Drawn once the page's scripts ran (htmx among them), so the row's buttons now work in place.
    expect(page.locator("[data-figure='flow-figure'] .main-svg").first).to_be_visible()
    shot(page, "dashboard")
    row.get_by_role("link", name="More actions").click()
    expect(row.get_by_test_id("flag-actions")).to_be_visible()
    resolve = row.get_by_test_id("resolve-form")
    resolve.get_by_label("How it was resolved").fill("The hub funded a standing supply booking for Fridays.")
    resolve.get_by_role("button", name="Resolve").click()
    # Refused without the learning: the panel stays open with what was typed.
    expect(resolve.get_by_text("This field is required.")).to_be_visible()
    expect(row.get_by_label("How it was resolved")).to_have_value(
        "The hub funded a standing supply booking for Fridays."
    )
    learned = "Standing supply bookings beat weekly requests for Friday cover."
    row.get_by_label("What was learned").fill(learned)
    row.get_by_test_id("resolve-form").get_by_role("button", name="Resolve").click()
    expect(row.get_by_test_id("row-notice")).to_contain_text("Resolved")
    shot(page, "dashboard-resolved")
    assert Flag.objects.get(pk=flag.pk).status == Flag.Status.RESOLVED
    sign_out(page)

    # The raiser is told, and reads the resolution and the learning on the flag's page.
    sign_in(page, "member", PASSWORD)
    expect(page.get_by_test_id("unread-count")).to_be_visible()
    page.get_by_test_id("notifications-link").click()
    told = page.locator(".notification").filter(has_text="Resolved: No Friday cover for Year 4")
    expect(told).to_contain_text("Standing supply bookings beat weekly requests")
    told.get_by_role("button", name="Open").click()
    resolution = page.get_by_test_id("resolution")
    expect(resolution).to_contain_text("standing supply booking")
    expect(resolution).to_contain_text("Standing supply bookings beat weekly requests")
    expect(page.get_by_test_id("history")).to_contain_text("Escalated")
    shot(page, "raiser-sees-resolution")
    assert csp_violations == []
