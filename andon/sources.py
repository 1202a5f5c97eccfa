"""Where a flag came from, told by the app it came from.

Andon sits below the apps that raise flags from their own things (a PDSA cycle, a huddle meeting) and
imports none of them. Each such app keeps its own link to the flag and registers here, from its
``AppConfig.ready()``, a function that names the source of a list of flags: ``describe(flags)`` returns
``{flag_id: (source_id, label, url)}`` for the flags that came from it, in one query whatever the
number of flags, so a list page asks one query per registered app, never one per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from andon.models import Flag

Describe = Callable[[Sequence[Flag]], dict[int, tuple[int, str, str]]]


class Source(NamedTuple):
    kind: str  # what the flag came from, in a word: "cycle", "meeting"
    pk: int
    label: str
    url: str


_DESCRIBERS: dict[str, Describe] = {}


def register(kind: str, describe: Describe) -> None:
    """One describer per kind: registering again (``ready()`` runs more than once in tests) replaces it."""
    _DESCRIBERS[kind] = describe


def sources_of(flags: Iterable[Flag]) -> dict[int, Source]:
    """The source of each flag that has one, by flag id."""
    flags = list(flags)
    found: dict[int, Source] = {}
    if not flags:
        return found
    for kind, describe in _DESCRIBERS.items():
        for flag_id, (pk, label, url) in describe(flags).items():
            found.setdefault(flag_id, Source(kind, pk, label, url))
    return found


def source_of(flag: Flag) -> Source | None:
    return sources_of([flag]).get(flag.pk)
