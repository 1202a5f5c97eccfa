"""Panels and controls the andon app puts on shared pages."""

from django import template

register = template.Library()


@register.inclusion_tag("andon/_home_panel.html", takes_context=True)
def flags_panel(context):
    return {"request": context.get("request")}


@register.inclusion_tag("andon/_raise_control.html", takes_context=True)
def raise_flag_control(context):
    return {"request": context.get("request")}
