"""What the core shows on the home page: the person's teams, team setup, the teams a leader
oversees and the latest notifications. Apps add theirs from their own ``panels.py``."""

from playbook import permissions, selectors
from playbook.slots import HOME, Panel, register


def _teams(request):
    return {"team_rows": selectors.direct_team_rows(request.user)}


def _setup(request):
    access = permissions.access_for(request.user)
    if not access.leads_by_name():
        return None
    return {"standing": standing(access)}


def standing(access) -> str:
    """How the home page speaks to someone: as the network admin, a leader, a lead or a member."""
    if access.is_admin:
        return "admin"
    roles = set(access.direct.values())
    for role in ("leader", "lead"):
        if role in roles:
            return role
    return "member"


def _subtree(request):
    if not permissions.access_for(request.user).leader_by_name():
        return None
    return {"subtree_rows": selectors.subtree_rows(request.user)}


def _notifications(request):
    return {"recent_notifications": permissions.visible_notifications(request.user)[:5]}


register(Panel("teams", HOME, 10, "playbook/_panel_teams.html", _teams))
register(Panel("setup", HOME, 50, "playbook/_panel_setup.html", _setup))
register(Panel("subtree", HOME, 60, "playbook/_panel_subtree.html", _subtree))
register(Panel("notifications", HOME, 90, "playbook/_panel_notifications.html", _notifications))
