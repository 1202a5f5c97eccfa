"""Webhooks sent by real Celery workers on the real Redis broker to a real receiver on localhost:
after the commit, after a broker outage (by the owed job), and exactly once per delivery when two
worker processes race for the same owed rows."""

from collections import Counter

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction

from config.celery import app
from playbook import webhook_services as services
from playbook import webhooks
from playbook.models import WebhookDelivery, WorkerHeartbeat
from playbook.tasks import deliver_webhooks, heartbeat, send_owed_webhooks
from tests.support.broker import private_broker
from tests.support.receiver import running_receiver
from tests.support.waiting import wait_for
from tests.support.worker_processes import two_workers

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]

DATA = {"flag": {"id": 1, "title": "No cover teacher"}}


def endpoint_for(personas, url):
    return services.create_endpoint(
        network=personas.network, by=personas.admin, url=url, events=["flag.raised"]
    )


def delivered():
    return WebhookDelivery.objects.filter(delivered_at__isnull=False)


def test_an_event_recorded_in_a_committed_change_is_sent_by_a_real_worker(personas, worker):
    with running_receiver() as receiver:
        endpoint_for(personas, receiver.url)
        with transaction.atomic():
            (delivery,) = webhooks.record_event(personas.network.pk, "flag.raised", DATA)
            assert receiver.requests == []  # nothing leaves before the commit
        assert wait_for(lambda: delivered().filter(pk=delivery.pk).exists(), timeout=30)
    (request,) = receiver.requests
    assert request.headers["X-Playbook-Delivery"] == str(delivery.pk)


def test_with_the_broker_down_the_event_is_recorded_and_the_owed_job_sends_it_later(personas):
    with private_broker() as broker, running_receiver() as receiver:
        endpoint_for(personas, receiver.url)
        broker.stop()
        with transaction.atomic():
            (delivery,) = webhooks.record_event(personas.network.pk, "flag.raised", DATA)
        assert WebhookDelivery.objects.filter(pk=delivery.pk, delivered_at__isnull=True).exists()
        assert receiver.requests == []

        broker.start()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            send_owed_webhooks.delay()
            send_owed_webhooks.delay()  # beat's next minute, or a second beat: nothing twice
            heartbeat.delay("after-owed-webhooks")  # first in, first out: once this ran, both jobs did
            assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="after-owed-webhooks").exists(), 30)
    assert delivered().filter(pk=delivery.pk).exists()
    assert len(receiver.requests) == 1


@pytest.fixture
def two_worker_processes():
    """Two `celery -A config worker` processes consuming a queue of their own."""
    with two_workers("webhook-race") as queue:
        yield queue


def test_two_worker_processes_racing_on_the_same_owed_deliveries_send_each_exactly_once(
    personas, two_worker_processes
):
    with running_receiver(delay=0.05) as receiver:
        endpoint_for(personas, receiver.url)
        with transaction.atomic():
            events = [(personas.network.pk, "flag.raised", {"n": n}) for n in range(40)]
            ids = [d.pk for d in webhooks.record_events(events)]
        app.control.purge()  # the on-commit job went to the default queue; only the racers send
        # Both workers are handed every owed row at once: two owed-job runs and the on-commit job twice.
        for _ in range(2):
            send_owed_webhooks.apply_async(queue=two_worker_processes)
            deliver_webhooks.apply_async(args=[ids], queue=two_worker_processes)
        assert wait_for(lambda: delivered().count() == 40, timeout=90)
    sent = Counter(r.headers["X-Playbook-Delivery"] for r in receiver.requests)
    assert sent == Counter({str(pk): 1 for pk in ids})
    assert receiver.most_at_once >= 2, "the two workers really sent at the same time"
    assert set(WebhookDelivery.objects.values_list("attempts", flat=True)) == {1}
