from django import template

register = template.Library()


@register.simple_tag
def typed(error, key, field, default=""):
    """What the person typed into ``field`` of form ``key`` when it was refused, else ``default``."""
    if error is not None and error.key == key:
        return error.values.get(field, default)
    return default


@register.simple_tag
def refused(error, key):
    """The message of a refused edit, for the form ``key`` it came from."""
    return error.message if error is not None and error.key == key else ""


# A change idea's testing status as the design system's pill tones.
IDEA_PILLS = {
    "not_tested": "pill-neutral",
    "testing": "pill-info",
    "adapting": "pill-warn",
    "adopted": "pill-ok",
    "abandoned": "pill-bad",
    "ready_to_spread": "pill-ok",
}


@register.filter
def idea_pill(status: str) -> str:
    return IDEA_PILLS.get(status, "pill-neutral")
