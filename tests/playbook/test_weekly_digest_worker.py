"""The weekly digest job sent twice at once to a real worker on the real broker: one email each."""

import pytest

from playbook import clock
from playbook.models import DigestDelivery, Notification, NotificationPreference, User
from playbook.tasks import send_weekly_digests
from tests.support.andon import at
from tests.support.factories import NetworkFactory, UserFactory
from tests.support.waiting import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PEOPLE = 40


@pytest.fixture
def worker_running_two_at_once():
    """A real worker with two execution threads, so the job's two runs overlap as two workers' would.

    (Two solo workers in one test process share Celery's global worker state and cannot both stop.)
    """
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.control.purge()
    with start_worker(app, pool="threads", concurrency=2, perform_ping_check=False, shutdown_timeout=30) as w:
        yield w


@pytest.fixture
def people():
    """Forty people, each with one notification kept for the digest in the week it covers."""
    network = NetworkFactory()
    first = UserFactory(network=network)
    people = [first] + User.objects.bulk_create(
        User(username=f"reader{i}", email=f"reader{i}@example.org", network=network)
        for i in range(PEOPLE - 1)
    )
    NotificationPreference.objects.bulk_create(
        NotificationPreference(user=p, kind="cycle-comment", delivery="digest") for p in people
    )
    Notification.objects.bulk_create(
        Notification(recipient=p, kind="cycle-comment", subject=f"A comment for {p.username}") for p in people
    )
    Notification.objects.update(created_at=at(4, 10))  # inside the week the digest covers
    return people


def test_the_job_run_twice_at_once_by_a_real_worker_sends_each_person_one_digest(
    people, worker_running_two_at_once, mailoutbox
):
    with clock.frozen_at(at(9, 7, 30)):  # Monday 9 March, 07:30 in London
        send_weekly_digests.delay()
        send_weekly_digests.delay()
        assert wait_for(lambda: DigestDelivery.objects.filter(sent_at__isnull=False).count() == PEOPLE, 60)

    # Each send is committed with its sent_at, so once every row has one, no further email can follow.
    assert len(mailoutbox) == PEOPLE
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert set(DigestDelivery.objects.values_list("attempts", flat=True)) == {1}
