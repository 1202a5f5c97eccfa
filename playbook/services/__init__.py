"""Every write in the core domain, one module per topic. The network verbs are re-exported here."""

from playbook.services.network import (
    add_membership,
    change_role,
    create_person,
    create_team,
    deactivate_person,
    delete_team,
    remove_membership,
    update_network,
    update_person,
    update_team,
)

__all__ = [
    "add_membership",
    "change_role",
    "create_person",
    "create_team",
    "deactivate_person",
    "delete_team",
    "remove_membership",
    "update_network",
    "update_person",
    "update_team",
]
