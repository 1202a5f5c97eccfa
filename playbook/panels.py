"""What the core shows on the home page: unread notifications, the person's teams and team setup.
Apps add theirs from their own ``panels.py`` (the teams a leader oversees are the huddles app's
uptake table, which names each team, where it sits and how many people it has).

Panels run in three bands, so a person reads their own work first, then their team's, then the
network's: 10–39 one's own (cycles, action items, huddles, flags, notifications), 40–69 the teams
one belongs to or leads, 70–99 what a leader oversees.
"""

from django.urls import reverse

from playbook import permissions, selectors
from playbook.slots import HOME, Panel, register

NOTIFICATIONS_SHOWN = 5


def standing(access) -> str:
    """How the home page speaks to someone: as the network admin, the hub's leader, a cluster's (or
    another unit's) leader, a team's lead or a member. The highest role by membership wins."""
    if access.is_admin:
        return "admin"
    roles = access.direct
    leading = [t for t, role in roles.items() if role == permissions.Role.LEADER]
    if leading:
        # The hub is the root of the network's tree: the one team without a parent.
        return "hub_leader" if any(access.parents.get(t) is None for t in leading) else "leader"
    if permissions.Role.LEAD in roles.values():
        return "lead"
    return "member"


def _teams(request):
    return {"team_rows": selectors.direct_team_rows(request.user)}


def _teams_data(request):
    return [
        {
            "id": row.team.pk,
            "name": row.team.name,
            "kind": row.team.kind,
            "role": row.role,
            "people": row.member_count,
            "url": row.team.get_absolute_url(),
        }
        for row in selectors.direct_team_rows(request.user)
    ]


def _setup(request):
    access = permissions.access_for(request.user)
    if not access.leads_by_name():
        return None
    return {"standing": standing(access)}


def _setup_data(request):
    shown = _setup(request)
    if shown is None:
        return None
    links = {"teams": reverse("team-list")}
    if shown["standing"] == "admin":
        links |= {"people": reverse("people-list"), "network_settings": reverse("network-settings")}
    return {"standing": shown["standing"], "urls": links}


def _notifications(request):
    unread, latest = selectors.unread_first_notifications(request.user, NOTIFICATIONS_SHOWN)
    return {"unread_count": unread, "recent_notifications": latest}


def _notifications_data(request):
    unread, latest = selectors.unread_first_notifications(request.user, NOTIFICATIONS_SHOWN)
    return {
        "unread": unread,
        "url": reverse("notifications"),
        "items": [
            {
                "id": n.pk,
                "subject": n.subject,
                "url": n.url,
                "created_at": n.created_at.isoformat(),
                "read": n.read_at is not None,
            }
            for n in latest
        ],
    }


register(
    Panel(
        "notifications", HOME, 35, "playbook/_panel_notifications.html", _notifications, _notifications_data
    )
)
register(Panel("teams", HOME, 40, "playbook/_panel_teams.html", _teams, _teams_data))
register(Panel("setup", HOME, 65, "playbook/_panel_setup.html", _setup, _setup_data))
