"""Huddle decisions and notes in the network's record of what we learned (``playbook.learnings``).

One row per note entry (a decision, a note, a reply to a flag), so a search ranks the entry that
says it; the row names its meeting (``object_id``) and links to the entry on the meeting's page.
"""

from __future__ import annotations

from django.urls import reverse

from huddles.models import NoteEntry
from huddles.permissions import visible_note_entries
from playbook.learnings import LearningSource, Search, learning_rows, register

# The text search_document is built from, by the trigger of huddles/migrations/0006_learning_search_index.
FIELDS = ("text",)


def entry_rows(user, search: Search):
    if search.focus_area or search.change_idea:  # a huddle belongs to teams, not to a focus area
        return None
    entries = visible_note_entries(user, huddles_listed=True).filter(meeting__archived_at__isnull=True)
    if search.team:
        entries = entries.filter(huddle__team_id=search.team)
    return learning_rows(
        entries,
        search,
        kind="meeting",
        fields=FIELDS,
        object_id="meeting_id",
        title="huddle__name",
        team_name="huddle__team__name",
        when="created_at",
    )


def entry_url(row) -> str:
    return reverse("meeting-detail", args=[row["learning_object"]]) + f"#entry-{row['learning_row']}"


register(
    LearningSource(
        kind="meeting",
        label="Huddle note",
        model=NoteEntry,
        fields=FIELDS,
        rows=entry_rows,
        url=entry_url,
        order=30,
    )
)
