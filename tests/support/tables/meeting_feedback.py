"""Permission rows for feedback on meetings and "you said, we did", pages and API.

Plain data in the format of tests/support/permission_tables.py, run by
tests/huddles/test_feedback_permission_table.py. Team A's morning huddle had its Monday meeting,
closed, with the member and the lead attending. The cluster leader and the admin see it but took no
part (they neither attended nor belong to Team A), so they may not rate it; they may read its
feedback in aggregate, as whoever may set the huddle up does.
"""

from datetime import UTC, datetime, time
from types import SimpleNamespace

from huddles import services
from playbook import clock
from tests.support.permission_tables import Row, S


def world(personas) -> SimpleNamespace:
    w = SimpleNamespace(**vars(personas))
    w.huddle = services.create_huddle(
        team=w.team_a, by=w.lead, name="Morning huddle", starts_at=time(8, 30), weekdays=[0, 2, 4],
    )  # fmt: skip
    with clock.frozen_at(datetime(2026, 3, 2, 8, 30, tzinfo=UTC)):
        w.meeting = services.start_meeting(huddle=w.huddle, by=w.lead)
        services.set_attendance(meeting=w.meeting, by=w.lead, people=[w.member, w.lead])
        services.close_meeting(meeting=w.meeting, by=w.lead)
    return w


def pk_of(name):
    return lambda w: {"pk": getattr(w, name).pk}


def rating(w):
    return {"rating": 4, "comment": "Shorter, please"}


def change(w):
    return {"text": "We start on time now.", "changed_on": "2026-03-03", "meeting": w.meeting.pk}


# Statuses in PERSONAS order:
#   outsider sibling_member member lead leader admin anonymous
# Each write has two rows: with nothing posted (400 for whoever got past the permission check), and
# with a good body (the write done).
ROWS = [
    Row("meeting-feedback", "get", S("404 404 200 200 403 403 302"), kwargs=pk_of("meeting")),
    Row("meeting-feedback", "post", S("404 404 400 400 403 403 302"), kwargs=pk_of("meeting"), note="empty"),
    Row("meeting-feedback", "post", S("404 404 302 302 403 403 302"), kwargs=pk_of("meeting"), data=rating),
    Row("huddle-we-did", "get", S("404 404 403 200 200 200 302"), kwargs=pk_of("huddle")),
    Row("huddle-we-did", "post", S("404 404 403 400 400 400 302"), kwargs=pk_of("huddle"), note="empty"),
    Row("huddle-we-did", "post", S("404 404 403 302 302 302 302"), kwargs=pk_of("huddle"), data=change),
    Row("api-meeting-feedback", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("meeting")),
    Row(
        "api-meeting-feedback",
        "post",
        S("404 404 400 400 403 403 401"),
        kwargs=pk_of("meeting"),
        note="empty",
    ),
    Row(
        "api-meeting-feedback", "post", S("404 404 200 200 403 403 401"), kwargs=pk_of("meeting"), data=rating
    ),
    Row("api-meeting-feedback-summary", "get", S("404 404 403 200 200 200 401"), kwargs=pk_of("meeting")),
    Row("api-huddle-feedback-summary", "get", S("404 404 403 200 200 200 401"), kwargs=pk_of("huddle")),
    Row("api-huddle-we-did", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("huddle")),
    Row("api-huddle-we-did", "post", S("404 404 403 400 400 400 401"), kwargs=pk_of("huddle"), note="empty"),
    Row("api-huddle-we-did", "post", S("404 404 403 201 201 201 401"), kwargs=pk_of("huddle"), data=change),
]
