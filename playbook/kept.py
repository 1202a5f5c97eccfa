"""Figures a worker may show a person again for a short while instead of reading them each time.

Leaders' pages read figures across dozens of teams (uptake, a year of flag flow, response times by
tier). Each worker keeps what it read for a person in its own memory (the ``panels`` cache, a
LocMem cache, so no outage of a shared cache can fail a page) under a key that holds:

* who the person is to the network: their roles and the team tree, so a new role or a moved team
  is a new key and is seen at once;
* an optional ``version`` the caller reads cheaply and that every write that matters changes (for
  flags, the newest flag event), so what someone just did shows on the next request.

Whatever is kept comes back with ``as_of``, the moment it was read, and pages say "Figures as of"
so nobody is shown an older figure without being told. ``settings.PANELS_KEPT`` off reads fresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches

from playbook import clock, permissions

T = TypeVar("T")
_NOTHING = object()


def standing(user) -> int:
    """Who ``user`` is to the network, in one number: roles, admin rights and the team tree."""
    access = permissions.access_for(user)
    return hash((access.is_admin, frozenset(access.roles.items()), frozenset(access.parents.items())))


def kept(user, name: str, seconds: int, read: Callable[[], T], *, version: object = "") -> tuple[T, datetime]:
    """``(read(), now)``, or what ``read()`` gave this person within ``seconds`` and when."""
    if not (seconds and settings.PANELS_KEPT and user.is_authenticated):
        return read(), clock.now()
    # A digest: the name may carry a page's query string, which no cache key should hold as it is.
    key = "kept:" + hashlib.blake2b(f"{name}:{user.pk}:{standing(user)}:{version}".encode()).hexdigest()
    store = caches["panels"]
    found = store.get(key, _NOTHING)
    if found is _NOTHING:
        found = (read(), clock.now())
        store.set(key, found, seconds)
    return found
