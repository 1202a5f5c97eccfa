"""What every huddles service shares: the conflicts they raise and the locks they take."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.utils import timezone

from huddles.models import Meeting
from playbook.errors import Conflict


class HuddleConflict(Conflict):
    """The state of the data forbids this change (the API answers 409, a page shows the message)."""


class VersionConflict(HuddleConflict):
    """Someone else changed the row since the editor loaded it."""

    def __init__(self, message: str, current=None):
        super().__init__(message)
        self.current = current


class MeetingClosed(HuddleConflict):
    pass


def lock_meeting(meeting: Meeting) -> Meeting:
    """Re-read the meeting's status under a share lock, so closing waits for writes in flight."""
    fresh = Meeting.objects.select_for_update().only("status", "closed_at").get(pk=meeting.pk)
    meeting.status, meeting.closed_at = fresh.status, fresh.closed_at
    return meeting


def closed_message(meeting: Meeting) -> str:
    when = timezone.localtime(meeting.closed_at, ZoneInfo(meeting.huddle.network.time_zone))
    return (
        f"This meeting was closed on {when:%-d %B %Y at %H:%M}. "
        "Add what you want to change as an amendment instead."
    )
