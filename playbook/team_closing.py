"""The slot through which apps hand over a closing team's open work: the core knows no feature app.

Each app's ``team_closing.py`` registers an ``OpenWork`` for each kind of work that can be left open
in a team (its open cycles, its open action items, the flags it holds). ``playbook.services.team_closing``
lists them on the closing form and settles each, inside the closing's one transaction, through the
app's own services: ``settle(team=, by=, outcome=, reason=)`` where ``outcome`` is one of ``outcomes``.

The modules are found the first time they are asked for (as ``autodiscover_modules`` finds ``admin.py``),
not at start-up, so the core's ``apps.py`` needs no line for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class OpenWork:
    name: str  # the key the closing form and API use: "cycles"
    label: str  # "Open PDSA cycles"
    order: int
    # The titles of the team's open items of this kind, in one query.
    items: Callable[[object], list[str]]
    # What may become of them: outcome key -> the words the form and the record show. The first is
    # the default. Each names a move to another team or a close that gives the retrospective as reason.
    outcomes: dict[str, str]
    settle: Callable[..., None]


KINDS: dict[str, OpenWork] = {}


def register(kind: OpenWork) -> OpenWork:
    KINDS[kind.name] = kind
    return kind


@cache
def _discovered() -> bool:
    autodiscover_modules("team_closing")
    return True


def open_work_kinds() -> list[OpenWork]:
    _discovered()
    return sorted(KINDS.values(), key=lambda kind: (kind.order, kind.name))
