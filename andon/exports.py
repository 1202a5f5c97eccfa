"""Flags as a spreadsheet (CSV or Excel): the flags the dashboard shows a person, with its filters."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.urls import reverse

from playbook.downloads import table_response
from playbook.email import absolute_url

COLUMNS = [
    "id", "title", "category", "severity", "status", "team", "held_by", "tier", "raised_by", "raised_at",
    "acknowledged_at", "resolved_at", "assignee", "resolution", "learning", "link",
]  # fmt: skip
CHUNK = 1000


def flag_rows(flags, time_zone: str):
    """One row per flag, read in chunks over two joins: no query per row, however many flags."""
    zone = ZoneInfo(time_zone)
    # Django's reverse() is the slow part of a long export: resolve the pattern once, fill in the id.
    detail = reverse("andon-flag-detail", args=[0]).replace("/0/", "/{}/")

    def local(moment):
        # Excel has no time zones: the network's own clock, as its people read it.
        return moment.astimezone(zone).replace(tzinfo=None, microsecond=0) if moment else None

    rows = (
        flags.select_related("team", "holding_team", "raised_by", "assignee")
        .order_by("raised_at", "id")
        .iterator(chunk_size=CHUNK)
    )
    for flag in rows:
        yield [
            flag.pk,
            flag.title,
            flag.get_category_display(),
            flag.get_severity_display(),
            flag.get_status_display(),
            flag.team.name,
            flag.holding_team.name,
            flag.holding_team.get_kind_display(),
            flag.raised_by.display_name,
            local(flag.raised_at),
            local(flag.acknowledged_at),
            local(flag.resolved_at),
            flag.assignee.display_name if flag.assignee else "",
            flag.resolution,
            flag.learning,
            absolute_url(detail.format(flag.pk)),
        ]


def flags_download(flags, *, time_zone: str, fmt: str, day):
    name = f"flags-{day.isoformat()}"
    return table_response(COLUMNS, flag_rows(flags, time_zone), fmt, name=name, title="Flags")
