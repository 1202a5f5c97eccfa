"""What the andon app shows on shared pages: the flags panel at home, "Raise a flag" in the header.

The home panel (issue 16, "home by role"): everyone sees the flags they raised and where each
stands; leads and leaders also see what climbed to their teams or passed through them, and the
flags whose next deadline falls within a day, soonest first. ``_flags`` feeds the template and
``_flags_data`` the same panel as JSON (``GET /api/v1/home/``); both ask the same six queries
whatever the number of flags.
"""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse

from andon import selectors
from andon.models import Flag
from andon.permissions import visible_flags
from playbook import clock, permissions
from playbook.slots import HEADER, HOME, Panel, register

SHOWN = 5
RAISED_RESOLVED_SHOWN_FOR = 14  # days a resolved flag stays in "flags you raised"


def _panel(user) -> dict | None:
    access = permissions.access_for(user)
    if access.network_id is None:
        return None
    now = clock.now()
    leads = access.leads_by_name()
    flags = visible_flags(user).select_related("holding_team")
    unresolved = flags.exclude(status=Flag.Status.RESOLVED)
    escalated = selectors.escalated_to_q(user)
    passed = selectors.passed_through_my_teams_q(user)
    counts = unresolved.aggregate(
        total=Count("id"),
        overdue=Count("id", filter=Q(overdue_since__isnull=False)),
        escalated=Count("id", filter=escalated),
        passed=Count("id", filter=passed),
        raised=Count("id", filter=Q(raised_by_id=user.pk)),
        assigned=Count("id", filter=Q(assignee_id=user.pk)),
    )
    recent = now - timedelta(days=RAISED_RESOLVED_SHOWN_FOR)
    raised = flags.filter(Q(resolved_at__isnull=True) | Q(resolved_at__gte=recent), raised_by_id=user.pk)
    panel = {
        "leads": leads,
        "counts": counts,
        "raised": list(raised.order_by("-raised_at", "-id")[:SHOWN]),
        "climbed": [],
        "near": [],
        "now": now,
    }
    if leads:
        # Two short reads, not one over "escalated or passed": each starts from its own index (open
        # flags by holder and age; passing holds by team) instead of filtering every open flag.
        newest = ("-held_since", "-id")
        climbed = {
            flag.pk: flag
            for part in (escalated, passed)
            for flag in unresolved.filter(part)
            .annotate(passed_here=selectors.passed_exists(user))
            .order_by(*newest)[:SHOWN]
        }
        panel["climbed"] = sorted(climbed.values(), key=lambda f: (f.held_since, f.pk), reverse=True)[:SHOWN]
        # Only what the viewer's teams may act on: a deadline is the holding team's (and above).
        yours = unresolved.filter(holding_team_id__in=selectors.holder_team_ids(user))
        panel["near"] = list(selectors.near_deadline(yours, now=now)[:SHOWN])
    return panel


def _flags(request):
    panel = _panel(request.user)
    return None if panel is None else {"show": True, **panel}


def _flag_data(flag: Flag, **extra) -> dict:
    return {
        "id": flag.pk,
        "title": flag.title,
        "severity": flag.severity,
        "status": flag.status,
        "holding_team": flag.holding_team.name,
        "tier": flag.holding_team.kind,
        "next_deadline": flag.next_deadline,
        "next_escalation_at": flag.next_escalation_at.isoformat() if flag.next_escalation_at else None,
        "is_overdue": flag.is_overdue,
        "url": flag.get_absolute_url(),
        **extra,
    }


def _flags_data(request):
    panel = _panel(request.user)
    if panel is None:
        return None
    return {
        "counts": panel["counts"],
        "raised": [_flag_data(flag) for flag in panel["raised"]],
        "escalations": [_flag_data(f, passed_through=f.passed_here) for f in panel["climbed"]],
        "near_deadline": [_flag_data(flag) for flag in panel["near"]],
        "dashboard_url": reverse("andon-dashboard"),
    }


def _raise_control(request):
    """Anyone who belongs to a team (or the network admin) may raise a flag."""
    access = permissions.access_for(request.user)
    return {"show": True} if access.direct or access.is_admin else None


def _flags_version(request):
    """Any flag change is a new flag event; the minute moves "within a day" and "raised … ago"."""
    return selectors.last_flag_change(), clock.now().replace(second=0, microsecond=0)


register(
    Panel(
        "flags",
        HOME,
        30,
        "andon/_home_panel.html",
        _flags,
        data=_flags_data,
        kept_for=60,
        version=_flags_version,
    )
)
register(Panel("raise-flag", HEADER, 10, "andon/_raise_control.html", _raise_control))
