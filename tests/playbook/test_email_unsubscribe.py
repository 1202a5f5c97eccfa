"""The unsubscribe link in every email: GET asks, POST (a mail client's one-click, or the page's
button) turns that one kind off without sign-in, cookies or a CSRF token, and the page can undo it."""

from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from playbook import clock, unsubscribe
from playbook.email import send_owed_emails
from playbook.models import NotificationPreference
from playbook.notifications import notify
from playbook.preferences import delivery_for
from playbook.services.preferences import set_notification_preferences
from tests.support.factories import UserFactory
from tests.support.permission_tables import check_row, row_ids
from tests.support.tables import email as table

pytestmark = pytest.mark.django_db

ONE_CLICK = "List-Unsubscribe=One-Click"


@pytest.fixture
def person():
    return UserFactory(first_name="Ella", last_name="Fitzgerald-Moore", email="ella.fm@example.org")


@pytest.fixture
def mail_client():
    # What a mail client sends: no session, no CSRF cookie, and CSRF checked as in production.
    return Client(enforce_csrf_checks=True)


def link(person, kind="cycle-comment"):
    return unsubscribe.path_for(person, kind)


def one_click(client, url):
    return client.post(url, ONE_CLICK, content_type="application/x-www-form-urlencoded")


def test_one_click_without_cookies_or_csrf_turns_that_kind_off(person, mail_client):
    response = one_click(mail_client, link(person))
    assert response.status_code == 200
    assert delivery_for(person, "cycle-comment") == "off"
    assert delivery_for(person, "cycle-review") == "immediate"  # only that kind


def test_after_it_that_kind_sends_no_email_while_another_still_does(person, mail_client, mailoutbox):
    one_click(mail_client, link(person))
    stopped = notify(recipient=person, subject="Ana commented", kind="cycle-comment")
    still = notify(recipient=person, subject="Review my cycle", kind="cycle-review")
    with clock.frozen_at(timezone.now() + timedelta(minutes=5)):  # past the on-commit job's turn
        assert send_owed_emails() == 1
    assert [m.subject for m in mailoutbox] == ["[Playbook] Review my cycle"]
    assert not stopped.email_wanted and still.email_wanted
    assert person.notifications.filter(subject="Ana commented").exists()  # still in the app


def test_get_only_asks_and_changes_nothing(person, client):
    response = client.get(link(person))
    assert response.status_code == 200
    assert "Stop emails about “Someone commented on my cycle”?" in response.text
    assert not NotificationPreference.objects.filter(user=person).exists()
    assert client.head(link(person)).status_code == 200
    assert not NotificationPreference.objects.filter(user=person).exists()


def test_the_page_names_nobody_beyond_their_first_name(person, client):
    for response in (client.get(link(person)), one_click(client, link(person))):
        assert "Ella" in response.text
        for secret in ("Fitzgerald-Moore", "ella.fm", person.username):
            assert secret not in response.text


def test_the_pages_own_button_posts_the_same_change(person, client):
    response = client.post(link(person), {"List-Unsubscribe": "One-Click"})
    assert "No more emails about “Someone commented on my cycle”" in response.text
    assert delivery_for(person, "cycle-comment") == "off"


def test_undo_sets_the_kind_back_as_it_was(person, client):
    set_notification_preferences(person=person, by=person, choices={"cycle-comment": "digest"})
    stopped = one_click(client, link(person))
    assert 'name="undo" value="digest"' in stopped.text
    response = client.post(link(person), {"undo": "digest"})
    assert response.status_code == 200 and "are back" in response.text
    assert delivery_for(person, "cycle-comment") == "digest"


def test_a_second_click_says_it_was_off_already_and_offers_no_undo(person, client):
    one_click(client, link(person))
    again = one_click(client, link(person))
    assert "It was off already" in again.text and 'name="undo"' not in again.text


def test_undo_to_something_that_is_not_a_delivery_is_refused(person, client):
    response = client.post(link(person), {"undo": "everything"})
    assert response.status_code == 400
    assert not NotificationPreference.objects.filter(user=person).exists()


@pytest.mark.parametrize(
    "token",
    ["not-a-token", "WzEsImN5Y2xlLWNvbW1lbnQiXQ:1xZ4s8:forged", "%00", "a" * 300],
    ids=["malformed", "forged", "nul", "long"],
)
def test_a_tampered_or_malformed_link_is_a_clear_400_page(person, client, token):
    response = one_click(client, f"/email/unsubscribe/{token}/")
    assert response.status_code == 400
    assert "This unsubscribe link does not work" in response.text
    assert client.get(f"/email/unsubscribe/{token}/").status_code == 400


def test_a_token_changed_to_another_person_is_refused(person, client):
    other = UserFactory()
    token = link(person).split("/")[-2]
    payload, rest = token.split(":", 1)
    forged = signing.b64_encode(f'[{other.pk},"cycle-comment"]'.encode()).decode() + ":" + rest
    response = one_click(client, reverse("email-unsubscribe", kwargs={"token": forged}))
    assert response.status_code == 400
    assert not NotificationPreference.objects.filter(user=other).exists()


def test_a_link_for_someone_who_left_or_a_kind_that_is_gone_is_404(person, client):
    welcome = link(person, kind="welcome")  # signed by us, but not a kind anyone can choose
    assert client.get(welcome).status_code == 404
    url = link(person)
    person.is_active = False
    person.save()
    response = one_click(client, url)
    assert response.status_code == 404 and "no longer exists" in response.text


def test_other_methods_are_refused(person, client):
    assert client.put(link(person)).status_code == 405


@pytest.mark.parametrize("row", table.ROWS, ids=row_ids(table.ROWS))
def test_permission_row(personas, row):
    check_row(row, table.world(personas))
