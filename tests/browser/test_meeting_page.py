"""The meeting page in Chromium, at phone and desktop sizes, for a lead typing during a live meeting:
Enter posts and Shift+Enter breaks the line, chips pick the kind, the note box stays in sight however
long the list, and someone else's entry arrives without touching what is being typed."""

from datetime import time

import pytest
from playwright.sync_api import expect

from huddles import services
from huddles.models import NoteEntry
from tests.support.browser import (
    DESKTOP,
    PHONE,
    in_first_screen,
    serious_axe_violations,
    sideways_overflow,
    sign_in,
)
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])


@pytest.fixture
def meeting(personas):
    huddle = services.create_huddle(
        team=personas.team_a,
        by=personas.lead,
        name="Morning huddle",
        starts_at=time(8, 30),
        weekdays=[0, 2, 4],
        place="Room 4",
        agenda=["Check-in", "Questions", "Actions"],
    )
    return services.start_meeting(huddle=huddle, by=personas.lead)


def open_meeting(page, meeting, size):
    page.set_viewport_size(size)
    sign_in(page, "lead", PASSWORD)
    page.goto(f"/huddles/meetings/{meeting.pk}/")
    return page.get_by_label("Add to the notes")


def write_many(meeting, person, n):
    for i in range(n):
        services.add_entry(meeting=meeting, by=person, text=f"Earlier note {i}: the lunch queue is long")


@SIZES
def test_enter_posts_and_keeps_the_focus_in_an_emptied_box(page, meeting, size):
    box = open_meeting(page, meeting, size)
    box.click()
    box.type("Phonics groups went well")
    box.press("Enter")
    expect(page.get_by_test_id("entries")).to_contain_text("Phonics groups went well")
    expect(box).to_have_value("")
    expect(box).to_be_focused()
    assert NoteEntry.objects.get(meeting=meeting).text == "Phonics groups went well"


@SIZES
def test_shift_enter_breaks_the_line_without_posting(page, meeting, size):
    box = open_meeting(page, meeting, size)
    box.click()
    box.type("First line")
    box.press("Shift+Enter")
    box.type("second line")
    expect(box).to_have_value("First line\nsecond line")
    assert not NoteEntry.objects.filter(meeting=meeting).exists()
    box.press("Enter")
    expect(page.get_by_test_id("entry")).to_have_count(1)
    assert NoteEntry.objects.get(meeting=meeting).text == "First line\nsecond line"


@SIZES
def test_a_chip_picks_the_kind_and_the_next_entry_is_a_note_again(page, meeting, size):
    box = open_meeting(page, meeting, size)
    page.get_by_test_id("entry-kinds").get_by_text("Decision").click()
    box.fill("We move phonics to the morning")
    box.press("Enter")
    expect(page.get_by_test_id("entry").filter(has_text="We move phonics")).to_contain_text("Decision")
    expect(page.get_by_label("Note", exact=True)).to_be_checked()
    box.fill("Lunch queue is still long")
    box.press("Enter")
    expect(page.get_by_test_id("entry")).to_have_count(2)
    kinds = dict(NoteEntry.objects.filter(meeting=meeting).values_list("text", "kind"))
    assert kinds == {"We move phonics to the morning": "decision", "Lunch queue is still long": "note"}


@SIZES
def test_the_note_box_stays_in_sight_while_a_long_list_scrolls(page, meeting, personas, size):
    write_many(meeting, personas.member, 40)
    box = open_meeting(page, meeting, size)
    for n in (10, 25, 38):
        page.get_by_test_id("entry").nth(n).scroll_into_view_if_needed()
        page.evaluate("() => window.scrollBy(0, 120)")
        assert in_first_screen(box), f"the note box left the screen at entry {n}"
        bottom = box.bounding_box()["y"] + box.bounding_box()["height"]
        assert bottom <= size["height"]


@SIZES
def test_an_entry_from_someone_else_arrives_without_touching_what_is_typed(page, meeting, personas, size):
    write_many(meeting, personas.member, 20)
    box = open_meeting(page, meeting, size)
    page.get_by_test_id("entry").nth(12).scroll_into_view_if_needed()
    box.click()
    box.type("Half a thought")
    page.evaluate("() => document.getElementById('id_entry_text').setSelectionRange(4, 4)")
    scrolled = page.evaluate("() => window.scrollY")

    services.add_entry(meeting=meeting, by=personas.member, text="Arrived while you typed")
    expect(page.get_by_test_id("entries")).to_contain_text("Arrived while you typed")

    expect(box).to_have_value("Half a thought")
    expect(box).to_be_focused()
    assert page.evaluate("() => document.getElementById('id_entry_text').selectionStart") == 4
    assert page.evaluate("() => window.scrollY") == scrolled
    box.type("ful")  # typing goes on where the caret was
    expect(box).to_have_value("Halfful a thought")


@SIZES
def test_the_meeting_page_fits_and_passes_axe(page, meeting, personas, size):
    write_many(meeting, personas.member, 3)
    services.add_action_item(meeting=meeting, by=personas.lead, text="Ask for cover", owner=personas.member)
    open_meeting(page, meeting, size)
    expect(page.get_by_test_id("entry")).to_have_count(3)
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []


@SIZES
def test_make_an_action_is_a_row_action_on_the_note(page, meeting, personas, size):
    services.add_entry(meeting=meeting, by=personas.member, text="Call the parents about the trip")
    open_meeting(page, meeting, size)
    page.get_by_test_id("entry-make-action").click()
    expect(page.get_by_test_id("meeting-actions")).to_contain_text("Call the parents about the trip")
    expect(page.get_by_test_id("entry-action")).to_contain_text(f"Action for {personas.member.display_name}")
    expect(page.get_by_test_id("entry-make-action")).to_have_count(0)


@SIZES
def test_the_huddle_page_offers_todays_meeting_first(page, meeting, size):
    page.set_viewport_size(size)
    sign_in(page, "member", PASSWORD)
    page.goto(f"/huddles/{meeting.huddle_id}/")
    button = page.get_by_role("link", name="Open today's meeting")
    assert in_first_screen(button)
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []
    button.click()
    expect(page).to_have_url(f"{page.url.split('/huddles/')[0]}/huddles/meetings/{meeting.pk}/")
