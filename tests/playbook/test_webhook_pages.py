"""The network admin's webhook pages: add, change, switch off and delete an endpoint, see its
deliveries and replay one; bad input answers with the form's errors, never a 500."""

import pytest
from django.urls import reverse

from playbook import webhook_services, webhooks
from playbook.models import WebhookDelivery, WebhookEndpoint
from tests.support.clients import page_as
from tests.support.factories import UserFactory
from tests.support.queries import assert_same_queries_after

pytestmark = pytest.mark.django_db

FORM = {
    "url": "https://hooks.example.org/teams",
    "description": "Leaders' channel",
    "events": ["flag.raised"],
}


@pytest.fixture
def endpoint(personas):
    return webhook_services.create_endpoint(
        network=personas.network, by=personas.admin, url="https://hooks.example.org/a", events=["flag.raised"]
    )


def record(personas, n=1):
    return webhooks.record_events([(personas.network.pk, "flag.raised", {"n": i}) for i in range(n)])


def test_the_network_settings_page_links_to_the_webhooks(personas):
    page = page_as(personas.admin).get(reverse("network-settings"))
    assert reverse("webhook-list").encode() in page.content


def test_an_admin_adds_an_endpoint_and_sees_its_secret_and_how_to_verify(personas):
    response = page_as(personas.admin).post(reverse("webhook-create"), FORM)
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "webhook-detail", args=[endpoint.pk]
    )
    assert (endpoint.network, endpoint.events, endpoint.created_by) == (
        personas.network,
        ["flag.raised"],
        personas.admin,
    )
    page = page_as(personas.admin).get(response["Location"]).content.decode()
    assert endpoint.secret in page and "X-Playbook-Signature" in page and "hmac.compare_digest" in page


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"url": "http://hooks.example.org/x"}, "url", "https://"),
        ({"url": "https://10.0.0.5/x"}, "url", "private or local"),
        ({"url": "https://me:pw@hooks.example.org/x"}, "url", "password"),
        ({"url": "not an address"}, "url", "https://"),
        ({"events": []}, "events", "at least one event"),
        ({"events": ["flag.exploded"]}, "events", "not one of the available choices"),
        ({"description": "x" * 300}, "description", "at most 200"),
    ],
)
def test_bad_input_shows_on_the_form_and_saves_nothing(personas, change, field, says, settings):
    settings.WEBHOOK_INSECURE_HOSTS = []
    response = page_as(personas.admin).post(reverse("webhook-create"), {**FORM, **change})
    assert response.status_code == 200
    assert any(says in error for error in response.context["form"].errors[field])
    assert not WebhookEndpoint.objects.exists()


def test_an_admin_switches_an_endpoint_off_and_it_is_told_of_nothing(personas, endpoint):
    form = {"url": endpoint.url, "events": ["flag.raised", "flag.resolved"]}  # "active" unticked
    assert page_as(personas.admin).post(reverse("webhook-edit", args=[endpoint.pk]), form).status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.active is False and endpoint.events == ["flag.raised", "flag.resolved"]
    assert record(personas) == []


def test_making_a_new_secret_replaces_the_old_one(personas, endpoint):
    page_as(personas.admin).post(reverse("webhook-rotate-secret", args=[endpoint.pk]))
    assert WebhookEndpoint.objects.get().secret != endpoint.secret


def test_send_test_event_owes_a_ping(personas, endpoint):
    page_as(personas.admin).post(reverse("webhook-ping", args=[endpoint.pk]))
    assert list(WebhookDelivery.objects.values_list("event", flat=True)) == ["ping"]


def test_deleting_an_endpoint_forgets_it_and_its_deliveries(personas, endpoint):
    record(personas)
    page_as(personas.admin).post(reverse("webhook-delete", args=[endpoint.pk]))
    assert not WebhookEndpoint.objects.exists() and not WebhookDelivery.objects.exists()


def test_a_delivery_page_shows_its_payload_and_the_answer_and_replay_makes_a_new_one(personas, endpoint):
    (delivery,) = record(personas)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        response_status=500, response_body="receiver broke", attempts=1
    )
    client = page_as(personas.admin)
    page = client.get(reverse("webhook-delivery", args=[delivery.pk])).content.decode()
    assert str(delivery.event_id) in page and "receiver broke" in page and "&quot;n&quot;: 0" in page
    response = client.post(reverse("webhook-replay", args=[delivery.pk]))
    replay = WebhookDelivery.objects.get(replay_of=delivery)
    assert response["Location"] == reverse("webhook-delivery", args=[replay.pk])
    assert (replay.event_id, replay.payload) == (delivery.event_id, delivery.payload)


def test_the_deliveries_are_listed_newest_first_in_pages_with_flat_queries(
    personas, endpoint, django_assert_num_queries
):
    record(personas, 3)
    url = reverse("webhook-detail", args=[endpoint.pk])
    assert_same_queries_after(
        page_as(personas.admin), url, lambda: record(personas, 30), django_assert_num_queries
    )
    page = page_as(personas.admin).get(url)
    ids = [d.pk for d in page.context["page"].object_list]
    assert ids == sorted(ids, reverse=True) and len(ids) == 20 and page.context["page"].paginator.count == 33


def test_the_endpoint_list_asks_the_same_queries_for_two_endpoints_as_for_twenty(
    personas, endpoint, django_assert_num_queries
):
    def grow():
        for n in range(20):
            webhook_services.create_endpoint(
                network=personas.network,
                by=personas.admin,
                url=f"https://hooks.example.org/{n}",
                events=["flag.raised"],
            )
        record(personas, 5)

    assert_same_queries_after(
        page_as(personas.admin), reverse("webhook-list"), grow, django_assert_num_queries
    )


def test_another_networks_admin_finds_nothing(personas, endpoint):
    (delivery,) = record(personas)
    stranger = UserFactory(network=personas.other_network, is_network_admin=True)
    client = page_as(stranger)
    assert client.get(reverse("webhook-detail", args=[endpoint.pk])).status_code == 404
    assert client.post(reverse("webhook-replay", args=[delivery.pk])).status_code == 404
    assert client.post(reverse("webhook-delete", args=[endpoint.pk])).status_code == 404
    assert client.get(reverse("webhook-list")).context["endpoints"].count() == 0
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()


def test_a_member_is_refused_and_anyone_signed_out_is_sent_to_sign_in(personas, endpoint):
    assert page_as(personas.member).get(reverse("webhook-detail", args=[endpoint.pk])).status_code == 403
    response = page_as(None).get(reverse("webhook-list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_replaying_to_a_switched_off_endpoint_says_why_and_sends_nothing(personas, endpoint):
    (delivery,) = record(personas)
    webhook_services.update_endpoint(
        endpoint=endpoint, by=personas.admin, url=endpoint.url, events=endpoint.events, active=False
    )
    response = page_as(personas.admin).post(reverse("webhook-replay", args=[delivery.pk]), follow=True)
    assert "switched off" in response.content.decode()
    assert WebhookDelivery.objects.count() == 1
