"""Webhooks sent by real Celery workers on the real Redis broker to a real receiver on localhost:
after the commit, after a broker outage (by the owed job), and exactly once per delivery when two
worker processes race for the same owed rows."""

import os
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection, transaction

from config.celery import app
from playbook import webhook_services as services
from playbook import webhooks
from playbook.models import WebhookDelivery, WorkerHeartbeat
from playbook.tasks import deliver_webhooks, heartbeat, send_owed_webhooks
from tests.support.broker import private_broker
from tests.support.receiver import running_receiver
from tests.support.waiting import wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]

ROOT = Path(__file__).resolve().parents[2]
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


def _environment() -> dict:
    database = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
            f"/{database['NAME']}"
        ),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
    }


@pytest.fixture
def two_worker_processes():
    """Two `celery -A config worker` processes consuming a queue of their own."""
    queue = f"webhook-race-{uuid.uuid4().hex[:8]}"
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "-Q",
                queue,
                "-n",
                f"racer{i}-{queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env=_environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for i in (1, 2)
    ]
    try:
        assert wait_for(lambda: len(app.control.ping(timeout=0.5)) >= 2, timeout=60)
        yield queue
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


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
