"""Permission rows for huddles: set-up, meetings, running notes, actions, and the API.

Plain data in the format of tests/support/permission_tables.py; tests/huddles/test_permission_table.py
runs it. Team A's lead set up the morning huddle; its Monday meeting is open, with one note and one action.
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
        place="Room 4", agenda=["Check-in", "Questions", "Actions"],
    )  # fmt: skip
    with clock.frozen_at(datetime(2026, 3, 2, 8, 30, tzinfo=UTC)):
        w.meeting = services.start_meeting(huddle=w.huddle, by=w.lead)
        w.entry = services.add_entry(meeting=w.meeting, by=w.member, text="Cover is short this week.")
        w.action = services.add_action_item(
            meeting=w.meeting, by=w.lead, text="Ask for cover", owner=w.member
        )
    return w


def pk_of(name):
    return lambda w: {"pk": getattr(w, name).pk}


# Statuses in PERSONAS order:
#   outsider sibling_member member lead leader admin anonymous
ROWS = [
    Row("huddle-list", "get", S("200 200 200 200 200 200 302")),
    Row("huddle-create", "get", S("200 200 200 200 200 200 302")),
    Row("huddle-create", "post", S("400 400 400 400 400 400 302")),
    Row("huddle-detail", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("huddle")),
    Row("huddle-edit", "get", S("404 404 403 200 200 200 302"), kwargs=pk_of("huddle")),
    Row("huddle-edit", "post", S("404 404 403 400 400 400 302"), kwargs=pk_of("huddle")),
    Row("huddle-start", "post", S("404 404 302 302 302 302 302"), kwargs=pk_of("huddle")),
    Row("huddle-notes", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("huddle")),
    Row("huddle-notes-md", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("huddle")),
    Row("meeting-detail", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("meeting")),
    Row("meeting-entries", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("meeting")),
    Row("meeting-entry-add", "post", S("404 404 302 302 302 302 302"), kwargs=pk_of("meeting")),
    Row("meeting-action-add", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("meeting")),
    Row("meeting-pulse", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("meeting")),
    Row("meeting-attendance", "post", S("404 404 302 302 302 302 302"), kwargs=pk_of("meeting")),
    Row("meeting-close", "post", S("404 404 302 302 302 302 302"), kwargs=pk_of("meeting")),
    Row("entry-edit", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("entry")),
    Row("entry-edit", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("entry")),
    Row("entry-escalate", "post", S("404 404 302 302 302 302 302"), kwargs=pk_of("entry")),
    Row("entry-make-action", "post", S("404 404 302 302 302 302 302"), kwargs=pk_of("entry")),
    Row("action-status", "post", S("404 404 302 302 302 302 302"), kwargs=pk_of("action")),
    Row("action-escalate", "post", S("404 404 302 302 302 302 302"), kwargs=pk_of("action")),
    Row("api-huddle-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-huddle-list", "post", S("400 400 400 400 400 400 401")),
    Row("api-huddle-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("huddle")),
    Row("api-huddle-detail", "patch", S("404 404 403 200 200 200 401"), kwargs=pk_of("huddle")),
    Row("api-huddle-notes", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("huddle")),
    Row("api-huddle-pulse", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("huddle")),
    Row("api-huddle-start", "post", S("404 404 201 201 201 201 401"), kwargs=pk_of("huddle")),
    Row("api-meeting-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-meeting-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("meeting")),
    Row("api-meeting-add-action-item", "post", S("404 404 400 400 400 400 401"), kwargs=pk_of("meeting")),
    Row("api-meeting-attendance", "post", S("404 404 200 200 200 200 401"), kwargs=pk_of("meeting")),
    Row("api-meeting-close", "post", S("404 404 200 200 200 200 401"), kwargs=pk_of("meeting")),
    Row("api-meeting-entries", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("meeting")),
    Row("api-meeting-entries", "post", S("404 404 400 400 400 400 401"), kwargs=pk_of("meeting")),
    Row("api-meeting-record-pulse", "post", S("400 400 400 400 400 400 401"), kwargs=pk_of("meeting")),
    Row("api-note-entry-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("entry")),
    Row("api-note-entry-detail", "patch", S("404 404 400 400 400 400 401"), kwargs=pk_of("entry")),
    Row("api-note-entry-flag", "post", S("404 404 201 201 201 201 401"), kwargs=pk_of("entry")),
    Row("api-note-entry-action-item", "post", S("404 404 201 201 201 201 401"), kwargs=pk_of("entry")),
    Row("api-action-item-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-action-item-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("action")),
    Row("api-action-item-detail", "patch", S("404 404 200 200 200 200 401"), kwargs=pk_of("action")),
    Row("api-action-item-flag", "post", S("404 404 201 201 201 201 401"), kwargs=pk_of("action")),
]
