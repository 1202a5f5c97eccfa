"""Permission rows for calendar feeds (playbook/calendar_feed_views.py, huddles/calendar_views.py).

Plain data in the format of tests/support/permission_tables.py; run by tests/huddles/test_calendar_feeds.py.
Making an address is everyone's own (it makes the signed-in person's), revoking one is its person's
alone: anyone else gets 404 for it. The feeds are public on purpose: the token in the address is the
key, since calendar apps fetch it from their own servers with no session, so whoever holds the
member's address gets the same answer, signed in as anyone or not; a made-up token, and a huddle the
token's person may not see, are 404 for everyone.
"""

from datetime import time
from types import SimpleNamespace

from huddles import services
from playbook import calendar_feeds
from tests.support.permission_tables import Row, S


def world(personas) -> SimpleNamespace:
    w = SimpleNamespace(**vars(personas))
    w.huddle = services.create_huddle(
        team=w.team_a, by=w.lead, name="Morning huddle", starts_at=time(8, 30), weekdays=[0, 2, 4]
    )
    w.feed = calendar_feeds.make_feed(person=w.member, by=w.member)
    w.sibling_feed = calendar_feeds.make_feed(person=w.sibling_member, by=w.sibling_member)
    return w


def members_feed(w):
    return {"token": w.feed.token}


def members_huddle_feed(w):
    return {"token": w.feed.token, "huddle_id": w.huddle.pk}


# Statuses in PERSONAS order:
#   outsider sibling_member member lead leader admin anonymous
ROWS = [
    Row("calendar-feed-make", "post", S("302 302 302 302 302 302 302")),
    Row("calendar-feed-make", "get", S("405 405 405 405 405 405 302")),
    Row("calendar-feed-revoke", "post", S("404 404 302 404 404 404 302"), kwargs=lambda w: {"pk": w.feed.pk}),
    Row("calendar-feed", "get", S("200 200 200 200 200 200 200"), kwargs=members_feed, note="member's token"),
    Row("calendar-feed", "post", S("405 405 405 405 405 405 405"), kwargs=members_feed),
    Row(
        "calendar-feed",
        "get",
        S("404 404 404 404 404 404 404"),
        kwargs=lambda w: {"token": "made-up"},
        note="made-up token",
    ),
    Row(
        "calendar-huddle-feed",
        "get",
        S("200 200 200 200 200 200 200"),
        kwargs=members_huddle_feed,
        note="member's token, their huddle",
    ),
    Row(
        "calendar-huddle-feed",
        "get",
        S("404 404 404 404 404 404 404"),
        kwargs=lambda w: {"token": w.sibling_feed.token, "huddle_id": w.huddle.pk},
        note="sibling's token, a huddle they may not see",
    ),
]
