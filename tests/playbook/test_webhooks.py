"""Webhooks: what is owed for an event, how each attempt is signed, sent, retried, given up and
replayed, against a real HTTP receiver on localhost (tests/support/receiver.py)."""

import hashlib
import hmac
import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from playbook import clock, webhooks
from playbook import webhook_services as services
from playbook.models import WebhookDelivery
from tests.support.receiver import running_receiver

pytestmark = pytest.mark.django_db

DATA = {"flag": {"id": 7, "title": "No cover teacher"}}


@pytest.fixture
def receiver():
    with running_receiver() as running:
        yield running


def endpoint_for(personas, url, events=("flag.raised",), **extra):
    return services.create_endpoint(
        network=personas.network, by=personas.admin, url=url, events=list(events), **extra
    )


def raised(personas) -> WebhookDelivery:
    (delivery,) = webhooks.record_event(personas.network.pk, "flag.raised", DATA)
    return delivery


def verifies(secret: str, request) -> bool:
    timestamp = request.headers["X-Playbook-Timestamp"]
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + request.body, hashlib.sha256)
    return hmac.compare_digest(f"sha256={mac.hexdigest()}", request.headers["X-Playbook-Signature"])


def stored(delivery) -> WebhookDelivery:
    return WebhookDelivery.objects.get(pk=delivery.pk)


# --- Recording --------------------------------------------------------------------------------------


def test_an_event_is_owed_once_to_each_active_endpoint_of_the_network_that_wants_it(personas):
    wants = endpoint_for(personas, "https://hooks.example.org/a")
    also = endpoint_for(personas, "https://hooks.example.org/b", events=["flag.raised", "flag.resolved"])
    endpoint_for(personas, "https://hooks.example.org/c", events=["cycle.decided"])
    off = endpoint_for(personas, "https://hooks.example.org/d")
    services.update_endpoint(endpoint=off, by=personas.admin, url=off.url, events=off.events, active=False)

    deliveries = webhooks.record_event(personas.network.pk, "flag.raised", DATA)

    assert {d.endpoint_id for d in deliveries} == {wants.pk, also.pk}
    assert len({d.event_id for d in deliveries}) == 1
    payload = deliveries[0].payload
    assert payload["id"] == str(deliveries[0].event_id) and payload["event"] == "flag.raised"
    assert payload["network"] == {"id": personas.network.pk, "name": "Riverside", "slug": "riverside"}
    assert payload["data"] == DATA and payload["created_at"]
    assert all(d.next_attempt_at is not None and d.attempts == 0 for d in deliveries)


def test_another_networks_event_is_not_owed_to_this_networks_endpoints(personas):
    endpoint_for(personas, "https://hooks.example.org/a")
    assert webhooks.record_event(personas.other_network.pk, "flag.raised", DATA) == []


def test_the_data_of_an_event_nobody_wants_is_never_built(personas):
    def data():
        raise AssertionError("built for nobody")

    assert webhooks.record_event(personas.network.pk, "flag.raised", data) == []


def test_a_rolled_back_change_records_nothing(personas):
    endpoint_for(personas, "https://hooks.example.org/a")
    with pytest.raises(RuntimeError), transaction.atomic():
        webhooks.record_event(personas.network.pk, "flag.raised", DATA)
        raise RuntimeError("the change failed after recording its event")
    assert not WebhookDelivery.objects.exists()


def test_an_unknown_event_is_a_programming_error(personas):
    with pytest.raises(ValueError, match="flag.exploded"):
        webhooks.record_event(personas.network.pk, "flag.exploded", DATA)


# --- Signature and headers ----------------------------------------------------------------------------


def test_the_signature_verifies_with_the_endpoints_secret_and_not_with_another(personas, receiver):
    endpoint = endpoint_for(personas, receiver.url)
    delivery = raised(personas)
    assert webhooks.deliver(delivery.pk) is True
    (request,) = receiver.requests
    assert verifies(endpoint.secret, request)
    assert not verifies(services.new_secret(), request)
    assert json.loads(request.body) == delivery.payload


def test_a_body_changed_on_the_way_no_longer_verifies(personas, receiver):
    endpoint = endpoint_for(personas, receiver.url)
    webhooks.deliver(raised(personas).pk)
    (request,) = receiver.requests
    request.body = request.body.replace(b"No cover", b"No lunch")
    assert not verifies(endpoint.secret, request)


def test_each_delivery_says_what_it_is_in_its_headers(personas, receiver):
    endpoint_for(personas, receiver.url)
    delivery = raised(personas)
    webhooks.deliver(delivery.pk)
    headers = receiver.requests[0].headers
    assert headers["Content-Type"] == "application/json"
    assert headers["User-Agent"] == "Playbook-Webhooks"
    assert headers["X-Playbook-Event"] == "flag.raised"
    assert headers["X-Playbook-Delivery"] == str(delivery.pk)
    assert headers["X-Playbook-Event-Id"] == str(delivery.event_id)
    assert abs(int(headers["X-Playbook-Timestamp"]) - clock.now().timestamp()) < 60


