"""Every write of the huddles app, one module per topic; the verbs are re-exported here."""

from huddles.services.actions import (
    add_action_item,
    make_action_from_entry,
    remind_overdue_action_items,
    update_action_item,
)
from huddles.services.common import HuddleConflict, MeetingClosed, VersionConflict
from huddles.services.escalation import escalate_action_item, escalate_entry, put_reply_on_next_meeting
from huddles.services.feedback import FeedbackNotOpen, rate_meeting, record_feedback_response
from huddles.services.meetings import (
    close_meeting,
    record_attendance,
    replan_upcoming,
    schedule_huddle,
    schedule_meetings,
    set_attendance,
    set_roles,
    start_meeting,
)
from huddles.services.notes import add_entry, edit_entry
from huddles.services.pulse import record_pulse
from huddles.services.setup import create_huddle, update_huddle

__all__ = [
    "FeedbackNotOpen",
    "HuddleConflict",
    "MeetingClosed",
    "VersionConflict",
    "add_action_item",
    "add_entry",
    "close_meeting",
    "create_huddle",
    "edit_entry",
    "make_action_from_entry",
    "escalate_action_item",
    "escalate_entry",
    "put_reply_on_next_meeting",
    "rate_meeting",
    "record_feedback_response",
    "record_pulse",
    "replan_upcoming",
    "remind_overdue_action_items",
    "schedule_huddle",
    "schedule_meetings",
    "record_attendance",
    "set_attendance",
    "set_roles",
    "start_meeting",
    "update_action_item",
    "update_huddle",
]
