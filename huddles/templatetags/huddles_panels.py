"""Panels the huddles app puts on shared pages."""

from django import template

register = template.Library()


@register.inclusion_tag("huddles/_home_panel.html", takes_context=True)
def my_action_items_panel(context):
    """The person's open action items, soonest due first: one query, however many they have."""
    from huddles.selectors import my_open_action_items
    from huddles.services.common import today

    request = context.get("request")
    user = getattr(request, "user", None)
    items = list(my_open_action_items(user)[:20]) if user is not None else []
    return {"items": items, "today": today()}