def test_a_delivered_delivery_keeps_the_answer_and_is_not_sent_again(personas, receiver):
    endpoint_for(personas, receiver.url)
    delivery = raised(personas)
    assert webhooks.deliver(delivery.pk) is True
    assert webhooks.deliver(delivery.pk) is None
    row = stored(delivery)
    assert (row.attempts, row.response_status, row.response_body) == (1, 200, "thanks")
    assert row.delivered_at is not None and row.next_attempt_at is None
    assert len(receiver.requests) == 1


def test_only_the_first_2000_characters_of_the_answer_are_kept(personas):
    with running_receiver(reply="x" * 5000) as receiver:
        endpoint_for(personas, receiver.url)
        delivery = raised(personas)
        webhooks.deliver(delivery.pk)
    assert stored(delivery).response_body == "x" * 2000


# --- Retries --------------------------------------------------------------------------------------------


def test_after_the_receiver_fails_it_is_tried_again_later_and_then_delivered(personas):
    with running_receiver(fail_first=1) as receiver:
        endpoint_for(personas, receiver.url)
        delivery = raised(personas)
        now = clock.now()
        with clock.frozen_at(now):
            assert webhooks.deliver(delivery.pk) is False
        first = stored(delivery)
        assert (first.attempts, first.response_status, first.response_body) == (1, 500, "failure 1")
        assert first.next_attempt_at == now + webhooks.BACKOFF[0] and first.delivered_at is None

        with clock.frozen_at(now + webhooks.BACKOFF[0] / 2):
            assert webhooks.deliver(delivery.pk) is None  # not due yet
            assert webhooks.send_owed() == 0
        with clock.frozen_at(now + webhooks.BACKOFF[0]):
            assert webhooks.send_owed() == 1

    second = stored(delivery)
    assert (second.attempts, second.response_status, second.response_body) == (2, 200, "thanks")
    assert second.delivered_at is not None and second.failed_at is None
    assert [r.headers["X-Playbook-Delivery"] for r in receiver.requests] == [str(delivery.pk)] * 2


def test_it_is_given_up_after_the_most_attempts_with_a_growing_pause_between(personas):
    with running_receiver(fail_first=100, fail_status=503) as receiver:
        endpoint_for(personas, receiver.url)
        delivery = raised(personas)
        moment, pauses = clock.now(), []
        for _ in range(webhooks.MAX_ATTEMPTS):
            with clock.frozen_at(moment):
                assert webhooks.deliver(delivery.pk) is False
            row = stored(delivery)
            if row.next_attempt_at:
                pauses.append(row.next_attempt_at - moment)
                moment = row.next_attempt_at
        with clock.frozen_at(moment + webhooks.BACKOFF[-1] * 10):
            assert webhooks.send_owed() == 0
    row = stored(delivery)
    assert pauses == list(webhooks.BACKOFF)
    assert (row.attempts, row.response_status, row.next_attempt_at) == (webhooks.MAX_ATTEMPTS, 503, None)
    assert row.failed_at is not None and row.delivered_at is None
    assert len(receiver.requests) == webhooks.MAX_ATTEMPTS


def test_a_redirect_is_not_followed_and_counts_as_a_failure(personas):
    with running_receiver(status=302) as receiver:
        endpoint_for(personas, receiver.url)
        delivery = raised(personas)
        assert webhooks.deliver(delivery.pk) is False
    assert stored(delivery).response_status == 302
    assert len(receiver.requests) == 1


def test_a_receiver_that_is_not_there_is_recorded_as_an_error(personas):
    with running_receiver() as receiver:
        url = receiver.url
    endpoint_for(personas, url)  # the receiver has stopped: nothing listens on its port
    delivery = raised(personas)
    assert webhooks.deliver(delivery.pk) is False
    row = stored(delivery)
    assert row.response_status is None and "ConnectionError" in row.error and row.attempts == 1


def test_what_is_owed_to_a_switched_off_endpoint_is_given_up_unsent(personas, receiver):
    endpoint = endpoint_for(personas, receiver.url)
    delivery = raised(personas)
    services.update_endpoint(
        endpoint=endpoint, by=personas.admin, url=receiver.url, events=endpoint.events, active=False
    )
    assert webhooks.deliver(delivery.pk) is False
    assert stored(delivery).failed_at is not None and "switched off" in stored(delivery).error
    assert receiver.requests == []


def test_a_worker_killed_mid_send_leaves_the_delivery_owed_again_when_its_lease_ends(personas, receiver):
    endpoint_for(personas, receiver.url)
    delivery = raised(personas)
    now = clock.now()
    # What a claim leaves behind when its worker dies before recording the attempt.
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=now + webhooks.LEASE)
    with clock.frozen_at(now):
        assert webhooks.deliver(delivery.pk) is None
    with clock.frozen_at(now + webhooks.LEASE):
        assert webhooks.send_owed() == 1
    assert len(receiver.requests) == 1


# --- Replay and test events ----------------------------------------------------------------------------


