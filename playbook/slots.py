"""Slots on the core's shared pages that apps fill: panels on the home page, controls in the header.

An app's ``panels.py`` registers ``Panel``s; the core finds those modules at start-up (as it finds
``permissions.py``) and renders whatever is registered, in ``order``, so the home page knows no
feature app. A panel's ``context(request)`` returns the template's context, or None to show nothing;
its optional ``data(request)`` returns the same panel as plain JSON-able data (or None), which is
what ``GET /api/v1/home/`` answers, so a script reads the home page a person sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.module_loading import autodiscover_modules
from django.utils.safestring import SafeString

HOME = "home"
HEADER = "header"


@dataclass(frozen=True)
class Panel:
    name: str
    slot: str
    order: int
    template: str
    context: Callable[[object], dict | None]
    data: Callable[[object], dict | list | None] | None = None


PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> Panel:
    PANELS[panel.name] = panel  # by name, so importing a panels module twice registers it once
    return panel


def autodiscover() -> None:
    autodiscover_modules("panels")


def render(request, slot: str) -> list[SafeString]:
    """Every panel of ``slot`` that has something to show, rendered, in order."""
    shown = []
    for panel in sorted((p for p in PANELS.values() if p.slot == slot), key=lambda p: (p.order, p.name)):
        context = panel.context(request)
        if context is not None:
            shown.append(render_to_string(panel.template, context, request=request))
    return shown


def data(request, slot: str) -> dict[str, object]:
    """Every panel of ``slot`` that offers data and has something to show, by panel name."""
    answered = {}
    for panel in sorted((p for p in PANELS.values() if p.slot == slot), key=lambda p: (p.order, p.name)):
        if panel.data is not None:
            value = panel.data(request)
            if value is not None:
                answered[panel.name] = value
    return answered
