"""The focus area's story on one page, to print: the aim, the measures' charts, the driver diagram,
and the cycles that tested each change idea with what was decided.

It lives in cycles because it tells all three: cycles sits above theory and measures, so it reads
the diagram and the charts through their own modules and its cycles through its own permission rule.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.safestring import mark_safe

from cycles.permissions import visible_cycles
from measures.views.focus import focus_area_charts
from theory import selectors as theory_selectors
from theory.views.pages import get_focus_area


def focus_area_story(request, pk):
    focus_area = get_focus_area(request.user, pk)
    diagram = theory_selectors.driver_diagram(focus_area)
    tested: dict[int, list] = {}
    ideas = [idea.id for idea in diagram.ideas]
    for cycle in visible_cycles(request.user).filter(change_idea_id__in=ideas).order_by("starts_on", "pk"):
        tested.setdefault(cycle.change_idea_id, []).append(cycle)
    context = {
        "focus_area": focus_area,
        "charts": focus_area_charts(focus_area),
        "svg": mark_safe(diagram.svg(title=f"Driver diagram: {focus_area.title}")),  # built with escaped text
        "ideas": [(idea, tested.get(idea.id, [])) for idea in diagram.ideas],
    }
    return render(request, "cycles/focus_area_story.html", context)
