"""The spread map of a change idea: where in the network it was tested and how it travelled."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.safestring import mark_safe

from cycles import selectors
from cycles.spread_map import spread_map
from playbook import permissions


def change_idea_spread_map(request, pk):
    user = request.user
    idea = permissions.get_for_user(
        user, selectors.visible_change_ideas_for_cycles(user).select_related("focus_area__team"), pk
    )
    found = spread_map(user, idea)
    # The SVG is built from escaped text only (cycles.spread_map), so it is safe to embed.
    return render(request, "cycles/spread_map.html", {"map": found, "svg": mark_safe(found.svg())})
