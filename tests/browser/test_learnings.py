"""'What we learned' with the demo network on a phone: a search finds highlighted learnings of more
than one kind, the filters narrow them, nothing scrolls sideways and axe finds nothing serious."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.support.browser import PHONE, serious_axe_violations, sideways_overflow, sign_in
from tests.support.learnings import make_learnings, note

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())


def test_a_lead_searches_what_the_network_learned_on_a_phone(page, demo):
    sign_in(page, "maya.lead", "playbook-demo")
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.get_by_role("button", name="Menu").click()  # a phone folds the main navigation away
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Learning").click()
    page.get_by_test_id("learning-results").wait_for()

    page.get_by_role("textbox", name="Search").fill("reading")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_test_id("learning-result")
    results.first.wait_for()
    assert "q=reading" in page.url
    assert results.count() > 0
    assert page.locator("[data-testid=learning-snippet] mark").count() > 0
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []

    page.get_by_test_id("learning-filters").locator("summary").click()
    page.get_by_label("Kind").select_option("cycle")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**kind=cycle**")
    kinds = {results.nth(i).get_attribute("data-kind") for i in range(results.count())}
    assert kinds <= {"cycle"}


def test_the_old_flag_learning_page_opens_the_flags_here(page, demo):
    sign_in(page, "maya.lead", "playbook-demo")
    page.set_viewport_size(PHONE)
    page.goto("/andon/learning/?q=cover")
    page.wait_for_url("**/learnings/?kind=flag&q=cover")
    assert page.get_by_label("Kind").input_value() == "flag"
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []


def test_a_member_finds_a_huddle_decision_and_sees_typed_markup_as_text(page, personas, password):
    w = make_learnings(personas)
    note(w.meeting, by=w.member, text="<b>Ptarmigan</b> rota, and a long-unbroken-word-" + "x" * 80)
    sign_in(page, "member", password)
    page.set_viewport_size(PHONE)
    page.goto("/learnings/?q=ptarmigan")
    results = page.get_by_test_id("learning-result")
    results.first.wait_for()
    assert results.count() == 2  # the decision and the note; never the sibling team's
    assert page.locator("[data-testid=learning-snippet] b").count() == 0
    assert page.locator("[data-testid=learning-snippet] mark").count() == 2
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []
