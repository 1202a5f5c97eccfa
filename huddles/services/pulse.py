"""The pulse: each attendee's 1–5, private to them; the team sees averages over time."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from huddles.models import Meeting, PulseCheck
from huddles.services.common import MeetingClosed, closed_message, lock_meeting
from playbook import clock, permissions
from playbook.models import User


@transaction.atomic
def record_pulse(*, meeting: Meeting, by: User, score: int, word: str = "") -> PulseCheck:
    """Record (or change) how ``by`` feels at this meeting."""
    permissions.require(by, meeting, permissions.CONTRIBUTE)
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ValidationError({"score": "Choose a number from 1 to 5."})
    word = (word or "").strip()
    if len(word) > 40 or len(word.split()) > 1:
        raise ValidationError({"word": "One word, please."})
    if lock_meeting(meeting).is_closed:
        raise MeetingClosed(closed_message(meeting))
    pulse, _ = PulseCheck.objects.update_or_create(
        meeting=meeting, person=by, defaults={"score": score, "word": word, "recorded_at": clock.now()}
    )
    return pulse
