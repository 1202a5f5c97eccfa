"""A person's calendar address: made and revoked from their account page, and theirs alone."""

import pytest
from django.http import Http404
from django.test import Client

from playbook import calendar_feeds
from playbook.models import CalendarFeed

pytestmark = pytest.mark.django_db

# What a phone's browser sends; the page is the same for every device, and must say everything on one.
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"


def signed_in(person) -> Client:
    client = Client(HTTP_USER_AGENT=PHONE)
    client.force_login(person)
    return client


def test_a_new_address_is_long_random_and_live(personas):
    feed = calendar_feeds.make_feed(person=personas.member, by=personas.member)
    assert len(feed.token) >= 43 and feed.revoked_at is None
    assert calendar_feeds.feed_for_token(feed.token) == feed


def test_making_it_again_while_it_is_live_gives_the_same_address(personas):
    first = calendar_feeds.make_feed(person=personas.member, by=personas.member)
    assert calendar_feeds.make_feed(person=personas.member, by=personas.member) == first
    assert CalendarFeed.objects.filter(person=personas.member).count() == 1


def test_after_revoking_a_new_one_is_a_new_address_and_the_old_one_is_dead(personas):
    old = calendar_feeds.make_feed(person=personas.member, by=personas.member)
    calendar_feeds.revoke_feed(feed=old, by=personas.member)
    new = calendar_feeds.make_feed(person=personas.member, by=personas.member)
    assert new.token != old.token
    assert calendar_feeds.feed_for_token(old.token) is None
    assert calendar_feeds.feed_for_token(new.token) == new


@pytest.mark.parametrize("someone", ["admin", "lead", "leader", "outsider"])
def test_nobody_else_makes_or_revokes_a_persons_address(personas, someone):
    other = getattr(personas, someone)
    with pytest.raises(Http404):
        calendar_feeds.make_feed(person=personas.member, by=other)
    feed = calendar_feeds.make_feed(person=personas.member, by=personas.member)
    with pytest.raises(Http404):
        calendar_feeds.revoke_feed(feed=feed, by=other)
    assert signed_in(other).post(f"/account/calendar/{feed.pk}/revoke/").status_code == 404
    feed.refresh_from_db()
    assert feed.revoked_at is None


def test_the_account_page_offers_to_make_an_address(personas):
    response = signed_in(personas.member).get("/account/")
    section = response.content.decode()
    assert 'data-testid="calendar-feed"' in section
    assert 'data-testid="calendar-make"' in section
    assert 'data-testid="calendar-address"' not in section


def test_making_it_shows_the_address_to_copy_and_a_webcal_link(personas):
    client = signed_in(personas.member)
    response = client.post("/account/calendar/")
    assert response.status_code == 302 and response["Location"] == "/account/#calendar"
    feed = calendar_feeds.live_feed_of(personas.member)
    page = client.get("/account/").content.decode()
    address = f"127.0.0.1:8000/calendar/{feed.token}.ics"
    assert f'value="http://{address}" readonly' in page
    assert f'href="webcal://{address}"' in page
    assert "Google Calendar" in page and "Outlook" in page
    assert 'data-testid="calendar-revoke"' in page


def test_revoking_from_the_page_stops_the_address_at_once(personas):
    client = signed_in(personas.member)
    client.post("/account/calendar/")
    feed = calendar_feeds.live_feed_of(personas.member)
    response = client.post(f"/account/calendar/{feed.pk}/revoke/")
    assert response.status_code == 302
    assert Client().get(f"/calendar/{feed.token}.ics").status_code == 404
    assert 'data-testid="calendar-make"' in client.get("/account/").content.decode()
