"""Journey 2 in Chromium: the lead and a member open today's meeting side by side, both type notes and
each sees the other's appear without a reload; an action item is assigned, raised as an andon flag in
one click, and the meeting is closed. Pages are served under a strict Content-Security-Policy."""

from datetime import time

import pytest
from playwright.sync_api import expect

from andon.models import Flag
from huddles import services
from tests.support.browser import STRICT_CSP, sign_in
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def second_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    opened = context.new_page()
    refused = []

    def with_csp(route):
        response = route.fetch()
        route.fulfill(response=response, headers={"content-security-policy": STRICT_CSP, **response.headers})

    opened.route("**/*", with_csp)
    opened.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    opened.refused = refused
    yield opened
    opened.unroute_all(behavior="ignoreErrors")
    context.close()


def add_note(page, text):
    form = page.get_by_test_id("entry-form")
    form.get_by_label("Add to the notes").fill(text)
    form.get_by_role("button", name="Post").click()


def test_two_people_keep_notes_together_and_raise_an_item_as_a_flag(
    page, second_page, csp_violations, personas
):
    huddle = services.create_huddle(
        team=personas.team_a,
        by=personas.lead,
        name="Morning huddle",
        starts_at=time(8, 30),
        weekdays=[0, 2, 4],
    )
    meeting = services.start_meeting(huddle=huddle, by=personas.lead)
    lead, member = page, second_page

    sign_in(lead, "lead", PASSWORD)
    lead.get_by_role("navigation", name="Main").get_by_role("link", name="Huddles").click()
    lead.get_by_role("link", name="Morning huddle").click()
    lead.get_by_role("link", name="Open today's meeting").click()
    expect(lead.get_by_test_id("questions")).to_contain_text("What did we learn since last time?")

    sign_in(member, "member", PASSWORD)
    member.goto(f"/huddles/meetings/{meeting.pk}/")

    add_note(lead, "Phonics groups went well this week")
    add_note(member, "Lunch queue is still too long")
    # Each sees the other's entry arrive by polling, without a reload.
    expect(member.get_by_test_id("entries")).to_contain_text("Phonics groups went well this week")
    expect(lead.get_by_test_id("entries")).to_contain_text("Lunch queue is still too long")
    expect(lead.get_by_test_id("entry")).to_have_count(2)
    expect(member.get_by_test_id("entry")).to_have_count(2)

    # The lead assigns an action item, then raises it as a flag in one click.
    lead.get_by_text("Add an action item").click()
    form = lead.get_by_test_id("action-form")
    form.get_by_label("Action").fill("Ask the cluster for a second lunch sitting")
    form.get_by_label("Owner").select_option(label=f"{personas.member.display_name} (member)")
    form.get_by_role("button", name="Add action item").click()
    expect(lead.get_by_test_id("meeting-actions")).to_contain_text(
        "Ask the cluster for a second lunch sitting"
    )
    lead.get_by_test_id("action-raise-flag").click()
    expect(lead.get_by_role("status").first).to_contain_text("Raised as a flag for Team A")
    expect(lead.get_by_test_id("action-flag-status")).to_contain_text("Flag: Open")
    flag = Flag.objects.get(title="Ask the cluster for a second lunch sitting")
    assert flag.meeting_link.meeting_id == meeting.pk

    lead.get_by_test_id("close-meeting").click()
    expect(lead.get_by_test_id("meeting-status")).to_have_text("Closed")
    assert csp_violations == [] and member.refused == []


def test_an_unsent_entry_is_kept_and_retried(page, csp_violations, personas):
    huddle = services.create_huddle(team=personas.team_a, by=personas.lead, name="Flaky", starts_at=time(9))
    meeting = services.start_meeting(huddle=huddle, by=personas.lead)
    sign_in(page, "member", PASSWORD)
    page.goto(f"/huddles/meetings/{meeting.pk}/")
    page.route("**/entries/new/", lambda route: route.abort())
    add_note(page, "Written on a train")
    expect(page.get_by_text("Not sent yet — will retry")).to_be_visible()
    page.unroute("**/entries/new/")
    expect(page.get_by_test_id("entries")).to_contain_text("Written on a train")
    expect(page.get_by_text("Not sent yet — will retry")).to_be_hidden()
    assert csp_violations == []
