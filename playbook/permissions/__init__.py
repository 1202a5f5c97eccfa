"""Who may see and change what. Only this package and each app's ``permissions.py`` know roles and
the team tree.

Rules (DESIGN.md §4):

* Networks never see each other.
* A person's role in a team is the role of their membership there; a *leader* of a team is also
  a leader of every team below it (leaders see and steer their whole subtree).
* A member sees and works on their teams' work; a lead also manages the team's setup;
  a leader can do what a lead can, across the subtree.
* Everyone sees the names of the teams above their own (their cluster, the hub).
* A network admin may see and manage everything in their network.

This package holds the policy (``policy``: roles, actions, ``Access``), the tree (``tree``), the
registry that answers ``check``/``can``/``require``/``get_for_user`` for any model (``registry``) and
the core's own rules (``core``). Each app's ``permissions.py`` registers the rules for its models
and offers ``visible_<things>(user)`` querysets; the core finds those modules at start-up, the way
the admin finds ``admin.py``, and a system check refuses to start when a model has no rule.

Every HTML view, API view and task asks here. Objects that a user may not even see are reported
as missing (404) so their existence does not leak; objects they may see but not change are 403.
"""

from playbook.permissions.core import (
    addable_people,
    can_administer_network,
    closed_team_ids,
    is_lead_anywhere,
    may_assign_role,
    teams_with_role,
    visible_memberships,
    visible_networks,
    visible_notifications,
    visible_people,
    visible_teams,
)
from playbook.permissions.policy import (
    ADMINISTER,
    CHANGE,
    CONTRIBUTE,
    DELETE,
    MANAGE_MEMBERS,
    NO_ACCESS,
    RANK,
    VIEW,
    Access,
    Role,
    access_for,
    forget,
)
from playbook.permissions.registry import can, can_view, check, exempt, get_for_user, register, require

__all__ = [
    "ADMINISTER",
    "CHANGE",
    "CONTRIBUTE",
    "DELETE",
    "MANAGE_MEMBERS",
    "NO_ACCESS",
    "RANK",
    "VIEW",
    "Access",
    "Role",
    "access_for",
    "addable_people",
    "can",
    "can_administer_network",
    "can_view",
    "closed_team_ids",
    "check",
    "exempt",
    "forget",
    "get_for_user",
    "is_lead_anywhere",
    "may_assign_role",
    "register",
    "require",
    "teams_with_role",
    "visible_memberships",
    "visible_networks",
    "visible_notifications",
    "visible_people",
    "visible_teams",
]
