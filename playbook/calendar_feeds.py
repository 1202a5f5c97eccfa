"""A person's private calendar address: made, revoked, and found again by its token.

The address ends in a long random token (``secrets.token_urlsafe(32)``, 256 bits): a calendar app
fetches it every few hours with no session and no cookie, so the token is the only key, and whoever
holds it reads the feed. It is kept as it is, not hashed as an invitation's is, because the person
comes back to their account page to copy the address again; what it opens is read-only, and revoking
it shuts it at once. At most one live address per person (a constraint says so): making one while one
is live hands back that one, and revoking then making gives a new address.

What the feed holds (huddles, cycles, action items) is built by the huddles app, which may import the
apps it shows; this module knows only the token.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from playbook import clock, permissions
from playbook.email import absolute_url
from playbook.models import CalendarFeed, User

# How stale ``last_read_at`` may be: a calendar app polls every hour or so, and the person (and an
# admin looking at who still uses their feed) needs the day, not the minute. So most reads write nothing.
READ_MARK_EVERY = timedelta(hours=1)
# What ``token_urlsafe`` writes, up to the column's length.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def live_feed_of(person: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).first()


def addresses(feed: CalendarFeed | None) -> dict:
    """Where the person's feed is read (``subscribe_addresses``); empty while they have none."""
    if feed is None:
        return {}
    return subscribe_addresses(reverse("calendar-feed", kwargs={"token": feed.token}))


def subscribe_addresses(path: str) -> dict:
    """A feed's https address (to paste into Google Calendar or Outlook) and its webcal:// twin (a link
    that a phone's or a desktop's calendar app opens and subscribes to)."""
    address = absolute_url(path)
    return {"https": address, "webcal": "webcal://" + address.split("://", 1)[-1]}


def make_feed(*, person: User, by: User) -> CalendarFeed:
    """The person's live calendar address, made now if they have none. Only its person makes it."""
    permissions.require(by, CalendarFeed(person=person), permissions.CHANGE)
    live = live_feed_of(person)
    if live is not None:
        return live
    try:
        with transaction.atomic():
            return CalendarFeed.objects.create(
                person=person, token=secrets.token_urlsafe(32), created_at=clock.now()
            )
    except IntegrityError:
        # A second tab (or a double click) made one a moment ago: that one is the person's address.
        return live_feed_of(person)


def revoke_feed(*, feed: CalendarFeed, by: User) -> CalendarFeed:
    """The address stops working at once; a feed already revoked stays as it was."""
    permissions.require(by, feed, permissions.CHANGE)
    if feed.revoked_at is None:
        feed.revoked_at = clock.now()
        CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(revoked_at=feed.revoked_at)
    return feed


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed a calendar app asks for, with its person and network; None for a revoked or
    unknown token and for a person who has left (deactivated), so all three look alike from outside."""
    if not TOKEN_SHAPE.fullmatch(token or ""):  # a NUL or a megabyte is no token, and no query either
        return None
    return (
        CalendarFeed.objects.filter(
            token=token, revoked_at__isnull=True, person__is_active=True, person__network__isnull=False
        )
        .select_related("person__network")
        .first()
    )


def note_read(feed: CalendarFeed) -> None:
    """Remember when a calendar app last read the feed: one UPDATE an hour at most, none in between."""
    now = clock.now()
    if feed.last_read_at is not None and now - feed.last_read_at < READ_MARK_EVERY:
        return
    stale = Q(last_read_at__isnull=True) | Q(last_read_at__lt=now - READ_MARK_EVERY)
    CalendarFeed.objects.filter(stale, pk=feed.pk).update(last_read_at=now)
    feed.last_read_at = now
