"""What the huddles app puts in the weekly digest, and the kinds of notification it sends."""

from __future__ import annotations

from huddles.models import NoteEntry
from huddles.permissions import visible_note_entries
from huddles.selectors import my_open_action_items
from playbook.digest import ITEMS_PER_SECTION, Item, register_section
from playbook.notification_kinds import register

register(
    "huddle-action", "I was given an action item", "Someone made you the owner of a huddle action.", order=30
)
register("huddle-action-overdue", "My action item is overdue", order=31)


def _my_actions(user, since, until) -> list[Item]:
    items = my_open_action_items(user)[: ITEMS_PER_SECTION + 1]
    return [
        Item(
            item.text,
            item.get_absolute_url(),
            item.huddle.name + (f", due {item.due_on:%-d %B}" if item.due_on else ""),
        )
        for item in items
    ]


def _decisions(user, since, until) -> list[Item]:
    entries = (
        visible_note_entries(user)
        .filter(kind=NoteEntry.Kind.DECISION, created_at__gte=since, created_at__lt=until)
        .select_related("huddle", "meeting")
        .order_by("created_at", "pk")[: ITEMS_PER_SECTION + 1]
    )
    return [
        Item(f"{entry.huddle.name}: {entry.text[:200]}", entry.meeting.get_absolute_url())
        for entry in entries
    ]


register_section("huddles-actions", 20, _my_actions, title="Your open action items")
register_section("huddles-decisions", 60, _decisions, title="Huddle decisions this week")
