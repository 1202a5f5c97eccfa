"""The running notes: each contribution is its own row, so concurrent writers never overwrite each other.

Adding an entry locks its meeting row (``FOR NO KEY UPDATE``) for the length of the short transaction.
That does two things: closing the meeting waits for entries in flight (so none slips in after the
close), and entries of one meeting get their ids in commit order, so a poller asking for "entries
after id N" can never miss one that committed late with a smaller id.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from huddles.models import Meeting, NoteEntry, NoteEntryRevision
from huddles.services.common import MeetingClosed, VersionConflict, closed_message
from playbook import clock, permissions
from playbook.models import User

MAX_TEXT = NoteEntry._meta.get_field("text").max_length


def _text(value: str) -> str:
    # A browser's form sends a textarea's line breaks as CRLF; the notes keep plain newlines.
    value = (value or "").replace("\r\n", "\n").strip()
    if not value:
        raise ValidationError({"text": "Write something first."})
    if len(value) > MAX_TEXT:
        raise ValidationError({"text": f"Keep it under {MAX_TEXT:,} characters."})
    return value


def _locked(meeting: Meeting) -> Meeting:
    fresh = Meeting.objects.select_for_update(no_key=True).only("status", "closed_at").get(pk=meeting.pk)
    meeting.status, meeting.closed_at = fresh.status, fresh.closed_at
    return meeting


@transaction.atomic
def add_entry(
    *,
    meeting: Meeting,
    by: User,
    text: str,
    kind: str = NoteEntry.Kind.NOTE,
    question: str = "",
    amendment: bool = False,
    amends: NoteEntry | None = None,
) -> NoteEntry:
    permissions.require(by, meeting, permissions.CONTRIBUTE)
    text = _text(text)
    if kind not in (NoteEntry.Kind.NOTE, NoteEntry.Kind.DECISION):
        raise ValidationError({"kind": "An entry is a note or a decision."})
    if question and question not in meeting.huddle.questions:
        raise ValidationError({"question": "Choose one of the huddle's questions."})
    meeting = _locked(meeting)
    if meeting.is_closed and not amendment:
        raise MeetingClosed(closed_message(meeting))
    now = clock.now()
    return NoteEntry.objects.create(
        meeting=meeting,
        huddle_id=meeting.huddle_id,
        author=by,
        kind=kind,
        question=question,
        text=text,
        is_amendment=meeting.is_closed,
        amends=amends,
        created_at=now,
        updated_at=now,
    )


@transaction.atomic
def edit_entry(*, entry: NoteEntry, by: User, text: str, version: int, amendment: bool = False) -> NoteEntry:
    """Change an entry's text if nobody changed it since ``version``; after the close, amend instead.

    Anyone at the meeting may edit anyone's entry (the notes are the team's), so the text it replaces
    is kept as a revision with who wrote it and when, and the entry says who edited it last."""
    permissions.require(by, entry, permissions.CONTRIBUTE)
    text = _text(text)
    meeting = _locked(entry.meeting)
    if meeting.is_closed:
        if not amendment:
            raise MeetingClosed(closed_message(meeting))
        return add_entry(meeting=meeting, by=by, text=text, kind=entry.kind, amendment=True, amends=entry)
    # The meeting's lock (above) serializes edits of its entries, so this is the text being replaced.
    previous = NoteEntry.all_objects.filter(pk=entry.pk).values(
        "version", "text", "author_id", "created_at", "updated_by_id", "updated_at"
    )[0]
    if previous["version"] == version and previous["text"] == text:  # saved unchanged: nothing to keep
        return NoteEntry.objects.select_related("author", "updated_by").get(pk=entry.pk)
    changed = NoteEntry.objects.filter(pk=entry.pk, version=version).update(
        text=text, version=F("version") + 1, updated_at=clock.now(), updated_by=by
    )
    if changed:
        NoteEntryRevision.objects.create(
            entry_id=entry.pk,
            version=previous["version"],
            text=previous["text"],
            edited_by_id=previous["updated_by_id"] or previous["author_id"],
            edited_at=previous["updated_at"] if previous["updated_by_id"] else previous["created_at"],
        )
    current = NoteEntry.objects.select_related("author", "updated_by").get(pk=entry.pk)
    if not changed:
        who = current.updated_by.display_name if current.updated_by else current.author.display_name
        raise VersionConflict(
            f"{who} changed this entry while you were editing it. Their text is shown now: "
            "copy yours back in if it still needs saying.",
            current=current,
        )
    return current
