"""The running notes as Markdown: one document, meeting by meeting."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.utils import timezone


def notes_markdown(huddle, entries) -> str:
    lines = [f"# {huddle.name} — running notes", ""]
    if huddle.purpose:
        lines += [huddle.purpose, ""]
    zone = ZoneInfo(huddle.network.time_zone)
    current = None
    for entry in entries:
        if entry.meeting_id != current:
            current = entry.meeting_id
            when = timezone.localtime(entry.meeting.scheduled_start, zone)
            lines += ["", f"## {when:%A %-d %B %Y, %H:%M}", ""]
        at = timezone.localtime(entry.created_at, zone)
        label = "**Decision:** " if entry.kind == "decision" else ""
        if entry.question:
            label += f"*{entry.question}* "
        if entry.is_amendment:
            label += "*(amendment)* "
        text = entry.text.replace("\n", "\n  ")
        edited = f" *(edited by {entry.updated_by.display_name})*" if entry.updated_by_id else ""
        lines.append(f"- {at:%H:%M} {entry.author.display_name}: {label}{text}{edited}")
    return "\n".join(lines).strip() + "\n"
