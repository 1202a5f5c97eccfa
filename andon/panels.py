"""What the andon app shows on shared pages: the flags panel at home, "Raise a flag" in the header."""

from django.db.models import Count, Q

from andon import selectors
from andon.models import Flag
from andon.permissions import visible_flags
from playbook import permissions
from playbook.slots import HEADER, HOME, Panel, register


def _flags(request):
    """For leads and leaders, what climbed to their teams; for everyone, their own flags."""
    user = request.user
    access = permissions.access_for(user)
    if access.network_id is None:
        return None
    leads = access.leads_by_name()
    unresolved = visible_flags(user).exclude(status=Flag.Status.RESOLVED)
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


def _raise_control(request):
    """Anyone who belongs to a team (or the network admin) may raise a flag."""
    access = permissions.access_for(request.user)
    return {"show": True} if access.direct or access.is_admin else None


register(Panel("flags", HOME, 30, "andon/_home_panel.html", _flags))
register(Panel("raise-flag", HEADER, 10, "andon/_raise_control.html", _raise_control))
