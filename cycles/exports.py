"""Cycles as a spreadsheet (CSV or Excel), for the page's download and the API alike."""

from __future__ import annotations

from datetime import date

from cycles import selectors
from playbook.downloads import table_response

COLUMNS = [
    "id", "title", "team", "focus_area", "change_idea", "owner", "stage", "starts_on", "ends_on", "scale",
    "predictions", "studied", "met", "decision", "overdue", "ramp_from", "adapted_from", "objective",
]  # fmt: skip


def cycle_rows(cycles, today: date):
    for c in selectors.for_list(cycles).order_by("team__name", "-created_at", "-pk").iterator(chunk_size=500):
        yield [
            c.pk,
            c.title,
            c.team.name,
            c.focus_area.title if c.focus_area else "",
            c.change_idea.title if c.change_idea else "",
            c.owner.display_name,
            c.get_stage_display(),
            c.starts_on,
            c.ends_on,
            c.scale_text,
            c.n_predictions,
            c.n_studied,
            c.n_met,
            c.get_decision_display() if c.decision else "",
            "yes" if c.is_overdue(today) else "",
            c.ramp_from_id,
            c.adapted_from_id,
            c.objective.replace("\r\n", "\n"),
        ]


def cycles_download(cycles, today: date, fmt: str):
    return table_response(COLUMNS, cycle_rows(cycles, today), fmt, name="cycles", title="Cycles")
