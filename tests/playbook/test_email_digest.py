"""The weekly digest's email: text and HTML in the shared layout, and its own one-click unsubscribe,
which turns the digest off (its own switch: the digest lists open work too, not only notifications)."""

import pytest
from django.test import Client

from playbook import unsubscribe
from playbook.digest import send_weekly_digests
from playbook.models import DigestDelivery, Notification
from playbook.services.preferences import set_notification_preferences
from tests.support.andon import at
from tests.support.factories import NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = "https://playbook.example.org"
MONDAY_0730 = at(9, 7, 30)  # the digest of the week of Monday 2 March 2026 is due
NEXT_MONDAY_0730 = at(16, 7, 30)


@pytest.fixture
def person(settings):
    settings.PUBLIC_URL = PUBLIC
    person = UserFactory(network=NetworkFactory(name="Riverside Reading Network"), first_name="Ella")
    set_notification_preferences(person=person, by=person, choices={"cycle-comment": "digest"})
    for day in (5, 12):  # one in each of two weeks
        kept = Notification.objects.create(
            recipient=person,
            kind="cycle-comment",
            subject=f"Ana <em>commented</em> on day {day}",
            url="/cycles/3/",
        )
        Notification.objects.filter(pk=kept.pk).update(created_at=at(day, 10))
    return person


def test_the_digest_has_both_parts_in_the_shared_layout_with_its_unsubscribe(person, mailoutbox):
    assert send_weekly_digests(MONDAY_0730) == 1
    (message,) = mailoutbox
    html, _ = message.alternatives[0]
    url = message.extra_headers["List-Unsubscribe"][1:-1]
    assert url.startswith(f"{PUBLIC}/email/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for part in (message.body, html):
        assert "Riverside Reading Network" in part
        assert f"{PUBLIC}/cycles/3/" in part
        assert url in part
    assert "Ana <em>commented</em> on day 5" in message.body
    assert "Ana &lt;em&gt;commented&lt;/em&gt; on day 5" in html
    assert unsubscribe.read(url.split("/")[-2]).kind == unsubscribe.WEEKLY_DIGEST


def test_its_one_click_turns_the_digest_off_and_the_next_week_sends_none(person, mailoutbox):
    send_weekly_digests(MONDAY_0730)
    url = mailoutbox[0].extra_headers["List-Unsubscribe"][1:-1].removeprefix(PUBLIC)
    response = Client(enforce_csrf_checks=True).post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200 and "Your weekly digest is off" in response.text
    person.refresh_from_db()
    assert person.weekly_digest is False
    assert send_weekly_digests(NEXT_MONDAY_0730) == 0
    assert len(mailoutbox) == 1
    # Notification choices are left as they were: what waits for the digest stays in the app.
    assert person.notification_preferences.get(kind="cycle-comment").delivery == "digest"


def test_a_digest_claimed_before_the_unsubscribe_is_not_sent_after_it(person, mailoutbox, client):
    DigestDelivery.objects.create(user=person, week_starting=at(2, 0).date(), created_at=MONDAY_0730)
    client.post(unsubscribe.path_for(person, unsubscribe.WEEKLY_DIGEST), {"List-Unsubscribe": "One-Click"})
    assert send_weekly_digests(MONDAY_0730) == 0
    assert mailoutbox == []
    assert DigestDelivery.objects.get(user=person).sent_at is not None  # done, not owed for ever


def test_undo_turns_the_digest_back_on(person, client):
    url = unsubscribe.path_for(person, unsubscribe.WEEKLY_DIGEST)
    stopped = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert 'name="undo" value="on"' in stopped.text
    client.post(url, {"undo": "on"})
    person.refresh_from_db()
    assert person.weekly_digest is True


def test_the_account_page_turns_the_digest_off_and_on(person, client):
    client.force_login(person)
    data = {"first_name": "Ella", "last_name": "F", "email": person.email, "email_notifications": "on"}
    client.post("/account/", data)
    person.refresh_from_db()
    assert person.weekly_digest is False
    client.post("/account/", {**data, "weekly_digest": "on"})
    person.refresh_from_db()
    assert person.weekly_digest is True
