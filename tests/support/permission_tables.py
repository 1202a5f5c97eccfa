"""The one permission-table format every app's table is written in (Taiga-style).

A ``Row`` names one route (its URL name, as in ``reverse``), one method, and the status every
persona gets. Each app keeps its rows as plain data in ``tests/support/tables/<app>.py``, with a
``world(personas)`` builder that makes the objects the rows point at; ``tests/<app>/test_permission_table.py``
runs them with :func:`check_row`, and ``tests/test_every_route_has_a_permission_row.py`` reads every
table to find named routes without a row.

Personas (see tests/support/personas.py): ``outsider`` (another network), ``sibling_member`` (Team B,
beside Team A), ``member`` and ``lead`` (Team A), ``leader`` (Cluster A, above Team A and B), ``admin``
(network admin, no team) and ``anonymous``. Statuses: 2xx allowed (200 on a page may be a form shown
again with its errors, the request got past the permission check), 302 a page's redirect (to the
login page for ``anonymous``, elsewhere after a write), 403 visible but not allowed, 404 not visible,
401 an API request without credentials, 405 a method the route refuses.

Every persona is written down in every row, so a reader sees the whole table and a new persona is a
visible change. Each persona's request runs in a savepoint that is rolled back, so one persona's
allowed write (a delete, a transition) does not change what the next one finds.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import transaction
from django.urls import reverse

from tests.support.clients import api_as, page_as

PERSONAS = ("outsider", "sibling_member", "member", "lead", "leader", "admin", "anonymous")

World = SimpleNamespace


def statuses(**by_persona: int) -> dict[str, int]:
    """A persona → status mapping that must name every persona, so no row leaves one out."""
    missing = [p for p in PERSONAS if p not in by_persona]
    unknown = [p for p in by_persona if p not in PERSONAS]
    if missing or unknown:
        raise ValueError(f"statuses() needs every persona: missing {missing}, unknown {unknown}")
    return dict(by_persona)


def S(columns: str) -> dict[str, int]:
    """Statuses written as a table line, in ``PERSONAS`` order:
    ``S("404 404 200 200 200 200 401")`` is outsider 404, sibling_member 404, ..., anonymous 401."""
    codes = columns.split()
    if len(codes) != len(PERSONAS):
        raise ValueError(f"S() needs {len(PERSONAS)} statuses in the order {PERSONAS}, got {columns!r}")
    return dict(zip(PERSONAS, map(int, codes), strict=True))


@dataclass(frozen=True)
class Row:
    url_name: str
    method: str
    expect: Mapping[str, int]
    # reverse() kwargs, from the world the app's table builds (e.g. ``lambda w: {"pk": w.flag.pk}``)
    kwargs: Callable[[World], dict] | None = None
    # the request body, from the same world; JSON for the API, a form post for pages
    data: Callable[[World], dict] | None = None
    note: str = ""
    extra: Mapping = field(default_factory=dict)

    def __post_init__(self):
        if set(self.expect) != set(PERSONAS):
            raise ValueError(f"{self.id}: expect must name every persona, got {sorted(self.expect)}")

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.url_name}{' ' + self.note if self.note else ''}"

    @property
    def is_api(self) -> bool:
        return self.url_name.startswith("api-")


def row_ids(rows) -> list[str]:
    return [row.id for row in rows]


def client_for(row: Row, world: World, persona: str):
    user = None if persona == "anonymous" else getattr(world, persona)
    return api_as(user) if row.is_api else page_as(user)


def request(row: Row, world: World, persona: str):
    url = reverse(row.url_name, kwargs=row.kwargs(world) if row.kwargs else None)
    client = client_for(row, world, persona)
    send = getattr(client, row.method)
    data = row.data(world) if row.data else None
    if row.is_api and row.method != "get":
        return send(url, data, format="json")
    if row.method in ("get", "post"):
        return send(url, data or {})
    return send(url, data)


def observed_statuses(row: Row, world: World) -> dict[str, int]:
    """What each persona gets, each in a savepoint rolled back afterwards."""
    seen = {}
    for persona in PERSONAS:
        with transaction.atomic():
            seen[persona] = request(row, world, persona).status_code
            transaction.set_rollback(True)
    return seen


def check_row(row: Row, world: World) -> None:
    seen = observed_statuses(row, world)
    wrong = {p: f"expected {row.expect[p]}, got {seen[p]}" for p in PERSONAS if seen[p] != row.expect[p]}
    assert not wrong, f"{row.id}: {wrong}"
