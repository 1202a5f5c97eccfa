"""With the broker down, a change someone makes is saved and answered once, as if nothing were wrong;
the email it owes is recorded with it and sent once the broker is back (issue 12, "Faults").

The broker is a private redis-server the test stops (tests/support/broker.py); the database and
the mail outbox are the real ones the suite always uses.
"""

from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from andon.models import Flag
from config.celery import app
from playbook import clock, jobs
from playbook.email import MAX_EMAIL_ATTEMPTS, deliver_email, send_owed_emails
from playbook.models import Notification, WorkerHeartbeat
from playbook.notifications import notify
from playbook.tasks import heartbeat
from playbook.tasks import send_owed_emails as send_owed_emails_job
from tests.support.broker import free_port, private_broker
from tests.support.clients import api_as, page_as
from tests.support.factories import UserFactory
from tests.support.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

FLAG = {
    "title": "No cover teacher",
    "description": "Three lessons this week had no cover.",
    "team": None,
    "severity": "high",
    "category": "resources",
}
LATER = timedelta(minutes=10)  # past the grace the owed-email job leaves the on-commit job


@pytest.fixture
def broker():
    with private_broker() as running:
        yield running


@pytest.fixture
def broker_down(broker):
    broker.stop()
    return broker


def flag_for(team) -> dict:
    return {**FLAG, "team": team.pk}


def owed_emails():
    return Notification.objects.filter(email_wanted=True, emailed_at__isnull=True)


# --- The person's write ---------------------------------------------------------------------------------


def test_raising_a_flag_through_the_api_with_the_broker_down_answers_201_and_stores_one_flag(
    personas, broker_down
):
    response = api_as(personas.member).post("/api/v1/flags/", flag_for(personas.team_a))
    assert response.status_code == 201, response.content
    assert Flag.objects.count() == 1


def test_raising_a_flag_on_the_page_with_the_broker_down_lands_on_the_flag(personas, broker_down):
    response = page_as(personas.member).post(reverse("andon-raise"), flag_for(personas.team_a))
    flag = Flag.objects.get()
    assert response.status_code == 302 and response["Location"] == flag.get_absolute_url()


def test_a_flag_raised_with_the_broker_down_records_the_emails_it_owes(personas, broker_down):
    api_as(personas.member).post("/api/v1/flags/", flag_for(personas.team_a))
    told = Notification.objects.filter(kind="andon")
    assert told.exists()
    assert set(owed_emails()) == set(told)


def test_the_email_is_recorded_as_owed_only_for_people_who_want_email(broker):
    wants = notify(recipient=UserFactory(email_notifications=True), subject="Yes")
    declined = notify(recipient=UserFactory(email_notifications=False), subject="No")
    no_address = notify(recipient=UserFactory(email=""), subject="No address")
    left = notify(recipient=UserFactory(is_active=False), subject="Left")
    assert [n.email_wanted for n in (wants, declined, no_address, left)] == [True, False, False, False]


# --- The enqueue itself ---------------------------------------------------------------------------------


def test_enqueueing_with_the_broker_down_says_so_and_raises_nothing(broker_down):
    assert jobs.enqueue(heartbeat, "never-queued") is False


def test_enqueueing_with_the_broker_up_queues_the_job(broker):
    assert jobs.enqueue(heartbeat, "queued") is True
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="queued").exists())


def test_after_a_refused_publish_the_next_ones_are_not_even_tried_for_a_moment(broker_down, caplog):
    caplog.set_level("INFO", logger="playbook.jobs")
    assert jobs.enqueue(heartbeat, "first") is False
    assert jobs.enqueue(heartbeat, "second") is False
    first, second = (record.getMessage() for record in caplog.records)
    assert first.startswith("Could not queue playbook.tasks.heartbeat('first',)")
    assert second.startswith("Not queueing playbook.tasks.heartbeat('second',): the broker failed")


def test_enqueueing_works_again_once_a_stopped_broker_is_back(broker):
    assert jobs.enqueue(heartbeat, "before") is True
    broker.stop()
    assert jobs.enqueue(heartbeat, "during") is False
    broker.start()
    assert wait_for(lambda: jobs.enqueue(heartbeat, "after"), timeout=jobs.COOL_OFF + 5)


@pytest.mark.worker
def test_a_worker_whose_broker_restarts_reconnects_and_carries_on(broker):
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        heartbeat.delay("before-restart")
        assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="before-restart").exists())
        broker.stop()
        broker.start()
        # The publish settings (one attempt, no retries) are not the worker's: it reconnects.
        assert wait_for(lambda: jobs.enqueue(heartbeat, "after-restart"), timeout=10)
        assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="after-restart").exists(), timeout=60)


# --- Catching up ----------------------------------------------------------------------------------------


def test_the_owed_email_job_leaves_fresh_notifications_to_the_on_commit_job(broker_down, mailoutbox):
    notification = notify(recipient=UserFactory(), subject="Just now")
    assert send_owed_emails() == 0
    with clock.frozen_at(clock.now() + LATER):
        assert send_owed_emails() == 1
    assert Notification.objects.get(pk=notification.pk).emailed_at is not None
    assert [m.subject for m in mailoutbox] == ["[Playbook] Just now"]


def test_the_owed_email_job_skips_what_was_already_emailed(broker_down, mailoutbox):
    notification = notify(recipient=UserFactory(), subject="Sent by the on-commit job")
    assert deliver_email(notification.pk) is True
    with clock.frozen_at(clock.now() + LATER):
        assert send_owed_emails() == 0
    assert len(mailoutbox) == 1


def test_a_mail_server_that_refuses_is_tried_a_few_times_then_given_up(broker_down, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 1
    notification = notify(recipient=UserFactory(), subject="Nobody is listening")
    with clock.frozen_at(clock.now() + LATER):
        for _ in range(MAX_EMAIL_ATTEMPTS + 2):
            assert send_owed_emails() == 0
    stored = Notification.objects.get(pk=notification.pk)
    assert (stored.email_attempts, stored.emailed_at) == (MAX_EMAIL_ATTEMPTS, None)
    assert f"Gave up emailing notification {notification.pk}" in caplog.text


@pytest.mark.worker
def test_once_the_broker_is_back_the_owed_email_job_in_a_real_worker_sends_each_email_once(
    personas, broker_down, mailoutbox
):
    assert api_as(personas.member).post("/api/v1/flags/", flag_for(personas.team_a)).status_code == 201
    owed = {n.pk: n.recipient.email for n in owed_emails().select_related("recipient")}
    assert owed and not mailoutbox

    broker_down.start()
    with (
        clock.frozen_at(clock.now() + LATER),
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10),
    ):
        send_owed_emails_job.delay()
        send_owed_emails_job.delay()  # beat's next minute, or a second beat: nothing twice
        heartbeat.delay("after-owed-emails")  # first in, first out: once this ran, both jobs did
        assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="after-owed-emails").exists())

    assert not owed_emails().exists()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(owed.values())
