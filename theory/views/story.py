"""The focus area's story on one page, to print: the aim, the measures' charts, the driver diagram,
and the cycles that tested each change idea with what was decided.

Theory sits above measures and below cycles: it reads the measures' stored charts as their pages do,
and the cycles through the relation the cycles app adds (``selectors.idea_cycles``).
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.safestring import mark_safe

from measures.views.focus import focus_area_charts
from theory import selectors
from theory.views.pages import get_focus_area


def focus_area_story(request, pk):
    focus_area = get_focus_area(request.user, pk)
    diagram = selectors.driver_diagram(focus_area)
    cycles = selectors.idea_cycles(request.user, [idea.id for idea in diagram.ideas])
    context = {
        "focus_area": focus_area,
        "charts": focus_area_charts(focus_area),
        "svg": mark_safe(diagram.svg(title=f"Driver diagram: {focus_area.title}")),  # built with escaped text
        "ideas": [(idea, cycles.get(idea.id, [])) for idea in diagram.ideas],
    }
    return render(request, "theory/story.html", context)
