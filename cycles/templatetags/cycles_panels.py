"""Panels the cycles app puts on shared pages."""

from django import template

register = template.Library()


@register.inclusion_tag("cycles/_home_panel.html", takes_context=True)
def my_cycles_panel(context):
    return {"request": context.get("request")}
