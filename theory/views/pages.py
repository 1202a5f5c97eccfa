"""The theory pages: 5 Whys, fishbone and driver diagram of a focus area, its history, SVG exports.

Pages read through ``selectors``; the edits (``theory.views.drivers``, ``.change_ideas``, ``.fishbone``,
``.whys``) write through ``services`` and answer htmx with the tool's editor re-rendered in place
(``render_<tool>`` here), or anyone else with the page again.
A ``?as_of=YYYY-MM-DD`` shows a diagram, read-only, as it stood at the end of that day.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from measures import study_figures
from measures.models import FocusArea
from playbook import permissions
from playbook.models import User
from theory import selectors
from theory.forms import AsOfForm
from theory.models import TheoryEvent

TOOLS = {
    "whys": "5 Whys",
    "fishbone": "Fishbone",
    "drivers": "Driver diagram",
}


@dataclass
class Error:
    """A refused edit, shown at the form (``key``) it came from, with what was typed."""

    key: str
    message: str
    values: dict


def get_focus_area(user, pk, action=permissions.VIEW) -> FocusArea:
    return permissions.get_for_user(
        user, FocusArea.objects.select_related("team__network", "owner"), pk, action
    )


def _as_of(request, focus_area):
    form = AsOfForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["as_of"]:
        day = form.cleaned_data["as_of"]
        return form, day, selectors.end_of_day(focus_area, day)
    return form, None, None


def _base(request, focus_area: FocusArea, tool: str, **extra) -> dict:
    user = request.user
    form, day, moment = _as_of(request, focus_area) if request.method == "GET" else (AsOfForm(), None, None)
    return {
        "focus_area": focus_area,
        "tool": tool,
        "tool_name": TOOLS[tool],
        "as_of_form": form,
        "as_of_day": day,
        "as_of": moment,
        "may_shape": moment is None and permissions.can(user, permissions.CHANGE, focus_area),
        "may_contribute": moment is None and permissions.can(user, permissions.CONTRIBUTE, focus_area),
        # The cycles rule (``cycles.permissions.can_create_cycle``: the team's people and the leaders
        # above) is the focus area's CONTRIBUTE rule; theory sits below cycles and asks the policy that.
        "may_plan_cycles": moment is None and permissions.can(user, permissions.CONTRIBUTE, focus_area),
        "error": None,
        "touched": "",
        "notice": "",
        **extra,
    }


def _page(request, template: str, context: dict, status: int = 200):
    """The whole page, or only the editor when htmx asks (after an edit)."""
    if getattr(request, "htmx", False) and request.method == "POST":
        template = template.replace(".html", "_editor.html").replace("theory/", "theory/_", 1)
    return render(request, template, context, status=status)


# --- Driver diagram ----------------------------------------------------------------------------------


def render_drivers(request, focus_area: FocusArea, status: int = 200, **extra):
    context = _base(request, focus_area, "drivers", **extra)
    diagram = selectors.driver_diagram(focus_area, as_of=context["as_of"])
    context.update(
        diagram=diagram,
        svg=mark_safe(diagram.svg(title=f"Driver diagram: {focus_area.title}")),  # built with escaped text
        ideas_by_id={i.id: i for i in (*diagram.ideas, *diagram.archived_ideas)},
    )
    return _page(request, "theory/drivers.html", context, status)


def driver_diagram(request, pk):
    return render_drivers(request, get_focus_area(request.user, pk))


def _svg_download(markup: str, focus_area: FocusArea, what: str, day) -> HttpResponse:
    response = HttpResponse('<?xml version="1.0" encoding="UTF-8"?>\n' + markup, content_type="image/svg+xml")
    name = f"{slugify(focus_area.title) or 'focus-area'}-{what}{f'-{day:%Y-%m-%d}' if day else ''}.svg"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def driver_diagram_svg(request, pk):
    focus_area = get_focus_area(request.user, pk)
    _, day, moment = _as_of(request, focus_area)
    diagram = selectors.driver_diagram(focus_area, as_of=moment)
    return _svg_download(
        diagram.svg(title=f"Driver diagram: {focus_area.title}"), focus_area, "driver-diagram", day
    )


# --- Fishbone ----------------------------------------------------------------------------------------


def render_fishbone(request, focus_area: FocusArea, status: int = 200, **extra):
    context = _base(request, focus_area, "fishbone", **extra)
    fishbone = selectors.fishbone_diagram(focus_area, user=request.user, as_of=context["as_of"])
    context.update(
        fishbone=fishbone,
        svg=mark_safe(fishbone.svg(title=f"Fishbone: {fishbone.effect}")) if fishbone else "",
        pareto=cause_pareto(fishbone),
    )
    return _page(request, "theory/fishbone.html", context, status)


def cause_pareto(fishbone) -> dict | None:
    """The fishbone's causes by votes as a Pareto chart; causes nobody voted for are left out."""
    voted = [c for c in fishbone.causes if c.votes] if fishbone else []
    return study_figures.pareto_panel(
        [c.text for c in voted],
        [c.votes for c in voted],
        dom_id="cause-pareto",
        what="Votes",
        category="Cause",
    )


def fishbone(request, pk):
    return render_fishbone(request, get_focus_area(request.user, pk))


def fishbone_svg(request, pk):
    focus_area = get_focus_area(request.user, pk)
    _, day, moment = _as_of(request, focus_area)
    drawn = selectors.fishbone_diagram(focus_area, as_of=moment)
    if drawn is None:
        return HttpResponse("This focus area has no fishbone yet.", status=404, content_type="text/plain")
    return _svg_download(drawn.svg(title=f"Fishbone: {drawn.effect}"), focus_area, "fishbone", day)


# --- 5 Whys ------------------------------------------------------------------------------------------


def team_people(focus_area: FocusArea):
    """Who may take part in a 5 Whys: the people of the team (the leaders above may join too)."""
    return (
        User.objects.filter(memberships__team_id=focus_area.team_id, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def render_whys(request, focus_area: FocusArea, status: int = 200, **extra):
    context = _base(request, focus_area, "whys", **extra)
    context.update(
        analyses=selectors.why_analyses(focus_area, user=request.user, as_of=context["as_of"]),
        people=list(team_people(focus_area)) if context["may_contribute"] else [],
    )
    return _page(request, "theory/whys.html", context, status)


def whys(request, pk):
    return render_whys(request, get_focus_area(request.user, pk))


# --- Overview and history ----------------------------------------------------------------------------


def index(request):
    return render(request, "theory/index.html", {"focus_areas": selectors.theory_focus_areas(request.user)})


def history(request, pk):
    focus_area = get_focus_area(request.user, pk)
    diagram = request.GET.get("diagram", "")
    if diagram not in TheoryEvent.Diagram.values:
        diagram = ""
    page = Paginator(selectors.history_events(focus_area, diagram=diagram or None), 50).get_page(
        request.GET.get("page")
    )
    context = {
        "focus_area": focus_area,
        "page": page,
        "events": page.object_list,
        "diagram": diagram,
        "diagrams": TheoryEvent.Diagram.choices,
        "tool": "history",
    }
    return render(request, "theory/history.html", context)


RENDERERS = {"drivers": render_drivers, "fishbone": render_fishbone, "whys": render_whys}
