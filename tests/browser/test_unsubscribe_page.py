"""The page an email's unsubscribe link opens, on a phone and signed out: it asks, the button stops
that kind, and undo sets it back; nothing scrolls sideways and axe finds nothing serious."""

import pytest

from playbook import unsubscribe
from playbook.preferences import delivery_for
from tests.support.browser import PHONE, serious_axe_violations, sideways_overflow
from tests.support.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_stops_comment_emails_from_the_link_and_undoes_it_on_a_phone(page):
    person = UserFactory(first_name="Ella")
    page.set_viewport_size(PHONE)
    page.goto(unsubscribe.path_for(person, "cycle-comment"))
    page.get_by_role("heading", name="Stop emails about “Someone commented on my cycle”?").wait_for()
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []

    page.get_by_role("button", name="Stop these emails").click()
    page.get_by_role("heading", name="No more emails about “Someone commented on my cycle”").wait_for()
    assert delivery_for(person, "cycle-comment") == "off"
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []

    page.get_by_role("button", name="Undo").click()
    page.get_by_role("heading", name="Emails about “Someone commented on my cycle” are back").wait_for()
    assert delivery_for(person, "cycle-comment") == "immediate"
