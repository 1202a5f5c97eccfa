"""Places on the measures and theory pages that higher apps fill, as ``playbook.slots`` does for the
home page: a lower layer offers the slot and renders whatever is registered, it never imports upward.

A higher app's ``page_panels.py`` registers ``PagePanel``s; they are found the first time a slot is
rendered (``autodiscover_modules``, as the core finds ``permissions.py`` and ``panels.py``). Unlike a
home panel, a page panel is about the page's object: ``context(request, obj, **extra)`` returns the
template's context, or None to show nothing. A panel shown once per row of a page (a change idea on
the driver diagram) keeps its reads bounded by fetching for the whole page once, on the request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.module_loading import autodiscover_modules
from django.utils.safestring import SafeString, mark_safe

FOCUS_AREA = "focus-area"  # measures/focus_area_detail.html, under the aim; obj is the FocusArea
CHANGE_IDEA = "change-idea"  # theory/_idea_item.html, in each idea; obj the IdeaItem, focus_area= the page's


@dataclass(frozen=True)
class PagePanel:
    name: str
    slot: str
    order: int
    template: str
    context: Callable[..., dict | None]


PANELS: dict[str, PagePanel] = {}
_found = False


def register(panel: PagePanel) -> PagePanel:
    PANELS[panel.name] = panel  # by name, so importing a module twice registers it once
    return panel


def _discover() -> None:
    global _found
    if not _found:
        autodiscover_modules("page_panels")
        _found = True


def render(request, slot: str, obj, **extra) -> SafeString:
    """Every panel of ``slot`` that has something to show about ``obj``, rendered, in order."""
    _discover()
    shown = []
    for panel in sorted((p for p in PANELS.values() if p.slot == slot), key=lambda p: (p.order, p.name)):
        context = panel.context(request, obj, **extra)
        if context is not None:
            shown.append(render_to_string(panel.template, context, request=request))
    return mark_safe("".join(shown))  # each part is a rendered, autoescaped template
