"""Journeys through Playbook's ties to other tools, in real Chromium on a phone (390 px):

- a network admin adds a webhook endpoint on its form, sends it a test event, sees the failed first
  attempt in the endpoint's recent deliveries and opens that delivery's page (its answer, its
  payload), then replays it;
- a lead makes their calendar address on the account page, and the huddle page then offers that
  huddle's own feed to subscribe to; the address answers with the huddle's calendar.

Each page ends the way every journey does: nothing scrolls sideways and axe finds nothing serious.
"""

from datetime import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from huddles import services as huddles
from playbook import webhook_delivery
from playbook.models import CalendarFeed, WebhookDelivery, WebhookEndpoint
from tests.support.browser import PHONE, serious_axe_violations, sideways_overflow, sign_in
from tests.support.factories import PASSWORD
from tests.support.receiver import running_receiver

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


@pytest.fixture
def receiver():
    # Down for the first request, as a receiver being redeployed is; fine after that.
    with running_receiver(fail_first=1, fail_status=503) as running:
        yield running


def signed_in(page, username):
    sign_in(page, username, PASSWORD)
    page.wait_for_url(lambda url: "/accounts/login" not in url)


def fits_and_reads_well(page):
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []


def test_a_network_admin_adds_an_endpoint_and_follows_a_delivery(phone, personas, receiver):
    signed_in(phone, "admin")
    phone.goto(reverse("webhook-list"))
    expect(phone.get_by_role("heading", name="Webhooks", level=1)).to_be_visible()
    expect(phone.get_by_text("No endpoints yet.")).to_be_visible()

    phone.get_by_test_id("new-webhook").click()
    phone.get_by_label("Address").fill(receiver.url)
    phone.get_by_label("Description").fill("Leaders' Teams channel")
    phone.get_by_label("A flag is raised").check()
    fits_and_reads_well(phone)
    phone.get_by_role("button", name="Add").click()

    expect(phone.get_by_role("heading", name="Leaders' Teams channel", level=1)).to_be_visible()
    expect(phone.get_by_role("status").filter(has_text="The endpoint is added")).to_be_visible()
    endpoint = WebhookEndpoint.objects.get(network=personas.network)
    assert endpoint.url == receiver.url and endpoint.events == ["flag.raised"]
    expect(phone.get_by_text("Nothing sent yet.")).to_be_visible()
    fits_and_reads_well(phone)

    phone.get_by_test_id("ping").click()
    expect(phone.get_by_role("status").filter(has_text="A test event is on its way")).to_be_visible()
    (delivery,) = WebhookDelivery.objects.filter(endpoint=endpoint)
    assert webhook_delivery.deliver(delivery.pk) is False  # the job's first attempt: the receiver is down
    phone.reload()
    row = phone.get_by_test_id("deliveries").get_by_role("row").filter(has_text="ping")
    expect(row).to_contain_text("Retrying")
    expect(row).to_contain_text("503")
    fits_and_reads_well(phone)

    row.get_by_role("link", name="Details").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Delivery {delivery.pk}: ping")
    expect(phone.get_by_test_id("response-body")).to_have_text("failure 1")
    expect(phone.get_by_test_id("payload")).to_contain_text('"event": "ping"')
    expect(phone.get_by_role("link", name=receiver.url)).to_have_attribute(
        "href", reverse("webhook-detail", args=[endpoint.pk])
    )
    fits_and_reads_well(phone)

    phone.get_by_test_id("replay").click()
    expect(phone.get_by_role("status").filter(has_text="The event is sent again")).to_be_visible()
    replay = WebhookDelivery.objects.get(replay_of=delivery)
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Delivery {replay.pk}: ping")
    expect(phone.get_by_role("link", name=f"delivery {delivery.pk}")).to_be_visible()
    fits_and_reads_well(phone)


def test_a_lead_makes_a_calendar_address_and_subscribes_to_a_huddle(phone, personas, settings, live_server):
    settings.PUBLIC_URL = live_server.url  # the addresses on the pages are this server's own
    huddle = huddles.create_huddle(
        team=personas.team_a,
        by=personas.lead,
        name="Morning huddle",
        starts_at=time(8, 30),
        weekdays=[0, 2, 4],
    )
    signed_in(phone, "lead")

    phone.goto(reverse("huddle-detail", args=[huddle.pk]))
    offer = phone.get_by_test_id("huddle-calendar")
    expect(offer.get_by_role("link", name="Put your huddles in your calendar")).to_be_visible()
    offer.get_by_role("link", name="Put your huddles in your calendar").click()

    section = phone.get_by_test_id("calendar-feed")
    expect(section.get_by_role("heading", name="Your calendar")).to_be_visible()
    section.get_by_test_id("calendar-make").click()
    expect(phone.get_by_role("status").filter(has_text="Your calendar address is ready")).to_be_visible()
    feed = CalendarFeed.objects.get(person=personas.lead, revoked_at__isnull=True)
    address = phone.get_by_label("Your private calendar address")
    expect(address).to_have_value(f"{live_server.url}/calendar/{feed.token}.ics")
    expect(section.get_by_test_id("calendar-webcal")).to_have_attribute(
        "href", f"webcal://{live_server.url.split('://', 1)[1]}/calendar/{feed.token}.ics"
    )
    expect(section.get_by_test_id("calendar-revoke")).to_be_visible()
    fits_and_reads_well(phone)

    phone.goto(reverse("huddle-detail", args=[huddle.pk]))
    subscribe = offer.get_by_role("link", name="Subscribe to this huddle’s calendar")
    huddle_feed = f"/calendar/{feed.token}/huddles/{huddle.pk}.ics"
    expect(subscribe).to_have_attribute("href", f"webcal://{live_server.url.split('://', 1)[1]}{huddle_feed}")
    expect(offer.get_by_role("link", name="its address")).to_have_attribute(
        "href", f"{live_server.url}{huddle_feed}"
    )
    fits_and_reads_well(phone)

    # What a calendar app gets from that address: the huddle's meetings, no session needed.
    answer = phone.context.browser.new_context().request.get(f"{live_server.url}{huddle_feed}")
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in answer.text() and "Morning huddle" in answer.text()
