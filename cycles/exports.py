"""Cycles as a CSV file, for the page's download and the API alike."""

from __future__ import annotations

import csv
import io
from datetime import date

from cycles import selectors
from playbook.spreadsheets import safe_cell

COLUMNS = [
    "id", "title", "team", "focus_area", "change_idea", "owner", "stage", "starts_on", "ends_on", "scale",
    "predictions", "studied", "met", "decision", "overdue", "ramp_from", "adapted_from", "objective",
]  # fmt: skip


def cycles_csv(cycles, today: date) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for c in selectors.for_list(cycles).order_by("team__name", "-created_at", "-pk").iterator(chunk_size=500):
        writer.writerow(
            [
                c.pk,
                safe_cell(c.title),
                safe_cell(c.team.name),
                safe_cell(c.focus_area.title) if c.focus_area else "",
                safe_cell(c.change_idea.title) if c.change_idea else "",
                safe_cell(c.owner.display_name),
                c.get_stage_display(),
                c.starts_on.isoformat() if c.starts_on else "",
                c.ends_on.isoformat() if c.ends_on else "",
                c.scale_text,
                c.n_predictions,
                c.n_studied,
                c.n_met,
                c.get_decision_display() if c.decision else "",
                "yes" if c.is_overdue(today) else "",
                c.ramp_from_id or "",
                c.adapted_from_id or "",
                safe_cell(c.objective.replace("\r\n", "\n")),
            ]
        )
    return out.getvalue()
