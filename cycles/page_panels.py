"""What cycles shows on the lower apps' pages (``measures.page_slots``): a focus area's progress score,
and under each change idea on the driver diagram every cycle on it the viewer may see."""

from __future__ import annotations

from collections import defaultdict

from cycles.permissions import visible_cycles
from cycles.progress import progress_for
from cycles.spread import with_prediction_counts
from measures.page_slots import CHANGE_IDEA, FOCUS_AREA, PagePanel, register


def _progress(request, focus_area, **extra) -> dict:
    return {"focus_area": focus_area, "progress": progress_for(focus_area)}


def _cycles_of_ideas(request, focus_area) -> dict[int, list]:
    # One query for every idea of the diagram, kept on the request: the panel renders once per idea.
    cache = request.__dict__.setdefault("_cycles_of_ideas", {})
    if focus_area.pk not in cache:
        found = defaultdict(list)
        cycles = (
            with_prediction_counts(visible_cycles(request.user).filter(change_idea__focus_area=focus_area))
            .select_related("team")
            .order_by("team__name", "created_at", "pk")
        )
        for cycle in cycles:
            found[cycle.change_idea_id].append(cycle)
        cache[focus_area.pk] = found
    return cache[focus_area.pk]


def _idea_cycles(request, idea, focus_area=None, **extra) -> dict | None:
    if focus_area is None:
        return None
    return {"idea": idea, "cycles": _cycles_of_ideas(request, focus_area).get(idea.id, [])}


register(PagePanel("cycles-progress", FOCUS_AREA, 10, "cycles/progress_panel.html", _progress))
register(PagePanel("cycles-of-idea", CHANGE_IDEA, 10, "cycles/spread_map_idea_cycles.html", _idea_cycles))
