"""Choosing, on a phone, that comments on my cycles wait for the weekly digest: the account page's
choices are fieldsets of radio chips, nothing scrolls sideways and axe finds nothing serious."""

import pytest

from playbook.models import NotificationPreference
from tests.support.browser import PHONE, serious_axe_violations, sideways_overflow, sign_in
from tests.support.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_keeps_comments_for_the_weekly_digest_on_a_phone(page):
    person = UserFactory(username="ella", email_notifications=True)
    sign_in(page, "ella", PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto("/account/")
    choices = page.get_by_test_id("notification-choices")
    group = choices.get_by_role("group", name="Someone commented on my cycle")
    assert group.get_by_role("radio", name="At once, by email too").is_checked()  # the general switch
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []

    group.get_by_text("In my weekly digest").click()
    assert group.get_by_role("radio", name="In my weekly digest").is_checked()
    choices.get_by_role("button", name="Save notification choices").click()
    page.get_by_text("Your notification choices are saved.").wait_for()

    group = page.get_by_test_id("notification-choices").get_by_role(
        "group", name="Someone commented on my cycle"
    )
    assert group.get_by_role("radio", name="In my weekly digest").is_checked()
    stored = dict(NotificationPreference.objects.filter(user=person).values_list("kind", "delivery"))
    assert stored == {"cycle-comment": "digest"}
