"""Feedback on meetings, and what the lead changed in response ("you said, we did").

A meeting is rated once it is closed: the pulse asks how people are during the meeting and closes
with it, the feedback asks how the meeting went and opens then, so the two never overlap.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from huddles.models import FeedbackResponse, Huddle, Meeting, MeetingFeedback
from huddles.permissions import RATE, RESPOND_TO_FEEDBACK
from huddles.services.common import HuddleConflict, lock_meeting
from playbook import clock, permissions
from playbook.fields import NOTE_MAX
from playbook.models import User


class FeedbackNotOpen(HuddleConflict):
    pass


def _clean_text(text: str, field: str, *, required: bool) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ValidationError({field: "Say what you changed."})
    if len(text) > NOTE_MAX:
        raise ValidationError({field: f"Keep it under {NOTE_MAX:,} characters."})
    return text


@transaction.atomic
def rate_meeting(*, meeting: Meeting, by: User, rating, comment: str = "") -> MeetingFeedback:
    """Record (or change) how ``by`` rates this closed meeting: one rating per person per meeting."""
    permissions.require(by, meeting, RATE)
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": "Choose a number from 1 to 5."})
    comment = _clean_text(comment, "comment", required=False)
    if not lock_meeting(meeting).is_closed:
        raise FeedbackNotOpen("Feedback opens once the meeting is closed.")
    feedback, _ = MeetingFeedback.objects.update_or_create(
        meeting=meeting,
        person=by,
        defaults={"rating": rating, "comment": comment, "recorded_at": clock.now()},
    )
    return feedback


@transaction.atomic
def record_feedback_response(
    *, huddle: Huddle, by: User, text: str, changed_on: date, meeting: Meeting | None = None
) -> FeedbackResponse:
    """Record what the huddle's lead changed in response to feedback, optionally naming the meeting
    whose feedback prompted it."""
    permissions.require(by, huddle, RESPOND_TO_FEEDBACK)
    text = _clean_text(text, "text", required=True)
    if not isinstance(changed_on, date):
        raise ValidationError({"changed_on": "Give the date of the change."})
    today = timezone.localtime(clock.now(), ZoneInfo(huddle.network.time_zone)).date()
    if changed_on > today:
        raise ValidationError({"changed_on": "Record a change once it is made: the date cannot be ahead."})
    if meeting is not None and not Meeting.objects.filter(pk=meeting.pk, huddle_id=huddle.pk).exists():
        raise ValidationError({"meeting": "Choose one of this huddle's meetings."})
    return FeedbackResponse.objects.create(
        huddle=huddle, meeting=meeting, text=text, changed_on=changed_on, by=by, created_at=clock.now()
    )
