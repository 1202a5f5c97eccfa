"""Feedback on a huddle's meeting, in real Chromium on a phone (390 px):

the attendees rate the closed meeting on its page; the lead sees nothing of it with two answers and
the aggregate (average, distribution, comments without names) with three; the lead records what
they changed, and an attendee then reads it under "You said, we did" on the huddle's page.

Each page ends the way every journey does: nothing scrolls sideways and axe finds nothing serious.
Screenshots of the key pages go to /tmp/shots/feedback_*.png for a person to look at.
"""

from datetime import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from huddles import services
from huddles.models import FeedbackResponse, MeetingFeedback
from tests.support.browser import PHONE, serious_axe_violations, sideways_overflow, sign_in
from tests.support.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots")


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


@pytest.fixture
def closed_meeting(personas):
    ann, ben = (UserFactory(username=name, network=personas.network) for name in ("ann", "ben"))
    for person in (ann, ben):
        MembershipFactory(user=person, team=personas.team_a, role="member")
    huddle = services.create_huddle(
        team=personas.team_a,
        by=personas.lead,
        name="Morning huddle",
        starts_at=time(8, 30),
        weekdays=[0, 1, 2, 3, 4],
        place="Room 4",
    )
    meeting = services.start_meeting(huddle=huddle, by=personas.lead)
    services.set_attendance(meeting=meeting, by=personas.lead, people=[personas.member, ann, ben])
    return services.close_meeting(meeting=meeting, by=personas.lead)


def as_person(page, username):
    page.context.clear_cookies()
    sign_in(page, username, PASSWORD)
    page.wait_for_url(lambda url: "/accounts/login" not in url)


def fits_and_reads_well(page, shot=None):
    if shot:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"feedback_{shot}.png"), full_page=True)
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []


def rate_on_the_page(page, meeting, username, rating, comment):
    as_person(page, username)
    page.goto(meeting.get_absolute_url())
    card = page.get_by_test_id("meeting-feedback")
    card.get_by_label(str(rating), exact=True).check()
    card.get_by_label("What would make it better? (optional)").fill(comment)
    card.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_test_id("my-feedback")).to_have_text(
        f"You rated it {rating} out of 5 and said: “{comment}”."
    )
    return card


def test_attendees_rate_the_lead_responds_and_attendees_read_you_said_we_did(phone, personas, closed_meeting):
    meeting, huddle = closed_meeting, closed_meeting.huddle

    card = rate_on_the_page(phone, meeting, "member", 4, "Start on time, please")
    expect(card.get_by_test_id("feedback-thanks")).to_be_visible()
    expect(card.get_by_role("button", name="Change my feedback")).to_be_visible()
    expect(card.get_by_label("4", exact=True)).to_be_checked()  # changing it starts from the answer given
    fits_and_reads_well(phone, "rated")
    rate_on_the_page(phone, meeting, "ann", 2, "Too long for a huddle")

    as_person(phone, "lead")
    phone.goto(meeting.get_absolute_url())
    expect(phone.get_by_test_id("feedback-too-few")).to_contain_text("(2 so far)")
    expect(phone.get_by_test_id("meeting-feedback")).not_to_contain_text("Too long for a huddle")

    rate_on_the_page(phone, meeting, "ben", 5, "Good notes")
    assert MeetingFeedback.objects.filter(meeting=meeting).count() == 3

    as_person(phone, "lead")
    phone.goto(meeting.get_absolute_url())
    summary = phone.get_by_test_id("feedback-summary")
    expect(summary.get_by_test_id("feedback-average")).to_have_text("3.7")
    expect(summary.get_by_test_id("feedback-answers")).to_have_text("3")
    expect(summary.get_by_test_id("feedback-comments").get_by_role("listitem")).to_have_text(
        ["Good notes", "Start on time, please", "Too long for a huddle"]
    )
    for name in ("ann", "ben", "member"):
        expect(summary).not_to_contain_text(name)
    record = phone.get_by_test_id("record-we-did")
    record.get_by_text("Record what you changed").click()
    fits_and_reads_well(phone, "aggregate")

    record.get_by_label("What we changed").fill("We start at 8:30 sharp and stop at 8:45.")
    record.get_by_role("button", name="Record it").click()
    phone.wait_for_url(lambda url: url.endswith(f"{huddle.get_absolute_url()}#you-said-we-did"))
    we_did = phone.get_by_test_id("you-said-we-did")
    expect(we_did.get_by_test_id("we-did-item")).to_contain_text("We start at 8:30 sharp")
    assert FeedbackResponse.objects.get(huddle=huddle).meeting_id == meeting.pk
    fits_and_reads_well(phone, "lead_huddle")

    as_person(phone, "ann")
    phone.goto(huddle.get_absolute_url())
    we_did = phone.get_by_test_id("you-said-we-did")
    expect(we_did.get_by_role("heading", name="You said, we did")).to_be_visible()
    item = we_did.get_by_test_id("we-did-item")
    expect(item).to_contain_text("We start at 8:30 sharp and stop at 8:45.")
    expect(item.get_by_role("link", name="the meeting of")).to_have_attribute(
        "href", meeting.get_absolute_url()
    )
    expect(we_did).not_to_contain_text("Feedback on this huddle")  # the aggregate is the lead's
    we_did.scroll_into_view_if_needed()
    fits_and_reads_well(phone, "we_did")


def test_feedback_without_a_rating_says_so_in_place_and_the_lead_s_own_pages_fit(phone, closed_meeting):
    meeting, huddle = closed_meeting, closed_meeting.huddle
    as_person(phone, "member")
    phone.goto(meeting.get_absolute_url())
    card = phone.get_by_test_id("meeting-feedback")
    card.get_by_label("What would make it better? (optional)").fill("Less reporting")
    card.get_by_role("button", name="Send feedback").click()
    expect(card.get_by_role("alert")).to_contain_text("Please fix the highlighted field")
    expect(card).to_contain_text("This field is required.")
    expect(card.get_by_label("What would make it better? (optional)")).to_have_value("Less reporting")
    assert not MeetingFeedback.objects.exists()
    card.scroll_into_view_if_needed()
    fits_and_reads_well(phone, "refused")

    phone.goto(f"/huddles/meetings/{meeting.pk}/feedback/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Feedback on the meeting of")
    fits_and_reads_well(phone)
    as_person(phone, "lead")
    phone.goto(f"/huddles/{huddle.pk}/we-did/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("What we changed after your feedback")
    fits_and_reads_well(phone)
