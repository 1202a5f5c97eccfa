"""``{% page_slot "focus-area" focus_area %}``: what higher apps show here (``measures.page_slots``)."""

from django import template

from measures import page_slots

register = template.Library()


@register.simple_tag(takes_context=True)
def page_slot(context, slot, obj, **extra):
    request = context.get("request")
    if request is None or obj is None:  # a partial rendered without a request has no viewer
        return ""
    return page_slots.render(request, slot, obj, **extra)
