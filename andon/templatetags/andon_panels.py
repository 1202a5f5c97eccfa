"""Panels and controls the andon app puts on shared pages."""

from django import template
from django.db.models import Count, Q

from andon import selectors
from andon.models import Flag
from playbook import permissions

register = template.Library()


@register.inclusion_tag("andon/_home_panel.html", takes_context=True)
def flags_panel(context):
    """Home page: for leads and leaders, what climbed to their teams; for everyone, their own flags."""
    request = context.get("request")
    user = getattr(request, "user", None)
    access = permissions.access_for(user)
    if access.network_id is None:
        return {"show": False}
    leads = access.is_admin or any(role != permissions.Role.MEMBER for role in access.direct.values())
    unresolved = selectors.flags_visible_to(user).exclude(status=Flag.Status.RESOLVED)
    escalated = selectors.escalated_to_q(user)
    counts = unresolved.aggregate(
        total=Count("id"),
        overdue=Count("id", filter=Q(overdue_since__isnull=False)),
        escalated=Count("id", filter=escalated),
        raised=Count("id", filter=Q(raised_by_id=user.pk)),
        assigned=Count("id", filter=Q(assignee_id=user.pk)),
    )
    shown = unresolved.filter(escalated) if leads else unresolved.filter(raised_by_id=user.pk)
    return {
        "show": True,
        "leads": leads,
        "counts": counts,
        "flags": list(shown.select_related("holding_team").order_by("raised_at", "id")[:5]),
    }


@register.inclusion_tag("andon/_raise_control.html", takes_context=True)
def raise_flag_control(context):
    """The "Raise a flag" button in the header, for anyone who belongs to a team."""
    memberships = context.get("my_memberships")
    return {"show": bool(memberships) or bool(context.get("is_network_admin"))}