def test_a_replay_sends_the_same_event_again_as_a_new_delivery(personas, receiver):
    endpoint_for(personas, receiver.url)
    original = raised(personas)
    webhooks.deliver(original.pk)
    replay = services.replay_delivery(delivery=original, by=personas.admin)
    assert replay.pk != original.pk and replay.replay_of_id == original.pk
    assert webhooks.deliver(replay.pk) is True
    first, second = receiver.requests
    assert (
        first.headers["X-Playbook-Event-Id"]
        == second.headers["X-Playbook-Event-Id"]
        == str(original.event_id)
    )
    assert second.headers["X-Playbook-Delivery"] == str(replay.pk)
    assert json.loads(first.body) == json.loads(second.body)


def test_a_replay_can_be_replayed_again(personas, receiver):
    endpoint_for(personas, receiver.url)
    original = raised(personas)
    services.replay_delivery(delivery=original, by=personas.admin)
    services.replay_delivery(delivery=original, by=personas.admin)
    assert WebhookDelivery.objects.filter(event_id=original.event_id).count() == 3


def test_a_test_event_goes_to_the_one_endpoint(personas, receiver):
    endpoint = endpoint_for(personas, receiver.url, events=["cycle.decided"])
    endpoint_for(personas, "https://hooks.example.org/other")
    ping = services.send_test_event(endpoint=endpoint, by=personas.admin)
    assert webhooks.deliver(ping.pk) is True
    body = json.loads(receiver.requests[0].body)
    assert body["event"] == "ping" and body["data"]["by"]["id"] == personas.admin.pk
    assert WebhookDelivery.objects.count() == 1


def test_only_the_networks_admins_replay_or_change_endpoints(personas):
    endpoint = endpoint_for(personas, "https://hooks.example.org/a")
    delivery = raised(personas)
    from django.http import Http404

    with pytest.raises(Http404):
        services.replay_delivery(delivery=delivery, by=personas.lead)
    with pytest.raises(Http404):
        services.rotate_secret(endpoint=endpoint, by=personas.outsider)


# --- Addresses ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.slack.com/services/T0/B0/x",
        "https://example.webhook.office.com/a?b=c",
        "https://8.8.8.8/x",
    ],
)
def test_a_public_https_address_is_accepted(url):
    assert webhooks.check_url(url) == url


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://hooks.example.org/x", "https://"),
        ("ftp://hooks.example.org/x", "https://"),
        ("hooks.example.org/x", "https://"),
        ("", "https://"),
        ("https://user:secret@hooks.example.org/x", "password"),
        ("https://token@hooks.example.org/x", "password"),
        ("https://localhost/x", "this server"),
        ("https://metadata.internal/x", "this server"),
        ("https://127.0.0.1/x", "private or local"),
        ("https://10.1.2.3/x", "private or local"),
        ("https://192.168.0.10/x", "private or local"),
        ("https://169.254.169.254/latest/meta-data", "private or local"),
        ("https://[::1]/x", "private or local"),
        ("https://0.0.0.0/x", "private or local"),
        ("https://hooks.example.org:99999/x", "not a web address"),
        ("https://hooks.example.org/" + "x" * 500, "under 500"),
    ],
)
def test_an_address_that_is_not_public_https_is_refused_with_a_reason(url, says, settings):
    settings.WEBHOOK_INSECURE_HOSTS = []
    with pytest.raises(ValidationError) as refused:
        webhooks.check_url(url)
    assert says in " ".join(refused.value.message_dict["url"])


def test_an_insecure_host_named_in_the_settings_may_use_http(settings):
    settings.WEBHOOK_INSECURE_HOSTS = ["relay.intranet"]
    assert webhooks.check_url("http://relay.intranet/hook") == "http://relay.intranet/hook"


def test_an_address_that_became_private_is_refused_at_send_time(personas, receiver, settings):
    endpoint_for(personas, receiver.url)
    settings.WEBHOOK_INSECURE_HOSTS = []  # the loopback receiver is no longer allowed
    delivery = raised(personas)
    assert webhooks.deliver(delivery.pk) is False
    assert "https://" in stored(delivery).error and receiver.requests == []


def test_an_endpoint_needs_an_event(personas):
    with pytest.raises(ValidationError) as refused:
        endpoint_for(personas, "https://hooks.example.org/a", events=[])
    assert "events" in refused.value.message_dict


def test_a_new_endpoint_gets_a_long_random_secret_and_a_rotation_replaces_it(personas):
    endpoint = endpoint_for(personas, "https://hooks.example.org/a")
    assert len(endpoint.secret) == 64 and int(endpoint.secret, 16) >= 0
    rotated = services.rotate_secret(endpoint=endpoint, by=personas.admin)
    assert rotated.secret != endpoint.secret and len(rotated.secret) == 64


def test_event_ids_are_unique_per_endpoint_unless_replayed(personas):
    from django.db import IntegrityError

    endpoint = endpoint_for(personas, "https://hooks.example.org/a")
    delivery = raised(personas)
    with pytest.raises(IntegrityError), transaction.atomic():
        WebhookDelivery.objects.create(
            endpoint=endpoint,
            event="flag.raised",
            event_id=delivery.event_id,
            payload={},
            created_at=clock.now(),
        )
    assert uuid.UUID(str(delivery.event_id))
