import pytest

from playbook import email, notifications
from playbook.models import Notification
from tests.support.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_notify_stores_an_unread_notification():
    person = UserFactory()
    notifications.notify(recipient=person, subject="Flag escalated to you", url="/andon/3/")
    stored = Notification.objects.get(recipient=person)
    assert (stored.subject, stored.url, stored.read_at) == ("Flag escalated to you", "/andon/3/", None)
    assert notifications.unread_count(person) == 1


def test_notify_queues_an_email_only_after_commit(django_capture_on_commit_callbacks):
    person = UserFactory(email_notifications=True)
    with django_capture_on_commit_callbacks() as callbacks:
        notifications.notify(recipient=person, subject="Hello")
    assert len(callbacks) == 1


def test_people_who_turned_email_off_get_no_email_job(django_capture_on_commit_callbacks):
    person = UserFactory(email_notifications=False)
    with django_capture_on_commit_callbacks() as callbacks:
        notifications.notify(recipient=person, subject="Hello")
    assert callbacks == []


def test_people_without_an_address_get_no_email_job(django_capture_on_commit_callbacks):
    person = UserFactory(email="")
    with django_capture_on_commit_callbacks() as callbacks:
        notifications.notify(recipient=person, subject="Hello")
    assert callbacks == []


def test_notify_many_tells_each_person_once():
    a, b = UserFactory(), UserFactory()
    notifications.notify_many(recipients=[a, b, a], subject="Huddle moved")
    assert Notification.objects.filter(recipient=a).count() == 1
    assert Notification.objects.filter(recipient=b).count() == 1


def test_deliver_email_sends_once_and_links_to_the_page(mailoutbox, settings):
    settings.PUBLIC_URL = "https://playbook.example.org"
    notification = NotificationFactory(subject="Cycle overdue", body="Study it soon.", url="/cycles/1/")
    assert email.deliver_email(notification.pk) is True
    assert email.deliver_email(notification.pk) is False
    assert len(mailoutbox) == 1
    assert "https://playbook.example.org/cycles/1/" in mailoutbox[0].body


def test_mark_read_touches_only_unread_notifications():
    person = UserFactory()
    NotificationFactory.create_batch(3, recipient=person)
    assert notifications.mark_read(notifications=Notification.objects.filter(recipient=person)) == 3
    assert notifications.mark_read(notifications=Notification.objects.filter(recipient=person)) == 0
    assert notifications.unread_count(person) == 0
