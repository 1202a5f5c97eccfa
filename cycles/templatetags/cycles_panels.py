"""Panels the cycles app puts on shared pages."""

from django import template

register = template.Library()


@register.inclusion_tag("cycles/_home_panel.html", takes_context=True)
def my_cycles_panel(context):
    """The person's open cycles, overdue first: one query, however many cycles they have."""
    from cycles.selectors import my_open_cycles
    from cycles.services.reminders import today

    request = context.get("request")
    user = getattr(request, "user", None)
    cycles = my_open_cycles(user, today()) if user is not None and user.is_authenticated else []
    return {"request": request, "cycles": cycles}
