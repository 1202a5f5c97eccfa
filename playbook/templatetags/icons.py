"""`{% icon "name" %}`: an inline SVG from the Lucide set (the ``lucide`` package carries the files, so
no icon is fetched from anywhere at run time and the CSP needs nothing new).

Icons are decorative by default (``aria-hidden``), because a control already says what it does in
words. Pass ``label="…"`` only when the icon stands alone and is the control's name."""

from __future__ import annotations

from functools import lru_cache

from django import template
from lucide.templatetags.lucide import lucide as render_lucide

register = template.Library()


@register.simple_tag
@lru_cache(maxsize=512)  # the same few dozen icons on every page; drawing one parses its SVG file anew
def icon(name: str, label: str = "", size: int = 20, css: str = "") -> str:
    classes = f"icon {css}".strip()
    if label:
        return render_lucide(name, size=size, **{"class": classes, "role": "img", "aria-label": label})
    return render_lucide(name, size=size, **{"class": classes, "aria-hidden": "true", "focusable": "false"})
