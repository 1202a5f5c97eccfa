"""Slots on the core's shared pages that apps fill: panels on the home page, controls in the header.

An app's ``panels.py`` registers ``Panel``s; the core finds those modules at start-up (as it finds
``permissions.py``) and renders whatever is registered, in ``order``, so the home page knows no
feature app. A panel's ``context(request)`` returns the template's context, or None to show nothing;
its optional ``data(request)`` returns the same panel as plain JSON-able data (or None), which is
what ``GET /api/v1/home/`` answers, so a script reads the home page a person sees.

A panel of figures across many teams may say it is ``kept_for`` some seconds: each worker then keeps
what it rendered (and answered) for that person that long, under a key that changes with their roles
and the team tree, so a new role or a moved team is seen at once, and under the panel's ``version``
if it has one, so the write it changes with is seen at once too; its template gets ``as_of``, the
moment it was read, and says so. With ``settings.PANELS_KEPT`` off every panel is read fresh.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.module_loading import autodiscover_modules
from django.utils.safestring import SafeString

from playbook import clock
from playbook.kept import kept

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
    kept_for: int = 0  # seconds a worker may show a person the same figures again (0: read each time)
    # A cheap read that any write the panel shows changes (say, the newest flag event): kept figures
    # then last until the next such write, not the whole ``kept_for``.
    version: Callable[[object], object] | None = None


PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> Panel:
    PANELS[panel.name] = panel  # by name, so importing a panels module twice registers it once
    return panel


def autodiscover() -> None:
    autodiscover_modules("panels")


def render(request, slot: str) -> list[SafeString]:
    """Every panel of ``slot`` that has something to show, rendered, in order."""
    shown = []
    for panel in _in_order(slot):
        html = _kept(panel, request, "html", lambda panel=panel: _rendered(panel, request))
        if html is not None:
            shown.append(html)
    return shown


def data(request, slot: str) -> dict[str, object]:
    """Every panel of ``slot`` that offers data and has something to show, by panel name."""
    answered = {}
    for panel in _in_order(slot):
        if panel.data is not None:
            value = _kept(panel, request, "data", lambda panel=panel: panel.data(request))
            if value is not None:
                answered[panel.name] = value
    return answered


def _in_order(slot: str) -> list[Panel]:
    return sorted((p for p in PANELS.values() if p.slot == slot), key=lambda p: (p.order, p.name))


def _rendered(panel: Panel, request) -> SafeString | None:
    context = panel.context(request)
    if context is None:
        return None
    if panel.kept_for:
        network = request.user.network
        # A panel whose figures were counted earlier (by a job) says when, in its own ``as_of``.
        zone = network.time_zone if network else "UTC"
        context = {"as_of": clock.now(), "as_of_zone": zone, **context}
    return render_to_string(panel.template, context, request=request)


def _kept(panel: Panel, request, form: str, read: Callable[[], object]):
    """``read()``, or what it gave this person within the panel's ``kept_for`` seconds."""
    if not panel.kept_for:
        return read()
    version = panel.version(request) if panel.version else ""
    return kept(request.user, f"{form}:{panel.name}", panel.kept_for, read, version=version)[0]
