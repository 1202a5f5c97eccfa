"""What every edit to the theory shares: each view checks its small form, calls one service and answers
with the tool's editor re-rendered (htmx) or, without JavaScript, sends the browser back to the page.

A refusal (bad input, a rule of the diagram, a change idea that cycles depend on) is shown at the
form it came from, keeping what was typed; 403 and 404 come from the services and the fetch.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.db.models import Max
from django.shortcuts import redirect
from django.urls import reverse

from playbook import permissions
from playbook.web import submit
from theory.models import (
    Cause,
    ChangeIdea,
    Driver,
    FishboneCategory,
    TheoryEvent,
    WhyAnalysis,
    WhyChain,
    WhyStep,
)
from theory.permissions import visible_theory
from theory.views.pages import RENDERERS, Error

PAGES = {"drivers": "theory-drivers", "fishbone": "theory-fishbone", "whys": "theory-whys"}


def get_node(request, model, pk):
    """Fetch a node of a theory the person may see (404 otherwise); the service decides the rest."""
    rows = visible_theory(request.user, model).select_related("focus_area__team__network")
    return permissions.get_for_user(request.user, rows, pk)


def _first_error(form) -> str:
    for name, errors in form.errors.items():
        label = form.fields[name].label or name.replace("_", " ").capitalize() if name in form.fields else ""
        return f"{label}: {errors[0]}" if label and name != "__all__" else errors[0]
    return "Please check what you entered."


def act(request, focus_area, tool: str, key: str, do: Callable[[dict], object], form=None, *, then=None):
    """Run ``do(cleaned_data)`` (one service call) through ``playbook.web.submit`` and answer.

    ``key`` names the form the edit came from, where a refusal is shown with what was typed. After
    success the node kept open is the key ``do`` returns (when it returns a string), else ``then``,
    else ``key``.
    """
    form = form if form is not None else forms.Form(request.POST)
    since = TheoryEvent.objects.filter(focus_area=focus_area).aggregate(top=Max("id"))["top"] or 0
    done = submit(request, form, do)
    if not done.ok:
        error = Error(key, _first_error(form), request.POST)
        return RENDERERS[tool](request, focus_area, 400, error=error, touched=key)
    touched = done.value if isinstance(done.value, str) else then or key
    events = TheoryEvent.objects.filter(focus_area=focus_area, id__gt=since).order_by("id")
    notice = "; ".join(events.values_list("summary", flat=True)[:3]) or "Nothing changed."
    if getattr(request, "htmx", False):
        return RENDERERS[tool](request, focus_area, touched=touched, notice=notice)
    messages.success(request, notice)
    return redirect(f"{reverse(PAGES[tool], args=[focus_area.pk])}#node-{touched}")


def key_of(node) -> str:
    if isinstance(node, Driver):
        return f"{'p' if node.kind == Driver.Kind.PRIMARY else 's'}{node.pk}"
    prefix = {
        ChangeIdea: "i",
        Cause: "c",
        FishboneCategory: "k",
        WhyAnalysis: "a",
        WhyChain: "ch",
        WhyStep: "st",
    }
    return f"{prefix[type(node)]}{node.pk}"
