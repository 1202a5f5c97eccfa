"""How andon pages write times: "3 h 20 min left", "overdue by 2 days"."""

from datetime import timedelta

from django import template

register = template.Library()


def _span(delta: timedelta) -> str:
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 60 * 24)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} day{'s' if days != 1 else ''}" + (f" {hours} h" if hours and days < 3 else "")
    if hours:
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    return f"{minutes} min"


@register.simple_tag
def time_left(flag, now):
    """Time before the flag's next escalation (or before it is overdue at the top)."""
    if flag.is_resolved:
        return ""
    if flag.next_escalation_at is None:
        return f"overdue by {_span(now - flag.overdue_since)}" if flag.overdue_since else ""
    left = flag.next_escalation_at - now
    if left <= timedelta(0):
        return "due now"
    return f"{_span(left)} left"


@register.filter
def span(delta):
    """A duration in words; a dash for none."""
    return "—" if delta is None else _span(delta)


@register.filter
def percent(share):
    return "—" if share is None else f"{round(100 * share)}%"
