"""Permission rows for a focus area's story shared outside the network (cycles/views/story.py, cycles/api.py).

Plain data in the format of tests/support/permission_tables.py; run by
tests/cycles/test_stories_permission_table.py. The story page itself has its row in the theory table.
Everyone who sees Team A's focus area reads its story; making, listing and revoking its links is for
Team A's lead, the leaders above and the network admin (a member who sees it gets 403; anyone else 404).
The page a link opens is public on purpose: the token is the key, so every persona gets the same
answer, 200 for a live link and 404 alike for a revoked or a made-up one.
"""

from types import SimpleNamespace

from cycles.services import stories
from tests.support.cycles import make_plan, make_world
from tests.support.permission_tables import Row, S


def world(personas) -> SimpleNamespace:
    w = make_world(personas)
    w.cycle = make_plan(w)
    made = stories.make_story_link(focus_area=w.focus_area, by=w.lead, hide_names=True)
    w.link, w.token = made.link, made.token
    gone = stories.make_story_link(focus_area=w.focus_area, by=w.lead)
    stories.revoke_story_link(link=gone.link, by=w.lead)
    w.revoked_token = gone.token
    return w


def focus_area(w):
    return {"pk": w.focus_area.pk}


def link(w):
    return {"pk": w.link.pk}


# Statuses in PERSONAS order:
#   outsider sibling_member member lead leader admin anonymous
ROWS = [
    Row("story-link-make", "post", S("404 404 403 200 200 200 302"), kwargs=focus_area),
    Row("story-link-make", "get", S("405 405 405 405 405 405 302"), kwargs=focus_area),
    Row("story-link-revoke", "post", S("404 404 403 302 302 302 302"), kwargs=link),
    Row("story-link-revoke", "get", S("405 405 405 405 405 405 302"), kwargs=link),
    Row(
        "story-shared",
        "get",
        S("200 200 200 200 200 200 200"),
        kwargs=lambda w: {"token": w.token},
        note="live",
    ),
    Row(
        "story-shared",
        "get",
        S("404 404 404 404 404 404 404"),
        kwargs=lambda w: {"token": w.revoked_token},
        note="revoked",
    ),
    Row(
        "story-shared",
        "get",
        S("404 404 404 404 404 404 404"),
        kwargs=lambda w: {"token": "made-up-token-of-a-plausible-length"},
        note="made-up",
    ),
    Row("story-shared", "post", S("405 405 405 405 405 405 405"), kwargs=lambda w: {"token": w.token}),
    Row("api-focus-area-story", "get", S("404 404 200 200 200 200 401"), kwargs=focus_area),
    Row("api-focus-area-story-links", "get", S("404 404 403 200 200 200 401"), kwargs=focus_area),
    Row(
        "api-focus-area-story-links",
        "post",
        S("404 404 403 201 201 201 401"),
        kwargs=focus_area,
        data=lambda w: {"hide_names": True},
    ),
    Row(
        "api-focus-area-story-links",
        "post",
        S("404 404 403 400 400 400 401"),
        kwargs=focus_area,
        data=lambda w: {"hide_names": "perhaps"},
        note="bad input",
    ),
    Row(
        "api-story-link-revoke",
        "post",
        S("404 404 403 200 200 200 401"),
        kwargs=lambda w: {"pk": w.focus_area.pk, "link_pk": w.link.pk},
    ),
]
