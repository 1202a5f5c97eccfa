"""Action items: assigned in a meeting, carried forward until done, one reminder when overdue."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from huddles.models import ActionItem, ActionReminder, Meeting, NoteEntry
from huddles.services.common import MeetingClosed, VersionConflict, closed_message, lock_meeting
from huddles.services.meetings import huddle_people
from playbook import clock, permissions
from playbook.dates import check_in_window
from playbook.models import User
from playbook.notifications import notify


def _owner(meeting: Meeting, owner: User | None) -> User:
    if owner is None:
        raise ValidationError({"owner": "Choose who will do it."})
    if owner.pk not in {p.pk for p in huddle_people(meeting.huddle)}:
        raise ValidationError({"owner": "Choose a member of the huddle's teams."})
    return owner


@transaction.atomic
def add_action_item(
    *,
    meeting: Meeting,
    by: User,
    text: str,
    owner: User | None,
    due_on: date | None = None,
    source_entry: NoteEntry | None = None,
) -> ActionItem:
    permissions.require(by, meeting, permissions.CONTRIBUTE)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Say what needs doing."})
    if len(text) > 500:
        raise ValidationError({"text": "Keep it under 500 characters."})
    owner = _owner(meeting, owner)
    check_in_window("due_on", due_on)
    if lock_meeting(meeting).is_closed:
        raise MeetingClosed(closed_message(meeting))
    item = ActionItem.objects.create(
        huddle_id=meeting.huddle_id,
        meeting=meeting,
        text=text,
        owner=owner,
        due_on=due_on,
        created_by=by,
        created_at=clock.now(),
        source_entry=source_entry,
    )
    # The owner's one notification about this item (closing the meeting sends none).
    if owner.pk != by.pk:
        notify(
            recipient=owner,
            subject=f"New action item for you from {meeting.huddle.name}",
            body=text + (f"\nDue {due_on:%-d %B %Y}." if due_on else ""),
            url=item.get_absolute_url(),
            kind="huddle-action",
        )
    return item


@transaction.atomic
def make_action_from_entry(*, entry: NoteEntry, by: User) -> ActionItem:
    """A note becomes an action item in one tap: its words, owned by whoever wrote the note (or by the
    person tapping, when the writer is no longer in the huddle's teams). One action per note."""
    permissions.require(by, entry, permissions.CONTRIBUTE)
    entry = NoteEntry.objects.select_for_update().select_related("meeting__huddle", "author").get(pk=entry.pk)
    if ActionItem.all_objects.filter(source_entry=entry).exists():
        raise ValidationError("This note is already an action item.")
    people = {p.pk for p in huddle_people(entry.meeting.huddle)}
    owner = entry.author if entry.author_id in people else by
    text = entry.text.strip()
    text = text if len(text) <= 500 else text[:499] + "…"
    return add_action_item(meeting=entry.meeting, by=by, text=text, owner=owner, source_entry=entry)


UPDATABLE = {"text", "owner", "due_on", "status"}


@transaction.atomic
def update_action_item(*, item: ActionItem, by: User, version: int | None = None, **fields) -> ActionItem:
    """Change an item (its status, above all). Open items carry forward; done ones stop doing so.

    Action items outlive their meeting, so a closed meeting does not freeze them.
    """
    permissions.require(by, item, permissions.CONTRIBUTE)
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))}")
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    if version is not None and locked.version != version:
        raise VersionConflict("Someone else changed this action item first. Reload to see their change.")
    if "text" in fields and not (fields["text"] or "").strip():
        raise ValidationError({"text": "Say what needs doing."})
    if "owner" in fields:
        fields["owner"] = _owner(item.meeting, fields["owner"])
    if "due_on" in fields:
        check_in_window("due_on", fields["due_on"])
    if "status" in fields and fields["status"] not in ActionItem.Status.values:
        raise ValidationError({"status": "Choose open, done or dropped."})
    for key, value in fields.items():
        setattr(locked, key, value)
    if "status" in fields:
        locked.done_at = clock.now() if fields["status"] != ActionItem.Status.OPEN else None
    locked.version = F("version") + 1
    locked.save()
    locked.refresh_from_db()
    return locked


def remind_overdue_action_items(on: date | None = None) -> int:
    """Each open item past its due date gets one reminder, ever: the reminder row makes sure."""
    on = on or clock.today()
    due = (
        ActionItem.objects.filter(status=ActionItem.Status.OPEN, due_on__lt=on, reminder__isnull=True)
        .select_related("owner", "huddle")
        .order_by("pk")
    )
    sent = 0
    for item in due.iterator():
        with transaction.atomic():
            _, created = ActionReminder.objects.get_or_create(
                action_item=item, defaults={"sent_at": clock.now()}
            )
            if not created or not item.owner.is_active:
                continue
            notify(
                recipient=item.owner,
                subject=f"Action item overdue: {item.text[:120]}",
                body=f"From {item.huddle.name}; it was due on {item.due_on:%-d %B %Y}.",
                url=item.get_absolute_url(),
                kind="huddle-action-overdue",
            )
            sent += 1
    return sent
