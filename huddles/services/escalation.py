"""From a huddle to the andon: a note or an action item becomes a flag in one click, linked both ways
(the note or item names its flag; ``MeetingFlag`` names the meeting, for andon's "from meeting …" and
for replies); a reply sent back down lands on the huddle's next meeting."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from andon.services.flags import raise_flag
from huddles.models import ActionItem, FlagReply, Huddle, Meeting, MeetingFlag, NoteEntry
from huddles.services.meetings import next_meeting
from playbook import clock, permissions
from playbook.models import User


def _title(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else "Raised in a huddle"
    return first if len(first) <= 120 else first[:119] + "…"


def _raise(*, meeting: Meeting, by: User, text: str, what: str):
    """Runs inside the caller's transaction: the flag and its link to the meeting are saved together."""
    huddle = meeting.huddle
    when = f"{meeting.scheduled_start:%-d %B %Y}"
    flag = raise_flag(
        team=huddle.team,
        by=by,
        title=_title(text),
        description=f"{text.strip()}\n\n(Raised from {what} in the {huddle.name} huddle of {when}.)",
    )
    MeetingFlag.objects.create(meeting=meeting, flag=flag)
    return flag


@transaction.atomic
def escalate_entry(*, entry: NoteEntry, by: User):
    permissions.require(by, entry, permissions.CONTRIBUTE)
    entry = NoteEntry.objects.select_for_update().select_related("meeting__huddle").get(pk=entry.pk)
    if entry.flag_id:
        raise ValidationError("This entry is already a flag.")
    entry.flag = _raise(meeting=entry.meeting, by=by, text=entry.text, what="a note")
    entry.save(update_fields=["flag"])
    return entry.flag


@transaction.atomic
def escalate_action_item(*, item: ActionItem, by: User):
    permissions.require(by, item, permissions.CONTRIBUTE)
    item = ActionItem.objects.select_for_update().select_related("meeting__huddle").get(pk=item.pk)
    if item.flag_id:
        raise ValidationError("This action item is already a flag.")
    item.flag = _raise(meeting=item.meeting, by=by, text=item.text, what="an action item")
    item.save(update_fields=["flag"])
    return item.flag


def put_reply_on_next_meeting(sender, *, flag, reply, by, **kwargs) -> FlagReply | None:
    """``andon.signals.flag_sent_down`` receiver (runs inside andon's transaction)."""
    huddle = Huddle.objects.filter(meetings__flag_links__flag=flag).first()
    if huddle is None:  # not raised from a meeting
        return None
    return FlagReply.objects.create(
        huddle=huddle, flag=flag, meeting=next_meeting(huddle), reply=reply, by=by, created_at=clock.now()
    )
