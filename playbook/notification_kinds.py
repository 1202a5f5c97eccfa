"""The kinds of notification a person can choose how to receive, and their names in people's words.

Each app says which kinds it sends from its own ``digest.py`` (found at start-up, as ``panels.py``
is), so the core names no feature app. A kind nobody registered (one an app
no longer sends, say) is not offered as a choice and follows the general switch.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    description: str = ""
    order: int = 100


KINDS: dict[str, Kind] = {}


def register(kind: str, label: str, description: str = "", *, order: int = 100) -> Kind:
    # By name, so a module imported twice registers its kinds once.
    KINDS[kind] = Kind(kind, label, description, order)
    return KINDS[kind]


def all_kinds() -> list[Kind]:
    return sorted(KINDS.values(), key=lambda k: (k.order, k.label))


def is_known(kind: str) -> bool:
    return kind in KINDS


register(
    "membership",
    "I was added to a team",
    "Someone added you to a team or changed your role in it.",
    order=90,
)
register(
    "people_joined",
    "Someone joined with their school account",
    "A person from one of the network's email domains signed in for the first time (admins).",
    order=95,
)
register("general", "Anything else Playbook tells me", "Notices that belong to no other kind.", order=100)
